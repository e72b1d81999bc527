// Discovery: an account's agent lists its databases through the product's cloud client (here
// against the simulator) and keeps D1's inventory true — new databases, state changes, removals,
// eligibility reasons — with an event for each change.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { and, eq } from "drizzle-orm";
import { cloudAccounts, events, instances } from "../../worker/db/schema.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { eventually } from "../helpers/fixtures.ts";
import { SIM, sim } from "../helpers/simulator.ts";
import { providerFor } from "../../worker/cloud/index.ts";

const db = drizzle(env.DB);

async function connectedAccount() {
  const cloud = await sim<{ accountId: string; accessKeyId: string; secretAccessKey: string }>("/aws/accounts", "POST", { regions: ["us-east-1"], durations: "instant" });
  for (const [id, extra] of [["orders-dev", { tags: { env: "dev", team: "orders" } }], ["reports-dev", {}], ["erp-sqlserver", { engine: "sqlserver-se", multiAZ: true }]] as const) {
    await sim(`/aws/accounts/${cloud.accountId}/instances`, "POST", { region: "us-east-1", id, engine: "postgres", ...extra });
  }
  const { orgId } = await createOrgDirect("Discovery");
  const owner = await tokenFor(orgId, "owner");
  const res = await api("/accounts", {
    method: "POST",
    headers: bearer(owner),
    body: JSON.stringify({ provider: "aws", connection: "access_keys", name: "sandbox", regions: ["us-east-1"], accessKeyId: cloud.accessKeyId, secretAccessKey: cloud.secretAccessKey, endpoint: SIM }),
  });
  const account = await res.json<{ id: string }>();
  return { cloud, orgId, accountId: account.id };
}

const tick = (accountId: string, orgId: string, tickId: string) =>
  env.ACCOUNT_AGENT.get(env.ACCOUNT_AGENT.idFromName(accountId)).tick({ accountId, orgId, tickId, scheduledAt: Date.now(), reason: "sync" });

describe("discovery by the account's agent", () => {
  it("puts the account's databases into D1 with state, tags and eligibility", async () => {
    const { orgId, accountId } = await connectedAccount();
    const outcome = await tick(accountId, orgId, "sync-1");
    expect(outcome.discovery).toEqual({ ok: true, databases: 3 });

    const rows = await db.select().from(instances).where(eq(instances.cloudAccountId, accountId));
    const byId = Object.fromEntries(rows.map((r) => [r.externalId, r]));
    expect(Object.keys(byId).sort()).toEqual(["erp-sqlserver", "orders-dev", "reports-dev"]);
    expect(byId["orders-dev"]).toMatchObject({ orgId, provider: "aws", kind: "rds_instance", region: "us-east-1", engine: "postgres", state: "running", eligible: true, tags: { env: "dev", team: "orders" } });
    expect(byId["erp-sqlserver"]).toMatchObject({ eligible: false, ineligibleReason: expect.stringMatching(/SQL Server/i) });

    const [account] = await db.select().from(cloudAccounts).where(eq(cloudAccounts.id, accountId));
    expect(account).toMatchObject({ status: "connected", lastError: null });
    expect(account!.lastSyncAt).not.toBeNull();

    const discovered = await eventually(async () => {
      const rows = await db.select().from(events).where(and(eq(events.cloudAccountId, accountId), eq(events.type, "instance.discovered")));
      return rows.length === 3 && rows;
    });
    expect(discovered.every((e) => e.causeKind === "cloud" && e.toState === "running")).toBe(true);
  });

  it("records state changes and removals on the next sync, and only those", async () => {
    const { cloud, orgId, accountId } = await connectedAccount();
    await tick(accountId, orgId, "sync-1");

    const aws = providerFor({ provider: "aws", authKind: "access_keys", regions: ["us-east-1"], endpoint: SIM, accessKeyId: cloud.accessKeyId, secretAccessKey: cloud.secretAccessKey });
    await aws.stop({ kind: "rds_instance", externalId: "reports-dev", region: "us-east-1" });
    for (let i = 0; i < 40 && (await aws.getDatabase({ kind: "rds_instance", externalId: "reports-dev", region: "us-east-1" }))?.state !== "stopped"; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await sim(`/aws/accounts/${cloud.accountId}/instances/us-east-1/orders-dev`, "DELETE");

    await tick(accountId, orgId, "sync-2");
    const rows = await db.select().from(instances).where(eq(instances.cloudAccountId, accountId));
    const byId = Object.fromEntries(rows.map((r) => [r.externalId, r]));
    expect(byId["reports-dev"]).toMatchObject({ state: "stopped", deletedAt: null });
    expect(byId["orders-dev"]!.deletedAt).not.toBeNull();
    expect(byId["erp-sqlserver"]).toMatchObject({ state: "running", deletedAt: null });

    const changes = await eventually(async () => {
      const rows = await db.select().from(events).where(eq(events.cloudAccountId, accountId));
      const kinds = rows.filter((r) => r.type === "instance.state_changed" || r.type === "instance.removed");
      return kinds.length >= 2 && kinds;
    });
    expect(changes.map((c) => `${c.type}:${c.fromState}->${c.toState}`).sort()).toEqual(["instance.removed:running->null", "instance.state_changed:running->stopped"]);
  });

  it("marks the account in error, in the cloud's words, when listing fails", async () => {
    const { cloud, orgId, accountId } = await connectedAccount();
    await sim(`/aws/accounts/${cloud.accountId}/faults`, "PUT", { errorRate: 1, errorStatus: 500 });
    const outcome = await tick(accountId, orgId, "sync-fail");
    expect(outcome.discovery).toMatchObject({ ok: false, databases: 0 });
    const [account] = await db.select().from(cloudAccounts).where(eq(cloudAccounts.id, accountId));
    expect(account!.status).toBe("error");
    expect(account!.lastError).toMatch(/^discovery: /);
    expect(account!.lastError).not.toContain(cloud.secretAccessKey);
  });
});
