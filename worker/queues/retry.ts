/** Retry delays for queue messages (whole seconds, at least one): see worker/domain/backoff.ts. */
import { backoff } from "../domain/backoff.ts";

export function retryDelaySeconds(attempts: number, random: () => number = Math.random): number {
  return Math.max(1, Math.round(backoff(attempts, { base: 5, max: 300 }, random)));
}
