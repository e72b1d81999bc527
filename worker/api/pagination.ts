/**
 * The one cursor pagination of the API. Lists are ordered newest first by (created_at, id);
 * the cursor is an opaque base64url token of the last item's position, so pages stay stable
 * while new rows arrive. `limit` is 1–100 (default 50). Responses are `{ data, nextCursor }`.
 */
import { z } from "@hono/zod-openapi";
import { eq, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { ApiProblem } from "./problem.ts";

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50).openapi({ example: 50, description: "Items per page (1–100)." }),
  cursor: z.string().max(200).optional().openapi({ description: "`nextCursor` from the previous page." }),
});

export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() }).openapi(name);

interface Position {
  t: number;
  id: string;
}

export function encodeCursor(p: Position): string {
  return btoa(JSON.stringify(p)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function decodeCursor(cursor: string | undefined): Position | null {
  if (!cursor) return null;
  try {
    const json = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    const p = JSON.parse(json) as Position;
    if (typeof p.t === "number" && typeof p.id === "string") return p;
  } catch {
    // fall through
  }
  throw new ApiProblem("validation", 400, "query.cursor: not a cursor this API issued", {
    errors: [{ location: "query", path: "cursor", message: "not a cursor this API issued" }],
  });
}

/** WHERE clause selecting rows after the cursor in (createdAt desc, id desc) order, as a row-value
 * comparison: SQLite seeks an index ending in (time, id) straight to the cursor, even inside a run
 * of equal timestamps (a schedule stopping 300 databases at one instant), where the equivalent
 * `time < t or (time = t and id < x)` would re-read every newer row (it is only a filter). The
 * lists' indexes are in migrations/0020_list_indexes.sql. */
export function afterCursor(createdAt: SQLiteColumn, id: SQLiteColumn, cursor: string | undefined): SQL | undefined {
  const p = decodeCursor(cursor);
  if (!p) return undefined;
  return sql`(${createdAt}, ${id}) < (${sql.param(new Date(p.t), createdAt)}, ${sql.param(p.id, id)})`;
}

/** Trims the extra row fetched to detect a next page and builds the response. */
export function toPage<Row, Item>(rows: Row[], limit: number, position: (row: Row) => Position, toItem: (row: Row) => Item) {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { data: pageRows.map(toItem), nextCursor: more && last ? encodeCursor(position(last)) : null };
}

/** `column LIKE 'prefix%'` with the prefix's own % and _ taken literally (ASCII case folded, as LIKE does). */
export function startsWith(column: SQLiteColumn, prefix: string): SQL {
  const escaped = prefix.replaceAll("\\", "\\\\").replaceAll("%", "\\%").replaceAll("_", "\\_");
  return sql`${column} like ${`${escaped}%`} escape '\\'`;
}

/** A list's filter by an exact value, or by a prefix ending in '.' (`token.`): the prefix also
 * names the value's family (`family`: a virtual column holding the value up to its first '.',
 * ASCII lower-cased), which every match shares, so SQLite seeks the family's index in the list's
 * time order and reads a page, where LIKE alone walks the organization's rows
 * (migrations/0023_filtered_list_prefixes.sql). The LIKE stays, the match itself: a deeper prefix
 * (`a.b.`) reads its family to keep its matches. */
export function exactOrPrefix(column: SQLiteColumn, family: SQLiteColumn, value: string): SQL {
  if (!value.endsWith(".")) return eq(column, value);
  const head = value.slice(0, value.indexOf(".") + 1).replace(/[A-Z]/g, (c) => c.toLowerCase());
  return sql`(${eq(family, head)} and ${startsWith(column, value)})`;
}
