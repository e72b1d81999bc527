// Savings test fixtures: a tenant with one database (priced by override unless told otherwise),
// state events built like the agent and discovery build them, and delivery through the real
// events queue consumer. Shared by the savings-*.test.ts files.
import { env } from "cloudflare:workers";
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { and, asc, eq } from "drizzle-orm";
import worker from "../../worker/index.ts";
import { cloudAccounts, instances, organizations, savings, savingsDaily, savingsTotals, type CauseKind } from "../../worker/db/schema.ts";
import { newId } from "../../worker/db/ids.ts";
import { buildEvent, type EventMessage } from "../../worker/events/event.ts";
import { createOrgDirect, tokenFor } from "../helpers/auth.ts";

export const db = drizzle(env.DB);
export const HOUR = 3_600_000;
export const MINUTE = 60_000;
/** $0.36 per hour = 100 micro-dollars per second: an hour asleep saves 36 cents. */
export const PRICE = 360_000;

export interface Tenant {
  orgId: string;
  accountId: string;
  instanceId: string;
  admin: string;
  viewer: string;
}

export async function tenant(opts: { timeZone?: string; priceMicros?: number | null; provider?: "aws" | "gcp"; instance?: Partial<typeof instances.$inferInsert> } = {}): Promise<Tenant> {
  const { orgId } = await createOrgDirect("Savings");
  if (opts.timeZone) await db.update(organizations).set({ timezone: opts.timeZone }).where(eq(organizations.id, orgId));
  const accountId = newId("cloudAccount");
  const provider = opts.provider ?? "aws";
  // Disabled: no agent acts on it; events are delivered by the test.
  await db.insert(cloudAccounts).values({ id: accountId, orgId, provider, name: `acct-${accountId.slice(-6)}`, authKind: provider === "aws" ? "access_keys" : "service_account", status: "disabled" });
  const instanceId = await addInstance(orgId, accountId, { provider, priceOverrideMicros: opts.priceMicros === undefined ? PRICE : opts.priceMicros, ...opts.instance });
  return { orgId, accountId, instanceId, admin: await tokenFor(orgId, "admin"), viewer: await tokenFor(orgId, "viewer") };
}

export async function addInstance(orgId: string, accountId: string, values: Partial<typeof instances.$inferInsert> = {}): Promise<string> {
  const id = newId("instance");
  await db.insert(instances).values({
    id,
    orgId,
    cloudAccountId: accountId,
    provider: "aws",
    kind: "rds_instance",
    externalId: `db-${id.slice(-8)}`,
    region: "us-east-1",
    name: `db-${id.slice(-8).toLowerCase()}`,
    engine: "postgres",
    state: "running",
    ...values,
  });
  return id;
}

export interface Observed {
  type?: string;
  state: "running" | "stopped" | "starting" | "stopping";
  at: number | string;
  cause?: { kind: CauseKind; id?: string | null };
}

/** A state event as the agent (instance.stopped/started) or discovery (state_changed) sends it. */
export function observe(t: Pick<Tenant, "orgId" | "accountId" | "instanceId">, o: Observed): Promise<EventMessage> {
  const at = typeof o.at === "string" ? Date.parse(o.at) : o.at;
  const type = o.type ?? (o.state === "stopped" ? "instance.stopped" : o.state === "running" ? "instance.started" : "instance.state_changed");
  return buildEvent(
    {
      orgId: t.orgId,
      cloudAccountId: t.accountId,
      instanceId: t.instanceId,
      type,
      causeKind: o.cause?.kind ?? "cloud",
      causeId: o.cause?.id ?? null,
      toState: o.state,
      occurredAt: at,
    },
    [t.instanceId, type, o.state, at],
  );
}

let messageCounter = 0;
/** Delivers events through the Worker's queue() entry, as the `events` queue would. */
export async function deliver(events: EventMessage[]) {
  const ctx = createExecutionContext();
  const batch = createMessageBatch<unknown>(
    "events",
    events.map((body) => ({ id: `msg-${++messageCounter}`, timestamp: new Date(), attempts: 1, body })),
  );
  await worker.queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

/** The ledger and daily rows of a database, without its id (to compare two databases' rows). */
export async function ledgerOf(instanceId: string) {
  const rows = await db.select().from(savings).where(eq(savings.instanceId, instanceId)).orderBy(asc(savings.from));
  return rows.map(({ id, instanceId: _i, orgId: _o, updatedAt: _u, ...r }) => ({ ...r, id: id.slice(id.indexOf(":") + 1), from: r.from.toISOString(), until: r.until?.toISOString() ?? null, sleepFrom: r.sleepFrom.toISOString() }));
}

export async function dailyOf(instanceId: string) {
  const rows = await db.select().from(savingsDaily).where(eq(savingsDaily.instanceId, instanceId)).orderBy(asc(savingsDaily.day), asc(savingsDaily.causeKind), asc(savingsDaily.causeId));
  return rows.map(({ instanceId: _i, orgId: _o, ...r }) => r);
}

export async function orgDaily(orgId: string) {
  return db.select().from(savingsDaily).where(and(eq(savingsDaily.orgId, orgId))).orderBy(asc(savingsDaily.instanceId), asc(savingsDaily.day), asc(savingsDaily.causeKind), asc(savingsDaily.causeId));
}

/** Deterministic shuffle (a small LCG), so a failing order can be replayed. */
export function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export async function orgTotals(orgId: string) {
  return db.select().from(savingsTotals).where(eq(savingsTotals.orgId, orgId)).orderBy(asc(savingsTotals.instanceId));
}
