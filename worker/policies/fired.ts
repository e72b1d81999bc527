/**
 * "Policy fired" notifications (pure): which firings are announced, what their event carries and
 * the sentence people read.
 *
 * Announced: every firing that acted (stopped a database, changed its capacity, or only notified)
 * and every dry-run firing that would have acted — one per firing, i.e. per policy × database ×
 * evaluation. The event id is derived from the same (policy, database, evaluation minute) as the
 * firing's `policy_evaluations` row, so an evaluation that runs twice and a queue that redelivers
 * produce one event; the cooldown (which starts at an acted or would-act firing) keeps later
 * evaluations from firing again until it has passed.
 *
 * Not announced: blocked firings (an override, a schedule that enforces running, a capacity
 * window, a transition in flight). Nothing was done, they start no cooldown and so would repeat
 * at every evaluation; they stay visible in the policy's history on the Policies page.
 *
 * The evidence is the verdict's rules summarised (lowest, highest and latest hourly value per
 * rule); the hour-by-hour values stay in the policy's history.
 *
 * Must never: do I/O or read the clock.
 */
import { z } from "zod";
import { ActionSchema, OPERATORS, STATISTICS, type Operator } from "./model.ts";
import type { PolicyRecord } from "./act.ts";

const nullableNumber = z.number().nullable();

export const FiredEvidenceSchema = z.object({
  metric: z.string(),
  statistic: z.enum(STATISTICS),
  operator: z.enum(OPERATORS),
  threshold: z.number(),
  duration: z.string(),
  /** Hours looked at (the rule's duration). */
  hours: z.number().int(),
  /** Over those hours' values of the statistic; null when an hour had no data. */
  lowest: nullableNumber,
  highest: nullableNumber,
  latest: nullableNumber,
  holds: z.boolean(),
});
export type FiredEvidence = z.output<typeof FiredEvidenceSchema>;

/** The `policy.fired` event's detail (validated again when a notification reads it back). */
export const FiredDetailSchema = z.object({
  policyId: z.string(),
  policyName: z.string(),
  dryRun: z.boolean(),
  outcome: z.enum(["acted", "would_act"]),
  actions: z.array(ActionSchema),
  evidence: z.array(FiredEvidenceSchema),
  /** A capacity change the cloud refused (acted firings only). */
  error: z.string().optional(),
});
export type FiredDetail = z.output<typeof FiredDetailSchema>;

/** The firings that raise a notification. */
export function announcedFirings(records: readonly PolicyRecord[]): (PolicyRecord & { outcome: "acted" | "would_act" })[] {
  return records.filter((r): r is PolicyRecord & { outcome: "acted" | "would_act" } => r.outcome === "acted" || r.outcome === "would_act");
}

export function firedDetail(r: PolicyRecord & { outcome: "acted" | "would_act" }, error?: string): FiredDetail {
  return {
    policyId: r.policyId,
    policyName: r.policyName,
    dryRun: r.dryRun,
    outcome: r.outcome,
    actions: r.actions,
    evidence: r.verdict.rules.map((rule) => {
      const values = rule.hours.map((h) => h.value).filter((v): v is number => v !== null);
      const complete = values.length === rule.hours.length && values.length > 0;
      return {
        metric: rule.metric,
        statistic: rule.statistic,
        operator: rule.operator,
        threshold: rule.threshold,
        duration: rule.duration,
        hours: rule.hours.length,
        lowest: complete ? Math.min(...values) : null,
        highest: complete ? Math.max(...values) : null,
        latest: rule.hours.at(-1)?.value ?? null,
        holds: rule.holds,
      };
    }),
    ...(error !== undefined && { error }),
  };
}

const SYMBOL: Record<Operator, string> = { lt: "<", lte: "≤", gt: ">", gte: "≥", eq: "=" };

const number = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0+$/, "").replace(/\.$/, ""));

/** "cpu max < 5 for 2h (highest 3.1)": the rule and the value that decided it. */
export function evidenceText(e: FiredEvidence): string {
  const rule = `${e.metric} ${e.statistic} ${SYMBOL[e.operator]} ${number(e.threshold)} for ${e.duration}`;
  // The hour closest to the threshold is the one that shows how clearly the rule held.
  const decisive = e.operator === "lt" || e.operator === "lte" ? ["highest", e.highest] : e.operator === "gt" || e.operator === "gte" ? ["lowest", e.lowest] : ["latest", e.latest];
  return decisive[1] === null ? rule : `${rule} (${decisive[0]} ${number(decisive[1] as number)})`;
}

/** What the policy did, or would have done, to the database: "stopped orders-staging". */
export function firedAction(d: Pick<FiredDetail, "actions" | "dryRun">, database: string): string {
  const would = d.dryRun ? "would have " : "";
  const phrases = d.actions.flatMap((a) => {
    if (a.type === "stop") return [`${would}stopped ${database}`];
    if (a.type === "set_capacity") return [`${would}set ${database}'s capacity to ${number(a.minAcu)}–${number(a.maxAcu)} ACU`];
    return [];
  });
  return phrases.length > 0 ? phrases.join(" and ") : `fired on ${database}`;
}

/** The headline of a `policy.fired` notification. */
export function firedHeadline(d: Pick<FiredDetail, "actions" | "dryRun" | "policyName" | "evidence" | "error">, database: string): string {
  const did = firedAction(d, database);
  const failed = d.error ? ` (the cloud refused: ${d.error})` : "";
  // stop and set_capacity exclude each other: a refusal is always the capacity change's.
  const tried = d.error && !d.dryRun ? did.replace(/^set /, "tried to set ") : did;
  const dry = d.dryRun ? " (dry run)" : "";
  const why = d.evidence.filter((e) => e.holds).map(evidenceText).join("; ");
  return `Policy “${d.policyName}” ${tried}${failed}${dry}${why ? `: ${why}` : ""}`;
}
