// A connected simulator account whose dev databases a schedule holds asleep, with one clock for the
// agent and the simulator account: what the tests of the agent's own transitions start from.
import { runInDurableObject } from "cloudflare:test";
import { expect } from "vitest";
import type { AccountAgent } from "../../durable-objects/account-agent.ts";
import { AgentStorage } from "../../durable-objects/agent/storage.ts";
import { api } from "./auth.ts";
import { connectSandbox, holdSchedule, sim, type SandboxAccount } from "./simulator.ts";

/** Connects `cloud` (us-east-1) to the organization and creates the schedule holding `env=dev` asleep. */
export async function connectHeldAsleep(cloud: SandboxAccount, orgId: string, headers: Record<string, string>) {
  const { agent, accountId, instanceId } = await connectSandbox(cloud, orgId, headers, ["us-east-1"]);
  const res = await api("/schedules", { method: "POST", headers, body: JSON.stringify(holdSchedule("stopped")) });
  expect(res.status).toBe(201);
  const scheduleId = (await res.json<{ id: string }>()).id;
  /** Sets the agent's clock and the simulator account's clock to `now`. */
  const at = async (now: number) => {
    await sim(`/aws/accounts/${cloud.accountId}/clock`, "POST", { setTo: now });
    await runInDurableObject(agent, (instance: AccountAgent) => void (instance.clock = () => now));
  };
  /** The transition the agent has in flight for a database, if any. */
  const pending = (id: string) => runInDurableObject(agent, (_: AccountAgent, state) => new AgentStorage(state.storage).memory().get(id)?.pending ?? null);
  return { agent, accountId, instanceId, scheduleId, at, pending };
}
