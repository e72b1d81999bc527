// The sleep calendar: which databases sleep when in the coming week, across schedules and active
// overrides — the pure interval model on a fixed clock, then GET /api/v1/calendar on the real clock.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { overrides } from "../../worker/db/schema.ts";
import { newId } from "../../worker/db/ids.ts";
import { sleepIntervals } from "../../worker/api/routes/calendar/sleep-calendar.ts";
import type { UpcomingTransition } from "../../worker/api/routes/transitions/upcoming-transitions.ts";
import { api, bearer, tokenFor } from "../helpers/auth.ts";
import { withNeighbour } from "../helpers/neighbours.ts";

const H = 3_600_000;
const FROM = Date.parse("2026-11-30T06:00:00Z");
const TO = FROM + 7 * 24 * H;
const t = (hours: number, instanceId: string, action: "stop" | "start", skipReason: string | null = null): UpcomingTransition => ({
  at: FROM + hours * H,
  instanceId,
  action,
  cause: { kind: "schedule", id: "office" },
  skipReason,
});
const name = () => "Office hours";

describe("sleep intervals (pure)", () => {
  it("a database asleep now sleeps until its first wake; later stops and starts pair up; the last sleep runs to the end", () => {
    const rows = sleepIntervals([t(2, "a", "start"), t(13, "a", "stop"), t(26, "a", "start"), t(37, "a", "stop")], [{ id: "a", state: "stopped" }], FROM, TO, name);
    expect(rows).toEqual([
      {
        instanceId: "a",
        skipped: 0,
        asleep: [
          { from: FROM, to: FROM + 2 * H, cause: "asleep now" },
          { from: FROM + 13 * H, to: FROM + 26 * H, cause: "Office hours" },
          { from: FROM + 37 * H, to: TO, cause: "Office hours" },
        ],
      },
    ]);
  });

  it("skipped transitions change nothing and are counted; awake databases without transitions are left out", () => {
    const rows = sleepIntervals([t(13, "r", "stop", "a read replica cannot be stopped")], [{ id: "r", state: "running" }, { id: "idle", state: "running" }], FROM, TO, name);
    expect(rows).toEqual([{ instanceId: "r", skipped: 1, asleep: [] }]);
  });

  it("a database stopping now counts as asleep, one starting as awake", () => {
    const rows = sleepIntervals([], [{ id: "s", state: "stopping" }, { id: "w", state: "starting" }], FROM, TO, name);
    expect(rows).toEqual([{ instanceId: "s", skipped: 0, asleep: [{ from: FROM, to: TO, cause: "asleep now" }] }]);
  });
});

describe("GET /api/v1/calendar", () => {
  it("lists each database's sleeps for the week with the schedule or override that causes them, and nothing of other tenants", async () => {
    const t = await withNeighbour("Calendar");
    const { orgId } = t;
    const dev = t.database("orders-dev");
    const kept = t.database("billing-dev", { state: "stopped" });
    await t.insert(dev, kept, t.database("prod-db", { tags: { env: "prod" } }), t.neighbourDatabase("neighbour-dev"));
    // Kept asleep for two days by an override.
    await drizzle(env.DB).insert(overrides).values({ id: newId("override"), orgId, instanceId: kept.id, kind: "keep_asleep", until: new Date(Date.now() + 48 * H), causeKind: "user" });
    await t.schedule({ name: "Days only", timezone: "UTC", periods: [{ begin: "08:00", end: "20:00" }], selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] } });

    const res = await api("/calendar?days=7", { headers: bearer(await tokenFor(orgId, "viewer")) });
    expect(res.status).toBe(200);
    const body = await res.json<any>();
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(7 * 24 * H);
    expect(body.databases.map((d: any) => d.name)).toEqual(["billing-dev", "orders-dev"]);
    const orders = body.databases.find((d: any) => d.name === "orders-dev");
    // Asleep every night 20:00–08:00 UTC: seven nights (the first or last may be cut by the range).
    expect(orders.asleep.length).toBeGreaterThanOrEqual(7);
    expect(orders.asleep.length).toBeLessThanOrEqual(8);
    for (const a of orders.asleep) {
      expect(a.cause).toBe("Days only");
      expect(new Date(a.from).getUTCHours()).toBe(20);
      if (Date.parse(a.to) < Date.parse(body.to)) expect(new Date(a.to).getUTCHours()).toBe(8);
    }
    const billing = body.databases.find((d: any) => d.name === "billing-dev");
    // Asleep now and held asleep by the override for two days: the first sleep lasts at least that long.
    expect(billing.asleep[0].cause).toBe("asleep now");
    expect(Date.parse(billing.asleep[0].to) - Date.parse(body.from)).toBeGreaterThanOrEqual(48 * H - 60_000);

    const bad = await api("/calendar?days=30", { headers: bearer(await tokenFor(orgId, "owner")) });
    expect(bad.status).toBe(400);
  });
});
