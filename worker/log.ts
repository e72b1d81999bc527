/**
 * The one structured logger: a JSON line per record (Workers Logs indexes the fields), with the
 * level and message first. Callers pass identifiers and counts, never a credential or a body.
 * Records below the isolate's level are dropped: `LOG_LEVEL` (default "info", so production does
 * not write the agent's per-pass debug line to Workers Logs; `npm run dev` and the benchmarks
 * set "debug"), applied by `readEnv` (worker/env.ts) and the Durable Objects' constructors.
 */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
type Level = (typeof LOG_LEVELS)[number];
type Fields = Record<string, unknown>;

const sink: Record<Level, (line: string) => void> = {
  debug: (l) => console.debug(l),
  info: (l) => console.log(l),
  warn: (l) => console.warn(l),
  error: (l) => console.error(l),
};

let threshold = LOG_LEVELS.indexOf("info");

/** Sets the lowest level written in this isolate (unknown or absent: "info"). */
export function setLogLevel(level: string | undefined): void {
  const index = LOG_LEVELS.indexOf(level as Level);
  threshold = index >= 0 ? index : LOG_LEVELS.indexOf("info");
}

function write(level: Level, msg: string, fields: Fields = {}): void {
  if (LOG_LEVELS.indexOf(level) < threshold) return;
  sink[level](JSON.stringify({ level, msg, ...fields }));
}

/** The message of an unknown thrown value, for a log field. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const log = {
  debug: (msg: string, fields?: Fields) => write("debug", msg, fields),
  info: (msg: string, fields?: Fields) => write("info", msg, fields),
  warn: (msg: string, fields?: Fields) => write("warn", msg, fields),
  error: (msg: string, fields?: Fields) => write("error", msg, fields),
};
