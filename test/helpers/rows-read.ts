// What a page of a list costs in D1 rows: one request as the benchmark makes it (D1's own
// `rows_read`, through the development-only `X-D1-Stats` header of worker/db/d1-stats.ts), a walk
// over a list's pages, a list index swapped for its earlier definition (the positive control of
// the list-index suites), and thousands of realistic rows seeded in one statement.
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { apiUnder, deploymentEnv } from "./deployment.ts";
import { bearer } from "./auth.ts";

export const PAGE = 50;
/** A page reads its rows (limit + 1) from the index and the table, plus the caller's token and the
 * parent it names; anything that walks the organization is far past this. */
export const BOUND = 3 * (PAGE + 1) + 20;
// Development (where the header is answered), with the rate limits out of the way of ~250 requests.
const dev = deploymentEnv({ APP_ENV: "development", RATE_LIMIT_ORG_PER_MINUTE: "100000", RATE_LIMIT_TOKEN_PER_MINUTE: "100000" });

interface Stats {
  rowsRead: number;
  queries: number;
  body: { data: { id: string }[]; nextCursor: string | null };
}

/** One request as the benchmark makes it: its D1 statements and rows read, and the body. */
export async function measured(path: string, token: string): Promise<Stats> {
  const res = await apiUnder(dev, path, { headers: { ...bearer(token), "X-D1-Stats": "1" } });
  expect(res.status, path).toBe(200);
  const header = res.headers.get("X-D1-Stats") ?? "";
  const field = (name: string) => Number(new RegExp(`${name}=(\\d+)`).exec(header)?.[1] ?? Number.NaN);
  return { rowsRead: field("rows_read"), queries: field("queries"), body: await res.json() };
}

/** Walks `pages` pages of the list and returns each page's rows read (and every id seen). */
export async function walk(path: string, token: string, pages: number): Promise<{ rows: number[]; ids: string[] }> {
  const rows: number[] = [];
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < pages; i++) {
    const sep = path.includes("?") ? "&" : "?";
    const page: Stats = await measured(`${path}${sep}limit=${PAGE}${cursor ? `&cursor=${cursor}` : ""}`, token);
    rows.push(page.rowsRead);
    ids.push(...page.body.data.map((d) => d.id));
    cursor = page.body.nextCursor;
    if (!cursor) break;
  }
  return { rows, ids };
}

/** Runs `body` with index `name` replaced by `previous` (its definition before 0020; null: none),
 * then puts the current one back. */
export async function withIndex<T>(name: string, previous: string | null, body: () => Promise<T>): Promise<T> {
  const current = await env.DB.prepare("select sql from sqlite_master where type = 'index' and name = ?").bind(name).first<{ sql: string }>();
  expect(current?.sql, name).toBeTruthy();
  await env.DB.prepare(`drop index ${name}`).run();
  if (previous) await env.DB.prepare(previous).run();
  try {
    return await body();
  } finally {
    if (previous) await env.DB.prepare(`drop index ${name}`).run();
    await env.DB.prepare(current!.sql).run();
  }
}

/** Copies row `id` of `table` `count` times (ids `<prefix>_<n>`), with columns set per copy by SQL
 * expressions over `i` (1..count): thousands of realistic rows in one statement. */
export async function copies(table: string, id: string, count: number, prefix: string, set: Record<string, string>): Promise<void> {
  const columns = (await env.DB.prepare(`select name from pragma_table_info('${table}')`).all<{ name: string }>()).results.map((c) => c.name);
  const exprs = columns.map((c) => (c === "id" ? `printf('${prefix}_%06d', i)` : (set[c] ?? `src.${c}`)));
  await env.DB.prepare(
    `with recursive n(i) as (select 1 union all select i + 1 from n where i < ${count})
     insert into ${table} (${columns.join(", ")}) select ${exprs.join(", ")} from n, ${table} src where src.id = ?`,
  )
    .bind(id)
    .run();
}

/** A list route and the index that serves it, with that index's earlier definition (null: none). */
export interface ListCase {
  name: string;
  path: () => string;
  /** How many pages the walk takes (the seed holds at least that many rows, or `minItems`). */
  pages: number;
  index: string;
  previous: string | null;
  /** Indexes added after `previous` that would serve the filter as well: dropped for the control too. */
  later?: string[];
}

/**
 * Walks `c`'s pages: each reads at most BOUND rows, deep pages too, without repeats, over at least
 * `minItems` items (not a near-empty list that would pass on nothing). Positive control: the same
 * walk with the index as it was (`c.previous`, named by `migration`) lists the same items in the
 * same order and reads past the bound on some page, so the bound can fail (`c.later` dropped too).
 */
export async function expectPagesReadAPage(c: ListCase, token: string, minItems: number, migration: string): Promise<void> {
  const { rows, ids } = await walk(c.path(), token, c.pages);
  expect(ids.length).toBeGreaterThanOrEqual(minItems);
  expect(new Set(ids).size).toBe(ids.length);
  for (const [i, r] of rows.entries()) expect(r, `${c.name}, page ${i + 1}: rows read ${r}`).toBeLessThanOrEqual(BOUND);
  expect(Math.min(...rows)).toBeGreaterThan(0);

  let control = () => withIndex(c.index, c.previous, () => walk(c.path(), token, c.pages));
  for (const later of c.later ?? []) {
    const inner = control;
    control = () => withIndex(later, null, inner);
  }
  const before = await control();
  expect(before.ids).toEqual(ids);
  expect(Math.max(...before.rows), `${c.name} before ${migration}: ${before.rows.join(", ")}`).toBeGreaterThan(BOUND);
}
