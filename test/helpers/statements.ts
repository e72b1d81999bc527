// A request through the Worker with D1 wrapped to record every statement it prepares: how tests
// prove a route's D1 cost stays constant however much data the organization has.
import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import worker from "../../worker/index.ts";
import { BASE, bearer } from "./auth.ts";

export async function withStatements<T = any>(token: string, path: string): Promise<{ status: number; contentType: string | null; body: T; statements: string[] }> {
  const prepared: string[] = [];
  const DB = new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "prepare") return (query: string) => (prepared.push(query), target.prepare(query));
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${BASE}/api/v1${path}`, { headers: bearer(token) }), { ...env, DB }, ctx);
  const text = await res.text();
  const body = (res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text) as T;
  await waitOnExecutionContext(ctx);
  // The bearer token's lookup and last-used stamp belong to authentication, not to the route.
  return { status: res.status, contentType: res.headers.get("content-type"), body, statements: prepared.filter((q) => !q.includes('"api_tokens"')) };
}
