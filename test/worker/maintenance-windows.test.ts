// Maintenance windows end to end against the simulator: discovery stores each database's window
// and pending maintenance; a schedule with "wake for the maintenance window" starts an asleep
// database whose window is near and has maintenance pending (cause "maintenance"), leaves one with
// nothing pending asleep, and puts the woken one back to sleep once the cloud has applied it.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { events, instances } from "../../worker/db/schema.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { eventually } from "../helpers/fixtures.ts";
import { holdSchedule, SIM, sim } from "../helpers/simulator.ts";

const db = drizzle(env.DB);
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const weekTime = (t: number) => {
  const d = new Date(t);
  return `${DAYS[(d.getUTCDay() + 6) % 7]}:${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
};

describe("maintenance windows against the simulator", () => {
  it("wakes an asleep database for pending maintenance in its window and lets it sleep again once applied", { timeout: 90_000 }, async () => {
    const opens = Date.now() + 10 * 60_000; // inside the 20-minute lead already
    const window = `${weekTime(opens)}-${weekTime(opens + 30 * 60_000)}`;
    const cloud = await sim<{ accountId: string; accessKeyId: string; secretAccessKey: string }>("/aws/accounts", "POST", { regions: ["us-east-1"], durations: "instant" });
    const add = (body: Record<string, unknown>) => sim(`/aws/accounts/${cloud.accountId}/instances`, "POST", { region: "us-east-1", engine: "postgres", status: "stopped", maintenanceWindow: window, tags: { env: "dev" }, ...body });
    await add({ id: "patch-dev", pendingMaintenanceActions: [{ action: "system-update", description: "New Operating System update is available", optInStatus: "next-maintenance" }] });
    await add({ id: "quiet-dev" });

    const { orgId } = await createOrgDirect("Maintenance");
    const headers = bearer(await tokenFor(orgId, "owner"));
    const account = await (
      await api("/accounts", { method: "POST", headers, body: JSON.stringify({ provider: "aws", connection: "access_keys", name: "sandbox", regions: ["us-east-1"], accessKeyId: cloud.accessKeyId, secretAccessKey: cloud.secretAccessKey, endpoint: SIM }) })
    ).json<{ id: string }>();
    const agent = env.ACCOUNT_AGENT.get(env.ACCOUNT_AGENT.idFromName(account.id));
    await agent.reschedule(account.id, orgId);
    await agent.runNow();

    // Discovery stored the window (UTC minutes of the week) and what is pending.
    const rows = await db.select().from(instances).where(eq(instances.cloudAccountId, account.id));
    const row = (name: string) => rows.find((r) => r.externalId === name)!;
    const startMinute = ((new Date(opens).getUTCDay() + 6) % 7) * 1440 + new Date(opens).getUTCHours() * 60 + new Date(opens).getUTCMinutes();
    expect(row("patch-dev").maintenance).toEqual({ window: { startMinute, durationMinutes: 30 }, pending: ["system-update: New Operating System update is available"], scheduledAt: null });
    expect(row("quiet-dev").maintenance).toMatchObject({ window: { startMinute }, pending: [] });

    const created = await api("/schedules", { method: "POST", headers, body: JSON.stringify(holdSchedule("stopped", { maintenanceWake: true })) });
    expect(created.status).toBe(201);
    const schedule = await created.json<{ id: string; maintenanceWake: boolean }>();
    expect(schedule.maintenanceWake).toBe(true);

    const causes = async (id: string) => (await db.select({ type: events.type, cause: events.causeKind, causeId: events.causeId }).from(events).where(eq(events.instanceId, id))).map((e) => `${e.type}:${e.cause}:${e.causeId}`);
    await eventually(async () => {
      await agent.runNow();
      return (await causes(row("patch-dev").id)).includes(`instance.started:maintenance:${schedule.id}`);
    }, 30_000);
    expect(await causes(row("patch-dev").id)).toContain(`instance.start_requested:maintenance:${schedule.id}`);
    expect((await causes(row("quiet-dev").id)).filter((e) => e.startsWith("instance.start"))).toEqual([]);

    // The window opens (simulated cloud clock) and RDS applies the update to the running database;
    // the next discovery sees nothing pending, so the schedule's sleep applies again at once.
    await sim(`/aws/accounts/${cloud.accountId}/clock`, "POST", { advanceSeconds: 12 * 60 });
    await eventually(async () => {
      await agent.runNow({ forceDiscovery: true });
      return (await causes(row("patch-dev").id)).includes(`instance.stopped:schedule:${schedule.id}`);
    }, 30_000);
    const [after] = await db.select({ maintenance: instances.maintenance, state: instances.state }).from(instances).where(eq(instances.id, row("patch-dev").id));
    expect(after).toMatchObject({ state: "stopped", maintenance: { pending: [] } });
  });
});
