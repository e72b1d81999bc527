// Every signed call on an account is paced by its agent: the provider client (its token buckets
// and cached AssumeRole/OAuth tokens) lives as long as the credentials do, not until the next
// discovery, and the connection test runs through the agent too.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import type { AccountAgent } from "../../durable-objects/account-agent.ts";
import { ClientCache, credentialsVersion } from "../../durable-objects/agent/cloud-client.ts";
import { accountAgent } from "../../worker/accounts/agent.ts";
import type { AccountRow } from "../../worker/accounts/connection.ts";
import type { CloudProvider } from "../../worker/cloud/index.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { SIM, sim } from "../helpers/simulator.ts";

const account = (extra: Partial<AccountRow> = {}): AccountRow => ({
  id: "acc_1", orgId: "org_1", provider: "aws", name: "sandbox", status: "connected", authKind: "assume_role", externalAccountId: "123456789012",
  roleArn: "arn:aws:iam::123456789012:role/snoozeql", externalId: "ext-1", regions: ["us-east-1"], endpoint: null, credentialsSealed: "v1.iv.ct",
  credentialsHint: null, nextDueAt: new Date(0), lastTickAt: null, lastSyncAt: null, lastError: null, createdAt: new Date(0), updatedAt: new Date(0), discountBps: 0, ...extra,
});

describe("the agent's provider client", () => {
  it("survives discovery (updated_at, last sync, status) and is rebuilt when the connection changes", async () => {
    let builds = 0;
    const cache = new ClientCache(async () => {
      builds++;
      return {} as CloudProvider;
    });
    const first = await cache.get(account());
    expect(await cache.get(account({ updatedAt: new Date(5_000), lastSyncAt: new Date(5_000), status: "error", lastError: "x", nextDueAt: new Date(9) }))).toBe(first);
    expect(builds).toBe(1);
    for (const change of [{ credentialsSealed: "v1.iv.other" }, { endpoint: "http://localhost:9" }, { roleArn: "arn:aws:iam::123456789012:role/other" }, { regions: ["eu-west-1"] }]) {
      expect(credentialsVersion(account(change))).not.toBe(credentialsVersion(account()));
    }
    expect(await cache.get(account({ credentialsSealed: "v1.iv.rotated" }))).not.toBe(first);
    expect(builds).toBe(2);
  });

  it("runs the connection test inside the account's agent, with its paced client", { timeout: 30_000 }, async () => {
    const cloud = await sim<{ accessKeyId: string; secretAccessKey: string }>("/aws/accounts", "POST", { regions: ["us-east-1"], durations: "instant" });
    const { orgId } = await createOrgDirect("Paced");
    const headers = bearer(await tokenFor(orgId, "owner"));
    const created = await api("/accounts", { method: "POST", headers, body: JSON.stringify({ provider: "aws", connection: "access_keys", name: "paced", regions: ["us-east-1"], accessKeyId: cloud.accessKeyId, secretAccessKey: cloud.secretAccessKey, endpoint: SIM }) });
    const { id } = await created.json<{ id: string }>();
    const agent = accountAgent(env, id);
    await runInDurableObject(agent, (instance: AccountAgent) => {
      expect((instance as unknown as { clients: ClientCache }).clients.version).toBeNull();
    });
    const res = await api(`/accounts/${id}/test`, { method: "POST", headers });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
    await runInDurableObject(agent, (instance: AccountAgent) => {
      expect((instance as unknown as { clients: ClientCache }).clients.version).not.toBeNull();
    });
  });
});
