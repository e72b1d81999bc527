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
