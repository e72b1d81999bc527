// The range-friendly savings rollups: running totals per database and cause (`savings_running`,
// `savings_causes`) and the organization's fleet rate (`savings_fleet_rate`, the projected cost).
// The consumer keeps them equal to a rebuild whatever the order of batches; top savers, per-database
// and per-schedule sums are right at month edges in the organization's time zone (hand-computed, and
// equal to summing the daily rows); the projected cost from the rollup equals the one computed from
// every database's price history, across a daylight-saving change.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { and, asc, between, eq, sql } from "drizzle-orm";
import { cloudAccounts, instancePrices, instances, savingsCauses, savingsDaily, savingsFleetRate, savingsRunning } from "../../worker/db/schema.ts";
import { rebuildDailyRollups } from "../../worker/savings/recompute.ts";
import { ALWAYS, fleetRateQuery, fleetRateStatements } from "../../worker/savings/fleet-rate.ts";
import { discoverAccount } from "../../worker/discovery/discover.ts";
import { accountConfig } from "../../worker/accounts/connection.ts";
import { providerFor } from "../../worker/cloud/index.ts";
import { connectedSandbox } from "../helpers/simulator.ts";
import { dailySeries, fleetRate, rangeSumsByCause, rangeSumsByInstance, resolveRange } from "../../worker/api/routes/savings/savings-read.ts";
import { fleetOf, fleetQueries } from "../../worker/api/routes/savings/savings-daily.ts";
import { api, bearer } from "../helpers/auth.ts";
import { addInstance, db, deliver, HOUR, observe, PRICE, shuffled, tenant, type Observed } from "./savings-fixtures.ts";

const SCHEDULE = { kind: "schedule" as const, id: "sch_NIGHTS" };
const PERSON = { kind: "user" as const, id: "usr_ADA" };

const get = async <T>(token: string, path: string): Promise<T> => {
  const res = await api(path, { headers: bearer(token) });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json<T>();
};

async function rangeRows(orgId: string) {
  const strip = <T extends { orgId: string }>(rows: T[]) => rows.map(({ orgId: _o, ...r }) => r);
  return {
    running: strip(await db.select().from(savingsRunning).where(eq(savingsRunning.orgId, orgId)).orderBy(asc(savingsRunning.instanceId), asc(savingsRunning.causeKind), asc(savingsRunning.causeId), asc(savingsRunning.day))),
    causes: strip(await db.select().from(savingsCauses).where(eq(savingsCauses.orgId, orgId)).orderBy(asc(savingsCauses.instanceId), asc(savingsCauses.causeKind), asc(savingsCauses.causeId))),
    fleetRate: strip(await db.select().from(savingsFleetRate).where(eq(savingsFleetRate.orgId, orgId)).orderBy(asc(savingsFleetRate.at))),
  };
}

/** Per database: saved micro-dollars over [from, to] summed from its daily rows (the reference). */
async function dailySums(orgId: string, from: string, to: string) {
  const rows = await db
    .select({ instanceId: savingsDaily.instanceId, causeKind: savingsDaily.causeKind, saved: sql<number>`sum(${savingsDaily.savedMicros})` })
    .from(savingsDaily)
    .where(and(eq(savingsDaily.orgId, orgId), between(savingsDaily.day, from, to)))
    .groupBy(savingsDaily.instanceId, savingsDaily.causeKind);
  return rows;
}

// Auckland is UTC+13 in November (daylight time): a local midnight is 11:00 UTC the day before.
const NZ = "Pacific/Auckland";

describe("range-friendly savings rollups", () => {
  it("running totals, causes and fleet rate kept by the consumer equal a rebuild, whatever the batches", async () => {
    const t = await tenant({ timeZone: "America/New_York" });
    const second = { ...t, instanceId: await addInstance(t.orgId, t.accountId, { priceOverrideMicros: 720_000 }) };
    const history: Observed[] = [
      // Across the end of daylight saving time in New York (2026-11-01 has 25 hours).
      { state: "stopped", at: "2026-10-31T22:00:00Z", cause: SCHEDULE },
      { state: "running", at: "2026-11-01T12:00:00Z", cause: SCHEDULE },
      { state: "stopped", at: "2026-11-03T20:00:00Z", cause: PERSON },
      { state: "running", at: "2026-11-04T02:00:00Z", cause: PERSON },
      { state: "stopped", at: "2026-11-30T23:00:00Z", cause: SCHEDULE },
      { state: "running", at: "2026-12-01T09:00:00Z", cause: SCHEDULE },
    ];
    const events = [...(await Promise.all(history.map((o) => observe(t, o)))), ...(await Promise.all(history.slice(0, 4).map((o) => observe(second, o))))];
    const mixed = shuffled(events, 7);
    await deliver(mixed.slice(0, 4));
    await deliver(mixed.slice(4, 7));
    await deliver(mixed.slice(7));
    await deliver(mixed.slice(2, 6)); // a redelivery
    const incremental = await rangeRows(t.orgId);
    // Each database's causes, and one running row per (database, cause, day with savings).
    expect(incremental.causes.map((c) => [c.instanceId === t.instanceId ? "first" : "second", c.causeKind, c.causeId]).sort()).toEqual([
      ["first", "schedule", "sch_NIGHTS"],
      ["first", "user", "usr_ADA"],
      ["second", "schedule", "sch_NIGHTS"],
      ["second", "user", "usr_ADA"],
    ]);
    const firstSchedule = incremental.running.filter((r) => r.instanceId === t.instanceId && r.causeKind === "schedule");
    // 2026-10-31 18:00 EDT → 2026-11-01 07:00 EST: 6 h, then 8 h (the 25-hour day); 2026-11-30 18:00 → 2026-12-01 04:00 EST: 6 h, 4 h.
    expect(firstSchedule.map((r) => [r.day, r.asleepSeconds / 3600, r.savedMicros])).toEqual([
      ["2026-10-31", 6, 6 * PRICE],
      ["2026-11-01", 14, 14 * PRICE],
      ["2026-11-30", 20, 20 * PRICE],
      ["2026-12-01", 24, 24 * PRICE],
    ]);
    expect(incremental.fleetRate.length).toBeGreaterThan(0);

    // The rebuild (script and admin route) writes the very same rows.
    await db.delete(savingsRunning).where(eq(savingsRunning.orgId, t.orgId));
    await db.delete(savingsCauses).where(eq(savingsCauses.orgId, t.orgId));
    await db.delete(savingsFleetRate).where(eq(savingsFleetRate.orgId, t.orgId));
    await rebuildDailyRollups(env.DB, t.orgId);
    expect(await rangeRows(t.orgId)).toEqual(incremental);
    const res = await api("/savings/recompute", { method: "POST", headers: bearer(t.admin) });
    expect(res.status).toBe(200);
    expect(await rangeRows(t.orgId)).toEqual(incremental);
  });

  it("sums any range at month edges in the organization's time zone: top savers, per database, per schedule", async () => {
    const t = await tenant({ timeZone: NZ });
    const b = { ...t, instanceId: await addInstance(t.orgId, t.accountId, { priceOverrideMicros: 2 * PRICE, name: "bravo" }) };
    await db.update(instances).set({ name: "alpha" }).where(eq(instances.id, t.instanceId));
    await deliver([
      // alpha, 36 c/h: local 2026-10-31 20:00 → 2026-11-01 08:00 (4 h in October, 8 h in November), by the schedule;
      ...(await Promise.all([
        observe(t, { state: "stopped", at: "2026-10-31T07:00:00Z", cause: SCHEDULE }),
        observe(t, { state: "running", at: "2026-10-31T19:00:00Z", cause: SCHEDULE }),
        // then local 2026-11-15 00:00 → 02:00 (2 h), by a person.
        observe(t, { state: "stopped", at: "2026-11-14T11:00:00Z", cause: PERSON }),
        observe(t, { state: "running", at: "2026-11-14T13:00:00Z", cause: PERSON }),
      ])),
      // bravo, 72 c/h: local 2026-11-01 10:00 → 13:00 (3 h), by the schedule; local 2026-11-30 22:00 → 2026-12-01 01:00 (2 h + 1 h).
      ...(await Promise.all([
        observe(b, { state: "stopped", at: "2026-10-31T21:00:00Z", cause: SCHEDULE }),
        observe(b, { state: "running", at: "2026-11-01T00:00:00Z", cause: SCHEDULE }),
        observe(b, { state: "stopped", at: "2026-11-30T09:00:00Z", cause: SCHEDULE }),
        observe(b, { state: "running", at: "2026-11-30T12:00:00Z", cause: SCHEDULE }),
      ])),
    ]);
    type Summary = { timezone: string; totalCents: number; topSavers: { name: string; savedCents: number; hoursAsleep: number }[] };
    type ByInstance = { items: { name: string; savedCents: number; hoursAsleep: number }[] };
    type BySchedule = { items: { causeKind: string; savedCents: number; hoursAsleep: number; databases: number }[] };
    const top = async (from: string, to: string) => (await get<Summary>(t.viewer, `/savings?from=${from}&to=${to}`)).topSavers.map((s) => [s.name, s.savedCents, s.hoursAsleep]);
    const perDb = async (from: string, to: string) => (await get<ByInstance>(t.viewer, `/savings/by-instance?from=${from}&to=${to}`)).items.map((s) => [s.name, s.savedCents, s.hoursAsleep]);
    const perCause = async (from: string, to: string) => (await get<BySchedule>(t.viewer, `/savings/by-schedule?from=${from}&to=${to}`)).items.map((s) => [s.causeKind, s.savedCents, s.hoursAsleep, s.databases]);

    // November: alpha 8 h + 2 h = 360 c, bravo 3 h + 2 h = 360 c (tie: by id); October: alpha 4 h.
    const november = await top("2026-11-01", "2026-11-30");
    expect(new Set(november.map(([n]) => n))).toEqual(new Set(["alpha", "bravo"]));
    expect(november.find(([n]) => n === "alpha")).toEqual(["alpha", 360, 10]);
    expect(november.find(([n]) => n === "bravo")).toEqual(["bravo", 360, 5]);
    expect(await top("2026-10-01", "2026-10-31")).toEqual([["alpha", 144, 4]]);
    // The two days around the month edge, the first of the month alone, and December's first day.
    expect(await top("2026-10-31", "2026-11-01")).toEqual([
      ["alpha", 432, 12],
      ["bravo", 216, 3],
    ]);
    expect(await top("2026-11-01", "2026-11-01")).toEqual([
      ["alpha", 288, 8],
      ["bravo", 216, 3],
    ]);
    expect(await top("2026-12-01", "2026-12-31")).toEqual([["bravo", 72, 1]]);
    expect(await top("2026-11-02", "2026-11-14")).toEqual([]);
    expect(await perDb("2026-11-15", "2026-12-01")).toEqual([
      ["bravo", 216, 3],
      ["alpha", 72, 2],
    ]);
    expect(await perCause("2026-11-01", "2026-11-30")).toEqual([
      ["schedule", 648, 13, 2],
      ["user", 72, 2, 1],
    ]);
    expect(await perCause("2026-10-01", "2026-10-31")).toEqual([["schedule", 144, 4, 1]]);

    // Every range over these days, per database and per cause, equals the sum of its daily rows
    // (the reference the running totals replace).
    const days = ["2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02", "2026-11-14", "2026-11-15", "2026-11-30", "2026-12-01", "2026-12-02"];
    for (const from of days) {
      for (const to of days.filter((d) => d >= from)) {
        const reference = (await dailySums(t.orgId, from, to)).map((r) => [r.instanceId, r.causeKind, Number(r.saved)]).sort();
        const byCause = (await rangeSumsByCause(db, t.orgId, from, to)).map((r) => [r.instanceId, r.causeKind, Number(r.saved)]).sort();
        expect(byCause, `${from}..${to}`).toEqual(reference);
        const perInstance = new Map<string, number>();
        for (const [id, , saved] of reference) perInstance.set(id as string, (perInstance.get(id as string) ?? 0) + (saved as number));
        expect(new Map((await rangeSumsByInstance(db, t.orgId, from, to)).map((r) => [r.instanceId, Number(r.saved)])), `${from}..${to}`).toEqual(perInstance);
      }
    }
  });

  it("projects the fleet's 24/7 cost from the rollup exactly as from every database's price history, across a DST change", async () => {
    const t = await tenant({ timeZone: "Europe/Berlin" });
    const at = (s: string) => new Date(s);
    // alpha: 36 c/h, then 50 c/h from the night of the DST change (2026-10-25, a 25-hour day), then
    // unknown for a day, then 40 c/h; bravo: no history, a catalog price until it was removed
    // mid-day; charlie: unknown price (adds nothing); delta: priced 0 (adds nothing).
    await db.insert(instancePrices).values([
      { orgId: t.orgId, instanceId: t.instanceId, effectiveFrom: at("2026-10-01T00:00:00Z"), hourlyMicros: PRICE, source: "override" },
      { orgId: t.orgId, instanceId: t.instanceId, effectiveFrom: at("2026-10-25T01:30:00Z"), hourlyMicros: 500_000, source: "override" },
      { orgId: t.orgId, instanceId: t.instanceId, effectiveFrom: at("2026-10-27T12:00:00.250Z"), hourlyMicros: null, source: "unknown" },
      { orgId: t.orgId, instanceId: t.instanceId, effectiveFrom: at("2026-10-28T12:00:00Z"), hourlyMicros: 400_000, source: "override" },
    ]);
    await db.update(instances).set({ hourlyPriceMicros: 400_000, priceSource: "override" }).where(eq(instances.id, t.instanceId));
    await addInstance(t.orgId, t.accountId, { hourlyPriceMicros: 123_457, priceSource: "catalog 2026-11", deletedAt: at("2026-10-26T15:20:33.500Z") });
    await addInstance(t.orgId, t.accountId, { hourlyPriceMicros: 0, priceSource: "unknown" });
    await addInstance(t.orgId, t.accountId, { hourlyPriceMicros: 0, priceSource: "override" });
    // As discovery and the price sync do after such changes.
    await db.batch(fleetRateStatements(db, t.orgId));

    const [rows, prices] = await db.batch(fleetQueries(db, t.orgId));
    const now = Date.parse("2026-10-29T10:15:00Z");
    const range = resolveRange({ from: "2026-09-28", to: "2026-10-30" }, "Europe/Berlin", now);
    const reference = dailySeries(range, [], fleetRate(fleetOf(rows, prices, now)), now);
    const fromRollup = dailySeries(range, [], await fleetRateQuery(db, t.orgId), now);
    expect(fromRollup).toEqual(reference);
    // Hand-checked days: before any price change the first price applies (24 h × 36 c + bravo's 24 h);
    // the 25-hour day of the change; the day after "now" costs nothing yet.
    const day = (d: string) => fromRollup.find((x) => x.day === d)!.projectedCostCents;
    expect(day("2026-09-28")).toBe(Math.round((24 * PRICE + 24 * 123_457) / 10_000));
    // 2026-10-25 Berlin: 00:00 CEST = 10-24T22:00Z; the change at 01:30Z is 3.5 h in; the day has 25 h.
    expect(day("2026-10-25")).toBe(Math.round((3.5 * PRICE + 21.5 * 500_000 + 25 * 123_457) / 10_000));
    expect(day("2026-10-30")).toBe(0);

    // Through the API, days before today: the same as the reference computed now.
    const items = (await get<{ items: { day: string; projectedCostCents: number }[] }>(t.viewer, "/savings/daily?from=2026-09-28&to=2026-10-28")).items;
    const [rowsNow, pricesNow] = await db.batch(fleetQueries(db, t.orgId));
    const apiRange = resolveRange({ from: "2026-09-28", to: "2026-10-28" }, "Europe/Berlin", Date.now());
    expect(items.map((i) => [i.day, i.projectedCostCents])).toEqual(dailySeries(apiRange, [], fleetRate(fleetOf(rowsNow, pricesNow, Date.now())), Date.now()).map((i) => [i.day, i.projectedCostCents]));
  });

  it("follows a price set through the API and a disconnected account: the projected cost moves with them", async () => {
    const t = await tenant();
    await deliver(await Promise.all([observe(t, { state: "stopped", at: Date.now() - 30 * HOUR }), observe(t, { state: "running", at: Date.now() - 28 * HOUR })]));
    const projectedToday = async () => {
      const items = (await get<{ items: { projectedCostCents: number }[] }>(t.viewer, "/savings/daily")).items;
      return items.at(-2)!.projectedCostCents; // yesterday: a whole day
    };
    // Yesterday at 36 c/h: 864 c (the first price applies before its own date).
    expect(await projectedToday()).toBe(864);
    const res = await api(`/instances/${t.instanceId}/price`, { method: "PUT", headers: { ...bearer(t.admin), "content-type": "application/json" }, body: JSON.stringify({ hourlyPriceMicros: 720_000 }) });
    expect(res.status).toBe(200);
    // The new price is effective now: yesterday keeps the old one, and the rollup has a breakpoint now.
    expect(await projectedToday()).toBe(864);
    expect((await db.select().from(savingsFleetRate).where(eq(savingsFleetRate.orgId, t.orgId))).map((r) => r.rateMicros)).toEqual([PRICE, 720_000]);
    const del = await api(`/accounts/${t.accountId}`, { method: "DELETE", headers: bearer(t.admin) });
    expect(del.status).toBe(204);
    expect(await db.select().from(savingsFleetRate).where(eq(savingsFleetRate.orgId, t.orgId))).toEqual([]);
  });

  it("follows discovery: new priced databases count, a removed one stops counting from its removal", { timeout: 30_000 }, async () => {
    const { orgId, accountId } = await connectedSandbox(["fr-a", "fr-b"], "Fleet rate");
    const account = async () => (await db.select().from(cloudAccounts).where(eq(cloudAccounts.id, accountId)))[0]!;
    const matchesPriceHistory = async (now: number) => {
      const [rows, prices] = await db.batch(fleetQueries(db, orgId));
      const range = resolveRange({ from: "2026-10-20", to: "2026-10-30" }, "UTC", now);
      expect(dailySeries(range, [], await fleetRateQuery(db, orgId), now)).toEqual(dailySeries(range, [], fleetRate(fleetOf(rows, prices, now)), now));
    };
    const t0 = Date.parse("2026-10-21T10:00:00Z");
    await discoverAccount(env, await account(), null, t0);
    const priced = await db.select().from(instances).where(eq(instances.orgId, orgId));
    expect(priced.map((i) => [i.priceSource?.startsWith("catalog"), i.hourlyPriceMicros > 0])).toEqual([
      [true, true],
      [true, true],
    ]);
    const rate = await db.select().from(savingsFleetRate).where(eq(savingsFleetRate.orgId, orgId));
    expect(rate.map((r) => r.rateMicros)).toEqual([priced.reduce((a, i) => a + i.hourlyPriceMicros, 0)]);
    await matchesPriceHistory(Date.parse("2026-10-29T00:00:00Z"));

    // fr-b is gone from the cloud: from its removal on, the fleet costs fr-a's price alone.
    const listed = (await providerFor(await accountConfig(env, await account())).listDatabases()).databases;
    const without = { listDatabases: async () => ({ databases: listed.filter((d) => d.externalId !== "fr-b"), incomplete: [] }) };
    await discoverAccount(env, await account(), without as never, Date.parse("2026-10-25T06:00:00Z"));
    const after = await db.select().from(savingsFleetRate).where(eq(savingsFleetRate.orgId, orgId)).orderBy(asc(savingsFleetRate.at));
    expect(after.map((r) => [r.at, r.rateMicros])).toEqual([
      [ALWAYS, priced.reduce((a, i) => a + i.hourlyPriceMicros, 0)],
      [Date.parse("2026-10-25T06:00:00Z"), priced.find((i) => i.externalId === "fr-a")!.hourlyPriceMicros],
    ]);
    await matchesPriceHistory(Date.parse("2026-10-29T00:00:00Z"));
  });
});
