// Builds one tenant-owned thing of each kind a route can address, through the real API, so the
// generated isolation and permission tests can aim every {id} route at something real.
import { env } from "cloudflare:workers";
import { inject } from "vitest";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { apiTokens, cloudAccounts, instances, integrations, invitations, memberships, overrides, policies, schedules, type Role } from "../../worker/db/schema.ts";
import { newId } from "../../worker/db/ids.ts";
import type { ResourceKind } from "../../worker/api/route-table.ts";
import { api, bearer, memberWithRole, uniqueEmail } from "./auth.ts";
import { recommendations } from "../../worker/db/schema.ts";
import { recommendationId } from "../../worker/recommendations/analyze.ts";

export type Factory = (orgId: string, ownerToken: string) => Promise<string>;

export const PLANTED_SECRET = "PLANTEDsecretMARKER0123456789abcdefXYZ";

export const factories: Record<ResourceKind, Factory> = {
  async apiToken(_orgId, ownerToken) {
    const res = await api("/tokens", { method: "POST", headers: bearer(ownerToken), body: JSON.stringify({ name: `fixture-${Math.random()}`, role: "viewer" }) });
    if (res.status !== 201) throw new Error(`token fixture: ${res.status} ${await res.text()}`);
    return (await res.json<{ id: string }>()).id;
  },
  async cloudAccount(_orgId, ownerToken) {
    const res = await api("/accounts", {
      method: "POST",
      headers: bearer(ownerToken),
      body: JSON.stringify({
        provider: "aws",
        connection: "access_keys",
        name: `fixture-${Math.random()}`,
        regions: ["us-east-1"],
        accessKeyId: "AKIAFIXTURE000000001",
        secretAccessKey: PLANTED_SECRET,
        // The simulator refuses these keys (unknown access key), as AWS would.
        endpoint: inject("simUrl"),
      }),
    });
    if (res.status !== 201) throw new Error(`account fixture: ${res.status} ${await res.text()}`);
    return (await res.json<{ id: string }>()).id;
  },
  async member(orgId) {
    return (await memberWithRole(orgId, "viewer")).userId;
  },
  async instance(orgId) {
    const db = drizzle(env.DB);
    const accountId = newId("cloudAccount");
    await db.insert(cloudAccounts).values({ id: accountId, orgId, provider: "aws", name: `fixture-${accountId}`, authKind: "access_keys", status: "disabled" });
    const id = newId("instance");
    await db.insert(instances).values({ id, orgId, cloudAccountId: accountId, provider: "aws", kind: "rds_instance", externalId: `db-${id.slice(-6)}`, region: "us-east-1", name: "fixture-db", engine: "postgres", state: "running" });
    return id;
  },
  async schedule(_orgId, ownerToken) {
    const res = await api("/schedules", {
      method: "POST",
      headers: bearer(ownerToken),
      body: JSON.stringify({ name: `fixture-${Math.random()}`, timezone: "UTC", periods: [{ begin: "09:00", end: "17:00", weekdays: ["mon-fri"] }], selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] } }),
    });
    if (res.status !== 201) throw new Error(`schedule fixture: ${res.status} ${await res.text()}`);
    return (await res.json<{ id: string }>()).id;
  },
  async policy(_orgId, ownerToken) {
    const res = await api("/policies", {
      method: "POST",
      headers: bearer(ownerToken),
      body: JSON.stringify({ name: `fixture-${Math.random()}`, selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] }, rules: [{ metric: "cpu", operator: "lt", threshold: 5, duration: "2h" }], actions: [{ type: "stop" }] }),
    });
    if (res.status !== 201) throw new Error(`policy fixture: ${res.status} ${await res.text()}`);
    return (await res.json<{ id: string }>()).id;
  },
  async override(orgId, ownerToken) {
    const instanceId = await factories.instance(orgId, ownerToken);
    const id = newId("override");
    await drizzle(env.DB).insert(overrides).values({ id, orgId, instanceId, kind: "keep_awake", until: new Date(Date.now() + 3_600_000), causeKind: "user" });
    return id;
  },
  async integration(_orgId, ownerToken) {
    // A webhook to the simulator's receiver (loopback origins are accepted in test deployments).
    const res = await api("/integrations", { method: "POST", headers: bearer(ownerToken), body: JSON.stringify({ kind: "webhook", name: `fixture-${Math.random()}`, url: `${inject("simUrl")}/__sim/webhooks/fixture` }) });
    if (res.status !== 201) throw new Error(`integration fixture: ${res.status} ${await res.text()}`);
    return (await res.json<{ id: string }>()).id;
  },
  async recommendation(orgId, ownerToken) {
    // An open proposal, as the analysis writes it, for a database of this organization.
    const instanceId = await factories.instance(orgId, ownerToken);
    const id = await recommendationId(orgId, instanceId, "schedule");
    const proposedSchedule = { name: `Recommended: fixture-db ${instanceId}`, timezone: "UTC", periods: [{ begin: "08:00", end: "18:00", weekdays: ["mon-fri"] }], selector: { match: [{ field: "name", op: "equals", value: "fixture-db" }] }, enforce: false, dryRun: false, enabled: true };
    await drizzle(env.DB).insert(recommendations).values({ id, orgId, instanceId, kind: "schedule", confidenceBp: 9000, proposedSchedule, projectedMonthlySavingsCents: 1234, evidence: { summary: "awake Mon–Fri 08:00–18:00 (UTC)", reason: null, projection: null, profile: null } });
    return id;
  },
  async invitation(_orgId, ownerToken) {
    const res = await api("/invitations", { method: "POST", headers: bearer(ownerToken), body: JSON.stringify({ email: uniqueEmail("invitee"), role: "viewer" }) });
    if (res.status !== 201) throw new Error(`invitation fixture: ${res.status} ${await res.text()}`);
    return (await res.json<{ id: string }>()).id;
  },
};

/**
 * Fixtures a route needs beyond its resource kind's default, by "METHOD path" (e.g. only role
 * connections have a CloudFormation template).
 */
export const routeFixtures: Record<string, Factory> = {
  async "GET /accounts/{id}/cloudformation"(_orgId, ownerToken) {
    const res = await api("/accounts", { method: "POST", headers: bearer(ownerToken), body: JSON.stringify({ provider: "aws", connection: "assume_role", name: `fixture-role-${Math.random()}`, regions: ["us-east-1"] }) });
    if (res.status !== 201) throw new Error(`role account fixture: ${res.status} ${await res.text()}`);
    return (await res.json<{ id: string }>()).id;
  },
};

/** The fixture for a route's {id}: its own if it has one, else its resource kind's. */
export function fixtureFor(route: { method: string; path: string; resource?: ResourceKind }): Factory {
  return routeFixtures[`${route.method} ${route.path}`] ?? factories[route.resource!];
}

/** The stored row behind a resource id (to prove a refused request changed nothing). */
export async function snapshot(kind: ResourceKind, orgId: string, id: string): Promise<string> {
  const db = drizzle(env.DB);
  switch (kind) {
    case "apiToken":
      return JSON.stringify(await db.select().from(apiTokens).where(eq(apiTokens.id, id)));
    case "cloudAccount":
      return JSON.stringify(await db.select().from(cloudAccounts).where(eq(cloudAccounts.id, id)));
    case "member":
      return JSON.stringify((await db.select().from(memberships).where(eq(memberships.userId, id))).filter((m) => m.orgId === orgId));
    case "invitation":
      return JSON.stringify(await db.select().from(invitations).where(eq(invitations.id, id)));
    case "instance":
      return JSON.stringify(await db.select().from(instances).where(eq(instances.id, id)));
    case "schedule":
      return JSON.stringify(await db.select().from(schedules).where(eq(schedules.id, id)));
    case "override":
      return JSON.stringify(await db.select().from(overrides).where(eq(overrides.id, id)));
    case "integration":
      return JSON.stringify(await db.select().from(integrations).where(eq(integrations.id, id)));
    case "recommendation":
      return JSON.stringify(await db.select().from(recommendations).where(eq(recommendations.id, id)));
    case "policy":
      return JSON.stringify(await db.select().from(policies).where(eq(policies.id, id)));
  }
}

export const ALL_ROLES: Role[] = ["viewer", "operator", "admin", "owner"];

export function fillPath(path: string, id: string): string {
  return `/api/v1${path.replace("{id}", id)}`;
}
