// Retention (worker/domain/retention.ts, worker/retention/prune.ts): the cron tick deletes events,
// audit entries, deliveries and idempotency keys past their periods, for every organization alike,
// in bounded batches; nothing inside a period is deleted, and an old event the savings ledger may
// still re-read is kept, so pruning never changes the ledger a later recompute builds.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { and, asc, eq, inArray } from "drizzle-orm";
import worker from "../../worker/index.ts";
import { auditLog, deliveries, events, idempotencyKeys, integrations, organizations } from "../../worker/db/schema.ts";
import { newId } from "../../worker/db/ids.ts";
import { DAY_MS, PRUNE_BATCH_ROWS, RETENTION_DAYS } from "../../worker/domain/retention.ts";
import { pruneOrganization, runRetentionTick } from "../../worker/retention/prune.ts";
import { db, deliver, ledgerOf, observe, tenant, type Tenant, dailyOf } from "./savings-fixtures.ts";

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);

/** One row per table at `ageDays` before NOW (events not bound to a database: never ledger input). */
async function rowsAged(t: Tenant, ageDays: number, tag: string) {
  const at = new Date(NOW - ageDays * DAY_MS);
  const integrationId = newId("integration");
  await db.insert(integrations).values({ id: integrationId, orgId: t.orgId, kind: "webhook", name: `hook ${tag}`, configSealed: "sealed" });
  await db.insert(events).values({ id: `evt_${tag}_${t.orgId}`, orgId: t.orgId, cloudAccountId: t.accountId, type: "agent.tick", causeKind: "system", occurredAt: at });
  await db.insert(auditLog).values({ id: `aud_${tag}_${t.orgId}`, orgId: t.orgId, actorKind: "system", action: "test.aged", at });
  await db.insert(deliveries).values({ id: `dlv_${tag}_${t.orgId}`, orgId: t.orgId, integrationId, eventId: `evt_${tag}`, createdAt: at });
  await db.insert(idempotencyKeys).values({ orgId: t.orgId, key: `key_${tag}`, fingerprint: "f", status: 201, body: "{}", createdAt: at });
}

async function remaining(orgId: string) {
  const ids = async (table: typeof events | typeof auditLog | typeof deliveries) =>
    (await db.select({ id: table.id }).from(table).where(eq(table.orgId, orgId))).map((r) => r.id.split("_")[1]).sort();
  return {
    events: await ids(events),
    audit: await ids(auditLog),
    deliveries: await ids(deliveries),
    idempotency: (await db.select({ key: idempotencyKeys.key }).from(idempotencyKeys).where(eq(idempotencyKeys.orgId, orgId))).map((r) => r.key.split("_")[1]).sort(),
  };
}

describe("retention", () => {
  it("deletes each table's rows past its period and keeps every row inside it, the same for every organization", async () => {
    const tenants = [await tenant(), await tenant()];
    // In every table, rows just past, exactly at, and just inside each table's period.
    const ages = Object.values(RETENTION_DAYS).flatMap((d) => [d + 0.001, d, d - 0.001]);
    for (const t of tenants) for (const [i, age] of ages.entries()) await rowsAged(t, age, `a${i}`);
    for (const t of tenants) await pruneOrganization(env.DB, t.orgId, NOW, 100);

    const keptUpTo = (days: number) => ages.flatMap((age, i) => (age <= days ? [`a${i}`] : [])).sort();
    const expected = {
      events: keptUpTo(RETENTION_DAYS.events),
      audit: keptUpTo(RETENTION_DAYS.audit_log),
      deliveries: keptUpTo(RETENTION_DAYS.deliveries),
      idempotency: keptUpTo(RETENTION_DAYS.idempotency_keys),
    };
    // Sanity of the fixture: each table loses some rows and keeps the one exactly at its cutoff.
    expect(expected.deliveries.length).toBeLessThan(ages.length);
    expect(expected.idempotency).toHaveLength(2);
    for (const t of tenants) expect(await remaining(t.orgId)).toEqual(expected);
  });

  it("runs from the cron tick once a day per organization, and never touches another organization's rows", async () => {
    const a = await tenant();
    const b = await tenant();
    await rowsAged(a, 500, "old");
    await rowsAged(b, 500, "old");
    await rowsAged(b, 1, "new");
    // The tick's retention step at NOW, until no organization is due.
    for (let i = 0; i < 20; i++) {
      const r = await runRetentionTick(env, NOW);
      if (r.orgs === 0) break;
    }
    expect((await remaining(a.orgId)).events).toEqual([]);
    expect((await remaining(b.orgId)).events).toEqual(["new"]);
    const due = await db.select({ id: organizations.id, at: organizations.retentionDueAt }).from(organizations).where(inArray(organizations.id, [a.orgId, b.orgId]));
    expect(due.map((d) => d.at)).toEqual([NOW + DAY_MS, NOW + DAY_MS]);
    // Not due again within the day: a second run the same day reads no organization of these.
    await rowsAged(a, 500, "again");
    await runRetentionTick(env, NOW + DAY_MS - 1);
    expect((await remaining(a.orgId)).events).toEqual(["again"]);

    // The Worker's scheduled() handler runs it: an organization due now is pruned by a cron tick.
    const c = await tenant();
    const real = Date.now();
    await db.insert(events).values({ id: `evt_cron_${c.orgId}`, orgId: c.orgId, type: "agent.tick", causeKind: "system", occurredAt: new Date(real - 401 * DAY_MS) });
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: real, cron: "* * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    for (let i = 0; i < 20 && (await remaining(c.orgId)).events.length > 0; i++) await runRetentionTick(env, real);
    expect((await remaining(c.orgId)).events).toEqual([]);
  });

  it("deletes in batches of at most PRUNE_BATCH_ROWS within a statement budget, and finishes on the next run", async () => {
    const t = await tenant();
    const old = NOW - 450 * DAY_MS;
    const total = 2 * PRUNE_BATCH_ROWS + 200;
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
       INSERT INTO events (id, org_id, type, cause_kind, occurred_at) SELECT 'evt_bulk_' || i || '_' || ?2, ?2, 'agent.tick', 'system', ?3 + i FROM n`,
    ).bind(total, t.orgId, old).run();

    const first = await pruneOrganization(env.DB, t.orgId, NOW, 2);
    expect(first).toMatchObject({ statements: 2, finished: false });
    expect(first.deleted.events).toBe(2 * PRUNE_BATCH_ROWS);
    const second = await pruneOrganization(env.DB, t.orgId, NOW, 40);
    expect(second.finished).toBe(true);
    expect(second.deleted.events).toBe(200);
    expect((await remaining(t.orgId)).events).toEqual([]);
  });

  it("keeps the old events a database's savings ledger may re-read, so a later recompute gives the same ledger as without pruning", async () => {
    // Twins: the same history; one is pruned, then both receive the same new events.
    const history = (t: Tenant) => [
      observe(t, { state: "stopped", at: NOW - 500 * DAY_MS }),
      observe(t, { state: "running", at: NOW - 499 * DAY_MS }),
      observe(t, { state: "stopped", at: NOW - 450 * DAY_MS, cause: { kind: "schedule", id: "sch_OLD" } }),
      observe(t, { state: "running", at: NOW - 449 * DAY_MS }),
    ];
    const pruned = await tenant();
    const kept = await tenant();
    for (const t of [pruned, kept]) await deliver(await Promise.all(history(t)));
    // GCP Cloud SQL stays stopped as long as asked: a sleep open for 420 days.
    const asleepPruned = await tenant({ provider: "gcp" });
    const asleepKept = await tenant({ provider: "gcp" });
    for (const t of [asleepPruned, asleepKept]) await deliver([await observe(t, { state: "stopped", at: NOW - 420 * DAY_MS })]);

    await pruneOrganization(env.DB, pruned.orgId, NOW, 40);
    await pruneOrganization(env.DB, asleepPruned.orgId, NOW, 40);
    const left = await db.select({ occurredAt: events.occurredAt }).from(events).where(eq(events.instanceId, pruned.instanceId)).orderBy(asc(events.occurredAt));
    // The first sleep (500 days ago) is gone; the last closed sleep's events (450 days) are kept.
    expect(left.map((e) => Math.round((NOW - e.occurredAt.getTime()) / DAY_MS))).toEqual([450, 449]);
    expect(await db.select().from(events).where(and(eq(events.instanceId, asleepPruned.instanceId)))).toHaveLength(1);

    const later = (t: Tenant) => [observe(t, { state: "stopped", at: NOW - 2 * DAY_MS }), observe(t, { state: "running", at: NOW - DAY_MS })];
    for (const t of [pruned, kept]) await deliver(await Promise.all(later(t)));
    for (const t of [asleepPruned, asleepKept]) await deliver([await observe(t, { state: "running", at: NOW - DAY_MS })]);

    expect(await ledgerOf(pruned.instanceId)).toEqual(await ledgerOf(kept.instanceId));
    expect(await dailyOf(pruned.instanceId)).toEqual(await dailyOf(kept.instanceId));
    expect(await ledgerOf(asleepPruned.instanceId)).toEqual(await ledgerOf(asleepKept.instanceId));
    expect((await ledgerOf(asleepPruned.instanceId))[0]).toMatchObject({ endedBy: "start", causeKind: "cloud" });
  });
});
