// Upcoming transitions: what the agent will put to sleep or wake in the coming hours, and why —
// the pure model on a fixed clock, then GET /api/v1/transitions/upcoming on the real clock.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { overrides } from "../../worker/db/schema.ts";
import { newId } from "../../worker/db/ids.ts";
import { ScheduleDefinitionSchema, type ScheduleDefinitionInput } from "../../worker/schedules/index.ts";
import { upcomingTransitions, type UpcomingDatabase, type UpcomingOverride, type UpcomingSchedule } from "../../worker/api/routes/transitions/upcoming-transitions.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { withNeighbour } from "../helpers/neighbours.ts";

const DEV = { match: [{ field: "tag" as const, key: "env", op: "equals" as const, value: "dev" }] };
/** Monday 30 November 2026, 06:00 UTC. */
const FROM = Date.parse("2026-11-30T06:00:00Z");
const TO = FROM + 24 * 3_600_000;

function schedule(id: string, over: Partial<ScheduleDefinitionInput> & { minimumSleepMinutes?: number }): UpcomingSchedule {
  const { minimumSleepMinutes = 30, ...definition } = over;
  return {
    id,
    name: id,
    definition: ScheduleDefinitionSchema.parse({ name: id, timezone: "UTC", selector: DEV, ...definition }),
    dryRun: definition.dryRun ?? false,
    minimumSleepMinutes,
  };
}

const OFFICE = schedule("office", { periods: [{ begin: "08:00", end: "19:00", weekdays: ["mon-fri"] }] });

function database(over: Partial<UpcomingDatabase> = {}): UpcomingDatabase {
  return { id: "db1", name: "orders-dev", cloudAccountId: "acct", provider: "aws", region: "eu-central-1", engine: "postgres", tags: { env: "dev" }, state: "stopped", eligible: true, ineligibleReason: null, ...over };
}

function run(databases: UpcomingDatabase[], schedules: UpcomingSchedule[], overrides: Record<string, UpcomingOverride> = {}) {
  return upcomingTransitions({ databases, schedules, overrides: new Map(Object.entries(overrides)), from: FROM, to: TO }).map((t) => ({
    at: new Date(t.at).toISOString().slice(11, 16),
    db: t.instanceId,
    action: t.action,
    cause: `${t.cause.kind}:${t.cause.id}`,
    ...(t.skipReason && { skip: t.skipReason }),
  }));
}

describe("upcoming transitions (pure)", () => {
  it("wakes a sleeping database when office hours begin and puts it to sleep when they end", () => {
    expect(run([database()], [OFFICE])).toEqual([
      { at: "08:00", db: "db1", action: "start", cause: "schedule:office" },
      { at: "19:00", db: "db1", action: "stop", cause: "schedule:office" },
    ]);
  });

  it("lists nothing for a database already in the state the next transition wants (started by hand)", () => {
    expect(run([database({ state: "running" })], [OFFICE])).toEqual([{ at: "19:00", db: "db1", action: "stop", cause: "schedule:office" }]);
    // A database starting counts as running: the 08:00 wake is not an action either.
    expect(run([database({ state: "starting" })], [OFFICE]).map((t) => t.at)).toEqual(["19:00"]);
  });

  it("combines schedules with running winning, and names the schedule that decides", () => {
    const early = schedule("early", { periods: [{ begin: "07:00", end: "09:00", weekdays: ["mon-fri"] }] });
    expect(run([database()], [OFFICE, early])).toEqual([
      { at: "07:00", db: "db1", action: "start", cause: "schedule:early" },
      { at: "19:00", db: "db1", action: "stop", cause: "schedule:office" },
    ]);
  });

  it("leaves out dry-run schedules, schedules that do not select the database, and databases without a schedule", () => {
    const dry = schedule("dry", { periods: [{ begin: "10:00", end: "11:00" }], dryRun: true });
    const prod = schedule("prod", { periods: [{ begin: "10:00", end: "11:00" }], selector: { match: [{ field: "tag", key: "env", op: "equals", value: "prod" }] } });
    expect(run([database()], [dry, prod])).toEqual([]);
    expect(run([database({ id: "db2", tags: {} })], [OFFICE])).toEqual([]);
  });

  it("a keep-awake override holds the database up until it lapses, then the schedule puts it to sleep", () => {
    const keep: UpcomingOverride = { id: "ovr1", kind: "keep_awake", until: Date.parse("2026-11-30T21:30:00Z") };
    // Stopped now: the agent wakes it at once for the override, so the only transition to come is the stop.
    expect(run([database()], [OFFICE], { db1: keep })).toEqual([{ at: "21:30", db: "db1", action: "stop", cause: "schedule:office" }]);
  });

  it("a keep-asleep override without a schedule still wakes nothing until it lapses", () => {
    const asleep: UpcomingOverride = { id: "ovr2", kind: "keep_asleep", until: Date.parse("2026-11-30T12:00:00Z") };
    expect(run([database({ state: "running" })], [], { db1: asleep })).toEqual([]);
    expect(run([database({ state: "running" })], [OFFICE], { db1: asleep })).toEqual([
      { at: "12:00", db: "db1", action: "start", cause: "schedule:office" },
      { at: "19:00", db: "db1", action: "stop", cause: "schedule:office" },
    ]);
  });

  it("a skip-next override lets the first transition that would act pass, once", () => {
    const skip: UpcomingOverride = { id: "ovr3", kind: "skip_next", until: null };
    expect(run([database({ state: "running" })], [OFFICE], { db1: skip })).toEqual([
      { at: "19:00", db: "db1", action: "stop", cause: "schedule:office", skip: "a skip-next override lets this transition pass" },
    ]);
  });

  it("lists an ineligible database's transitions as skipped, with the reason", () => {
    expect(run([database({ eligible: false, ineligibleReason: "read replicas cannot be stopped", state: "running" })], [OFFICE])).toEqual([
      { at: "19:00", db: "db1", action: "stop", cause: "schedule:office", skip: "read replicas cannot be stopped" },
    ]);
    // Stopped by someone else: the wake is skipped, and the stop after it is then no action at all.
    expect(run([database({ eligible: false, ineligibleReason: "read replicas cannot be stopped" })], [OFFICE])).toEqual([
      { at: "08:00", db: "db1", action: "start", cause: "schedule:office", skip: "read replicas cannot be stopped" },
    ]);
  });

  it("skips a stop whose sleep window is shorter than the schedule's minimum, and the wake after it is then no action", () => {
    const lunch = schedule("lunch", {
      periods: [
        { begin: "08:00", end: "12:00", weekdays: ["mon-fri"] },
        { begin: "12:20", end: "19:00", weekdays: ["mon-fri"] },
      ],
    });
    expect(run([database()], [lunch])).toEqual([
      { at: "08:00", db: "db1", action: "start", cause: "schedule:lunch" },
      { at: "12:00", db: "db1", action: "stop", cause: "schedule:lunch", skip: "the sleep window (20 min) is shorter than the minimum of 30 min" },
      { at: "19:00", db: "db1", action: "stop", cause: "schedule:lunch" },
    ]);
    // With a 15-minute minimum the lunch break is a real sleep.
    const short = { ...lunch, minimumSleepMinutes: 15 };
    expect(run([database()], [short]).map((t) => `${t.at} ${t.action}${t.skip ? " skipped" : ""}`)).toEqual(["08:00 start", "12:00 stop", "12:20 start", "19:00 stop"]);
  });

  it("orders several databases' transitions by time", () => {
    const late = schedule("late", { periods: [{ begin: "10:00", end: "17:00", weekdays: ["mon-fri"] }], selector: { match: [{ field: "name", op: "equals", value: "billing-qa" }] } });
    expect(run([database(), database({ id: "db2", name: "billing-qa", tags: {} })], [OFFICE, late]).map((t) => `${t.at} ${t.db} ${t.action}`)).toEqual([
      "08:00 db1 start",
      "10:00 db2 start",
      "17:00 db2 stop",
      "19:00 db1 stop",
    ]);
  });
});

/** "HH:MM" in UTC of `at`, rounded up to the next whole minute, and that instant. */
function wallClock(at: number): { hhmm: string; at: number } {
  const rounded = Math.ceil(at / 60_000) * 60_000;
  return { hhmm: new Date(rounded).toISOString().slice(11, 16), at: rounded };
}

describe("GET /api/v1/transitions/upcoming", () => {
  it("lists the organization's sleeps and wakes in the coming hours, with the schedule's name, and nothing of other tenants", async () => {
    // Disabled accounts: no agent runs for them, so the databases keep the states written here.
    const t = await withNeighbour("Upcoming");
    const { orgId } = t;
    const sleeping = t.database("orders-dev", { state: "stopped" });
    const replica = t.database("orders-replica", { state: "stopped", eligible: false, ineligibleReason: "a read replica cannot be stopped" });
    const kept = t.database("billing-dev");
    await t.insert(sleeping, replica, kept, t.neighbourDatabase("neighbour-dev", { state: "stopped" }));

    const begin = wallClock(Date.now() + 2 * 3_600_000);
    const end = wallClock(Date.now() + 5 * 3_600_000);
    const scheduleId = await t.schedule({ name: "Afternoon", timezone: "UTC", periods: [{ begin: begin.hhmm, end: end.hhmm }], selector: DEV });
    // Kept awake past the schedule's end, so its stop comes when the override lapses.
    const lapse = end.at + 3_600_000;
    await drizzle(env.DB).insert(overrides).values({ id: newId("override"), orgId, instanceId: kept.id, kind: "keep_awake", until: new Date(lapse), causeKind: "user" });

    const viewer = bearer(await tokenFor(orgId, "viewer"));
    const res = await api("/transitions/upcoming?hours=24", { headers: viewer });
    expect(res.status).toBe(200);
    const body = await res.json<any>();
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(24 * 3_600_000);
    expect(body).toMatchObject({ total: 4, truncated: false });
    const rows = body.items.map((t: any) => ({ at: t.at, name: t.name, action: t.action, cause: t.cause.name, skipReason: t.skipReason }));
    // Earliest first (the order of two databases at the same instant is not part of the promise).
    expect(rows.map((r: any) => r.at)).toEqual(rows.map((r: any) => r.at).sort());
    const byTimeAndName = (a: { at: string; name: string }, b: { at: string; name: string }) => a.at.localeCompare(b.at) || a.name.localeCompare(b.name);
    const at = (ms: number) => new Date(ms).toISOString();
    expect(rows.sort(byTimeAndName)).toEqual(
      [
        { at: at(begin.at), name: "orders-dev", action: "start", cause: "Afternoon", skipReason: null },
        { at: at(begin.at), name: "orders-replica", action: "start", cause: "Afternoon", skipReason: "a read replica cannot be stopped" },
        { at: at(end.at), name: "orders-dev", action: "stop", cause: "Afternoon", skipReason: null },
        { at: at(lapse), name: "billing-dev", action: "stop", cause: "Afternoon", skipReason: null },
      ].sort(byTimeAndName),
    );
    expect(body.items.find((t: any) => t.instanceId === sleeping.id)).toMatchObject({ provider: "aws", region: "eu-central-1", currentState: "stopped", cause: { kind: "schedule", id: scheduleId } });
    expect(body.items.some((t: any) => t.instanceId === replica.id)).toBe(true);

    // A limit lists the earliest and still counts them all.
    const two = await (await api("/transitions/upcoming?hours=24&limit=2", { headers: viewer })).json<any>();
    expect(two).toMatchObject({ total: 4, truncated: true });
    expect(two.items.map((t: any) => t.at)).toEqual(body.items.slice(0, 2).map((t: any) => t.at));

    // A shorter window ends before the schedule's wake.
    const soon = await (await api("/transitions/upcoming?hours=1", { headers: viewer })).json<any>();
    expect(soon.items).toEqual([]);

    // The neighbour sees none of it (their database has no schedule of their own).
    const theirs = await (await api("/transitions/upcoming", { headers: bearer(await tokenFor(t.neighbourOrgId, "viewer")) })).json<any>();
    expect(theirs.items).toEqual([]);
  });

  it("answers a window outside 1..168 hours or a limit outside 1..500 with a 400 problem", async () => {
    const { orgId } = await createOrgDirect("Upcoming bad");
    const headers = bearer(await tokenFor(orgId, "viewer"));
    for (const query of ["hours=0", "hours=169", "hours=soon", "hours=1.5", "limit=0", "limit=501"]) {
      const res = await api(`/transitions/upcoming?${query}`, { headers });
      expect(res.status, query).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
  });
});
