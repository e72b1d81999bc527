// RS256 for Google service accounts: key pair generation (PKCS#8 PEM private key, SPKI public key),
// JWT parsing and signature verification with WebCrypto.
import { b64url, b64urlDecode, b64urlDecodeText, utf8 } from "../util.ts";

const ALG = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;

function toBase64(buf: ArrayBuffer): string {
  const b = new Uint8Array(buf);
  let s = "";
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s);
}

function fromBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function pemToDer(pem: string): Uint8Array<ArrayBuffer> {
  return fromBase64(pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, ""));
}

function derToPem(der: ArrayBuffer, label: string): string {
  const b64 = toBase64(der);
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

export async function generateKeyPair(): Promise<{ privateKeyPem: string; publicKeySpki: string }> {
  const kp = (await crypto.subtle.generateKey(
    { ...ALG, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const pkcs8 = (await crypto.subtle.exportKey("pkcs8", kp.privateKey)) as ArrayBuffer;
  const spki = (await crypto.subtle.exportKey("spki", kp.publicKey)) as ArrayBuffer;
  return { privateKeyPem: derToPem(pkcs8, "PRIVATE KEY"), publicKeySpki: toBase64(spki) };
}

/** Derives the SPKI public key from a PKCS#8 PEM private key (for fixed demo keys). */
export async function publicFromPrivate(privateKeyPem: string): Promise<string> {
  const key = await crypto.subtle.importKey("pkcs8", pemToDer(privateKeyPem), ALG, true, ["sign"]);
  const jwk = (await crypto.subtle.exportKey("jwk", key)) as JsonWebKey;
  const pub = await crypto.subtle.importKey("jwk", { kty: "RSA", n: jwk.n!, e: jwk.e!, alg: "RS256", ext: true }, ALG, true, ["verify"]);
  return toBase64((await crypto.subtle.exportKey("spki", pub)) as ArrayBuffer);
}

export interface ParsedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Uint8Array<ArrayBuffer>;
}

export function parseJwt(token: string): ParsedJwt | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  try {
    const header = JSON.parse(b64urlDecodeText(parts[0]!)) as Record<string, unknown>;
    const payload = JSON.parse(b64urlDecodeText(parts[1]!)) as Record<string, unknown>;
    if (typeof header !== "object" || header === null || typeof payload !== "object" || payload === null) return null;
    return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: b64urlDecode(parts[2]!) };
  } catch {
    return null;
  }
}

export async function verifyRs256(jwt: ParsedJwt, publicKeySpki: string): Promise<boolean> {
  if (jwt.header["alg"] !== "RS256") return false;
  const key = await crypto.subtle.importKey("spki", fromBase64(publicKeySpki), ALG, false, ["verify"]);
  return crypto.subtle.verify(ALG, key, jwt.signature, utf8(jwt.signingInput));
}

/** Signs a JWT (used by the simulator's own tests of the token endpoint). */
export async function signRs256(payload: Record<string, unknown>, privateKeyPem: string, kid?: string): Promise<string> {
  const header = kid ? { alg: "RS256", typ: "JWT", kid } : { alg: "RS256", typ: "JWT" };
  const input = `${b64url(utf8(JSON.stringify(header)))}.${b64url(utf8(JSON.stringify(payload)))}`;
  const key = await crypto.subtle.importKey("pkcs8", pemToDer(privateKeyPem), ALG, false, ["sign"]);
  return `${input}.${b64url(await crypto.subtle.sign(ALG, key, utf8(input)))}`;
}
