// Recommendations through the API, on D1 rows seeded from the simulator's usage patterns: the
// analysis proposes schedules for idle patterns and says why for the rest; re-analysis updates in
// place; a dismissed proposal stays dismissed until it changes materially; apply creates a
// schedule for that database or adds it to a matching one it wrote before, with audit entries; the
// cron tick analyses due databases once a day; and the metrics route serves a database's hours.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { auditLog, metrics, recommendations, schedules } from "../../worker/db/schema.ts";
import type { UsagePattern } from "../../sim/state/model.ts";
import { analyzeDue, analyzeOrganization, dueForAnalysis } from "../../worker/recommendations/analyze.ts";
import { evaluateSchedule, matchesSelector, ScheduleDefinitionSchema } from "../../worker/schedules/index.ts";
import { api, bearer } from "../helpers/auth.ts";
import { simulatedSeries, type HourlySeries } from "../recommendations/usage-series.ts";
import { addInstance, db, tenant } from "./savings-fixtures.ts";

const HOUR = 3_600_000;
const PRICE = 72_000; // $0.072 an hour

interface Rec {
  id: string;
  kind: "schedule" | "skipped" | "waiting";
  status: string;
  instance: { id: string; name: string };
  summary: string;
  reason: string | null;
  confidence: string | null;
  confidencePercent: number;
  proposedSchedule: Record<string, unknown> | null;
  projection: { asleepHoursPerWeek: number; monthlySavingsCents: number | null; currency: string } | null;
  evidence: { activePercent: (number | null)[]; proposedAwake: boolean[] | null; timezone: string } | null;
  appliedScheduleId: string | null;
}

async function seedMetrics(orgId: string, instanceId: string, s: HourlySeries) {
  const rows = [
    ...s.cpu.map((r) => ({ metric: "cpu", ...r })),
    ...s.connections.map((r) => ({ metric: "connections", ...r })),
  ].map((r) => ({ orgId, instanceId, metric: r.metric, hourStart: new Date(r.hourStart), avg: r.avg, max: r.max, min: r.avg, samples: 12 }));
  for (let i = 0; i < rows.length; i += 10) await db.insert(metrics).values(rows.slice(i, i + 10));
}

const now = () => Math.floor(Date.now() / HOUR) * HOUR;

async function fleet(patterns: Record<string, UsagePattern>, opts: { days?: number } = {}) {
  const t = await tenant({ instance: { name: "first-db", hourlyPriceMicros: PRICE, priceSource: "override" } });
  const ids: Record<string, string> = {};
  for (const [name, pattern] of Object.entries(patterns)) {
    const id = await addInstance(t.orgId, t.accountId, { name, hourlyPriceMicros: PRICE, priceSource: "override" });
    await seedMetrics(t.orgId, id, simulatedSeries(pattern, { now: now(), days: opts.days ?? 14, resourceKey: name }));
    ids[name] = id;
  }
  return { ...t, ids };
}

async function list(token: string): Promise<{ items: Rec[]; skipped: Rec[] }> {
  const res = await api("/recommendations", { headers: bearer(token) });
  expect(res.status).toBe(200);
  return res.json();
}

const post = (token: string, path: string, body: unknown = {}) => api(path, { method: "POST", headers: bearer(token), body: JSON.stringify(body) });

describe("analysis and the list", () => {
  it("proposes schedules for office hours and a nightly batch, and says why for busy, irregular, new and replica databases", async () => {
    const t = await fleet({ "orders-dev": "office-hours", "reports-dev": "nightly-batch", "perf-staging": "always-busy", "search-dev": "noisy" });
    await addInstance(t.orgId, t.accountId, { name: "orders-replica", eligible: false, ineligibleReason: "read replica of orders-dev" });

    const res = await post(t.admin, "/recommendations/analyze");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ analyzed: 6, proposed: 2, skipped: 3, waiting: 1 });

    const { items, skipped } = await list(t.viewer);
    const byName = (rs: Rec[], name: string) => rs.find((r) => r.instance.name === name)!;
    const office = byName(items, "orders-dev");
    expect(office).toMatchObject({ kind: "schedule", status: "open", confidence: "high" });
    expect(office.proposedSchedule).toMatchObject({ timezone: "UTC", periods: [{ begin: "07:00", end: "19:00", weekdays: ["mon-fri"] }] });
    // 108 h a week asleep at $0.072: $33.79 a month (see test/recommendations/detect.test.ts).
    expect(office.projection).toMatchObject({ asleepHoursPerWeek: 108, monthlySavingsCents: 3379, currency: "USD" });
    expect(office.evidence!.activePercent).toHaveLength(168);
    expect(office.evidence!.activePercent[2 * 24 + 12]).toBe(100); // Wednesday noon
    expect(office.evidence!.activePercent[2 * 24 + 3]).toBe(0); // Wednesday 03:00
    expect(byName(items, "reports-dev").proposedSchedule).toMatchObject({ periods: [{ begin: "00:00", end: "03:00" }] });
    expect(items[0]!.instance.name).toBe("reports-dev"); // the biggest saving first

    expect(byName(skipped, "perf-staging")).toMatchObject({ kind: "skipped", reason: "busy" });
    expect(byName(skipped, "search-dev")).toMatchObject({ kind: "skipped", reason: "irregular" });
    expect(byName(skipped, "orders-replica")).toMatchObject({ kind: "skipped", reason: "ineligible" });
    expect(byName(skipped, "orders-replica").summary).toContain("read replica of orders-dev");
    expect(byName(skipped, "first-db")).toMatchObject({ kind: "waiting", reason: "not-enough-data" });
  });

  it("re-analysis updates rows in place; a dismissed proposal stays dismissed until the pattern changes materially", async () => {
    const t = await fleet({ "crm-staging": "office-hours" });
    const id = t.ids["crm-staging"]!;
    await analyzeOrganization(env, t.orgId, now());
    await analyzeOrganization(env, t.orgId, now());
    const rows = () => db.select().from(recommendations).where(and(eq(recommendations.orgId, t.orgId), eq(recommendations.instanceId, id)));
    expect(await rows()).toHaveLength(1);

    const rec = (await list(t.viewer)).items.find((r) => r.instance.id === id)!;
    const dismissed = await post(t.admin, `/recommendations/${rec.id}/dismiss`);
    expect(dismissed.status).toBe(200);
    expect(await dismissed.json()).toMatchObject({ status: "dismissed" });
    await analyzeOrganization(env, t.orgId, now());
    expect((await rows()).map((r) => r.status)).toEqual(["dismissed"]);

    // The database turns into a nightly batch job: a materially different proposal comes back open.
    await db.delete(metrics).where(eq(metrics.instanceId, id));
    await seedMetrics(t.orgId, id, simulatedSeries("nightly-batch", { now: now(), days: 14 }));
    await analyzeOrganization(env, t.orgId, now());
    const after = await rows();
    expect(after).toHaveLength(1);
    expect(after[0]!.status).toBe("open");
    expect(after[0]!.proposedSchedule).toMatchObject({ periods: [{ begin: "00:00", end: "03:00" }] });
    expect(await db.select().from(auditLog).where(and(eq(auditLog.orgId, t.orgId), eq(auditLog.action, "recommendation.dismissed")))).toHaveLength(1);
  });

  it("a database that becomes busy loses its open proposal and shows why instead", async () => {
    const t = await fleet({ "qa-db": "office-hours" });
    const id = t.ids["qa-db"]!;
    await analyzeOrganization(env, t.orgId, now());
    await db.delete(metrics).where(eq(metrics.instanceId, id));
    await seedMetrics(t.orgId, id, simulatedSeries("always-busy", { now: now(), days: 14 }));
    await analyzeOrganization(env, t.orgId, now());
    const { items, skipped } = await list(t.viewer);
    expect(items.filter((r) => r.instance.id === id)).toEqual([]);
    expect(skipped.find((r) => r.instance.id === id)).toMatchObject({ reason: "busy" });
  });
});

describe("apply", () => {
  it("creates a schedule for that database, then adds a second database with the same pattern to it", async () => {
    const t = await fleet({ "orders-dev": "office-hours", "billing-dev": "office-hours" });
    await post(t.admin, "/recommendations/analyze");
    const { items } = await list(t.viewer);
    const first = items.find((r) => r.instance.name === "orders-dev")!;
    const second = items.find((r) => r.instance.name === "billing-dev")!;

    const res = await post(t.admin, `/recommendations/${first.id}/apply`);
    expect(res.status).toBe(200);
    const applied = await res.json<{ recommendation: Rec; schedule: { id: string; name: string; created: boolean } }>();
    expect(applied.schedule).toMatchObject({ name: "Recommended: orders-dev", created: true });
    expect(applied.recommendation).toMatchObject({ status: "applied", appliedScheduleId: applied.schedule.id });

    const [row] = await db.select().from(schedules).where(eq(schedules.id, applied.schedule.id));
    const def = ScheduleDefinitionSchema.parse(row!.definition);
    const facts = (name: string) => ({ name, cloudAccountId: t.accountId, provider: "aws" as const, region: "us-east-1", engine: "postgres", tags: {} });
    expect(matchesSelector(def.selector, facts("orders-dev"))).toBe(true);
    expect(matchesSelector(def.selector, facts("billing-dev"))).toBe(false);
    expect(evaluateSchedule(def, Date.UTC(2026, 10, 25, 12))).toBe("running"); // a Wednesday noon
    expect(evaluateSchedule(def, Date.UTC(2026, 10, 25, 23))).toBe("stopped");

    const joined = await post(t.admin, `/recommendations/${second.id}/apply`);
    expect(joined.status).toBe(200);
    expect((await joined.json<{ schedule: { id: string; created: boolean } }>()).schedule).toEqual({ id: applied.schedule.id, name: "Recommended: orders-dev", created: false });
    const [extended] = await db.select().from(schedules).where(eq(schedules.id, applied.schedule.id));
    const extendedDef = ScheduleDefinitionSchema.parse(extended!.definition);
    expect(matchesSelector(extendedDef.selector, facts("orders-dev"))).toBe(true);
    expect(matchesSelector(extendedDef.selector, facts("billing-dev"))).toBe(true);
    expect(matchesSelector(extendedDef.selector, facts("orders-dev-2"))).toBe(false);
    expect(await db.select().from(schedules).where(eq(schedules.orgId, t.orgId))).toHaveLength(1);

    const actions = (await db.select().from(auditLog).where(eq(auditLog.orgId, t.orgId))).map((a) => a.action).sort();
    expect(actions).toEqual(["recommendation.applied", "recommendation.applied", "recommendations.analyzed", "schedule.created", "schedule.updated"]);

    // Applying twice is refused; so is applying a skip.
    expect((await post(t.admin, `/recommendations/${first.id}/apply`)).status).toBe(409);
    // Re-analysis leaves the applied rows applied (the schedule now governs them).
    await analyzeOrganization(env, t.orgId, now());
    const after = await list(t.viewer);
    expect(after.items.filter((r) => r.status === "applied").map((r) => r.instance.name).sort()).toEqual(["billing-dev", "orders-dev"]);
  });

  it("refuses to apply or dismiss a database with nothing proposed (409 problem+json)", async () => {
    const t = await fleet({ "perf-staging": "always-busy" });
    await analyzeOrganization(env, t.orgId, now());
    const busy = (await list(t.viewer)).skipped.find((r) => r.instance.name === "perf-staging")!;
    const res = await post(t.admin, `/recommendations/${busy.id}/apply`);
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect((await res.json<{ detail: string }>()).detail).toMatch(/Busy/);
    expect((await post(t.admin, `/recommendations/${busy.id}/dismiss`)).status).toBe(409);
    expect((await post(t.admin, `/recommendations/rec_NOPE/apply`)).status).toBe(404);
  });
});

describe("the cron tick's daily analysis", () => {
  it("analyses databases without a fresh outcome, once a day, and a waiting one again after an hour", async () => {
    const t = await fleet({ "orders-dev": "office-hours" });
    const at = Math.floor(now() / (5 * 60_000)) * 5 * 60_000;
    const dueIds = async (when: number) => (await dueForAnalysis(env, when, 100_000)).filter((d) => d.orgId === t.orgId).map((d) => d.instanceId).sort();
    expect(await dueIds(at)).toEqual([t.instanceId, t.ids["orders-dev"]!].sort());

    const result = await analyzeDue(env, at);
    expect(result.analyzed).toBeGreaterThanOrEqual(2);
    expect(await dueIds(at + 60_000)).toEqual([]);
    // "first-db" has no metrics (waiting): due again after an hour; the proposal after a day.
    expect(await dueIds(at + HOUR + 60_000)).toEqual([t.instanceId]);
    expect(await dueIds(at + 24 * HOUR + 60_000)).toEqual([t.instanceId, t.ids["orders-dev"]!].sort());
    // Off the five-minute step the tick does not analyse at all.
    expect((await analyzeDue(env, at + 24 * HOUR + 60_000)).analyzed).toBe(0);
  });
});

describe("GET /instances/{id}/metrics", () => {
  it("serves a database's hourly rollups for the last 14 days by default, per metric", async () => {
    const t = await fleet({ "orders-dev": "office-hours" });
    const id = t.ids["orders-dev"]!;
    const res = await api(`/instances/${id}/metrics?metric=cpu,connections`, { headers: bearer(t.viewer) });
    expect(res.status).toBe(200);
    const body = await res.json<{ series: { metric: string; unit: string; points: { hourStart: string; avg: number }[] }[] }>();
    expect(body.series.map((s) => [s.metric, s.unit])).toEqual([["cpu", "percent"], ["connections", "connections"]]);
    expect(body.series[0]!.points.length).toBeGreaterThanOrEqual(335);
    expect(body.series[0]!.points.some((p) => p.avg > 40)).toBe(true);

    const from = new Date(now() - 2 * HOUR).toISOString();
    const narrow = await (await api(`/instances/${id}/metrics?metric=cpu&from=${from}`, { headers: bearer(t.viewer) })).json<{ series: { points: unknown[] }[] }>();
    expect(narrow.series[0]!.points.length).toBeLessThanOrEqual(2);
  });

  it("answers 400 problem+json for an unknown metric, a reversed range or one over 90 days", async () => {
    const t = await fleet({});
    for (const query of ["metric=memory", "from=2026-11-10T00:00:00Z&to=2026-11-01T00:00:00Z", "from=2026-01-01T00:00:00Z&to=2026-11-01T00:00:00Z", "from=yesterday"]) {
      const res = await api(`/instances/${t.instanceId}/metrics?${query}`, { headers: bearer(t.viewer) });
      expect(res.status, query).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
  });
});
