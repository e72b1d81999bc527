/** The `account-ticks` queue message: "agent of this account, do your due work now". */
import { z } from "zod";

export const AccountTickMessageSchema = z.object({
  accountId: z.string().min(1).max(64),
  orgId: z.string().min(1).max(64),
  /** Identifies the cron tick (its scheduled minute); an agent handles each tick id once. */
  tickId: z.string().min(1).max(64),
  /** Epoch ms of the cron trigger that produced it. */
  scheduledAt: z.number().int().nonnegative(),
  reason: z.enum(["cron", "manual", "sync"]),
});

export type AccountTickMessage = z.infer<typeof AccountTickMessageSchema>;

/** Databases per analysis job (one queue message; one metrics read per job). */
export const ANALYSIS_JOB_SIZE = 40;

/** Also on `account-ticks`: "analyse these databases of one organization" (worker/ticks/analysis-tick.ts). */
export const AnalysisJobMessageSchema = z.object({
  kind: z.literal("recommendation-analysis"),
  orgId: z.string().min(1).max(64),
  /** One message is a bounded job. */
  instanceIds: z.array(z.string().min(1).max(64)).min(1).max(ANALYSIS_JOB_SIZE),
  /** Epoch ms of the cron trigger: the end of the analysis' 14-day window. */
  scheduledAt: z.number().int().nonnegative(),
});

export type AnalysisJobMessage = z.infer<typeof AnalysisJobMessageSchema>;
