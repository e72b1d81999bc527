// The savings ledger as the events consumer keeps it: state events go through the real queue
// consumer into D1, and the ledger, price history and daily rollups follow — the same numbers
// whatever the order or repetition of the events, the same rows as a rebuild from the ledger.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { asc, eq } from "drizzle-orm";
import { instancePrices, savings, savingsDaily, savingsOrgDaily, savingsTotals } from "../../worker/db/schema.ts";
import { rebuildDailyRollups } from "../../worker/savings/recompute.ts";
import { buildEvent } from "../../worker/events/event.ts";
import { api, bearer } from "../helpers/auth.ts";
import { addInstance, dailyOf, db, deliver, HOUR, ledgerOf, MINUTE, observe, orgDaily, orgTotals, shuffled, tenant, type Observed } from "./savings-fixtures.ts";

/** The organization's own day rows (`savings_org_daily`), oldest first. */
const orgDays = async (orgId: string) =>
  (await db.select().from(savingsOrgDaily).where(eq(savingsOrgDaily.orgId, orgId)).orderBy(asc(savingsOrgDaily.day))).map(({ orgId: _o, ...r }) => r);

/** What they must be: the per-database day rows summed per day. */
async function summedPerDay(orgId: string) {
  const byDay = new Map<string, { day: string; asleepSeconds: number; savedMicros: number; unpricedSeconds: number }>();
  for (const r of await orgDaily(orgId)) {
    const d = byDay.get(r.day) ?? { day: r.day, asleepSeconds: 0, savedMicros: 0, unpricedSeconds: 0 };
    d.asleepSeconds += r.asleepSeconds;
    d.savedMicros += r.savedMicros;
    d.unpricedSeconds += r.unpricedSeconds;
    byDay.set(r.day, d);
  }
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
}

const SCHEDULE = { kind: "schedule" as const, id: "sch_NIGHTS" };
const PERSON = { kind: "user" as const, id: "usr_ADA" };

/** A week of a dev database (UTC): a schedule night, a person's evening, a console stop. */
const WEEK: Observed[] = [
  { state: "stopping", at: "2026-11-02T19:58:00Z", cause: SCHEDULE, type: "instance.state_changed" },
  { state: "stopped", at: "2026-11-02T20:00:00Z", cause: SCHEDULE },
  { state: "running", at: "2026-11-03T06:00:00Z", cause: SCHEDULE },
  { state: "stopped", at: "2026-11-03T20:00:00Z", cause: PERSON },
  { state: "running", at: "2026-11-04T02:00:00Z", cause: PERSON },
  { state: "stopped", at: "2026-11-05T12:00:00Z", cause: { kind: "cloud" }, type: "instance.state_changed" },
  { state: "running", at: "2026-11-05T13:30:00Z", cause: { kind: "cloud" }, type: "instance.state_changed" },
];

describe("the events consumer keeps the savings ledger", () => {
  it("turns observed stops and starts into priced sleep intervals and daily rows (hand-computed)", async () => {
    const t = await tenant();
    const result = await deliver(await Promise.all(WEEK.map((o) => observe(t, o))));
    expect(result.retryMessages).toEqual([]);

    const ledger = await ledgerOf(t.instanceId);
    expect(ledger.map((r) => [r.from, r.until, r.causeKind, r.causeId, r.endedBy, r.hourlyMicros, r.priceSource, r.savedMicros])).toEqual([
      // 10 h x 36 c = $3.60; the cause is the schedule that asked for the stop.
      ["2026-11-02T20:00:00.000Z", "2026-11-03T06:00:00.000Z", "schedule", "sch_NIGHTS", "start", 360_000, "override", 3_600_000],
      ["2026-11-03T20:00:00.000Z", "2026-11-04T02:00:00.000Z", "user", "usr_ADA", "start", 360_000, "override", 2_160_000],
      ["2026-11-05T12:00:00.000Z", "2026-11-05T13:30:00.000Z", "cloud", null, "start", 360_000, "override", 540_000],
    ]);
    expect(await dailyOf(t.instanceId)).toEqual([
      { day: "2026-11-02", causeKind: "schedule", causeId: "sch_NIGHTS", asleepSeconds: 4 * 3600, savedMicros: 1_440_000, unpricedSeconds: 0 },
      { day: "2026-11-03", causeKind: "schedule", causeId: "sch_NIGHTS", asleepSeconds: 6 * 3600, savedMicros: 2_160_000, unpricedSeconds: 0 },
      { day: "2026-11-03", causeKind: "user", causeId: "usr_ADA", asleepSeconds: 4 * 3600, savedMicros: 1_440_000, unpricedSeconds: 0 },
      { day: "2026-11-04", causeKind: "user", causeId: "usr_ADA", asleepSeconds: 2 * 3600, savedMicros: 720_000, unpricedSeconds: 0 },
      { day: "2026-11-05", causeKind: "cloud", causeId: "", asleepSeconds: 5400, savedMicros: 540_000, unpricedSeconds: 0 },
    ]);
    // The price the ledger used is on record.
    const history = await db.select().from(instancePrices).where(eq(instancePrices.instanceId, t.instanceId));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ hourlyMicros: 360_000, source: "override" });
  });

  it("gives the same ledger and rollups for duplicated, shuffled and split batches", async () => {
    const inOrder = await tenant();
    await deliver(await Promise.all(WEEK.map((o) => observe(inOrder, o))));

    for (const seed of [1, 7, 42]) {
      const t = await tenant();
      const events = await Promise.all(WEEK.map((o) => observe(t, o)));
      const mixed = shuffled([...events, ...events.slice(2, 5)], seed);
      // Three batches, the last one repeating the first (a redelivery).
      await deliver(mixed.slice(0, 4));
      await deliver(mixed.slice(4));
      await deliver(mixed.slice(0, 4));
      expect(await ledgerOf(t.instanceId), `seed ${seed}`).toEqual(await ledgerOf(inOrder.instanceId));
      expect(await dailyOf(t.instanceId), `seed ${seed}`).toEqual(await dailyOf(inOrder.instanceId));
    }
  });

  it("updates only what a late event changes: a start that arrives after the next stop", async () => {
    const t = await tenant();
    const events = await Promise.all(WEEK.map((o) => observe(t, o)));
    // Everything but the first start: the first sleep looks like it lasts until the next stop...
    await deliver(events.filter((_, k) => k !== 2));
    expect((await ledgerOf(t.instanceId)).map((r) => [r.from, r.until])).toEqual([
      ["2026-11-02T20:00:00.000Z", "2026-11-04T02:00:00.000Z"],
      ["2026-11-05T12:00:00.000Z", "2026-11-05T13:30:00.000Z"],
    ]);
    // ...until the start comes in late.
    await deliver([events[2]!]);
    const reference = await tenant();
    await deliver(await Promise.all(WEEK.map((o) => observe(reference, o))));
    expect(await ledgerOf(t.instanceId)).toEqual(await ledgerOf(reference.instanceId));
    expect(await dailyOf(t.instanceId)).toEqual(await dailyOf(reference.instanceId));
  });

  it("a rebuild from the ledger gives exactly the rows the consumer wrote", async () => {
    const t = await tenant({ timeZone: "America/New_York" });
    const more: Observed[] = [
      ...WEEK,
      // Across the end of daylight saving time in New York (2026-11-01 has 25 hours).
      { state: "stopped", at: "2026-10-31T22:00:00Z", cause: SCHEDULE },
      { state: "running", at: "2026-11-01T12:00:00Z", cause: SCHEDULE },
    ];
    for (const chunk of [more.slice(5), more.slice(0, 5)]) await deliver(await Promise.all(chunk.map((o) => observe(t, o))));
    const incremental = await orgDaily(t.orgId);
    expect(incremental.length).toBeGreaterThan(5);
    // The all-time total kept beside the daily rows is their sum.
    const totals = await orgTotals(t.orgId);
    expect(totals).toEqual([
      {
        orgId: t.orgId,
        instanceId: t.instanceId,
        asleepSeconds: incremental.reduce((a, r) => a + r.asleepSeconds, 0),
        savedMicros: incremental.reduce((a, r) => a + r.savedMicros, 0),
        unpricedSeconds: 0,
      },
    ]);

    await db.delete(savingsDaily).where(eq(savingsDaily.orgId, t.orgId));
    await db.delete(savingsTotals).where(eq(savingsTotals.orgId, t.orgId));
    expect(await rebuildDailyRollups(env.DB, t.orgId)).toEqual({ databases: 1, rows: incremental.length });
    expect(await orgDaily(t.orgId)).toEqual(incremental);
    expect(await orgTotals(t.orgId)).toEqual(totals);

    // And through the admin route.
    const res = await api("/savings/recompute", { method: "POST", headers: bearer(t.admin) });
    expect(res.status).toBe(200);
    expect(await orgDaily(t.orgId)).toEqual(incremental);
  });

  it("keeps the organization's days as its databases' days summed, whatever the order of batches, as a rebuild does", async () => {
    const t = await tenant();
    const second = { ...t, instanceId: await addInstance(t.orgId, t.accountId, { priceOverrideMicros: 720_000 }) };
    const events = [...(await Promise.all(WEEK.map((o) => observe(t, o)))), ...(await Promise.all(WEEK.map((o) => observe(second, o))))];
    // Interleaved batches across both databases, a late start, and a redelivery.
    const mixed = shuffled(events, 3);
    await deliver(mixed.slice(0, 5));
    await deliver(mixed.slice(5, 11));
    await deliver(mixed.slice(11));
    await deliver(mixed.slice(0, 5));
    const days = await orgDays(t.orgId);
    // Hand-computed: the first database saves 36 c an hour asleep, the second 72 c.
    expect(days.map((d) => [d.day, d.savedMicros])).toEqual([
      ["2026-11-02", 3 * 1_440_000],
      ["2026-11-03", 3 * 3_600_000],
      ["2026-11-04", 3 * 720_000],
      ["2026-11-05", 3 * 540_000],
    ]);
    expect(days).toEqual(await summedPerDay(t.orgId));

    // A later sleep of one database rewrites only the organization's days from its own on.
    await deliver(await Promise.all([observe(second, { state: "stopped", at: "2026-11-05T22:00:00Z" }), observe(second, { state: "running", at: "2026-11-06T01:00:00Z" })]));
    expect(await orgDays(t.orgId)).toEqual(await summedPerDay(t.orgId));
    expect((await orgDays(t.orgId)).map((d) => [d.day, d.savedMicros]).slice(3)).toEqual([
      ["2026-11-05", 3 * 540_000 + 2 * 720_000],
      ["2026-11-06", 720_000],
    ]);

    // The rebuild (script and admin route) writes the very same rows.
    const incremental = await orgDays(t.orgId);
    await db.delete(savingsOrgDaily).where(eq(savingsOrgDaily.orgId, t.orgId));
    await rebuildDailyRollups(env.DB, t.orgId);
    expect(await orgDays(t.orgId)).toEqual(incremental);
  });

  it("stops on AWS's 7-day automatic restart, and bills a too-short wake at 10 minutes", async () => {
    const t = await tenant();
    const at = (iso: string) => Date.parse(iso);
    const stopped = at("2026-11-09T20:00:00Z");
    await deliver(
      await Promise.all([
        observe(t, { state: "stopped", at: stopped, cause: SCHEDULE }),
        observe(t, { type: "instance.auto_restarted", state: "starting", at: stopped + 7 * 24 * HOUR, cause: { kind: "aws_auto_restart" } }),
        // Re-stopped 3 minutes later, woken by a person 5 minutes after that, stopped again at once.
        observe(t, { state: "stopped", at: stopped + 7 * 24 * HOUR + 3 * MINUTE, cause: SCHEDULE }),
        observe(t, { state: "running", at: stopped + 7 * 24 * HOUR + 8 * MINUTE, cause: PERSON }),
        observe(t, { state: "stopped", at: stopped + 7 * 24 * HOUR + 60 * MINUTE, cause: SCHEDULE }),
        observe(t, { state: "running", at: stopped + 7 * 24 * HOUR + 120 * MINUTE, cause: SCHEDULE }),
      ]),
    );
    const ledger = await ledgerOf(t.instanceId);
    expect(ledger.map((r) => [r.endedBy, r.penaltyMicros, r.savedMicros])).toEqual([
      // 168 h x 36 c; then awake only 3 minutes: 7 minutes more billed (420 s x 100 µ$).
      ["auto_restart", 42_000, 168 * 360_000 - 42_000],
      // 5 minutes asleep (30,000 µ$) but the next wake lasted 52 minutes: no penalty.
      ["start", 0, 30_000],
      ["start", 0, 360_000],
    ]);
  });

  it("ends a sleep when the cloud accepts the start, not at the later poll that sees it available", async () => {
    const t = await tenant();
    await deliver(
      await Promise.all(
        shuffled([
          await observe(t, { state: "stopped", at: "2026-11-10T20:00:00Z", cause: SCHEDULE }),
          // The agent's start at 06:00 (the cloud took it), confirmed available 7 minutes later.
          await observe(t, { type: "instance.start_requested", state: "running", at: "2026-11-11T06:00:00Z", cause: SCHEDULE }),
          await observe(t, { state: "running", at: "2026-11-11T06:07:00Z", cause: SCHEDULE }),
        ], 3),
      ),
    );
    const ledger = await ledgerOf(t.instanceId);
    // 10 h x 36 c, not 10 h 7 min: RDS bills the instance again from the start.
    expect(ledger.map((r) => [r.from, r.until, r.endedBy, r.savedMicros])).toEqual([["2026-11-10T20:00:00.000Z", "2026-11-11T06:00:00.000Z", "start", 3_600_000]]);
  });

  it("ends a sleep when the database is deleted: it saves nothing more", async () => {
    const t = await tenant();
    const removed = await buildEvent(
      { orgId: t.orgId, cloudAccountId: t.accountId, instanceId: t.instanceId, type: "instance.removed", causeKind: "cloud", fromState: "stopped", toState: null, occurredAt: Date.parse("2026-11-10T03:00:00Z") },
      [t.instanceId, "removed"],
    );
    await deliver([await observe(t, { state: "stopped", at: "2026-11-10T00:00:00Z", cause: SCHEDULE }), removed]);
    expect((await ledgerOf(t.instanceId)).map((r) => [r.until, r.savedMicros])).toEqual([["2026-11-10T03:00:00.000Z", 3 * 360_000]]);
  });

  it("splits a sleep at a price change, and counts an unknown price as unpriced, never as $0 saved", async () => {
    const t = await tenant({ priceMicros: null });
    const now = Date.now();
    await deliver([await observe(t, { state: "stopped", at: now - 2 * HOUR, cause: SCHEDULE })]);
    let [open] = await db.select().from(savings).where(eq(savings.instanceId, t.instanceId));
    expect(open).toMatchObject({ until: null, hourlyMicros: null, priceSource: "unknown", endedBy: "open" });

    const res = await api(`/instances/${t.instanceId}/price`, { method: "PUT", headers: bearer(t.admin), body: JSON.stringify({ hourlyPriceMicros: 720_000 }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ hourlyPriceMicros: 720_000, priceSource: "override" });
    const rows = await db.select().from(savings).where(eq(savings.instanceId, t.instanceId));
    expect(rows.sort((a, b) => a.from.getTime() - b.from.getTime()).map((r) => [r.hourlyMicros, r.priceSource, r.endedBy])).toEqual([
      [null, "unknown", "price_change"],
      [720_000, "override", "open"],
    ]);
    [open] = rows.filter((r) => r.until === null);
    expect(open!.from.getTime()).toBeGreaterThanOrEqual(now);

    await deliver([await observe(t, { state: "running", at: Date.now() + 1000, cause: SCHEDULE })]);
    const daily = await dailyOf(t.instanceId);
    const unpriced = daily.reduce((a, d) => a + d.unpricedSeconds, 0);
    expect(unpriced).toBeGreaterThanOrEqual(2 * 3600 - 1);
    expect(unpriced).toBeLessThanOrEqual(2 * 3600 + 60);
    // Only the priced second(s) after the change saved anything: 200 µ$ a second.
    const saved = daily.reduce((a, d) => a + d.savedMicros, 0);
    expect(saved % 200).toBe(0);
    expect(saved).toBeGreaterThan(0);
    expect(saved).toBeLessThan(200 * 120);
  });
});
