/** Retry delays for queue messages: exponential in the attempt number, capped, with jitter. */
export function retryDelaySeconds(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(300, 5 * 2 ** Math.max(0, attempts - 1));
  return Math.max(1, Math.round(base / 2 + random() * (base / 2)));
}
