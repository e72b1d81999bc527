/**
 * Test doubles for the cloud clients: a recording fake fetch, a controllable clock and sleep,
 * a SigV4 checker that re-derives the signature over the bytes actually sent, and a generated
 * RSA service-account key. Nothing here talks to a network.
 */
import { AwsV4Signer } from "aws4fetch";
import { expect } from "vitest";
import type { CloudDeps, ServiceAccountKey } from "../../worker/cloud/provider.ts";

export interface Recorded {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
  /** The body parsed as a form (AWS Query requests, OAuth token requests). */
  form: URLSearchParams;
  /** Credential scope of a SigV4 Authorization header: { accessKeyId, date, region, service }. */
  scope?: { accessKeyId: string; date: string; region: string; service: string };
}

export type Handler = (request: Recorded, index: number) => Response | Promise<Response>;

export function fakeFetch(handler: Handler) {
  const calls: Recorded[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input as RequestInfo, init);
    const body = new TextDecoder().decode(await request.arrayBuffer());
    const recorded: Recorded = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body,
      form: new URLSearchParams(body),
      scope: parseScope(request.headers.get("authorization")),
    };
    calls.push(recorded);
    return handler(recorded, calls.length - 1);
  }) as typeof fetch;
  return { fetch: fetchImpl, calls };
}

function parseScope(authorization: string | null): Recorded["scope"] {
  const match = /Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization ?? "");
  if (!match) return undefined;
  return { accessKeyId: match[1]!, date: match[2]!, region: match[3]!, service: match[4]! };
}

/** Deterministic deps: a clock you move, sleeps that only record, a fixed random. */
export function testDeps(fetchImpl: typeof fetch, overrides: Partial<CloudDeps> = {}) {
  const clock = { t: Date.UTC(2026, 10, 20, 12, 0, 0) };
  const sleeps: number[] = [];
  const deps: CloudDeps = {
    fetch: fetchImpl,
    now: () => clock.t,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.t += ms;
    },
    random: () => 0.5,
    ...overrides,
  };
  return { deps, clock, sleeps };
}

export function xmlResponse(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { "content-type": "text/xml", ...headers } });
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/**
 * Re-signs the recorded request with aws4fetch's signer (same X-Amz-Date, same secret) and checks
 * the Authorization header matches: the body and signed headers we sent are the ones we signed.
 */
export async function expectValidSigV4(
  request: Recorded,
  expected: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; service: string; region: string },
): Promise<void> {
  expect(request.scope).toEqual({
    accessKeyId: expected.accessKeyId,
    date: request.headers.get("x-amz-date")!.slice(0, 8),
    region: expected.region,
    service: expected.service,
  });
  if (expected.sessionToken) expect(request.headers.get("x-amz-security-token")).toBe(expected.sessionToken);
  else expect(request.headers.has("x-amz-security-token")).toBe(false);
  const headers = new Headers(request.headers);
  headers.delete("authorization");
  headers.delete("x-amz-security-token");
  headers.delete("x-amz-date");
  const signer = new AwsV4Signer({
    method: request.method,
    url: request.url.toString(),
    headers,
    body: request.body,
    accessKeyId: expected.accessKeyId,
    secretAccessKey: expected.secretAccessKey,
    sessionToken: expected.sessionToken,
    service: expected.service,
    region: expected.region,
    datetime: request.headers.get("x-amz-date")!,
  });
  expect(request.headers.get("authorization")).toBe(await signer.authHeader());
}

// ---------------------------------------------------------------------------------------------
// GCP service-account key

export interface TestServiceAccount {
  key: ServiceAccountKey;
  publicKey: CryptoKey;
}

export async function generateServiceAccount(
  overrides: Partial<ServiceAccountKey> = {},
): Promise<TestServiceAccount> {
  const pair = (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const pkcs8 = new Uint8Array((await crypto.subtle.exportKey("pkcs8", pair.privateKey)) as ArrayBuffer);
  let binary = "";
  for (const byte of pkcs8) binary += String.fromCharCode(byte);
  const b64 = btoa(binary).replace(/(.{64})/g, "$1\n");
  const pem = `-----BEGIN PRIVATE KEY-----\n${b64.trimEnd()}\n-----END PRIVATE KEY-----\n`;
  return {
    publicKey: pair.publicKey,
    key: {
      type: "service_account",
      project_id: "acme-dev",
      private_key_id: "0123456789abcdef0123456789abcdef01234567",
      private_key: pem,
      client_email: "snoozeql@acme-dev.iam.gserviceaccount.com",
      token_uri: "https://oauth2.googleapis.com/token",
      ...overrides,
    },
  };
}

export function decodeBase64Url(part: string): Uint8Array {
  const b64 = part.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (part.length % 4)) % 4);
  const binary = atob(b64);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function decodeJwt(jwt: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [header, claims] = jwt.split(".");
  const decoder = new TextDecoder();
  return {
    header: JSON.parse(decoder.decode(decodeBase64Url(header!))) as Record<string, unknown>,
    claims: JSON.parse(decoder.decode(decodeBase64Url(claims!))) as Record<string, unknown>,
  };
}

export async function verifyJwtSignature(jwt: string, publicKey: CryptoKey): Promise<boolean> {
  const [header, claims, signature] = jwt.split(".");
  return crypto.subtle.verify(
    "RSASSA-PKCS1-v1_5",
    publicKey,
    decodeBase64Url(signature!),
    new TextEncoder().encode(`${header}.${claims}`),
  );
}

/** Runs `fn`, expecting it to reject, and returns the rejection. */
export async function rejection(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection, got a result");
}
