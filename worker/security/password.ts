/**
 * Password hashing with scrypt at one of OWASP's recommended settings (N=2^14, r=8, p=5:
 * 16 MiB of memory, a few hundred ms of CPU) through the runtime's native `node:crypto.scrypt`
 * (Workers with nodejs_compat, and Node). PBKDF2-SHA256 would need 600,000 iterations to meet
 * OWASP, and Workers cap PBKDF2 at 100,000; Argon2id is not available natively.
 *
 * Hashes are self-describing strings `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`, so the cost can
 * be raised later and old hashes still verify (`needsRehash` says when to upgrade on sign-in).
 */
import { scrypt } from "node:crypto";

export const SCRYPT_PARAMS = { N: 16_384, r: 8, p: 5 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const MAX_MEMORY = 64 * 1024 * 1024;

export async function hashPassword(password: string, params: { N: number; r: number; p: number } = SCRYPT_PARAMS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${toBase64(salt)}$${toBase64(hash)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || 128 * N * r > MAX_MEMORY / 2) return false;
  const actual = await derive(password, fromBase64(parts[4]!), { N, r, p });
  return constantTimeEqual(actual, fromBase64(parts[5]!));
}

/** Whether a stored hash was made with weaker parameters than today's. */
export function needsRehash(stored: string): boolean {
  const [scheme, N, r, p] = stored.split("$");
  return scheme !== "scrypt" || Number(N) < SCRYPT_PARAMS.N || Number(r) < SCRYPT_PARAMS.r || Number(p) < SCRYPT_PARAMS.p;
}

function derive(password: string, salt: Uint8Array, params: { N: number; r: number; p: number }): Promise<Uint8Array> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, KEY_BYTES, { ...params, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(new Uint8Array(key)),
    ),
  );
}

export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
