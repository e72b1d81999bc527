// A list's prefix filter (`GET /events?type=account.`, `GET /audit-log?action=token.`) matches what
// it always matched: values that begin with the prefix, the prefix's own % and _ taken literally,
// ASCII case folded as SQL LIKE folds it; a value sharing the prefix's bytes but not the prefix
// itself is not listed, nor another organization's. Since migrations/0023 the list seeks the
// prefix's family (the value up to its first '.') on an index and keeps the LIKE as the match;
// these cases hold both halves to the LIKE's answer.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";

const T0 = Date.UTC(2026, 10, 20, 12);

/** The values in the list, one row each, newest last. */
const VALUES = [
  "account.sync_failed",
  "account.connected",
  "accounts.renamed", // shares "account" but not "account."
  "account", // no family
  "account/", // the byte after '.': first past any `account.` range
  "x.y.z",
  "x.yz.w", // same family as "x.y.", not its prefix
  "a%b.x",
  "axb.x", // what 'a%b.' matches if % is a wildcard
  "a_b.x",
  "acb.x", // what 'a_b.' matches if _ is a wildcard
  "back\\slash.x",
];

/** Filter -> the values it lists (newest first). */
const EXPECTED: [string, string[]][] = [
  ["account.", ["account.connected", "account.sync_failed"]],
  ["ACCOUNT.", ["account.connected", "account.sync_failed"]],
  ["Account.Sync_", []], // no '.' at the end: an exact value, case and all
  ["account.sync_failed", ["account.sync_failed"]],
  ["accounts.", ["accounts.renamed"]],
  ["x.y.", ["x.y.z"]],
  ["x.", ["x.yz.w", "x.y.z"]],
  ["a%b.", ["a%b.x"]],
  ["a_b.", ["a_b.x"]],
  ["a%.", []],
  ["back\\slash.", ["back\\slash.x"]],
  ["nothing.", []],
];

async function seed(table: "events" | "audit_log", orgId: string, prefix: string): Promise<void> {
  const statements = VALUES.map((value, i) =>
    table === "events"
      ? env.DB.prepare(`insert into events (id, org_id, type, cause_kind, occurred_at) values (?, ?, ?, 'system', ?)`).bind(`${prefix}_${i}`, orgId, value, T0 + i * 60_000)
      : env.DB.prepare(`insert into audit_log (id, org_id, actor_kind, action, created_at) values (?, ?, 'system', ?, ?)`).bind(`${prefix}_${i}`, orgId, value, T0 + i * 60_000),
  );
  await env.DB.batch(statements);
}

const lists = [
  { name: "GET /events?type=", table: "events" as const, path: (f: string) => `/events?type=${encodeURIComponent(f)}`, value: (item: { type: string }) => item.type },
  { name: "GET /audit-log?action=", table: "audit_log" as const, path: (f: string) => `/audit-log?action=${encodeURIComponent(f)}`, value: (item: { action: string }) => item.action },
];

describe("a list's prefix filter", () => {
  for (const list of lists) {
    it(`${list.name}: a prefix ending in '.' lists the values beginning with it, literally, in this organization only`, async () => {
      const { orgId } = await createOrgDirect(`Prefixes ${list.table}`);
      const other = await createOrgDirect(`Other prefixes ${list.table}`);
      await seed(list.table, orgId, `pfx_${list.table}`);
      await seed(list.table, other.orgId, `pfx_other_${list.table}`);
      const headers = bearer(await tokenFor(orgId, "admin"));
      for (const [filter, expected] of EXPECTED) {
        const res = await api(list.path(filter), { headers });
        expect(res.status, filter).toBe(200);
        const body = await res.json<{ data: { id: string; type: string; action: string }[] }>();
        expect(body.data.map(list.value), filter).toEqual(expected);
        expect(body.data.every((item) => !item.id.startsWith("pfx_other_")), filter).toBe(true);
      }
    });
  }
});
