// Overrides end to end against the simulator: keep-asleep stops a database no schedule would
// stop, and skip-next lets exactly one schedule transition pass.
import { describe, expect, inject, it } from "vitest";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { events, instances, overrides } from "../../worker/db/schema.ts";
import { accountAgent } from "../../worker/accounts/agent.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { eventually } from "../helpers/fixtures.ts";

const SIM = inject("simUrl");
const db = drizzle(env.DB);
const today = () => new Date().toISOString().slice(0, 10);
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

async function sim<T>(path: string, method = "GET", body?: unknown): Promise<T> {
  const res = await fetch(`${SIM}/__sim${path}`, { method, headers: { "content-type": "application/json" }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

async function setup() {
  const cloud = await sim<{ accountId: string; accessKeyId: string; secretAccessKey: string }>("/aws/accounts", "POST", { regions: ["us-east-1"], durations: "instant" });
  await sim(`/aws/accounts/${cloud.accountId}/instances`, "POST", { region: "us-east-1", engine: "postgres", id: "app-dev", tags: { env: "dev" } });
  const { orgId } = await createOrgDirect("Overrides");
  const headers = bearer(await tokenFor(orgId, "owner"));
  const { id: accountId } = await (
    await api("/accounts", { method: "POST", headers, body: JSON.stringify({ provider: "aws", connection: "access_keys", name: "sandbox", regions: ["us-east-1"], accessKeyId: cloud.accessKeyId, secretAccessKey: cloud.secretAccessKey, endpoint: SIM }) })
  ).json<{ id: string }>();
  const agent = accountAgent(env, accountId);
  await agent.reschedule(accountId, orgId);
  await agent.runNow();
  const [row] = await db.select().from(instances).where(eq(instances.cloudAccountId, accountId));
  return { cloud, headers, agent, instanceId: row!.id };
}

const hold = (state: "stopped" | "running") => ({
  name: "Hold", timezone: "UTC", periods: [], exceptions: [{ from: today(), to: tomorrow(), state, reason: "test" }],
  selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] },
});
const stateOf = async (id: string) => (await db.select({ state: instances.state }).from(instances).where(eq(instances.id, id)))[0]!.state;
const stopCalls = async (accountId: string) => (await sim<{ byOperation: Record<string, number> }>(`/aws/accounts/${accountId}/calls?limit=1000`)).byOperation.StopDBInstance ?? 0;
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
    const schedule = await (await api("/schedules", { method: "POST", headers: s.headers, body: JSON.stringify(hold("running")) })).json<{ id: string }>();
    await s.agent.runNow(); // the schedule says running: remembered
    const created = await api(`/instances/${s.instanceId}/overrides`, { method: "POST", headers: s.headers, body: JSON.stringify({ kind: "skip_next", reason: "demo tonight" }) });
    expect(created.status).toBe(201);
    const { id: overrideId } = await created.json<{ id: string }>();

    // The schedule turns to sleep: that transition is skipped, and the override is used up.
    expect((await api(`/schedules/${schedule.id}`, { method: "PUT", headers: s.headers, body: JSON.stringify(hold("stopped")) })).status).toBe(200);
    for (let i = 0; i < 3; i++) await s.agent.runNow();
    expect(await stateOf(s.instanceId)).toBe("running");
    expect(await stopCalls(s.cloud.accountId)).toBe(0);
    const [used] = await db.select().from(overrides).where(and(eq(overrides.id, overrideId)));
    expect(used!.consumedAt).not.toBeNull();
    await eventually(async () => (await eventTypes(s.instanceId)).includes("override.skip_used:override"));
  });
});
