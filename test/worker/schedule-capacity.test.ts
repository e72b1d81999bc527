// Capacity windows against the simulator and through the API: a schedule's Aurora Serverless v2
// range reaches the simulator as ModifyDBCluster with the right ServerlessV2ScalingConfiguration at
// each transition (the cluster scaled, not stopped), never twice for a range it already has, and
// 0 ACU only where the engine version can pause; bad ranges are 400 problem+json naming the field;
// the preview shows the capacity steps and a note for databases the windows do not apply to.
import { env, runInDurableObject } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import type { AccountAgent } from "../../durable-objects/account-agent.ts";
import { events, instances } from "../../worker/db/schema.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { eventually } from "../helpers/fixtures.ts";
import { connectSandbox, holdSchedule, sim, simCalls, type SandboxAccount } from "../helpers/simulator.ts";

type Scaling = { min: number; max: number; secondsUntilAutoPause: number | null };

/** A sandbox with one serverless v2 cluster (0.5–16 ACU) and one RDS instance, env=dev, connected to a new organization. */
async function sandbox(engineVersion = "15.8") {
  const cloud = await sim<SandboxAccount>("/aws/accounts", "POST", { regions: ["us-east-1"], durations: "instant" });
  await sim(`/aws/accounts/${cloud.accountId}/clusters`, "POST", { region: "us-east-1", id: "orders-sv2", engine: "aurora-postgresql", engineVersion, serverlessV2: { min: 0.5, max: 16 }, members: [{ id: "orders-sv2-1" }], tags: { env: "dev" } });
  await sim(`/aws/accounts/${cloud.accountId}/instances`, "POST", { region: "us-east-1", engine: "postgres", id: "billing-dev", tags: { env: "dev" } });
  const { orgId } = await createOrgDirect("Capacity");
  const headers = bearer(await tokenFor(orgId, "owner"));
  const connected = await connectSandbox(cloud, orgId, headers, ["us-east-1"]);
  const scaling = async () => (await sim<{ clusters: { id: string; status: string; serverlessV2: Scaling }[] }>(`/aws/accounts/${cloud.accountId}/resources`)).clusters.find((c) => c.id === "orders-sv2")!;
  return { cloud, orgId, headers, ...connected, scaling, modifies: () => simCalls(cloud.accountId, "ModifyDBCluster") };
}

const capacity = { inPeriod: { minAcu: 2, maxAcu: 16 }, outOfPeriod: { minAcu: 0, maxAcu: 2 } };

describe("capacity windows against the simulator", { timeout: 120_000 }, () => {
  it("scales the cluster to 0–2 ACU out of period and back to 2–16 at the transition, once each, without stopping it", async () => {
    const s = await sandbox();
    const created = await api("/schedules", { method: "POST", headers: s.headers, body: JSON.stringify(holdSchedule("stopped", { name: "Nights", capacity })) });
    expect(created.status).toBe(201);
    const scheduleId = (await created.json<{ id: string }>()).id;

    await s.agent.runNow();
    expect(await s.scaling()).toMatchObject({ status: "available", serverlessV2: { min: 0, max: 2, secondsUntilAutoPause: 300 } });
    expect(await s.modifies()).toBe(1);
    // The RDS instance of the same schedule is stopped as usual; the cluster is not.
    const d = drizzle(env.DB);
    const state = async (externalId: string) => (await d.select({ state: instances.state }).from(instances).where(and(eq(instances.orgId, s.orgId), eq(instances.externalId, externalId))))[0]!.state;
    expect(await state("billing-dev")).toMatch(/stopp/);
    expect(await state("orders-sv2")).toBe("running");

    // Another pass, and a pass that forgot what it confirmed: the cluster already has the range
    // (DescribeDBClusters says so), so no second ModifyDBCluster.
    await s.agent.runNow();
    await runInDurableObject(s.agent as DurableObjectStub<AccountAgent>, (_: AccountAgent, st) => void st.storage.sql.exec("delete from capacity_applied"));
    await s.agent.runNow();
    expect(await s.modifies()).toBe(1);

    // The schedule turns to running (its transition): the by-day range.
    const replaced = await api(`/schedules/${scheduleId}`, { method: "PUT", headers: s.headers, body: JSON.stringify(holdSchedule("running", { name: "Nights", capacity })) });
    expect(replaced.status).toBe(200);
    await s.agent.runNow();
    expect((await s.scaling()).serverlessV2).toEqual({ min: 2, max: 16, secondsUntilAutoPause: null });
    expect(await s.modifies()).toBe(2);

    // Events reach D1 through the events queue.
    const changed = await eventually(async () => {
      const rows = await d.select({ cause: events.causeKind, causeId: events.causeId, detail: events.detail }).from(events).where(and(eq(events.orgId, s.orgId), eq(events.type, "instance.capacity_changed")));
      return rows.length >= 2 && rows;
    });
    expect(changed.map((e) => [e.cause, e.causeId, (e.detail as any).minAcu, (e.detail as any).maxAcu]).sort()).toEqual([["schedule", scheduleId, 0, 2], ["schedule", scheduleId, 2, 16]]);
    expect(changed.find((e) => (e.detail as any).minAcu === 0)!.detail).toMatchObject({ source: "out of period", previous: { minAcu: 0.5, maxAcu: 16 } });
  });

  it("uses 0.5 ACU on an engine version that cannot pause, so the simulator accepts the change", async () => {
    const s = await sandbox("15.4");
    await api("/schedules", { method: "POST", headers: s.headers, body: JSON.stringify(holdSchedule("stopped", { name: "Nights", capacity })) });
    await s.agent.runNow();
    expect((await s.scaling()).serverlessV2).toEqual({ min: 0.5, max: 2, secondsUntilAutoPause: null });
    expect(await s.modifies()).toBe(1);
  });
});

describe("capacity windows through the API", { timeout: 60_000 }, () => {
  it("answers bad ranges with 400 problem+json naming each field", async () => {
    const { orgId } = await createOrgDirect("Capacity API");
    const owner = bearer(await tokenFor(orgId, "owner"));
    const res = await api("/schedules", {
      method: "POST",
      headers: owner,
      body: JSON.stringify(holdSchedule("stopped", { capacity: { inPeriod: { minAcu: 8, maxAcu: 4 }, outOfPeriod: { minAcu: 0.25, maxAcu: 512 }, windows: [{ name: "", periods: [{ begin: "20:00", end: "07:00" }], minAcu: 0, maxAcu: 2 }] } })),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const errors = (await res.json<{ errors: { path: string; message: string }[] }>()).errors;
    expect(errors.map((e) => e.path).sort()).toEqual(["capacity.inPeriod.maxAcu", "capacity.outOfPeriod.maxAcu", "capacity.outOfPeriod.minAcu", "capacity.windows.0.name"]);
    expect(errors.find((e) => e.path === "capacity.outOfPeriod.minAcu")!.message).toBe("minAcu must be in steps of 0.5");
    expect(errors.find((e) => e.path === "capacity.inPeriod.maxAcu")!.message).toBe("maxAcu must be at least minAcu");
  });

  it("previews the capacity steps, and notes the databases the windows do not apply to", async () => {
    const s = await sandbox("15.4");
    const draft = { name: "Office", timezone: "UTC", periods: [{ begin: "08:00", end: "19:00" }], selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] }, capacity };
    const res = await api("/schedules/preview", { method: "POST", headers: s.headers, body: JSON.stringify({ schedule: draft, days: 2 }) });
    expect(res.status).toBe(200);
    const body = await res.json<any>();
    // Two days of office hours: the range changes at every 08:00 and 19:00.
    expect(body.capacity.length).toBeGreaterThanOrEqual(4);
    expect(new Set(body.capacity.map((c: any) => `${c.minAcu}-${c.maxAcu}`))).toEqual(new Set(["0-2", "2-16"]));
    const byName = Object.fromEntries(body.databases.map((d: any) => [d.name, d]));
    expect(byName["billing-dev"].capacityNote).toContain("Not an Aurora Serverless v2 cluster");
    expect(byName["billing-dev"].hoursAsleep).toBeGreaterThan(0);
    expect(byName["orders-sv2"].capacityNote).toContain("cannot pause at 0 ACU");
    expect(byName["orders-sv2"].capacityNote).toContain("instead of stopped");
    expect(byName["orders-sv2"].hoursAsleep).toBe(0);
  });
});
