// The savings API: what an organization saved, per day, per database and per cause, in cents that
// match a hand computation of the ledger; CSV downloads; prices with their source (override,
// catalog less the account's discount, unknown); bad input answers 400 and another tenant's
// database 404; and every summary route reads rollups with at most five D1 statements.
import { describe, expect, inject, it } from "vitest";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { auditLog, instances, schedules } from "../../worker/db/schema.ts";
import { newId } from "../../worker/db/ids.ts";
import { catalogPrice } from "../../worker/pricing/catalog.ts";
import { priceBasisOf } from "../../worker/savings/price.ts";
import { dailyRollup, localDay } from "../../worker/savings/rollup.ts";
import { openDailyRows } from "../../worker/api/routes/savings/savings-read.ts";
import type { Database } from "../../worker/cloud/provider.ts";
import { withStatements } from "../helpers/statements.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { addInstance, db, deliver, HOUR, observe, tenant, type Observed, type Tenant } from "./savings-fixtures.ts";

const PERSON = { kind: "user" as const, id: "usr_ADA" };

/** The hand computation (UTC, 36 c/h): day -> cents. 10 h by the schedule, 6 h by a person, 1.5 h from outside. */
const DAYS: Record<string, number> = { "2026-11-02": 144, "2026-11-03": 360, "2026-11-04": 72, "2026-11-05": 54 };

async function week(): Promise<Tenant & { scheduleId: string }> {
  const t = await tenant();
  const scheduleId = newId("schedule");
  await db.insert(schedules).values({ id: scheduleId, orgId: t.orgId, name: "Nights", timezone: "UTC", definition: {}, selector: {} });
  const schedule = { kind: "schedule" as const, id: scheduleId };
  const observed: Observed[] = [
    { state: "stopped", at: "2026-11-02T20:00:00Z", cause: schedule },
    { state: "running", at: "2026-11-03T06:00:00Z", cause: schedule },
    { state: "stopped", at: "2026-11-03T20:00:00Z", cause: PERSON },
    { state: "running", at: "2026-11-04T02:00:00Z", cause: PERSON },
    { state: "stopped", at: "2026-11-05T12:00:00Z", cause: { kind: "cloud" }, type: "instance.state_changed" },
    { state: "running", at: "2026-11-05T13:30:00Z", cause: { kind: "cloud" }, type: "instance.state_changed" },
  ];
  await deliver(await Promise.all(observed.map((o) => observe(t, o))));
  return { ...t, scheduleId };
}

const get = async <T>(token: string, path: string): Promise<T> => {
  const res = await api(path, { headers: bearer(token) });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json<T>();
};

describe("savings in cents that match the ledger", () => {
  it("summarises a range: total, trend, month to date, all time, hours, top savers", async () => {
    const t = await week();
    const summary = await get<Record<string, unknown>>(t.viewer, "/savings?from=2026-11-02&to=2026-11-08");
    const today = localDay(Date.now(), "UTC");
    const sumDays = (from: string, to: string) => Object.entries(DAYS).reduce((a, [d, c]) => (d >= from && d <= to ? a + c : a), 0);
    const lastMonthStart = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 2, 1)).toISOString().slice(0, 10);
    expect(summary).toEqual({
      currency: "USD",
      timezone: "UTC",
      from: "2026-11-02",
      to: "2026-11-08",
      totalCents: 630,
      previousPeriodCents: 0,
      trendPercent: null,
      monthToDateCents: sumDays(`${today.slice(0, 7)}-01`, today),
      lastMonthSameDaysCents: sumDays(lastMonthStart, `${lastMonthStart.slice(0, 8)}${today.slice(8)}`),
      allTimeCents: 630,
      hoursAsleep: 17.5,
      ongoing: { databasesAsleep: 0, centsPerHour: 0, accruedCents: 0 },
      unpricedDatabases: 0,
      topSavers: [{ instanceId: t.instanceId, name: expect.any(String), provider: "aws", savedCents: 630, hoursAsleep: 17.5, priceSource: "override" }],
      storageNote: expect.stringMatching(/storage/i),
    });
    // The next week saved nothing: the trend against this one is -100%.
    expect(await get(t.viewer, "/savings?from=2026-11-09&to=2026-11-15")).toMatchObject({ totalCents: 0, previousPeriodCents: 630, trendPercent: -100 });
  });

  it("ranks top savers among every database, a sleep in progress included", async () => {
    const t = await tenant();
    const ids: string[] = [t.instanceId];
    for (let k = 2; k <= 7; k++) ids.push(await addInstance(t.orgId, t.accountId, { priceOverrideMicros: 360_000 }));
    // Database k (1..7) slept k hours on 2 November.
    for (const [k, instanceId] of ids.entries()) {
      const who = { ...t, instanceId };
      await deliver(await Promise.all([observe(who, { state: "stopped", at: "2026-11-02T00:00:00Z" }), observe(who, { state: "running", at: Date.parse("2026-11-02T00:00:00Z") + (k + 1) * HOUR })]));
    }
    // And one more has been asleep for ten hours now.
    const sleeper = await addInstance(t.orgId, t.accountId, { priceOverrideMicros: 360_000 });
    await deliver([await observe({ ...t, instanceId: sleeper }, { state: "stopped", at: Date.now() - 10 * HOUR })]);
    const today = localDay(Date.now(), "UTC");
    const summary = await get<{ topSavers: { instanceId: string; savedCents: number; priceSource: unknown }[] }>(t.viewer, `/savings?from=2026-11-02&to=${today}`);
    // Each with its database's own price source, also the one asleep now (its ledger row has a
    // price_source column of its own that must not shadow the database's).
    expect(summary.topSavers.map((s) => s.priceSource)).toEqual(["override", "override", "override", "override", "override"]);
    expect(summary.topSavers.map((s) => [s.instanceId, s.savedCents])).toEqual([
      [sleeper, 360],
      [ids[6], 252],
      [ids[5], 216],
      [ids[4], 180],
      [ids[3], 144],
    ]);
  });

  it("gives each day's saved, actual and projected (24/7) cost", async () => {
    const t = await week();
    const daily = await get<{ items: unknown[] }>(t.viewer, "/savings/daily?from=2026-11-02&to=2026-11-06");
    // Running all day at 36 c/h costs 864 c; actual = projected - saved.
    expect(daily).toEqual({
      currency: "USD",
      timezone: "UTC",
      from: "2026-11-02",
      to: "2026-11-06",
      items: [
        { day: "2026-11-02", savedCents: 144, hoursAsleep: 4, projectedCostCents: 864, actualCostCents: 720 },
        { day: "2026-11-03", savedCents: 360, hoursAsleep: 10, projectedCostCents: 864, actualCostCents: 504 },
        { day: "2026-11-04", savedCents: 72, hoursAsleep: 2, projectedCostCents: 864, actualCostCents: 792 },
        { day: "2026-11-05", savedCents: 54, hoursAsleep: 1.5, projectedCostCents: 864, actualCostCents: 810 },
        { day: "2026-11-06", savedCents: 0, hoursAsleep: 0, projectedCostCents: 864, actualCostCents: 864 },
      ],
    });
    const one = await get<{ items: { savedCents: number }[] }>(t.viewer, `/savings/daily?from=2026-11-02&to=2026-11-06&instanceId=${t.instanceId}`);
    expect(one.items.map((d) => d.savedCents)).toEqual([144, 360, 72, 54, 0]);
  });

  it("breaks savings down by database and by cause, with names and price sources", async () => {
    const t = await week();
    const byInstance = await get<{ items: unknown[] }>(t.viewer, "/savings/by-instance?from=2026-11-01&to=2026-11-30");
    expect(byInstance.items).toEqual([
      {
        instanceId: t.instanceId,
        name: expect.any(String),
        provider: "aws",
        region: "us-east-1",
        engine: "postgres",
        instanceClass: null,
        hourlyPriceMicros: 360_000,
        priceSource: "override",
        discountPercent: 0,
        savedCents: 630,
        hoursAsleep: 17.5,
        asleepNow: false,
      },
    ]);
    const byCause = await get<{ items: unknown[] }>(t.viewer, "/savings/by-schedule?from=2026-11-01&to=2026-11-30");
    expect(byCause.items).toEqual([
      { causeKind: "schedule", causeId: t.scheduleId, name: "Nights", savedCents: 360, hoursAsleep: 10, databases: 1 },
      { causeKind: "user", causeId: "usr_ADA", name: expect.stringMatching(/person/i), savedCents: 216, hoursAsleep: 6, databases: 1 },
      { causeKind: "cloud", causeId: null, name: expect.stringMatching(/outside SnoozeQL/i), savedCents: 54, hoursAsleep: 1.5, databases: 1 },
    ]);
    const one = await get<Record<string, unknown>>(t.viewer, `/instances/${t.instanceId}/savings?from=2026-11-02&to=2026-11-05`);
    expect(one).toMatchObject({ instanceId: t.instanceId, hourlyPriceMicros: 360_000, priceSource: "override", totalCents: 630, asleepNow: false, ongoingCents: 0 });
    expect((one.items as { savedCents: number }[]).map((d) => d.savedCents)).toEqual([144, 360, 72, 54]);
  });

  it("counts a sleep in progress up to now: ongoing, today's savings, asleep now", async () => {
    const t = await tenant();
    await deliver([await observe(t, { state: "stopped", at: Date.now() - 2 * HOUR, cause: PERSON })]);
    const summary = await get<{ ongoing: unknown; totalCents: number }>(t.viewer, "/savings");
    // Two hours at 36 c/h so far.
    expect(summary.ongoing).toEqual({ databasesAsleep: 1, centsPerHour: 36, accruedCents: 72 });
    expect(summary.totalCents).toBe(72);
    const byInstance = await get<{ items: { asleepNow: boolean; savedCents: number }[] }>(t.viewer, "/savings/by-instance");
    expect(byInstance.items[0]).toMatchObject({ asleepNow: true, savedCents: 72 });
    expect(await get(t.viewer, `/instances/${t.instanceId}/savings`)).toMatchObject({ asleepNow: true, ongoingCents: 72, totalCents: 72 });
  });

  it("downloads each table as CSV", async () => {
    const t = await week();
    for (const [path, header, rows] of [
      ["/savings/daily?from=2026-11-02&to=2026-11-05&format=csv", "day,saved_cents,hours_asleep,actual_cost_cents,projected_cost_cents", 4],
      ["/savings/by-instance?from=2026-11-01&to=2026-11-30&format=csv", "instance_id,name,provider,region,engine,instance_class,hourly_price_micros,price_source,discount_percent,saved_cents,hours_asleep,asleep_now", 1],
      ["/savings/by-schedule?from=2026-11-01&to=2026-11-30&format=csv", "cause_kind,cause_id,name,saved_cents,hours_asleep,databases", 3],
      [`/instances/${t.instanceId}/savings?from=2026-11-02&to=2026-11-05&format=csv`, "day,saved_cents,hours_asleep,actual_cost_cents,projected_cost_cents", 4],
    ] as const) {
      const res = await api(path, { headers: bearer(t.viewer) });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/csv");
      expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.csv"$/);
      const lines = (await res.text()).trimEnd().split("\r\n");
      expect(lines[0]).toBe(header);
      expect(lines).toHaveLength(rows + 1);
    }
    const daily = await (await api("/savings/daily?from=2026-11-03&to=2026-11-03&format=csv", { headers: bearer(t.viewer) })).text();
    expect(daily.split("\r\n")[1]).toBe('"2026-11-03","360","10","504","864"');
  });

  it("answers bad ranges and bad prices with 400 problem+json", async () => {
    const t = await tenant();
    for (const query of ["from=2026-02-30", "from=2026-11-10&to=2026-11-01", "from=2025-01-01&to=2026-11-01", "to=yesterday", "format=xml"]) {
      const res = await api(`/savings/daily?${query}`, { headers: bearer(t.viewer) });
      expect(res.status, query).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect((await res.json<{ errors: unknown[] }>()).errors.length, query).toBeGreaterThan(0);
    }
    expect((await api("/savings?from=2026-11-10&to=2026-11-01", { headers: bearer(t.viewer) })).status).toBe(400);
    for (const body of [{ hourlyPriceMicros: 0 }, { hourlyPriceMicros: -5 }, { hourlyPriceMicros: 1.5 }, { hourlyPriceMicros: "72000" }, {}]) {
      const res = await api(`/instances/${t.instanceId}/price`, { method: "PUT", headers: bearer(t.admin), body: JSON.stringify(body) });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
    for (const body of [{ discountPercent: 30.125 }, { discountPercent: 101 }, { discountPercent: -1 }, { discountPercent: "30" }]) {
      const res = await api(`/accounts/${t.accountId}/pricing`, { method: "PUT", headers: bearer(t.admin), body: JSON.stringify(body) });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });

  it("never shows another organization's database: 404", async () => {
    const t = await week();
    const other = await createOrgDirect("Other");
    const outsider = await tokenFor(other.orgId, "owner");
    for (const path of [`/instances/${t.instanceId}/savings`, `/savings/daily?instanceId=${t.instanceId}`]) {
      const res = await api(path, { headers: bearer(outsider) });
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
    const put = await api(`/instances/${t.instanceId}/price`, { method: "PUT", headers: bearer(outsider), body: JSON.stringify({ hourlyPriceMicros: 1 }) });
    expect(put.status).toBe(404);
    const [row] = await db.select().from(instances).where(eq(instances.id, t.instanceId));
    expect(row!.priceOverrideMicros).toBe(360_000);
    // The outsider's own summary is empty.
    expect(await get(outsider, "/savings?from=2026-11-01&to=2026-11-30")).toMatchObject({ totalCents: 0, allTimeCents: 0, topSavers: [] });
  });

  it("reads rollups with at most five D1 statements per savings route", async () => {
    const t = await week();
    await deliver([await observe(t, { state: "stopped", at: Date.now() - HOUR, cause: PERSON })]);
    for (const path of [
      "/savings?from=2026-11-01&to=2026-11-30",
      "/savings/daily?from=2026-11-01&to=2026-11-30",
      `/savings/daily?from=2026-11-01&to=2026-11-30&instanceId=${t.instanceId}`,
      "/savings/by-instance",
      "/savings/by-schedule",
      `/instances/${t.instanceId}/savings`,
      "/savings/daily?format=csv",
    ]) {
      const { status, statements } = await withStatements(t.viewer, path);
      expect(status, path).toBe(200);
      expect(statements.length, `${path}: ${statements.join("\n")}`).toBeLessThanOrEqual(5);
      // The counter sees the route's reads: the rollups, or, for a range read before at the same
      // savings version (the CSV's default range is the month above), the head statement alone.
      const memoized = statements.length === 1 && statements[0]!.includes('"savings_version"');
      expect(memoized || statements.some((s) => s.includes('"savings_daily"') || s.includes('"savings"')), path).toBe(true);
      // Never the events table: cost grows with days x databases, not with events.
      expect(statements.some((s) => s.includes('"events"')), path).toBe(false);
    }
  });
});

describe("sleeps in progress at read time", () => {
  it("are booked per day exactly as the ledger's daily rollup books them (DST included)", () => {
    const now = Date.parse("2026-11-02T09:17:23.456Z");
    for (const zone of ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Pacific/Chatham"]) {
      for (const hoursAgo of [0.01, 2, 30, 75.5, 200]) {
        const from = now - Math.round(hoursAgo * HOUR) - 777;
        const interval = { id: `i:${from}`, from, until: null, causeKind: "schedule" as const, causeId: "sch_X", hourlyMicros: 123_457, priceSource: "override", penaltyMicros: 0, endedBy: "open" as const };
        const expected = dailyRollup([interval], zone, now).map((r) => ({ ...r, instanceId: "ins_X" }));
        expect(openDailyRows([{ ...interval, instanceId: "ins_X" }], zone, now), `${zone} ${hoursAgo} h`).toEqual(expected);
      }
    }
  });
});

describe("prices and where they come from", () => {
  const BASIS = { provider: "aws", kind: "rds_instance", region: "us-east-1", engine: "postgres", instanceClass: "db.t3.medium", multiAz: false, licenseModel: "postgresql-license" } as const;

  it("prices from the catalog, less the account's discount, and says so", async () => {
    const catalog = catalogPrice(BASIS);
    expect(catalog, "the catalog knows db.t3.medium postgres in us-east-1").not.toBeNull();
    const t = await tenant({ priceMicros: null, instance: { priceBasis: { ...BASIS } } });
    // Any state event reprices the database.
    await deliver([await observe(t, { state: "stopped", at: Date.now() - HOUR })]);
    expect(await get(t.viewer, `/instances/${t.instanceId}`)).toMatchObject({ hourlyPriceMicros: catalog!.hourlyMicros, priceSource: catalog!.source });

    const res = await api(`/accounts/${t.accountId}/pricing`, { method: "PUT", headers: bearer(t.admin), body: JSON.stringify({ discountPercent: 30 }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accountId: t.accountId, discountPercent: 30, repricedDatabases: 1 });
    const discounted = Math.floor((catalog!.hourlyMicros * 7000 + 5000) / 10000);
    expect(await get(t.viewer, `/instances/${t.instanceId}`)).toMatchObject({ hourlyPriceMicros: discounted, priceSource: `${catalog!.source} −30%` });
    expect(await get(t.viewer, "/savings/by-instance")).toMatchObject({ items: [{ hourlyPriceMicros: discounted, discountPercent: 30, asleepNow: true }] });
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.orgId, t.orgId), eq(auditLog.action, "account.pricing_changed")));
    expect(entry!.summary).toEqual({ before: { discountBps: 0 }, after: { discountBps: 3000 } });

    // An override wins and is not discounted; clearing it goes back to the catalog.
    let put = await api(`/instances/${t.instanceId}/price`, { method: "PUT", headers: bearer(t.admin), body: JSON.stringify({ hourlyPriceMicros: 50_000 }) });
    expect(await put.json()).toMatchObject({ hourlyPriceMicros: 50_000, priceSource: "override" });
    put = await api(`/instances/${t.instanceId}/price`, { method: "PUT", headers: bearer(t.admin), body: JSON.stringify({ hourlyPriceMicros: null }) });
    expect(await put.json()).toMatchObject({ hourlyPriceMicros: discounted, priceSource: `${catalog!.source} −30%` });
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.orgId, t.orgId), eq(auditLog.action, "instance.price_set")));
    expect(audits).toHaveLength(2);
  });

  it("shows an unknown price as null with source 'unknown', never $0, in lists and the schedule preview", async () => {
    const t = await tenant({ priceMicros: null, instance: { tags: { env: "dev" } } });
    const list = await get<{ data: { id: string; hourlyPriceMicros: number | null; priceSource: string }[] }>(t.viewer, "/instances");
    expect(list.data.find((i) => i.id === t.instanceId)).toMatchObject({ hourlyPriceMicros: null, priceSource: "unknown" });
    expect(await get(t.viewer, "/savings")).toMatchObject({ unpricedDatabases: 1 });

    const owner = await tokenFor(t.orgId, "owner");
    const created = await api("/schedules", {
      method: "POST",
      headers: bearer(owner),
      body: JSON.stringify({ name: "Office hours", timezone: "UTC", periods: [{ begin: "09:00", end: "17:00", weekdays: ["mon-fri"] }], selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] } }),
    });
    const { id } = await created.json<{ id: string }>();
    let preview = await get<{ databases: { hourlyPriceMicros: number | null; priceSource: string; projectedSavingsCents: number; hoursAsleep: number }[]; unpricedDatabases: number }>(t.viewer, `/schedules/${id}/preview?days=7`);
    expect(preview.databases[0]).toMatchObject({ hourlyPriceMicros: null, priceSource: "unknown", projectedSavingsCents: 0 });
    expect(preview.unpricedDatabases).toBe(1);

    await api(`/instances/${t.instanceId}/price`, { method: "PUT", headers: bearer(t.admin), body: JSON.stringify({ hourlyPriceMicros: 360_000 }) });
    preview = await get(t.viewer, `/schedules/${id}/preview?days=7`);
    const [d] = preview.databases;
    expect(d).toMatchObject({ hourlyPriceMicros: 360_000, priceSource: "override" });
    // 7 days with 40 office hours: about 128 hours asleep x 36 c.
    expect(d!.hoursAsleep).toBeGreaterThan(100);
    expect(Math.abs(d!.projectedSavingsCents - d!.hoursAsleep * 36)).toBeLessThanOrEqual(1);
    expect(preview.unpricedDatabases).toBe(0);
  });

  it("builds the price basis from what the cloud said (RDS license model, Cloud SQL edition and HA)", () => {
    const base = { resourceName: null, engineVersion: null, cloudStatus: "available", state: "running", tags: {}, eligible: true, name: "x", externalId: "x" } as const;
    expect(priceBasisOf({ ...base, provider: "aws", kind: "rds_instance", region: "eu-central-1", engine: "sqlserver-se", instanceClass: "db.m5.large", multiAz: false, licenseModel: "license-included" } as Database)).toEqual({
      provider: "aws",
      kind: "rds_instance",
      region: "eu-central-1",
      engine: "sqlserver-se",
      instanceClass: "db.m5.large",
      multiAz: false,
      licenseModel: "license-included",
    });
    expect(
      priceBasisOf({ ...base, provider: "gcp", kind: "cloudsql_instance", region: "europe-west1", engine: "postgres", engineVersion: "POSTGRES_15", instanceClass: "db-custom-2-7680", multiAz: true, edition: "ENTERPRISE_PLUS" } as Database),
    ).toEqual({ provider: "gcp", kind: "cloudsql_instance", region: "europe-west1", engine: "POSTGRES_15", instanceClass: "db-custom-2-7680", multiAz: true, edition: "ENTERPRISE_PLUS" });
    expect(
      priceBasisOf({
        ...base,
        provider: "aws",
        kind: "aurora_cluster",
        region: "us-east-1",
        engine: "aurora-postgresql",
        instanceClass: "db.serverless",
        members: [{ externalId: "w", instanceClass: "db.serverless", writer: true, cloudStatus: "available" }],
        serverless: { minCapacity: 0.5, maxCapacity: 8, secondsUntilAutoPause: 300 },
      } as Database),
    ).toMatchObject({ members: [{ instanceClass: "db.serverless" }], serverless: { minCapacity: 0.5, maxCapacity: 8 } });
  });

  it("discovery stores each database's price basis and catalog price", async () => {
    const SIM = inject("simUrl");
    const sim = async <T>(path: string, body: unknown): Promise<T> => {
      const res = await fetch(`${SIM}/__sim${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<T>;
    };
    const cloud = await sim<{ accountId: string; accessKeyId: string; secretAccessKey: string }>("/aws/accounts", { regions: ["us-east-1"], durations: "instant" });
    await sim(`/aws/accounts/${cloud.accountId}/instances`, { region: "us-east-1", id: "orders-dev", engine: "postgres", instanceClass: "db.t3.medium" });
    const { orgId } = await createOrgDirect("Discovery prices");
    const owner = await tokenFor(orgId, "owner");
    const res = await api("/accounts", {
      method: "POST",
      headers: bearer(owner),
      body: JSON.stringify({ provider: "aws", connection: "access_keys", name: "sandbox", regions: ["us-east-1"], accessKeyId: cloud.accessKeyId, secretAccessKey: cloud.secretAccessKey, endpoint: SIM }),
    });
    const { id: accountId } = await res.json<{ id: string }>();
    await env.ACCOUNT_AGENT.get(env.ACCOUNT_AGENT.idFromName(accountId)).tick({ accountId, orgId, tickId: "prices-1", scheduledAt: Date.now(), reason: "sync" });
    const [row] = await db.select().from(instances).where(eq(instances.cloudAccountId, accountId));
    expect(row!.priceBasis).toEqual(BASIS);
    const catalog = catalogPrice(BASIS)!;
    expect(row).toMatchObject({ hourlyPriceMicros: catalog.hourlyMicros, priceSource: catalog.source });
  });
});
