// npm run savings:recompute [-- --org <orgId>] [--persist-to <dir>]
//
// Rebuilds the daily savings rollups (`savings_daily`) of every organization (or one) from the
// savings ledger in the LOCAL D1 database that `npm run dev` uses (.wrangler/state), through
// wrangler's getPlatformProxy: the same code as the admin route, run from Node. The events
// consumer keeps the rollups up to date by itself; this is the auditor's check and the repair
// after a rollup rule changes. Prints, per organization, the databases and rows written.
//
// For a deployed SnoozeQL use the admin route instead (one organization per call):
//   curl -X POST -H "authorization: Bearer $SNOOZEQL_TOKEN" https://<host>/api/v1/savings/recompute
import { parseArgs } from "node:util";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getPlatformProxy } from "wrangler";
import { drizzle } from "drizzle-orm/d1";
import { asc } from "drizzle-orm";
import { organizations } from "../worker/db/schema.ts";
import { rebuildDailyRollups } from "../worker/savings/recompute.ts";
import type { D1 } from "../worker/savings/store.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({
  options: {
    org: { type: "string" },
    "persist-to": { type: "string", default: join(ROOT, ".wrangler/state") },
  },
});

const proxy = await getPlatformProxy<{ DB: D1 }>({
  configPath: join(ROOT, "wrangler.toml"),
  persist: { path: join(values["persist-to"]!, "v3") },
  remoteBindings: false,
});
try {
  const orgs = values.org
    ? [{ id: values.org }]
    : await drizzle(proxy.env.DB).select({ id: organizations.id }).from(organizations).orderBy(asc(organizations.id));
  if (orgs.length === 0) console.log("No organizations in local D1 (run `npm run dev` once first).");
  for (const { id } of orgs) {
    const outcome = await rebuildDailyRollups(proxy.env.DB, id);
    console.log(`${id}: ${outcome.databases} database(s), ${outcome.rows} daily row(s) rebuilt from the ledger`);
  }
} finally {
  await proxy.dispose();
}
