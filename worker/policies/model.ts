/**
 * What a policy is: which databases it watches (the schedules' selector), the rules on their
 * hourly metrics that must hold ("connections lte 0 for 2h AND cpu lt 5 for 2h"), how rules
 * combine, when it may act (optional windows in a timezone, reusing the schedules' periods), the
 * cooldown between two firings on one database, and what it does: stop, notify, or set an Aurora
 * Serverless v2 capacity range.
 *
 * Durations are whole hours because the metrics are hourly rollups (worker/metrics/collect.ts).
 *
 * Owns: the schema and its error messages (each names its field). Must never: do I/O, read the
 * clock or evaluate anything (./evaluate.ts does).
 */
import { z } from "zod";
import { STORED_METRICS } from "../metrics/collect.ts";
import { acu, PeriodSchema, SelectorSchema, isValidTimeZone } from "../schedules/index.ts";

export const OPERATORS = ["gt", "gte", "lt", "lte", "eq"] as const;
export type Operator = (typeof OPERATORS)[number];
export const STATISTICS = ["avg", "max", "min"] as const;
export type Statistic = (typeof STATISTICS)[number];

/** The longest a rule may look back (and so the metrics the agent reads for policies). */
export const MAX_RULE_HOURS = 168;

const hours = (what: string, min: number, max: number) =>
  z.string({ error: `${what} must be a duration string such as "2h"` }).superRefine((v, ctx) => {
    const m = /^(\d{1,4})h$/.exec(v);
    if (!m) return void ctx.addIssue({ code: "custom", message: `${what} must be whole hours such as "2h" (metrics are hourly)` });
    const n = Number(m[1]);
    if (n < min || n > max) ctx.addIssue({ code: "custom", message: `${what} must be from ${min}h to ${max}h` });
  });

/** Hours of a validated duration string ("2h" → 2). */
export const durationHours = (d: string): number => Number(d.slice(0, -1));

export const RuleSchema = z
  .object({
    metric: z.enum(STORED_METRICS, { error: `metric must be one of ${STORED_METRICS.join(", ")}` }),
    operator: z.enum(OPERATORS, { error: `operator must be one of ${OPERATORS.join(", ")}` }),
    threshold: z.number({ error: "threshold must be a number" }).finite({ error: "threshold must be a finite number" }).min(0, { error: "threshold must not be negative" }),
    duration: hours("duration", 1, MAX_RULE_HOURS),
    /**
     * Which hourly figure is compared. Default: the strict one — max for lt/lte/eq (every sample of
     * the hour was under), min for gt/gte (every sample was over).
     */
    statistic: z.enum(STATISTICS, { error: `statistic must be one of ${STATISTICS.join(", ")}` }).optional(),
  })
  .strict();
export type Rule = z.output<typeof RuleSchema>;

export const WindowsSchema = z
  .object({
    timezone: z.string({ error: "timezone is required: an IANA time zone" }).superRefine((v, ctx) => {
      if (!isValidTimeZone(v)) ctx.addIssue({ code: "custom", message: `"${v}" is not a known IANA time zone (e.g. "Europe/Berlin", "UTC")` });
    }),
    /** inside: may act only during the periods; outside: only when none of them is on. */
    mode: z.enum(["inside", "outside"], { error: 'mode must be "inside" or "outside"' }).default("inside"),
    periods: z.array(PeriodSchema, { error: "periods must be a list of periods" }).min(1, { error: "periods must list at least one period" }).max(20, { error: "at most 20 periods" }),
  })
  .strict();
export type PolicyWindows = z.output<typeof WindowsSchema>;

export const ActionSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("stop") }).strict(),
    z.object({ type: z.literal("notify") }).strict(),
    z
      .object({ type: z.literal("set_capacity"), minAcu: acu("minAcu", 0), maxAcu: acu("maxAcu", 1) })
      .strict()
      .refine((a) => a.minAcu <= a.maxAcu, { path: ["minAcu"], error: "minAcu must not exceed maxAcu" }),
  ],
  { error: 'each action needs a type: "stop", "notify" or "set_capacity"' },
);
export type PolicyAction = z.output<typeof ActionSchema>;

export const PolicyDefinitionSchema = z
  .object({
    name: z.string({ error: "name is required" }).trim().min(1, { error: "name must not be empty" }).max(100, { error: "name must be at most 100 characters" }),
    description: z.string({ error: "description must be a string" }).max(1000, { error: "description must be at most 1000 characters" }).optional(),
    selector: SelectorSchema,
    rules: z.array(RuleSchema, { error: "rules must be a list of rules" }).min(1, { error: "rules must list at least one rule" }).max(10, { error: "at most 10 rules" }),
    combine: z.enum(["and", "or"], { error: 'combine must be "and" or "or"' }).default("and"),
    /** Hours between two firings of this policy on one database (dry runs included). */
    cooldown: hours("cooldown", 0, 720).default("1h"),
    windows: WindowsSchema.optional(),
    actions: z
      .array(ActionSchema, { error: "actions must be a list of actions" })
      .min(1, { error: "actions must list at least one action" })
      .max(3, { error: "at most 3 actions" })
      .superRefine((actions, ctx) => {
        const types = actions.map((a) => a.type);
        if (new Set(types).size !== types.length) ctx.addIssue({ code: "custom", message: "each action type may appear once" });
        if (types.includes("stop") && types.includes("set_capacity")) ctx.addIssue({ code: "custom", message: "stop and set_capacity exclude each other (a stopped cluster has no capacity to set)" });
      }),
    enabled: z.boolean({ error: "enabled must be true or false" }).default(true),
    /** Dry run (the default): record what it would do, call nothing. */
    dryRun: z.boolean({ error: "dryRun must be true or false" }).default(true),
  })
  .strict();

export type PolicyDefinition = z.output<typeof PolicyDefinitionSchema>;
export type PolicyDefinitionInput = z.input<typeof PolicyDefinitionSchema>;

/** The policy's problems, each naming its field (for problem+json), or its definition. */
export function parsePolicy(body: unknown): { ok: true; definition: PolicyDefinition } | { ok: false; errors: { path: string; message: string }[] } {
  const result = PolicyDefinitionSchema.safeParse(body);
  if (result.success) return { ok: true, definition: result.data };
  return { ok: false, errors: result.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message })) };
}
