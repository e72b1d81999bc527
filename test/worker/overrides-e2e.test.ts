// Overrides end to end against the simulator: keep-asleep stops a database no schedule would
// stop, and skip-next lets exactly one schedule transition pass.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { events, instances, overrides } from "../../worker/db/schema.ts";
import { api } from "../helpers/auth.ts";
import { connectedSandbox, holdSchedule, simCalls } from "../helpers/simulator.ts";
import { eventually } from "../helpers/fixtures.ts";

const db = drizzle(env.DB);

async function setup() {
  const s = await connectedSandbox(["app-dev"], "Overrides");
  return { ...s, instanceId: s.instanceId("app-dev") };
}

const stateOf = async (id: string) => (await db.select({ state: instances.state }).from(instances).where(eq(instances.id, id)))[0]!.state;
const stopCalls = (cloudAccountId: string) => simCalls(cloudAccountId, "StopDBInstance");
const eventTypes = async (id: string) => (await db.select({ type: events.type, cause: events.causeKind }).from(events).where(eq(events.instanceId, id))).map((e) => `${e.type}:${e.cause}`);

describe("overrides against the simulator", () => {
  it("keep_asleep stops a database no schedule would stop, until it lapses", { timeout: 60_000 }, async () => {
    const s = await setup();
    const res = await api(`/instances/${s.instanceId}/overrides`, { method: "POST", headers: s.headers, body: JSON.stringify({ kind: "keep_asleep", until: new Date(Date.now() + 3_600_000).toISOString(), reason: "quiet week" }) });
    expect(res.status).toBe(201);
    await eventually(async () => {
      await s.agent.runNow();
      return (await stateOf(s.instanceId)) === "stopped";
    }, 20_000);
    await eventually(async () => (await eventTypes(s.instanceId)).includes("instance.stop_requested:override"));
    expect(await stopCalls(s.cloud.accountId)).toBe(1);
  });

  it("skip_next lets exactly one schedule transition pass, once", { timeout: 60_000 }, async () => {
    const s = await setup();
    const schedule = await (await api("/schedules", { method: "POST", headers: s.headers, body: JSON.stringify(holdSchedule("running")) })).json<{ id: string }>();
    await s.agent.runNow(); // the schedule says running: remembered
    const created = await api(`/instances/${s.instanceId}/overrides`, { method: "POST", headers: s.headers, body: JSON.stringify({ kind: "skip_next", reason: "demo tonight" }) });
    expect(created.status).toBe(201);
    const { id: overrideId } = await created.json<{ id: string }>();

    // The schedule turns to sleep: that transition is skipped, and the override is used up.
    expect((await api(`/schedules/${schedule.id}`, { method: "PUT", headers: s.headers, body: JSON.stringify(holdSchedule("stopped")) })).status).toBe(200);
    for (let i = 0; i < 3; i++) await s.agent.runNow();
    expect(await stateOf(s.instanceId)).toBe("running");
    expect(await stopCalls(s.cloud.accountId)).toBe(0);
    const [used] = await db.select().from(overrides).where(and(eq(overrides.id, overrideId)));
    expect(used!.consumedAt).not.toBeNull();
    await eventually(async () => (await eventTypes(s.instanceId)).includes("override.skip_used:override"));
  });
});
