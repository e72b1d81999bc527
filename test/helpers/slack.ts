// Test helpers for Slack against the simulator: install the SnoozeQL app into the simulated
// workspace (T0SIMDEMO) for a fresh organization with one stopped database, Slack users mapped to
// members by email, correctly signed requests (Node's crypto, independent of the product's code)
// and what the simulated Slack received.
import { env, exports } from "cloudflare:workers";
import { expect, inject } from "vitest";
import { createHmac } from "node:crypto";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { cloudAccounts, instances, integrations } from "../../worker/db/schema.ts";
import { newId } from "../../worker/db/ids.ts";
import { api, bearer, createOrgDirect, memberWithRole, tokenFor } from "./auth.ts";

export const SIGNING_SECRET = "sim-slack-signing-secret";
export const nodeSign = (secret: string, ts: number, body: string) => `v0=${createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex")}`;

/** Points the Worker's Slack URLs at the simulator (call in beforeAll). */
export function useSimulatedSlack(): string {
  const sim = inject("simUrl");
  Object.assign(env, { SLACK_API_BASE_URL: `${sim}/slack/api`, SLACK_AUTHORIZE_URL: `${sim}/slack/oauth/v2/authorize`, SLACK_WEBHOOK_ORIGIN: sim, PUBLIC_URL: "https://app.snoozeql.test" });
  return sim;
}

/** A new organization with the Slack app installed (default channel C0SNOOZE) and one stopped database. */
export async function installedSlackApp() {
  const sim = inject("simUrl");
  const { orgId } = await createOrgDirect("SlackOrg");
  // The simulated workspace can belong to one organization: free it from earlier tests.
  await drizzle(env.DB).delete(integrations).where(eq(integrations.slackTeamId, "T0SIMDEMO"));
  const admin = await tokenFor(orgId, "admin");
  const start = await api("/integrations/slack/install", { headers: bearer(admin) });
  expect(start.status).toBe(200);
  const { url } = await start.json<{ url: string }>();
  expect(url.startsWith(`${sim}/slack/oauth/v2/authorize?`)).toBe(true);
  const consent = await fetch(url, { redirect: "manual" });
  const callback = new URL(consent.headers.get("location")!);
  const back = await exports.default.fetch(`https://snoozeql.test${callback.pathname}${callback.search}`, { redirect: "manual" });
  expect(back.status).toBe(302);
  expect(back.headers.get("location")).toBe("/settings/integrations?slack=installed");
  const [integration] = await drizzle(env.DB).select().from(integrations).where(eq(integrations.orgId, orgId));
  expect(integration).toMatchObject({ kind: "slack_app", slackTeamId: "T0SIMDEMO", channels: { "*": "C0SNOOZE" }, target: "Slack: Sim Workspace" });
  const accountId = newId("cloudAccount");
  await drizzle(env.DB).insert(cloudAccounts).values({ id: accountId, orgId, provider: "aws", name: `a-${accountId}`, authKind: "access_keys", status: "disabled" });
  const instanceId = newId("instance");
  const name = `orders-${instanceId.slice(-6).toLowerCase()}`;
  await drizzle(env.DB).insert(instances).values({ id: instanceId, orgId, cloudAccountId: accountId, provider: "aws", kind: "rds_instance", externalId: name, region: "eu-central-1", name, engine: "postgres", state: "stopped", hourlyPriceMicros: 410_000, priceSource: "catalog 2026-11" });
  return { orgId, admin, integrationId: integration!.id, accountId, instanceId, name };
}

export async function slackMessages(): Promise<Record<string, unknown>[]> {
  return (await (await fetch(`${inject("simUrl")}/__sim/slack/messages`)).json<{ messages: Record<string, unknown>[] }>()).messages;
}

export async function waitFor<T>(what: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function signedPost(path: string, form: Record<string, string>) {
  const body = new URLSearchParams(form).toString();
  const ts = Math.floor(Date.now() / 1000);
  return api(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(ts), "x-slack-signature": nodeSign(SIGNING_SECRET, ts, body) }, body });
}

/** A member with `role` whose Slack account (same verified email) exists in the simulated workspace. */
export async function slackUser(orgId: string, role: "operator" | "viewer" | "admin") {
  const person = await memberWithRole(orgId, role);
  const slackId = `U${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
  await fetch(`${inject("simUrl")}/__sim/slack/users`, { method: "PUT", body: JSON.stringify({ teamId: "T0SIMDEMO", users: [{ id: slackId, email: person.email }] }) });
  return { ...person, slackId };
}

/** Presses a button as `slackId`; returns the response_url id to find SnoozeQL's answer by. */
export async function pressButton(slackId: string, actionId: string, value: string, messageText = "x"): Promise<string> {
  const id = crypto.randomUUID();
  const payload = { type: "block_actions", team: { id: "T0SIMDEMO" }, user: { id: slackId }, response_url: `${inject("simUrl")}/slack/response/${id}`, actions: [{ action_id: actionId, value }], message: { text: messageText } };
  const res = await signedPost("/slack/interactivity", { payload: JSON.stringify(payload) });
  expect(res.status).toBe(200);
  return id;
}

/** SnoozeQL's answer to a press or command, posted to its response_url. */
export function responseTo(id: string) {
  return waitFor(async () => (await slackMessages()).find((m) => m.via === "response_url" && m.id === id));
}
