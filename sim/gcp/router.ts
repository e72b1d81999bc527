// Worker-side entry of GCP traffic on the shared origin: the OAuth token endpoint (/token) and the
// Cloud SQL Admin (/v1/..., /sql/v1beta4/...), Cloud Monitoring (/v3/...) and Cloud Logging
// (POST /v2/entries:list, addressed to a project by its body's resourceNames) APIs. Resolves the
// bearer token to its service account, routes to the target project's SimCloud object, and applies
// injected latency or hang.
import { sleep } from "../aws/router.ts";
import { cloud, registry, type Env } from "../env.ts";
import { GcpError, notAuthorized, oauthError, renderGcpError, unauthenticated, type GcpWire } from "./errors.ts";
import { parseJwt } from "./jwt.ts";
import { type BearerIdentity, projectOfEmail, projectOfToken, tokenUri } from "./oauth.ts";

function toResponse(w: GcpWire): Response {
  return new Response(w.body, { status: w.status, headers: { ...w.headers, date: new Date().toUTCString() } });
}

export function isGcpApiPath(path: string): boolean {
  return /^\/(v1|v3|sql\/v1beta4)\/projects\/[^/]+(\/|$)/.test(path);
}

export function isTokenPath(path: string): boolean {
  return path === "/token" || path === "/oauth2/v4/token";
}

export async function routeToken(req: Request, url: URL, env: Env): Promise<Response> {
  const receivedAt = Date.now();
  if (req.method !== "POST") return toResponse(oauthError("invalid_request", "The token endpoint only accepts POST.", 405));
  const ct = req.headers.get("content-type") ?? "";
  const raw = await req.text();
  let form: string;
  if (ct.includes("application/json")) {
    try {
      form = new URLSearchParams(JSON.parse(raw) as Record<string, string>).toString();
    } catch {
      return toResponse(oauthError("invalid_request", "Malformed request body."));
    }
  } else form = raw;
  const params = new URLSearchParams(form);
  const assertion = params.get("assertion");
  const jwt = assertion ? parseJwt(assertion) : null;
  const iss = jwt && typeof jwt.payload["iss"] === "string" ? (jwt.payload["iss"] as string) : null;
  const project = iss ? projectOfEmail(iss) : null;
  if (!params.get("grant_type") || !assertion || !jwt) {
    // Let a project object produce the exact grant errors when it can; otherwise answer here.
    if (!params.get("grant_type")) return toResponse(oauthError("invalid_request", "Missing required parameter: grant_type"));
    if (!assertion) return toResponse(oauthError("invalid_request", "Missing required parameter: assertion"));
    return toResponse(oauthError("invalid_grant", "Invalid JWT: Failed to parse the JWT."));
  }
  if (!project || !(await registry(env).has(`gcp:${project}`))) {
    return toResponse(oauthError("invalid_grant", "Invalid grant: account not found"));
  }
  const origin = url.origin;
  return toResponse(await cloud(env, `gcp:${project}`).oauthToken(form, tokenUri(origin), receivedAt));
}

async function resolveBearer(env: Env, token: string, receivedAt: number): Promise<BearerIdentity | null> {
  let project = projectOfToken(token);
  if (!project) {
    const jwt = parseJwt(token);
    const iss = jwt && typeof jwt.payload["iss"] === "string" ? (jwt.payload["iss"] as string) : null;
    project = iss ? projectOfEmail(iss) : null;
  }
  if (!project || !(await registry(env).has(`gcp:${project}`))) return null;
  return cloud(env, `gcp:${project}`).checkBearerHere(token, receivedAt);
}

export async function routeGcpApi(req: Request, url: URL, env: Env): Promise<Response> {
  const receivedAt = Date.now();
  const authz = req.headers.get("authorization") ?? "";
  const m = /^Bearer\s+(\S+)$/i.exec(authz);
  const identity = m ? await resolveBearer(env, m[1]!, receivedAt) : null;
  if (!identity) return toResponse(renderGcpError(unauthenticated()));
  const parts = url.pathname.split("/").filter((p) => p.length > 0);
  const project = decodeURIComponent(parts[0] === "sql" ? (parts[3] ?? "") : (parts[2] ?? ""));
  if (!(await registry(env).has(`gcp:${project}`))) return toResponse(renderGcpError(notAuthorized()));
  const body = req.method === "GET" || req.method === "HEAD" ? "" : await req.text();
  const out = await cloud(env, `gcp:${project}`).handleGcp(
    { method: req.method, path: url.pathname, query: url.search.slice(1), body, origin: url.origin, receivedAt },
    identity,
  );
  if (out.latencyMs > 0) await sleep(out.latencyMs, req.signal);
  if (out.hangMs !== null) {
    await sleep(out.hangMs, req.signal);
    return new Response("<html><body><h1>504 Gateway Timeout</h1></body></html>", { status: 504, headers: { "content-type": "text/html" } });
  }
  return toResponse(out);
}

export function isLoggingListPath(path: string): boolean {
  return path === "/v2/entries:list";
}

/** entries:list names its project in the body (resourceNames), not in the path. */
export async function routeLoggingList(req: Request, url: URL, env: Env): Promise<Response> {
  const receivedAt = Date.now();
  const authz = req.headers.get("authorization") ?? "";
  const m = /^Bearer\s+(\S+)$/i.exec(authz);
  const identity = m ? await resolveBearer(env, m[1]!, receivedAt) : null;
  if (!identity) return toResponse(renderGcpError(unauthenticated(), false));
  if (req.method !== "POST") return toResponse(renderGcpError(new GcpError(404, "NOT_FOUND", "notFound", "The requested URL was not found on this server."), false));
  const body = await req.text();
  let names: unknown;
  try {
    names = (JSON.parse(body || "{}") as { resourceNames?: unknown }).resourceNames;
  } catch {
    return toResponse(renderGcpError(new GcpError(400, "INVALID_ARGUMENT", "parseError", "Invalid JSON payload received."), false));
  }
  const first = Array.isArray(names) && typeof names[0] === "string" ? names[0] : "";
  const project = /^projects\/([^/]+)$/.exec(first)?.[1] ?? "";
  if (!project) return toResponse(renderGcpError(new GcpError(400, "INVALID_ARGUMENT", "badRequest", "resourceNames must name at least one resource, e.g. projects/my-project."), false));
  if (!(await registry(env).has(`gcp:${project}`))) return toResponse(renderGcpError(notAuthorized(), false));
  const out = await cloud(env, `gcp:${project}`).handleGcp(
    { method: "POST", path: `/v2/projects/${project}/entries:list`, query: "", body, origin: url.origin, receivedAt },
    identity,
  );
  if (out.latencyMs > 0) await sleep(out.latencyMs, req.signal);
  if (out.hangMs !== null) {
    await sleep(out.hangMs, req.signal);
    return new Response("<html><body><h1>504 Gateway Timeout</h1></body></html>", { status: 504, headers: { "content-type": "text/html" } });
  }
  return toResponse(out);
}
