// Writes cost money: a discovery run that finds nothing new writes no D1 row (D1 bills per row
// written, indexes included, and discovery runs every five minutes for every account).
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { cloudAccounts, instances } from "../../worker/db/schema.ts";
import { discoverAccount } from "../../worker/discovery/discover.ts";
import { LAST_SEEN_REFRESH_MS } from "../../worker/discovery/inventory.ts";
import type { Env } from "../../worker/env.ts";
import { connectedSandbox } from "../helpers/simulator.ts";

/** env with a D1 that counts the write statements it prepares and the rows its batches wrote. */
function countingEnv() {
  const counts = { writeStatements: 0, rowsWritten: 0 };
  const real = env.DB;
  const DB = {
    prepare: (sql: string) => {
      if (/^\s*(insert|update|delete)/i.test(sql)) counts.writeStatements++;
      return real.prepare(sql);
    },
    batch: async (statements: D1PreparedStatement[]) => {
      const results = await real.batch(statements);
      for (const r of results) counts.rowsWritten += r.meta.rows_written ?? 0;
      return results;
    },
    exec: (sql: string) => real.exec(sql),
    dump: () => real.dump(),
    withSession: (c?: string) => real.withSession(c),
  } as unknown as D1Database;
  return { env: { ...env, DB } as Env, counts };
}

const connectedAccount = async () => (await connectedSandbox(["a-dev", "b-dev", "c-dev"], "Writes")).accountId;

const accountRow = async (id: string) => (await drizzle(env.DB).select().from(cloudAccounts).where(eq(cloudAccounts.id, id)))[0]!;

describe("discovery writes only what changed", () => {
  it("writes no row when nothing changed, and only the changed database when one did", { timeout: 30_000 }, async () => {
    const accountId = await connectedAccount();
    const t0 = Date.now();
    const first = await discoverAccount(env, await accountRow(accountId), null, t0);
    expect(first).toMatchObject({ ok: true, databases: 3 });

    const quiet = countingEnv();
    const again = await discoverAccount(quiet.env, await accountRow(accountId), null, t0 + 5 * 60_000);
    expect(again).toMatchObject({ ok: true, databases: 3, events: [] });
    expect(quiet.counts).toEqual({ writeStatements: 0, rowsWritten: 0 });

    // One database is stopped at the cloud: one row (and nothing else) is written.
    const [row] = await drizzle(env.DB).select().from(instances).where(eq(instances.externalId, "b-dev"));
    const stopped = countingEnv();
    const provider = { listDatabases: async () => ({ databases: (await discoverList(accountId)).map((d) => (d.externalId === "b-dev" ? { ...d, state: "stopped" as const, cloudStatus: "stopped" } : d)), incomplete: [] }) };
    const changed = await discoverAccount(stopped.env, await accountRow(accountId), provider as never, t0 + 10 * 60_000);
    expect(changed.events.map((e) => e.type)).toEqual(["instance.state_changed"]);
    expect(stopped.counts.writeStatements).toBe(1);
    expect((await drizzle(env.DB).select().from(instances).where(eq(instances.id, row!.id)))[0]!.state).toBe("stopped");
  });

  it("still refreshes liveness once a day", { timeout: 30_000 }, async () => {
    const accountId = await connectedAccount();
    const t0 = Date.now();
    await discoverAccount(env, await accountRow(accountId), null, t0);
    const later = countingEnv();
    await discoverAccount(later.env, await accountRow(accountId), null, t0 + LAST_SEEN_REFRESH_MS + 1);
    expect(later.counts.writeStatements).toBe(4); // three databases and the account's last sync
  });
});

/** What the simulator lists for the account now (through the product's own client). */
async function discoverList(accountId: string) {
  const { accountConfig } = await import("../../worker/accounts/connection.ts");
  const { providerFor } = await import("../../worker/cloud/index.ts");
  return (await providerFor(await accountConfig(env, await accountRow(accountId))).listDatabases()).databases;
}
