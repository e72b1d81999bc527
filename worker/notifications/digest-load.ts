/**
 * Reading one organization's savings digest from the rollups (the pure building is ./digest.ts):
 * the period's per-database days (`savings_daily`), the month's organization days
 * (`savings_org_daily`) and the intervals still open (`savings` with no end), each joined to the
 * database's name — one D1 batch of three statements, all scoped by org_id.
 *
 * Never: reads `events` (a digest costs days × databases, never events), or another
 * organization's rows.
 */
import { and, eq, gte, isNull, lte } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Env } from "../env.ts";
import { instances, organizations, savings, savingsDaily, savingsOrgDaily } from "../db/schema.ts";
import { intervalFromRow } from "../savings/store.ts";
import { isValidTimeZone } from "../schedules/timezone.ts";
import { buildDigest, monthStart, parseDigestEventId, digestType, type Digest } from "./digest.ts";

export async function loadDigest(env: Env, job: { orgId: string; eventId: string; type: string }, now: number): Promise<Digest | null> {
  const period = parseDigestEventId(job.eventId);
  if (!period || digestType(period.kind) !== job.type) return null;
  const db = drizzle(env.DB);
  const [org] = await db.select({ timeZone: organizations.timezone }).from(organizations).where(eq(organizations.id, job.orgId));
  if (!org) return null;
  const mtdFrom = monthStart(period.to);
  const [closed, monthClosed, open] = await db.batch([
    db
      .select({ instanceId: savingsDaily.instanceId, name: instances.name, day: savingsDaily.day, savedMicros: savingsDaily.savedMicros, asleepSeconds: savingsDaily.asleepSeconds, unpricedSeconds: savingsDaily.unpricedSeconds })
      .from(savingsDaily)
      .innerJoin(instances, and(eq(instances.id, savingsDaily.instanceId), eq(instances.orgId, job.orgId)))
      .where(and(eq(savingsDaily.orgId, job.orgId), gte(savingsDaily.day, period.from), lte(savingsDaily.day, period.to))),
    db
      .select({ day: savingsOrgDaily.day, savedMicros: savingsOrgDaily.savedMicros, asleepSeconds: savingsOrgDaily.asleepSeconds, unpricedSeconds: savingsOrgDaily.unpricedSeconds })
      .from(savingsOrgDaily)
      .where(and(eq(savingsOrgDaily.orgId, job.orgId), gte(savingsOrgDaily.day, mtdFrom), lte(savingsOrgDaily.day, period.to))),
    db
      .select({ row: savings, name: instances.name })
      .from(savings)
      .innerJoin(instances, and(eq(instances.id, savings.instanceId), eq(instances.orgId, job.orgId)))
      .where(and(eq(savings.orgId, job.orgId), isNull(savings.until))),
  ]);
  const base = env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, "") : null;
  return buildDigest({
    period,
    // As the tick planned it: a zone the runtime does not know falls back to UTC.
    timeZone: isValidTimeZone(org.timeZone) ? org.timeZone : "UTC",
    now,
    closed,
    monthClosed,
    open: open.map((o) => ({ ...intervalFromRow(o.row), instanceId: o.row.instanceId, name: o.name })),
    link: base && `${base}/savings`,
  });
}
