/**
 * Opaque, time-sortable, prefixed ids (`org_01JD…`, `acct_01JD…`): the prefix says what an id
 * names when it shows up in a log or a support ticket; the body is a ULID-style 26-character
 * Crockford base32 string (48-bit millisecond time + 80 random bits) so ids sort by creation.
 */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export const ID_PREFIXES = {
  organization: "org",
  user: "usr",
  apiToken: "tok",
  cloudAccount: "acct",
  instance: "db",
  schedule: "sch",
  policy: "pol",
  override: "ovr",
  recommendation: "rec",
  integration: "int",
  delivery: "dlv",
  audit: "aud",
  deadLetter: "dlq",
  request: "req",
  invitation: "inv",
  action: "act",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

export function newId(kind: IdKind, now: number = Date.now()): string {
  return `${ID_PREFIXES[kind]}_${ulid(now)}`;
}

export function ulid(now: number = Date.now()): string {
  let time = "";
  let t = Math.floor(now);
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = crypto.getRandomValues(new Uint8Array(16));
  let rand = "";
  for (let i = 0; i < 16; i++) rand += CROCKFORD[random[i]! % 32];
  return time + rand;
}

/** A deterministic id from parts (SHA-256, base32, 26 chars): same facts, same id. */
export async function deterministicId(prefix: string, ...parts: (string | number)[]): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(parts.join("\u001f"))),
  );
  let out = "";
  for (let i = 0; i < 26; i++) out += CROCKFORD[digest[i]! % 32];
  return `${prefix}_${out}`;
}
