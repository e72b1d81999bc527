/**
 * The one structured logger: a JSON line per record (Workers Logs indexes the fields), with the
 * level and message first. Callers pass identifiers and counts, never a credential or a body.
 */
type Level = "debug" | "info" | "warn" | "error";
type Fields = Record<string, unknown>;

const sink: Record<Level, (line: string) => void> = {
  debug: (l) => console.debug(l),
  info: (l) => console.log(l),
  warn: (l) => console.warn(l),
  error: (l) => console.error(l),
};

function write(level: Level, msg: string, fields: Fields = {}): void {
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
