/**
 * The recommendation analysis' share of the cron tick, kept off its critical path: every
 * ANALYSIS_MINUTE_STEP minutes it selects the databases whose analysis is due (a range on
 * `instances_analysis_due_idx`, at most MAX_DUE_PER_RUN, so it reads the due rows and nothing
 * else) and queues them on `account-ticks` as jobs of one organization and at most
 * ANALYSIS_JOB_SIZE databases, delivered 20–50 s after the minute (away from the actions due at
 * its top); the consumer (worker/queues/account-ticks.ts) analyses each job.
 *
 * Jobs are queued before the due time moves, so a failed send re-selects them next run. Then each
 * sent database's due time moves ANALYSIS_LEASE_MS on (compare-and-set: one the consumer already
 * analysed keeps its new time), so the next runs do not re-send it while its job waits; a job that
 * fails for good is selected again when the lease ends. Analysing twice is harmless (the rows are
 * upserts and "recommendation.ready" ids are deterministic; worker/recommendations/analyze.ts).
 *
 * Never: analyses in the tick itself, or reads databases that are not due.
 */
import { and, inArray, lte, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { instances } from "../db/schema.ts";
import type { Env } from "../env.ts";
import { dueForAnalysisQuery, isAnalysisMinute, planAnalysisJobs } from "../recommendations/analyze.ts";
import { chunk, SEND_BATCH_LIMIT } from "./cron-tick.ts";
import type { AnalysisJobMessage } from "./messages.ts";

/**
 * Jobs are delivered this long after the tick, spread over the minute's middle (job k: FIRST +
 * (k mod SPREAD) × 10 s): the top of the minute is when schedules' actions are due, and an
 * analysis run competes for CPU with the agents acting then (the lateness bench saw a run of ~200
 * first analyses delay a fifth minute's actions by ~9 s on the local stack).
 */
export const ANALYSIS_FIRST_DELAY_SECONDS = 20;
const ANALYSIS_DELAY_SPREAD = 4;
export const analysisDelaySeconds = (k: number) => ANALYSIS_FIRST_DELAY_SECONDS + (k % ANALYSIS_DELAY_SPREAD) * 10;

/** How long a queued database is not re-selected: well past a queue's retries, under the hourly "waiting" cadence. */
export const ANALYSIS_LEASE_MS = 15 * 60_000;

export interface AnalysisTickResult {
  due: number;
  jobs: number;
  /** D1 rows read by the selection and the due-time updates: O(due), never O(databases). */
  rowsRead: number;
}

export async function runAnalysisTick(env: Env, scheduledAt: number): Promise<AnalysisTickResult> {
  if (!isAnalysisMinute(scheduledAt)) return { due: 0, jobs: 0, rowsRead: 0 };
  const minute = Math.floor(scheduledAt / 60_000) * 60_000;
  // Run through D1 directly for its meta: rows read is what must stay O(due).
  const query = dueForAnalysisQuery(env, minute).toSQL();
  const read = await env.DB.prepare(query.sql).bind(...query.params).all<{ org_id: string; id: string }>();
  let rowsRead = read.meta.rows_read ?? 0;
  const jobs = planAnalysisJobs(read.results.map((r) => ({ orgId: r.org_id, instanceId: r.id })));
  const messages: AnalysisJobMessage[] = jobs.map((j) => ({ kind: "recommendation-analysis", orgId: j.orgId, instanceIds: j.instanceIds, scheduledAt: minute }));
  const db = drizzle(env.DB);
  let sent = 0;
  for (const batch of chunk(messages, SEND_BATCH_LIMIT)) {
    await env.ACCOUNT_TICKS.sendBatch(batch.map((body) => ({ body, contentType: "json", delaySeconds: analysisDelaySeconds(sent++) })));
    for (const job of batch) {
      const update = await db
        .update(instances)
        .set({ analysisDueAt: minute + ANALYSIS_LEASE_MS })
        // Scoped by org_id, but found by primary key: the unary `+` keeps SQLite off instances_org_idx,
        // which would read every database of the organization (test/worker/analysis-tick.test.ts).
        .where(and(sql`+${instances.orgId} = ${job.orgId}`, inArray(instances.id, job.instanceIds), lte(instances.analysisDueAt, minute)))
        .run();
      rowsRead += update.meta.rows_read ?? 0;
    }
  }
  return { due: read.results.length, jobs: jobs.length, rowsRead };
}
