// The cloud simulator from the Workers suite: its control API, and a sandbox AWS account with
// databases, connected to a fresh organization through the product's own API.
import { inject } from "vitest";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { accountAgent } from "../../worker/accounts/agent.ts";
import { instances } from "../../worker/db/schema.ts";
import { api, bearer, createOrgDirect, tokenFor } from "./auth.ts";

export const SIM = inject("simUrl");

/** Calls the simulator's control API (`/__sim/...`). */
export async function sim<T>(path: string, method = "GET", body?: unknown): Promise<T> {
  const res = await fetch(`${SIM}/__sim${path}`, { method, headers: { "content-type": "application/json" }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

export const today = () => new Date().toISOString().slice(0, 10);
export const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

/** A schedule holding env=dev databases asleep (or awake) all of today and tomorrow. */
export const holdSchedule = (state: "stopped" | "running", extra: Record<string, unknown> = {}) => ({
  name: "Hold",
  timezone: "UTC",
  periods: [],
  exceptions: [{ from: today(), to: tomorrow(), state, reason: "test" }],
  selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] },
  ...extra,
});

/**
 * A sandbox AWS account (instant transitions) with env=dev postgres databases named `ids`,
 * connected to a new organization and discovered once by its agent.
 */
export async function connectedSandbox(ids: string[], orgName = "Sandbox") {
  const cloud = await sim<SandboxAccount>("/aws/accounts", "POST", { regions: ["us-east-1"], durations: "instant" });
  for (const id of ids) await sim(`/aws/accounts/${cloud.accountId}/instances`, "POST", { region: "us-east-1", engine: "postgres", id, tags: { env: "dev" } });
  const { orgId } = await createOrgDirect(orgName);
  const headers = bearer(await tokenFor(orgId, "owner"));
  return { cloud, orgId, headers, ...(await connectSandbox(cloud, orgId, headers, ["us-east-1"])) };
}

export type SandboxAccount = { accountId: string; accessKeyId: string; secretAccessKey: string };

/** Connects a simulator AWS account to an organization through the API and runs its agent once. */
export async function connectSandbox(cloud: SandboxAccount, orgId: string, headers: Record<string, string>, regions: string[]) {
  const res = await api("/accounts", { method: "POST", headers, body: JSON.stringify({ provider: "aws", connection: "access_keys", name: "sandbox", regions, accessKeyId: cloud.accessKeyId, secretAccessKey: cloud.secretAccessKey, endpoint: SIM }) });
  const { id: accountId } = await res.json<{ id: string }>();
  const agent = accountAgent(env, accountId);
  await agent.reschedule(accountId, orgId);
  await agent.runNow();
  const rows = await drizzle(env.DB).select().from(instances).where(eq(instances.cloudAccountId, accountId));
  const instanceId = (externalId: string) => rows.find((r) => r.externalId === externalId)!.id;
  return { accountId, agent, instanceId };
}

/** How many times the simulator received `operation` for `cloudAccountId`. */
export async function simCalls(cloudAccountId: string, operation: string): Promise<number> {
  return (await sim<{ byOperation: Record<string, number> }>(`/aws/accounts/${cloudAccountId}/calls?limit=1000`)).byOperation[operation] ?? 0;
}
