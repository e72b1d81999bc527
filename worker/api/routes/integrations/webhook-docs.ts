/**
 * The OpenAPI document's `webhooks` section: what SnoozeQL POSTs to a generic webhook, one entry
 * per notification type that is produced today, with the Standard Webhooks headers. Documentation
 * only; the payloads are built by worker/notifications/subject.ts (webhookPayload) and, for the
 * savings digests, worker/notifications/digest.ts (digestPayload).
 */
import { z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.ts";
import { NOTIFICATION_TYPES } from "../../../notifications/vocabulary.ts";

const WebhookPayload = z
  .object({
    type: z.string().openapi({ example: "database.stopped" }),
    timestamp: z.string().openapi({ format: "date-time" }),
    data: z.object({
      eventId: z.string(),
      summary: z.string().openapi({ example: "orders-staging went to sleep (saves about $4.10 by the time it wakes)" }),
      database: z.object({ id: z.string(), name: z.string(), provider: z.enum(["aws", "gcp"]), region: z.string(), engine: z.string(), state: z.string() }).nullable(),
      cause: z.object({ kind: z.string().openapi({ example: "schedule" }), id: z.string().nullable() }),
      reason: z.string().nullable().openapi({ description: "The cloud's reason, for database.failed." }),
      estimate: z.object({ wakeAt: z.string(), savedCents: z.number().int() }).nullable().openapi({ description: "For a schedule's sleep with a known price: when it wakes and what it saves by then." }),
      hourlyPriceMicros: z.number().int().nullable(),
      link: z.string().nullable().openapi({ description: "The database in the dashboard." }),
      override: z
        .object({
          id: z.string(),
          kind: z.enum(["keep_awake", "keep_asleep", "skip_next"]),
          until: z.string().nullable().openapi({ format: "date-time", description: "When it lapses (null for skip_next). For override.expiring: about 30 minutes after the event." }),
          reason: z.string().nullable(),
          by: z.string().nullable().openapi({ description: "Who created it: a member's email, an API token's name, or a Slack user (override.created)." }),
        })
        .nullable()
        .openapi({ description: "For override.created and override.expiring: the override as it is at delivery; null otherwise." }),
      policy: z
        .object({
          id: z.string().openapi({ description: "GET /api/v1/policies/{id}/history has the hour-by-hour values." }),
          name: z.string(),
          dryRun: z.boolean().openapi({ description: "True: nothing was changed; `did` says what it would have done." }),
          outcome: z.enum(["acted", "would_act"]),
          actions: z.array(
            z.object({ type: z.enum(["stop", "notify", "set_capacity"]), minAcu: z.number().optional(), maxAcu: z.number().optional() }).openapi({ description: "The policy's actions as they were when it fired." }),
          ),
          did: z.string().openapi({ example: "would have stopped orders-staging", description: "What it did, or would have done, to the database." }),
          error: z.string().nullable().openapi({ description: "The cloud's refusal of a capacity change; null otherwise." }),
          evidence: z
            .array(
              z.object({
                metric: z.string().openapi({ example: "cpu" }),
                statistic: z.enum(["avg", "max", "min"]),
                operator: z.enum(["gt", "gte", "lt", "lte", "eq"]),
                threshold: z.number(),
                duration: z.string().openapi({ example: "2h" }),
                hours: z.number().int().openapi({ description: "Complete hours looked at." }),
                lowest: z.number().nullable().openapi({ description: "Lowest hourly value of the statistic over those hours (null when an hour had no data)." }),
                highest: z.number().nullable(),
                latest: z.number().nullable().openapi({ description: "The last complete hour's value." }),
                holds: z.boolean(),
                text: z.string().openapi({ example: "cpu max < 5 for 2h (highest 3.1)" }),
              }),
            )
            .openapi({ description: "Each rule of the policy with the metric values that decided it." }),
          link: z.string().nullable().openapi({ description: "The Policies page in the dashboard." }),
        })
        .nullable()
        .openapi({
          description:
            "For policy.fired: one per firing (policy × database × evaluation) that acted (stopped the database, changed its capacity, or only notifies) or, in dry run, would have acted; a firing blocked by an override, a schedule or a transition in flight is not sent. null otherwise.",
        }),
      recommendation: z
        .object({
          id: z.string().openapi({ description: "POST /api/v1/recommendations/{id}/apply puts it into force." }),
          status: z.enum(["open", "applied", "dismissed"]),
          summary: z.string().openapi({ example: "awake Mon–Fri 07:00–19:00 (Europe/Berlin); asleep 108 h a week" }),
          monthlySavingsCents: z.number().int().nullable().openapi({ description: "Projected saving of a 730-hour month in integer cents; null when the database's price is unknown." }),
          confidencePercent: z.number().int().min(0).max(100),
        })
        .nullable()
        .openapi({ description: "For recommendation.ready (a new proposal, or one that changed materially): the proposal as it is at delivery; null otherwise." }),
    }),
  })
  .openapi("WebhookPayload");

const Saver = z.object({ id: z.string(), name: z.string(), savedCents: z.number().int(), hoursAsleep: z.number() });

const DigestWebhookPayload = z
  .object({
    type: z.enum(["savings.digest.daily", "savings.digest.weekly"]),
    timestamp: z.string().openapi({ format: "date-time", description: "The end of the period (local midnight after its last day)." }),
    data: z.object({
      eventId: z.string().openapi({ example: "digest_daily_2026-11-28", description: "One per period: the same for every retry." }),
      summary: z.string().openapi({ example: "Yesterday (Sat 28 Nov) SnoozeQL saved $12.34: 3 databases slept 41.5 hours." }),
      period: z.object({
        kind: z.enum(["daily", "weekly"]),
        from: z.string().openapi({ example: "2026-11-28", description: "First local day (organization's time zone), inclusive." }),
        to: z.string().openapi({ example: "2026-11-28", description: "Last local day, inclusive (a week runs Monday to Sunday)." }),
        timeZone: z.string().openapi({ example: "Europe/Berlin" }),
      }),
      currency: z.literal("USD"),
      savedCents: z.number().int().openapi({ description: "Compute saved in the period, net of AWS's 10-minute start minimum; unknown prices count nothing." }),
      hoursAsleep: z.number().openapi({ description: "Database-hours asleep in the period (2 decimals)." }),
      databasesAsleep: z.number().int(),
      topSavers: z.array(Saver).max(3).openapi({ description: "Up to 3 databases with the largest saving, largest first." }),
      unpricedDatabases: z.array(z.object({ id: z.string(), name: z.string(), hoursAsleep: z.number() })).openapi({ description: "Databases that slept with an unknown price: their sleep is not in savedCents." }),
      monthToDate: z.object({ from: z.string(), to: z.string(), savedCents: z.number().int() }),
      link: z.string().nullable().openapi({ description: "The savings page in the dashboard." }),
    }),
  })
  .openapi("DigestWebhookPayload");

const SignatureHeaders = z.object({
  "webhook-id": z.string().openapi({ description: "Stable per delivery (retries repeat it): drop repeats." }),
  "webhook-timestamp": z.string().openapi({ description: "Unix seconds; refuse requests more than 5 minutes off." }),
  "webhook-signature": z.string().openapi({ description: "Space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body>`, one per valid secret (two during a rotation)." }),
});

export function registerWebhookDocs(app: OpenAPIHono<AppEnv>): void {
  for (const [type, t] of Object.entries(NOTIFICATION_TYPES)) {
    if (t.coming) continue;
    app.openAPIRegistry.registerWebhook({
      method: "post",
      path: type,
      // e.g. database.stopped -> onDatabaseStopped (generated receivers name their handlers by it)
      operationId: `on${type.split(/[._]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("")}`,
      tags: ["Webhooks"],
      summary: t.label,
      description: "Signed per Standard Webhooks with the integration's `whsec_` secret. Answer 2xx within 10 s; 5xx, 429 (Retry-After honoured) and timeouts are retried with backoff, other 4xx are not.",
      request: { headers: SignatureHeaders, body: { content: { "application/json": { schema: type.startsWith("savings.digest.") ? DigestWebhookPayload : WebhookPayload } } } },
      responses: { 200: { description: "Received" } },
      // Sent by SnoozeQL to the receiver: authenticated by the signature headers, not by a token.
      security: [],
    });
  }
}
