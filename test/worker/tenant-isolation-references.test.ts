// Tenant isolation for ids that arrive in query strings and bodies (`?instanceId=`,
// `?cloudAccountId=`, `{ "instanceId": … }`), generated from the OpenAPI document: another
// organization's owner who names this tenant's id sees none of its data and changes nothing, and
// the tenant's own owner naming the same id gets an answer (the positive control).
import { describe, expect, it } from "vitest";
import { env, exports } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import "../../worker/index.ts";
import { events, instances } from "../../worker/db/schema.ts";
import { newId } from "../../worker/db/ids.ts";
import type { ResourceKind } from "../../worker/api/route-table.ts";
import { createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { factories, snapshot } from "../helpers/tenants.ts";

/** Which resource kind a referencing field names. */
const FIELD_KINDS: Record<string, ResourceKind> = {
  instanceId: "instance",
  cloudAccountId: "cloudAccount",
  accountId: "cloudAccount",
  scheduleId: "schedule",
  overrideId: "override",
  tokenId: "apiToken",
  invitationId: "invitation",
  userId: "member",
  actorId: "member",
};

interface Reference {
  method: string;
  path: string;
  where: "query" | "body";
  field: string;
  kind: ResourceKind;
}

type OpenApi = { paths: Record<string, Record<string, { security?: unknown[]; parameters?: { name: string; in: string }[]; requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown>; $ref?: string } }> } }>>; components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> } };

const spec = (await (await exports.default.fetch("https://snoozeql.test/api/v1/openapi.json")).json()) as OpenApi;
const references: Reference[] = Object.entries(spec.paths).flatMap(([path, operations]) =>
  Object.entries(operations).flatMap(([method, op]) => {
    if (path.includes("{") || !op.security) return []; // {id} routes: the other suite; public routes own nothing
    const query = (op.parameters ?? []).filter((p) => p.in === "query" && FIELD_KINDS[p.name]).map((p) => ({ where: "query" as const, field: p.name }));
    const schema = op.requestBody?.content?.["application/json"]?.schema;
    const resolved = schema?.$ref ? spec.components?.schemas?.[schema.$ref.split("/").pop()!] : schema;
    const body = Object.keys(resolved?.properties ?? {}).filter((name) => FIELD_KINDS[name]).map((field) => ({ where: "body" as const, field }));
    return [...query, ...body].map((r) => ({ ...r, method: method.toUpperCase(), path, kind: FIELD_KINDS[r.field]! }));
  }),
);

/** A tenant's thing of `kind`, with related rows whose ids must never reach another tenant. */
async function plant(orgId: string, ownerToken: string, kind: ResourceKind): Promise<{ id: string; secrets: string[] }> {
  const id = await factories[kind](orgId, ownerToken);
  const secrets = [orgId];
  if (kind === "instance") {
    const [row] = await drizzle(env.DB).select().from(instances).where(eq(instances.id, id));
    const eventId = `evt-${crypto.randomUUID()}`;
    await drizzle(env.DB).insert(events).values({ id: eventId, orgId, cloudAccountId: row!.cloudAccountId, instanceId: id, type: "instance.stopped", causeKind: "schedule", occurredAt: new Date() });
    secrets.push(eventId, row!.cloudAccountId);
  }
  if (kind === "cloudAccount") {
    const instanceId = newId("instance");
    await drizzle(env.DB).insert(instances).values({ id: instanceId, orgId, cloudAccountId: id, provider: "aws", kind: "rds_instance", externalId: `db-${instanceId.slice(-6)}`, region: "us-east-1", name: "victim-db", engine: "postgres", state: "running" });
    secrets.push(instanceId);
  }
  return { id, secrets };
}

function call(ref: Reference, token: string, id: string) {
  const url = new URL(`https://snoozeql.test/api/v1${ref.path}`);
  if (ref.where === "query") url.searchParams.set(ref.field, id);
  return exports.default.fetch(url, {
    method: ref.method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(ref.method !== "GET" && ref.method !== "DELETE" && { body: JSON.stringify(ref.where === "body" ? { [ref.field]: id } : {}) }),
  });
}

describe("ids named in query strings and bodies", () => {
  it("are found in the OpenAPI document (instanceId and cloudAccountId filters at least)", () => {
    const names = references.map((r) => `${r.method} ${r.path} ${r.where}.${r.field}`);
    expect(names).toEqual(expect.arrayContaining(["GET /events query.instanceId", "GET /events query.cloudAccountId", "GET /instances query.cloudAccountId"]));
  });

  it.each(references.map((r) => [`${r.method} ${r.path} ${r.where}.${r.field}`, r] as const))("%s: another tenant's id reveals and changes nothing", async (_name, ref) => {
    const victim = await createOrgDirect("Victim");
    const victimOwner = await tokenFor(victim.orgId, "owner");
    const planted = await plant(victim.orgId, victimOwner, ref.kind);
    const before = await snapshot(ref.kind, victim.orgId, planted.id);

    const attacker = await createOrgDirect("Attacker");
    const res = await call(ref, await tokenFor(attacker.orgId, "owner"), planted.id);
    expect(res.status).toBeLessThan(500);
    const text = await res.text();
    for (const secret of planted.secrets) expect(text).not.toContain(secret);
    if (ref.method !== "GET") expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await snapshot(ref.kind, victim.orgId, planted.id)).toBe(before);

    // Positive control: the tenant's own owner naming the same id is answered.
    const own = await call(ref, victimOwner, planted.id);
    expect(own.status, await own.clone().text()).toBeLessThan(300);
    if ((ref.path === "/events" && ref.kind === "instance") || (ref.path === "/instances" && ref.kind === "cloudAccount")) {
      expect(await own.text()).toContain(planted.secrets[1]);
    }
  });
});
