// The savings routes' per-isolate memo (worker/api/routes/savings/savings-memo.ts): a repeated read
// of the same range costs one D1 statement (the organization's time zone, savings version and
// unpriced count) and answers the same figures, while every kind of savings write — events through
// the consumer, a price override, the recompute — bumps the version in its own batch, so the very
// next read sees it. A control writes an organization day without the bump and shows the memo
// would then serve the old figure: what the bump guards against is visible to these tests.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { organizations, savingsOrgDaily } from "../../worker/db/schema.ts";
import { withStatements } from "../helpers/statements.ts";
import { api, bearer } from "../helpers/auth.ts";
import { db, deliver, HOUR, observe, tenant, type Tenant } from "./savings-fixtures.ts";

const SUMMARY = "/savings?from=2026-11-01&to=2026-11-10";
const DAILY = "/savings/daily?from=2026-11-01&to=2026-11-10";

const get = async <T>(token: string, path: string): Promise<T> => {
  const res = await api(path, { headers: bearer(token) });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json<T>();
};
const version = async (orgId: string) => (await db.select({ v: organizations.savingsVersion }).from(organizations).where(eq(organizations.id, orgId)))[0]!.v;
const dailyCents = (d: { items: { day: string; savedCents: number }[] }) => Object.fromEntries(d.items.filter((i) => i.savedCents !== 0).map((i) => [i.day, i.savedCents]));

/** A tenant whose database slept 2 h on 2 November ($0.36/h: 72 cents). */
async function slept(): Promise<Tenant> {
  const t = await tenant();
  await deliver([await observe(t, { state: "stopped", at: "2026-11-02T01:00:00Z" }), await observe(t, { state: "running", at: "2026-11-02T03:00:00Z" })]);
  return t;
}

describe("a repeated savings read", () => {
  it("costs the head statement alone and answers the same figures", async () => {
    const t = await slept();
    for (const path of [SUMMARY, DAILY]) {
      const first = await withStatements(t.viewer, path);
      expect(first.status, path).toBe(200);
      // Loading reads the rollups (more than the head).
      expect(first.statements.length, path).toBeGreaterThan(1);
      const again = await withStatements(t.viewer, path);
      expect(again.status, path).toBe(200);
      expect(again.statements, path).toHaveLength(1);
      expect(again.statements[0], path).toContain('"organizations"');
      expect(again.statements[0], path).toContain('"savings_version"');
    }
    expect(await get(t.viewer, SUMMARY)).toMatchObject({ totalCents: 72, hoursAsleep: 2, topSavers: [{ instanceId: t.instanceId, savedCents: 72 }] });
    expect(dailyCents(await get(t.viewer, DAILY))).toEqual({ "2026-11-02": 72 });
  });

  it("sees new events at once: the consumer bumps the version in its batch", async () => {
    const t = await slept();
    expect(await get(t.viewer, SUMMARY)).toMatchObject({ totalCents: 72 });
    expect(dailyCents(await get(t.viewer, DAILY))).toEqual({ "2026-11-02": 72 });
    const before = await version(t.orgId);
    await deliver([await observe(t, { state: "stopped", at: "2026-11-05T10:00:00Z" }), await observe(t, { state: "running", at: "2026-11-05T11:00:00Z" })]);
    expect(await version(t.orgId)).toBeGreaterThan(before);
    expect(await get(t.viewer, SUMMARY)).toMatchObject({ totalCents: 108, hoursAsleep: 3 });
    expect(dailyCents(await get(t.viewer, DAILY))).toEqual({ "2026-11-02": 72, "2026-11-05": 36 });
  });

  it("sees a sleep that starts now (no organization day changes, the ledger does) and accrues it per request", async () => {
    const t = await slept();
    const today = new Date().toISOString().slice(0, 10);
    const range = `/savings?from=2026-11-01&to=${today}`;
    expect(await get(t.viewer, range)).toMatchObject({ ongoing: { databasesAsleep: 0 } });
    await deliver([await observe(t, { state: "stopped", at: Date.now() - HOUR })]);
    const asleep = await get<{ ongoing: { databasesAsleep: number; accruedCents: number }; totalCents: number }>(t.viewer, range);
    expect(asleep.ongoing.databasesAsleep).toBe(1);
    expect(asleep.ongoing.accruedCents).toBeGreaterThanOrEqual(36);
    expect(asleep.totalCents).toBeGreaterThanOrEqual(72 + 36);
  });

  it("sees a price override at once (its ledger rewrite bumps the version)", async () => {
    const t = await slept();
    expect(await get(t.viewer, SUMMARY)).toMatchObject({ topSavers: [{ priceSource: "override" }] });
    const put = await api(`/instances/${t.instanceId}/price`, { method: "PUT", headers: bearer(t.admin), body: JSON.stringify({ hourlyPriceMicros: null }) });
    expect(put.status).toBe(200);
    const after = await get<{ topSavers: { priceSource: string }[]; unpricedDatabases: number }>(t.viewer, SUMMARY);
    expect(after.topSavers[0]?.priceSource).not.toBe("override");
  });

  it("sees the recompute's rebuilt rows at once", async () => {
    const t = await slept();
    expect(await get(t.viewer, SUMMARY)).toMatchObject({ totalCents: 72 });
    // Tamper with the organization's day (and bump, as any writer must), then rebuild from the ledger.
    await db.update(savingsOrgDaily).set({ savedMicros: 1 }).where(eq(savingsOrgDaily.orgId, t.orgId));
    await db.update(organizations).set({ savingsVersion: (await version(t.orgId)) + 1 }).where(eq(organizations.id, t.orgId));
    expect(await get(t.viewer, SUMMARY)).toMatchObject({ totalCents: 0 });
    const res = await api("/savings/recompute", { method: "POST", headers: bearer(t.admin) });
    expect(res.status).toBeLessThan(300);
    expect(await get(t.viewer, SUMMARY)).toMatchObject({ totalCents: 72 });
  });

  it("control: a write that skips the bump is not seen until the version moves", async () => {
    const t = await slept();
    expect(await get(t.viewer, SUMMARY)).toMatchObject({ totalCents: 72 });
    await db.update(savingsOrgDaily).set({ savedMicros: 1_080_000 }).where(eq(savingsOrgDaily.orgId, t.orgId));
    // Stale: the memo still holds the rows loaded at this version.
    expect(await get(t.viewer, SUMMARY)).toMatchObject({ totalCents: 72 });
    await db.update(organizations).set({ savingsVersion: (await version(t.orgId)) + 1 }).where(eq(organizations.id, t.orgId));
    expect(await get(t.viewer, SUMMARY)).toMatchObject({ totalCents: 108 });
  });

  it("never serves one organization's figures to another", async () => {
    const a = await slept();
    const b = await tenant();
    expect(await get(a.viewer, SUMMARY)).toMatchObject({ totalCents: 72 });
    expect(await get(b.viewer, SUMMARY)).toMatchObject({ totalCents: 0, topSavers: [] });
    expect(dailyCents(await get(b.viewer, DAILY))).toEqual({});
  });
});
