/**
 * Service-account JWT assertions (RS256) signed with WebCrypto, for Google's OAuth 2.0
 * jwt-bearer grant.
 *
 * Owns: importing the key file's PKCS#8 PEM private key as a non-extractable CryptoKey and
 * building/signing the assertion (iss = client_email, scope, aud = token_uri, iat/exp one hour,
 * kid = private_key_id). Must never: export the key, return it, or put any part of the PEM or
 * the assertion in an error message.
 */
import { CloudError } from "../errors.ts";
import type { ServiceAccountKey } from "../provider.ts";

export const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
export const ASSERTION_LIFETIME_SECONDS = 3600;

const encoder = new TextEncoder();

export interface AssertionClaims {
  iss: string;
  scope: string;
  aud: string;
  iat: number;
  exp: number;
}

/** Imports the key file's `private_key` (PKCS#8 PEM) for RSASSA-PKCS1-v1_5 / SHA-256 signing. */
export async function importPrivateKey(pem: string): Promise<CryptoKey> {
  // Key files stored in env vars sometimes carry literal "\n" escapes.
  const normalized = pem.replace(/\\n/g, "\n");
  if (/-----BEGIN RSA PRIVATE KEY-----/.test(normalized)) {
    throw invalidKey("private_key is a PKCS#1 key; Google service-account keys are PKCS#8 (BEGIN PRIVATE KEY).");
  }
  const match = /-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/.exec(normalized);
  if (!match?.[1]) throw invalidKey("private_key is not a PEM-encoded PKCS#8 private key.");
  let der: Uint8Array;
  try {
    der = base64ToBytes(match[1].replace(/\s+/g, ""));
  } catch {
    throw invalidKey("private_key's PEM body is not valid base64.");
  }
  try {
    return await crypto.subtle.importKey(
      "pkcs8",
      der,
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      false,
      ["sign"],
    );
  } catch {
    throw invalidKey("private_key could not be imported as an RSA signing key.");
  }
}

export function assertionClaims(key: Pick<ServiceAccountKey, "client_email" | "token_uri">, nowMs: number): AssertionClaims {
  const iat = Math.floor(nowMs / 1000);
  return {
    iss: key.client_email,
    scope: CLOUD_PLATFORM_SCOPE,
    aud: key.token_uri,
    iat,
    exp: iat + ASSERTION_LIFETIME_SECONDS,
  };
}

/** header.payload.signature, each base64url without padding. */
export async function signJwt(
  privateKey: CryptoKey,
  claims: AssertionClaims,
  keyId?: string,
): Promise<string> {
  const header = keyId ? { alg: "RS256", typ: "JWT", kid: keyId } : { alg: "RS256", typ: "JWT" };
  const signingInput = `${base64url(encoder.encode(JSON.stringify(header)))}.${base64url(encoder.encode(JSON.stringify(claims)))}`;
  const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", privateKey, encoder.encode(signingInput));
  return `${signingInput}.${base64url(new Uint8Array(signature))}`;
}

export function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function base64ToBytes(b64: string): Uint8Array {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function invalidKey(message: string): CloudError {
  return new CloudError({
    provider: "gcp",
    operation: "oauth2:jwt",
    code: "InvalidServiceAccountKey",
    message,
    category: "auth",
    retryable: false,
  });
}
