/**
 * Secrets at rest (cloud credentials, integration configs): AES-256-GCM under the key from the
 * ENCRYPTION_KEY Worker secret, with a fresh 96-bit IV per seal and the key version in the
 * sealed string (`v1.<iv b64>.<ciphertext b64>`) so keys can rotate: `unseal` picks the key by
 * version. The associated data binds a ciphertext to its row (e.g. the cloud account id), so a
 * sealed value copied onto another row does not open.
 *
 * Rotation: the ring holds the current key (ENCRYPTION_KEY, version ENCRYPTION_KEY_VERSION) and
 * the previous ones (ENCRYPTION_KEYS_PREVIOUS = "v1=<base64>,v0=<base64>"). Old ciphertexts open
 * with their version's key, new seals always use the current key, and `reseal` moves a value to
 * the current key (accounts/reseal.ts runs it over every stored credential).
 *
 * Never log a plaintext or return it from an API; only the provider clients unseal.
 */
import { fromBase64, toBase64 } from "./password.ts";

export interface KeyRing {
  /** Version used for new seals. */
  current: string;
  /** base64 raw 32-byte keys by version. */
  keys: Record<string, string>;
}

/** The key ring from the Worker's secrets: the current key and the previous ones by version. */
export function keyRingFromEnv(env: { ENCRYPTION_KEY: string; ENCRYPTION_KEY_VERSION?: string; ENCRYPTION_KEYS_PREVIOUS?: string }): KeyRing {
  const current = env.ENCRYPTION_KEY_VERSION ?? "v1";
  const keys = Object.fromEntries(parsePreviousKeys(env.ENCRYPTION_KEYS_PREVIOUS).map((k) => [k.version, k.key]));
  return { current, keys: { ...keys, [current]: env.ENCRYPTION_KEY } };
}

/** `version=base64` entries (comma or whitespace separated); shape is checked by env.ts. */
export function parsePreviousKeys(value: string | undefined): { version: string; key: string }[] {
  return (value ?? "")
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf("=");
      return { version: entry.slice(0, at), key: entry.slice(at + 1) };
    });
}

/** The key version a sealed value was made with. */
export function sealedVersion(sealed: string): string {
  return sealed.split(".", 1)[0] ?? "";
}

/** The same plaintext sealed under the ring's current key (same associated data). */
export async function reseal(ring: KeyRing, sealed: string, associatedData: string): Promise<string> {
  return seal(ring, await unseal(ring, sealed, associatedData), associatedData);
}

const cache = new Map<string, Promise<CryptoKey>>();

function importKey(base64: string): Promise<CryptoKey> {
  let key = cache.get(base64);
  if (!key) {
    const raw = fromBase64(base64).slice(0, 32);
    key = crypto.subtle.importKey("raw", raw as BufferSource, "AES-GCM", false, ["encrypt", "decrypt"]);
    cache.set(base64, key);
  }
  return key;
}

export async function seal(ring: KeyRing, plaintext: string, associatedData: string): Promise<string> {
  const keyText = ring.keys[ring.current];
  if (!keyText) throw new Error(`no key for version ${ring.current}`);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(associatedData) },
    await importKey(keyText),
    new TextEncoder().encode(plaintext),
  );
  return `${ring.current}.${toBase64(iv)}.${toBase64(new Uint8Array(ciphertext))}`;
}

export async function unseal(ring: KeyRing, sealed: string, associatedData: string): Promise<string> {
  const [version, ivText, dataText] = sealed.split(".");
  const keyText = version ? ring.keys[version] : undefined;
  if (!keyText || !ivText || !dataText) throw new Error("sealed value is malformed or its key version is unknown");
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: fromBase64(ivText) as BufferSource, additionalData: new TextEncoder().encode(associatedData) },
      await importKey(keyText),
      fromBase64(dataText) as BufferSource,
    );
    return new TextDecoder().decode(plaintext);
  } catch {
    throw new Error("sealed value could not be opened (wrong key or tampered)");
  }
}
