/**
 * `Idempotency-Key` for POSTs that act (start, stop, overrides, sync): the first response for a
 * key is remembered for 24 hours per organization and replayed for a retry with the same key;
 * the same key with a different request is a 422 problem. Without the header nothing changes.
 */
import type { MiddlewareHandler } from "hono";
import { drizzle } from "drizzle-orm/d1";
import { and, eq, gt } from "drizzle-orm";
import { idempotencyKeys } from "../db/schema.ts";
import { sha256 } from "../auth/crypto.ts";
import type { AppEnv } from "./context.ts";
import { ApiProblem } from "./problem.ts";

const TTL_MS = 24 * 3600_000;

export function idempotent(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header("idempotency-key");
    if (!key) return next();
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw new ApiProblem("validation", 400, "Idempotency-Key must be 1–255 visible ASCII characters.", { errors: [{ location: "header", path: "Idempotency-Key", message: "1–255 visible ASCII characters" }] });
    const orgId = c.get("principal").orgId;
    const fingerprint = `${c.req.method} ${new URL(c.req.url).pathname} ${await sha256(await c.req.raw.clone().text())}`;
    const db = drizzle(c.env.DB);
    const [seen] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.orgId, orgId), eq(idempotencyKeys.key, key), gt(idempotencyKeys.createdAt, new Date(Date.now() - TTL_MS))));
    if (seen) {
      if (seen.fingerprint !== fingerprint) {
        throw new ApiProblem("validation", 422 as never, "This Idempotency-Key was used with a different request.");
      }
      return c.body(seen.body, seen.status as never, { "content-type": "application/json", "idempotent-replayed": "true" });
    }
    await next();
    if (c.res.status < 500) {
      const body = await c.res.clone().text();
      await db
        .insert(idempotencyKeys)
        .values({ orgId, key, fingerprint, status: c.res.status, body })
        .onConflictDoUpdate({ target: [idempotencyKeys.orgId, idempotencyKeys.key], set: { fingerprint, status: c.res.status, body, createdAt: new Date() } });
    }
  };
}
