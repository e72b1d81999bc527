// The savings digest (pure): it goes out at 08:00 in the organization's time zone (DST days
// included), covers yesterday (and last Monday–Sunday on Mondays), adds money as integer
// micro-dollars rounded to cents once, names the top 3 savers and the databases whose sleep has no
// price, and says plainly when nothing was saved. Every expected number is worked out by hand.
import { describe, expect, it } from "vitest";
import {
  buildDigest,
  digestEventId,
  digestPayload,
  digestPeriodsFor,
  digestSendDay,
  digestSummary,
  hoursText,
  monthToDateText,
  nextDigestAt,
  parseDigestEventId,
  usd,
  type DigestInput,
  type DigestPeriod,
} from "../../worker/notifications/digest.ts";
import { digestMessage, LIMITS } from "../../worker/slack/blocks.ts";
import { planDigests } from "../../worker/ticks/digest-tick.ts";
import type { SleepInterval } from "../../worker/savings/ledger.ts";

const BERLIN = "Europe/Berlin";
const at = (iso: string) => Date.parse(iso);
const day = (d: string): DigestPeriod => ({ kind: "daily", from: d, to: d });

function input(over: Partial<DigestInput>): DigestInput {
  return { period: day("2026-11-28"), timeZone: BERLIN, now: at("2026-11-29T07:00:00Z"), closed: [], monthClosed: [], open: [], link: null, ...over };
}

function openInterval(instanceId: string, name: string, from: string, hourlyMicros: number | null): SleepInterval & { instanceId: string; name: string } {
  return { id: `${instanceId}:${at(from)}`, instanceId, name, from: at(from), until: null, causeKind: "schedule", causeId: "sch_nights", hourlyMicros, priceSource: "catalog", penaltyMicros: 0, endedBy: "open" };
}

describe("when the digest goes out", () => {
  it("at 08:00 Berlin time (07:00 UTC in winter), for the day whose 08:00 last passed", () => {
    expect(digestSendDay(at("2026-11-30T06:59:59Z"), BERLIN)).toBe("2026-11-29");
    expect(digestSendDay(at("2026-11-30T07:00:00Z"), BERLIN)).toBe("2026-11-30");
    expect(nextDigestAt(at("2026-11-30T06:59:59Z"), BERLIN)).toBe(at("2026-11-30T07:00:00Z"));
    expect(nextDigestAt(at("2026-11-30T07:00:00Z"), BERLIN)).toBe(at("2026-12-01T07:00:00Z"));
  });

  it("keeps 08:00 local across both DST changes", () => {
    // 29 Mar 2026: clocks go 02:00 → 03:00 (UTC+1 → UTC+2), so 08:00 is an hour earlier in UTC.
    expect(nextDigestAt(at("2026-03-28T07:00:00Z"), BERLIN)).toBe(at("2026-03-29T06:00:00Z"));
    // 25 Oct 2026: clocks go 03:00 → 02:00 (UTC+2 → UTC+1), so 08:00 is an hour later in UTC.
    expect(nextDigestAt(at("2026-10-24T06:00:00Z"), BERLIN)).toBe(at("2026-10-25T07:00:00Z"));
    expect(digestSendDay(at("2026-10-25T06:30:00Z"), BERLIN)).toBe("2026-10-24");
  });

  it("covers yesterday every day, and last Monday to Sunday on a Monday", () => {
    expect(digestPeriodsFor("2026-11-30")).toEqual([
      { kind: "daily", from: "2026-11-29", to: "2026-11-29" },
      { kind: "weekly", from: "2026-11-23", to: "2026-11-29" },
    ]);
    expect(digestPeriodsFor("2026-12-01")).toEqual([{ kind: "daily", from: "2026-11-30", to: "2026-11-30" }]);
  });

  it("keys each period once, and refuses keys that are not a digest's", () => {
    const weekly: DigestPeriod = { kind: "weekly", from: "2026-11-23", to: "2026-11-29" };
    expect(digestEventId(weekly)).toBe("digest_weekly_2026-11-23");
    expect(parseDigestEventId("digest_weekly_2026-11-23")).toEqual(weekly);
    expect(parseDigestEventId("digest_daily_2026-11-28")).toEqual(day("2026-11-28"));
    expect(parseDigestEventId("digest_weekly_2026-11-24")).toBeNull(); // a Tuesday
    expect(parseDigestEventId("digest_daily_2026-02-30")).toBeNull();
    expect(parseDigestEventId("evt_123")).toBeNull();
  });
});

describe("what the digest says", () => {
  const closed = [
    { instanceId: "a", name: "orders-staging", day: "2026-11-28", savedMicros: 1_234_567, asleepSeconds: 36_000, unpricedSeconds: 0 },
    { instanceId: "a", name: "orders-staging", day: "2026-11-27", savedMicros: 9_000_000, asleepSeconds: 36_000, unpricedSeconds: 0 }, // not yesterday
    { instanceId: "b", name: "billing-dev", day: "2026-11-28", savedMicros: 500_000, asleepSeconds: 3_600, unpricedSeconds: 0 },
    { instanceId: "b", name: "billing-dev", day: "2026-11-28", savedMicros: 505_000, asleepSeconds: 1_800, unpricedSeconds: 0 }, // second cause
    { instanceId: "c", name: "legacy-qa", day: "2026-11-28", savedMicros: 0, asleepSeconds: 7_200, unpricedSeconds: 7_200 },
    { instanceId: "d", name: "analytics-test", day: "2026-11-28", savedMicros: 2_000_000, asleepSeconds: 7_200, unpricedSeconds: 0 },
    { instanceId: "e", name: "tiny", day: "2026-11-28", savedMicros: 3_000, asleepSeconds: 60, unpricedSeconds: 0 },
  ];
  const monthClosed = [
    { day: "2026-10-31", savedMicros: 99_999_999, asleepSeconds: 1, unpricedSeconds: 0 }, // last month
    { day: "2026-11-01", savedMicros: 10_000_000, asleepSeconds: 3_600, unpricedSeconds: 0 },
    { day: "2026-11-28", savedMicros: 4_242_567, asleepSeconds: 55_860, unpricedSeconds: 7_200 },
  ];

  it("adds yesterday's micro-dollars, rounds to cents once, and ranks the top 3 savers", () => {
    const d = buildDigest(input({ closed, monthClosed, link: "https://app.example/savings" }));
    // 1,234,567 + 1,005,000 + 0 + 2,000,000 + 3,000 = 4,242,567 µ$ = 424.2567 ¢ → 424 ¢.
    expect(d.savedCents).toBe(424);
    // 36,000 + 5,400 + 7,200 + 7,200 + 60 = 55,860 s = 15.52 h.
    expect(d.asleepSeconds).toBe(55_860);
    expect(d.databasesAsleep).toBe(5);
    // billing-dev: 1,005,000 µ$ = 100.5 ¢ → 101 ¢ (half away from zero).
    expect(d.top).toEqual([
      { id: "d", name: "analytics-test", savedCents: 200, asleepSeconds: 7_200 },
      { id: "a", name: "orders-staging", savedCents: 123, asleepSeconds: 36_000 },
      { id: "b", name: "billing-dev", savedCents: 101, asleepSeconds: 5_400 },
    ]);
    expect(d.unpriced).toEqual([{ id: "c", name: "legacy-qa", unpricedSeconds: 7_200 }]);
    // November so far: 10,000,000 + 4,242,567 = 14,242,567 µ$ → 1,424 ¢ (October's row left out).
    expect(d.monthToDate).toEqual({ from: "2026-11-01", to: "2026-11-28", savedCents: 1_424, asleepSeconds: 59_460 });
    expect(digestSummary(d)).toBe("Yesterday (Sat 28 Nov) SnoozeQL saved $4.24: 5 databases slept 15.5 hours (1 database with an unknown price not counted).");
    expect(monthToDateText(d)).toBe("Month to date (Sun 1 Nov – Sat 28 Nov): $14.24 saved.");
    expect(d.eventId).toBe("digest_daily_2026-11-28");
  });

  it("counts a database still asleep through the 25-hour day when clocks go back", () => {
    // Asleep since Sat 24 Oct 20:00 CEST (18:00 UTC) at $0.40/h, still asleep at Monday's digest.
    const sleeper = openInterval("a", "orders-staging", "2026-10-24T18:00:00Z", 400_000);
    const now = at("2026-10-26T07:00:00Z"); // Mon 26 Oct 08:00 CET
    expect(digestPeriodsFor(digestSendDay(now, BERLIN)).map((p) => p.kind)).toEqual(["daily", "weekly"]);
    const daily = buildDigest(input({ period: day("2026-10-25"), now, open: [sleeper] }));
    // Sun 25 Oct runs from 22:00 UTC Sat to 23:00 UTC Sun: 25 hours × 400,000 µ$ = $10.00.
    expect(daily.asleepSeconds).toBe(25 * 3600);
    expect(daily.savedCents).toBe(1_000);
    expect(daily.endsAt).toBe(at("2026-10-25T23:00:00Z"));
    expect(digestSummary(daily)).toBe("Yesterday (Sun 25 Oct) SnoozeQL saved $10.00: 1 database slept 25 hours.");

    const weekly = buildDigest(input({
      period: { kind: "weekly", from: "2026-10-19", to: "2026-10-25" },
      now,
      open: [sleeper],
      closed: [{ instanceId: "b", name: "billing-dev", day: "2026-10-20", savedMicros: 1_500_000, asleepSeconds: 10_800, unpricedSeconds: 0 }],
      monthClosed: [{ day: "2026-10-20", savedMicros: 1_500_000, asleepSeconds: 10_800, unpricedSeconds: 0 }],
    }));
    // Sat 4 h (20:00–24:00 CEST) + Sun 25 h = 29 h × 400,000 = 11,600,000 µ$, + 1,500,000 = $13.10.
    expect(weekly.savedCents).toBe(1_310);
    expect(weekly.asleepSeconds).toBe(29 * 3600 + 10_800);
    expect(weekly.monthToDate.savedCents).toBe(1_310);
    // Monday's own hours (after the period) are not in last week.
    expect(digestSummary(weekly)).toBe("Last week (Mon 19 Oct – Sun 25 Oct) SnoozeQL saved $13.10: 2 databases slept 32 hours.");
  });

  it("says honestly that nothing was saved, without a $0 headline", () => {
    const d = buildDigest(input({}));
    expect(d.savedCents).toBe(0);
    expect(d.top).toEqual([]);
    expect(digestSummary(d)).toBe("Yesterday (Sat 28 Nov) no database slept, so SnoozeQL saved nothing.");
    expect(monthToDateText(d)).toBe("Month to date (Sun 1 Nov – Sat 28 Nov): nothing saved yet.");
    const slack = JSON.stringify(digestMessage(d));
    expect(slack).not.toContain("$0");
    expect(slack).not.toContain("Top savers");
  });

  it("does not count sleep with an unknown price as money", () => {
    const d = buildDigest(input({ open: [openInterval("c", "legacy-qa", "2026-11-28T10:00:00Z", null)] }));
    // 11:00 local to midnight: 13 hours, price unknown.
    expect(d).toMatchObject({ savedCents: 0, asleepSeconds: 13 * 3600, unpricedSeconds: 13 * 3600, top: [] });
    expect(digestSummary(d)).toBe("Yesterday (Sat 28 Nov) 1 database slept 13 hours, but their prices are unknown, so no saving is counted. Set a price to see what they save.");
    expect(digestMessage(d).blocks.some((b) => JSON.stringify(b).includes("Unknown price, sleep not counted as money: legacy-qa"))).toBe(true);
  });

  it("formats dollars from integer cents and hours for people", () => {
    expect(usd(123_456_789)).toBe("$1,234,567.89");
    expect(usd(5)).toBe("$0.05");
    expect(usd(-12)).toBe("-$0.12");
    expect(hoursText(3600)).toBe("1 hour");
    expect(hoursText(5400)).toBe("1.5 hours");
  });

  it("documents the webhook payload's numbers as cents and hours", () => {
    const d = buildDigest(input({ closed, monthClosed }));
    expect(digestPayload(d)).toMatchObject({
      type: "savings.digest.daily",
      timestamp: "2026-11-28T23:00:00.000Z",
      data: {
        eventId: "digest_daily_2026-11-28",
        period: { kind: "daily", from: "2026-11-28", to: "2026-11-28", timeZone: BERLIN },
        currency: "USD",
        savedCents: 424,
        hoursAsleep: 15.52,
        topSavers: [{ id: "d", savedCents: 200 }, { id: "a", savedCents: 123 }, { id: "b", savedCents: 101 }],
        unpricedDatabases: [{ id: "c", name: "legacy-qa", hoursAsleep: 2 }],
        monthToDate: { savedCents: 1_424 },
      },
    });
  });
});

describe("the digest in Slack", () => {
  it("stays within Block Kit's limits and neutralises mentions in names", () => {
    const many = Array.from({ length: 200 }, (_, k) => ({ instanceId: `db${k}`, name: `<!channel> ${"x".repeat(250)}-${k}`, day: "2026-11-28", savedMicros: k % 2 ? 1_000_000 + k : 0, asleepSeconds: 3600, unpricedSeconds: k % 2 ? 0 : 3600 }));
    const d = buildDigest(input({ closed: many, link: "https://app.example/savings" }));
    const message = digestMessage(d);
    expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    expect(message.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    const json = JSON.stringify(message);
    expect(json).not.toContain("<!channel>");
    for (const b of message.blocks as { type: string; text?: { text: string }; elements?: { text?: string }[] }[]) {
      if (b.type === "header") expect(b.text!.text.length).toBeLessThanOrEqual(LIMITS.headerText);
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
      for (const e of b.elements ?? []) if (typeof e.text === "string") expect(e.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    }
    expect(json).toContain("and 90 more");
    expect(message.blocks.at(-1)).toMatchObject({ type: "actions", elements: [{ url: "https://app.example/savings" }] });
  });
});

describe("the cron tick's digest plan", () => {
  const now = at("2026-11-30T07:05:00Z"); // Monday 08:05 in Berlin
  it("queues yesterday's and last week's digest for each subscribed integration, and plans the next 08:00", () => {
    const plan = planDigests(
      [
        { id: "org_due", timeZone: BERLIN, dueAt: at("2026-11-30T07:00:00Z") },
        { id: "org_new", timeZone: "America/New_York", dueAt: 0 },
      ],
      [
        { id: "int_all", orgId: "org_due", eventTypes: [] },
        { id: "int_daily", orgId: "org_due", eventTypes: ["savings.digest.daily"] },
        { id: "int_stops", orgId: "org_due", eventTypes: ["database.stopped"] },
        { id: "int_other", orgId: "org_new", eventTypes: [] },
      ],
      now,
    );
    expect(plan.jobs).toEqual([
      { orgId: "org_due", integrationId: "int_all", eventId: "digest_daily_2026-11-29", type: "savings.digest.daily" },
      { orgId: "org_due", integrationId: "int_daily", eventId: "digest_daily_2026-11-29", type: "savings.digest.daily" },
      { orgId: "org_due", integrationId: "int_all", eventId: "digest_weekly_2026-11-23", type: "savings.digest.weekly" },
    ]);
    // A never-planned organization gets no digest for a day it was not watched, only its next 08:00 (EST = UTC−5).
    expect(plan.next).toEqual([
      { orgId: "org_due", dueAt: at("2026-11-30T07:00:00Z"), nextAt: at("2026-12-01T07:00:00Z") },
      { orgId: "org_new", dueAt: 0, nextAt: at("2026-11-30T13:00:00Z") },
    ]);
  });
});
