/**
 * D1 statistics for one request, for benchmarks on the local stack: with `APP_ENV=development`
 * and the request header `X-D1-Stats: 1`, the request's D1 binding is wrapped to count the
 * statements it prepares and the rows D1 reports reading (`meta.rows_read`), answered in the
 * `X-D1-Stats` response header (`queries=5; auth_queries=1; rows_read=5123`: all statements, those
 * of authentication (`api_tokens`) among them, and the rows read by all).
 *
 * Owns: the counting wrapper and its header. A statement read with `raw()` (drizzle's partial
 * selects) reports no meta, so its rows are counted by running the same statement once more with
 * `all()` (not counted as a query): this doubles D1 work on instrumented requests, which is why it
 * is opt-in per request and never part of a timed run.
 * Never: runs outside development (production and tests never see the header), or changes a
 * result.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../api/context.ts";

export const D1_STATS_HEADER = "X-D1-Stats";

interface Stats {
  queries: number;
  authQueries: number;
  rowsRead: number;
}

type Meta = { meta?: { rows_read?: number } };
const rowsOf = (r: unknown) => Number((r as Meta)?.meta?.rows_read ?? 0);

function wrapStatement(stmt: D1PreparedStatement, stats: Stats): D1PreparedStatement {
  return new Proxy(stmt, {
    get(target, prop) {
      if (prop === "bind") return (...values: unknown[]) => wrapStatement(target.bind(...values), stats);
      if (prop === "all" || prop === "run") {
        return async () => {
          const result = await (target[prop] as () => Promise<unknown>).call(target);
          stats.rowsRead += rowsOf(result);
          return result;
        };
      }
      if (prop === "raw" || prop === "first") {
        return async (...args: unknown[]) => {
          stats.rowsRead += rowsOf(await target.all());
          return (target[prop] as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The binding, counting into `stats`. Batched statements are unwrapped before D1 sees them. */
export function countingD1(db: D1Database, stats: Stats): D1Database {
  const inner = new WeakMap<object, D1PreparedStatement>();
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") {
        return (query: string) => {
          stats.queries++;
          if (query.includes('"api_tokens"')) stats.authQueries++;
          const stmt = target.prepare(query);
          const wrapped = new Proxy(stmt, {
            get(t, p) {
              if (p === "bind") {
                return (...values: unknown[]) => {
                  const bound = t.bind(...values);
                  const w = wrapStatement(bound, stats);
                  inner.set(w, bound);
                  return w;
                };
              }
              return Reflect.get(wrapStatement(t, stats), p);
            },
          });
          inner.set(wrapped, stmt);
          return wrapped;
        };
      }
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          const results = await target.batch(statements.map((s) => inner.get(s) ?? s));
          for (const r of results) stats.rowsRead += rowsOf(r);
          return results;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Middleware: instruments the request's D1 when asked to, in development only. */
export function d1Stats(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.env.APP_ENV !== "development" || c.req.header(D1_STATS_HEADER) !== "1") return next();
    const stats: Stats = { queries: 0, authQueries: 0, rowsRead: 0 };
    c.env = { ...c.env, DB: countingD1(c.env.DB, stats) };
    await next();
    c.res.headers.set(D1_STATS_HEADER, `queries=${stats.queries}; auth_queries=${stats.authQueries}; rows_read=${stats.rowsRead}`);
  };
}
