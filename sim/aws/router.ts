// Worker-side entry of AWS traffic: reads the SigV4 credential to find the simulated account
// (through the registry), forwards the request to that account's SimCloud object, then applies
// the injected latency or hang before answering with AWS's headers (Date, x-amzn-RequestId).
import { registry, cloud, type Env } from "../env.ts";
import { uuid } from "../util.ts";
import { AwsError, jsonErrorResponse, queryErrorResponse, type WireResponse } from "./errors.ts";
import { RDS_XMLNS } from "./rds.ts";
import { CW_XMLNS } from "./cloudwatch.ts";
import { STS_XMLNS } from "./sts.ts";
import { hasSigV4, parseSigV4, type SignableRequest } from "./sigv4.ts";

/** Looks like an AWS API call: SigV4 material, an awsJson target, or a Query Action. */
export function isAwsRequest(req: Request, url: URL, s: SignableRequest): boolean {
  if (hasSigV4(s)) return true;
  if (s.headers["x-amz-target"]) return true;
  if (url.searchParams.has("Action")) return true;
  return req.method === "POST" && url.pathname === "/" && /(^|&)Action=/.test(s.body);
}

function guessXmlns(s: SignableRequest): string {
  const cred = s.headers["authorization"] ?? "";
  if (/\/sts\/aws4_request/.test(cred)) return STS_XMLNS;
  if (/\/monitoring\/aws4_request/.test(cred)) return CW_XMLNS;
  return RDS_XMLNS;
}

function errorWire(s: SignableRequest, e: AwsError): WireResponse {
  const id = uuid();
  return s.headers["x-amz-target"] ? jsonErrorResponse(e, id) : queryErrorResponse(e, guessXmlns(s), id);
}

function toResponse(w: WireResponse): Response {
  return new Response(w.body, { status: w.status, headers: { ...w.headers, date: new Date().toUTCString() } });
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    });
  });
}

// Access keys never move between accounts, so the isolate remembers where each one lives (the
// account object still checks the key itself, so a deleted account answers InvalidClientTokenId).
const keyCache = new Map<string, { key: string; at: number }>();
const KEY_CACHE_MS = 60_000;

async function resolveKey(env: Env, akid: string): Promise<string | null> {
  const hit = keyCache.get(akid);
  if (hit && Date.now() - hit.at < KEY_CACHE_MS) return hit.key;
  const key = await registry(env).resolveKey(akid);
  if (key) {
    if (keyCache.size > 10_000) keyCache.clear();
    keyCache.set(akid, { key, at: Date.now() });
  } else keyCache.delete(akid);
  return key;
}

export async function routeAws(s: SignableRequest, signal: AbortSignal | undefined, env: Env): Promise<Response> {
  const receivedAt = Date.now();
  if (!hasSigV4(s)) {
    return toResponse(errorWire(s, new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403)));
  }
  let akid: string;
  try {
    akid = parseSigV4(s).accessKeyId;
  } catch (e) {
    if (e instanceof AwsError) return toResponse(errorWire(s, e));
    throw e;
  }
  const key = await resolveKey(env, akid);
  if (!key || !key.startsWith("aws:")) {
    return toResponse(errorWire(s, new AwsError("InvalidClientTokenId", "The security token included in the request is invalid.", 403)));
  }
  const out = await cloud(env, key).handleAws({ ...s, receivedAt });
  if (out.latencyMs > 0) await sleep(out.latencyMs, signal);
  if (out.hangMs !== null) {
    await sleep(out.hangMs, signal);
    return new Response("<html><body><h1>504 Gateway Timeout</h1></body></html>", { status: 504, headers: { "content-type": "text/html" } });
  }
  return toResponse(out);
}
