/**
 * Consumer of `account-ticks`: hands each tick to its account's AccountAgent (RPC) and acks it,
 * or retries just that message with backoff when the agent call fails. Malformed messages can
 * never succeed, so they go straight to the dead-letter record instead of burning retries.
 * The same queue carries the cron tick's recommendation analysis jobs (worker/ticks/analysis-tick.ts):
 * each is one organization's bounded list of due databases, analysed here one job after another
 * (alongside the agent calls, which do not wait for them) and retried alone if it fails.
 */
import { z } from "zod";
import { accountAgent } from "../accounts/agent.ts";
import type { Env } from "../env.ts";
import { errorText, log } from "../log.ts";
import { analyzeOrganization } from "../recommendations/analyze.ts";
import { AccountTickMessageSchema, AnalysisJobMessageSchema, type AccountTickMessage, type AnalysisJobMessage } from "../ticks/messages.ts";
import { parseBatch } from "./parse-batch.ts";
import { retryDelaySeconds } from "./retry.ts";

const AccountTicksQueueMessageSchema = z.union([AccountTickMessageSchema, AnalysisJobMessageSchema]);

export async function consumeAccountTicks(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const parsed = await parseBatch(batch, env, AccountTicksQueueMessageSchema, "message");
  const ticks: { message: Message<unknown>; body: AccountTickMessage }[] = [];
  const analyses: { message: Message<unknown>; body: AnalysisJobMessage }[] = [];
  for (const { message, body } of parsed) {
    if ("kind" in body) analyses.push({ message, body });
    else ticks.push({ message, body });
  }
  // Backlog: how long the oldest tick in this batch waited since its minute (queue + batching).
  const startedAt = Date.now();
  const oldest = Math.min(...ticks.map((t) => t.body.scheduledAt));
  if (ticks.length > 0) log.info("account ticks received", { messages: ticks.length, lagMs: startedAt - oldest });
  await Promise.all([
    ...ticks.map(async ({ message, body }) => {
      try {
        await accountAgent(env, body.accountId).tick(body);
        message.ack();
      } catch (error) {
        log.error("account tick failed", { accountId: body.accountId, attempts: message.attempts, error: errorText(error) });
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      }
    }),
    runAnalysisJobs(analyses, env),
  ]);
}

/** One job at a time: each reads 14 days of metrics for its databases. */
async function runAnalysisJobs(jobs: { message: Message<unknown>; body: AnalysisJobMessage }[], env: Env): Promise<void> {
  for (const { message, body } of jobs) {
    try {
      const r = await analyzeOrganization(env, body.orgId, body.scheduledAt, body.instanceIds);
      if (r.analyzed > 0) log.info("recommendations analysed", { orgId: body.orgId, ...r });
      message.ack();
    } catch (error) {
      log.error("recommendation analysis failed", { orgId: body.orgId, attempts: message.attempts, error: errorText(error) });
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}
