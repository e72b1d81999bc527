/**
 * The D1 schema for the whole SnoozeQL domain (drizzle-orm). drizzle-kit generates the SQL in
 * migrations/ from this file; wrangler and the tests apply those migrations.
 *
 * Rules this file keeps:
 * - every tenant-owned row carries `org_id`, and every index a tenant query uses starts with it;
 * - money is integers only: prices in micro-dollars per hour, ledger amounts in micro-dollars,
 *   aggregates in cents (never floats);
 * - times are integer milliseconds since the epoch (`timestamp_ms`);
 * - ids are opaque prefixed strings (see ./ids.ts), so an id says what it names in logs.
 * - secrets (cloud credentials, integration configs) are stored only as AES-GCM ciphertext with
 *   the key version that sealed them; API tokens and session tokens only as hashes.
 */
import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);
const updatedAt = () =>
  integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);
const orgId = () =>
  text("org_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });

// The domain words live in one module; the schema uses and re-exports them.
import type { MaintenanceFacts } from "../domain/maintenance.ts";
import { CAUSE_KINDS, INSTANCE_KINDS, OVERRIDE_KINDS, POWER_STATES, PROVIDERS, ROLES } from "../domain/vocabulary.ts";
export { CAUSE_KINDS, INSTANCE_KINDS, OVERRIDE_KINDS, POWER_STATES, PROVIDERS, ROLES };
export type { CauseKind, InstanceKind, OverrideKind, PowerState, Provider, Role } from "../domain/vocabulary.ts";

// ---------------------------------------------------------------------------------------------
// Tenancy and identity

export const organizations = sqliteTable(
  "organizations",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    /** Default IANA zone for schedules and reports. */
    timezone: text("timezone").notNull().default("UTC"),
    /** Epoch ms when the next savings digest is due (08:00 local); 0 = not planned yet. The cron
     * tick reads the due ones by `organizations_digest_due_idx` and moves it to the next 08:00. */
    digestDueAt: integer("digest_due_at").notNull().default(0),
    /** Epoch ms when the next retention run over this organization's rows is due; 0 = at once.
     * The cron tick reads the due ones by `organizations_retention_due_idx` (worker/retention/prune.ts). */
    retentionDueAt: integer("retention_due_at").notNull().default(0),
    /** Bumped in the same batch as every write of the organization's savings ledger, rollups,
     * fleet rate or prices: the savings routes' per-isolate memo is valid while it is unchanged
     * (worker/api/routes/savings/savings-memo.ts). */
    savingsVersion: integer("savings_version").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("organizations_slug_uq").on(t.slug),
    index("organizations_digest_due_idx").on(t.digestDueAt),
    index("organizations_retention_due_idx").on(t.retentionDueAt),
  ],
);

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    /** Stored lower-cased; unique across the service. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    /** Self-describing hash string (algorithm, parameters, salt, digest). */
    passwordHash: text("password_hash"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    disabledAt: integer("disabled_at", { mode: "timestamp_ms" }),
    /** When the person proved they read mail at `email` (a link from worker/mail); null: cannot sign in. */
    emailVerifiedAt: integer("email_verified_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("users_email_uq").on(t.email)],
);

/**
 * Single-use secrets sent by email (worker/auth/email-tokens.ts): verifying an address, resetting a
 * password. Only the SHA-256 of the token is stored; a token works once (`used_at`) before `expires_at`.
 */
export const emailTokens = sqliteTable(
  "email_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: ["verify_email", "reset_password"] }).notNull(),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("email_tokens_user_idx").on(t.userId, t.purpose)],
);

export const memberships = sqliteTable(
  "memberships",
  {
    orgId: orgId(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.userId] }),
    index("memberships_user_idx").on(t.userId),
  ],
);

export const sessions = sqliteTable(
  "sessions",
  {
    /** SHA-256 of the cookie's token; the token itself is never stored. */
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The organization the session is currently working in. */
    orgId: text("org_id").references(() => organizations.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [
    index("sessions_user_idx").on(t.userId),
    index("sessions_expires_idx").on(t.expiresAt),
  ],
);

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    orgId: orgId(),
    name: text("name").notNull(),
    /** The recognisable, non-secret start of the token (e.g. `sq_live_ab12`), shown in lists. */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the whole token. */
    tokenHash: text("token_hash").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    createdByUserId: text("created_by_user_id").references(() => users.id, {
      onDelete: "set null",
    }),
    createdAt: createdAt(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("api_tokens_hash_uq").on(t.tokenHash),
    index("api_tokens_org_idx").on(t.orgId, t.createdAt),
  ],
);

// ---------------------------------------------------------------------------------------------
// Clouds and databases

export const cloudAccounts = sqliteTable(
  "cloud_accounts",
  {
    id: text("id").primaryKey(),
    orgId: orgId(),
    provider: text("provider", { enum: PROVIDERS }).notNull(),
    name: text("name").notNull(),
    status: text("status", { enum: ["pending", "connected", "error", "disabled"] })
      .notNull()
      .default("pending"),
    authKind: text("auth_kind", {
      enum: ["assume_role", "access_keys", "service_account"],
    }).notNull(),
    /** AWS: the 12-digit account id; GCP: the project id. Not secret. */
    externalAccountId: text("external_account_id"),
    /** AWS role connections: the role to assume and the ExternalId SnoozeQL generated for it. */
    roleArn: text("role_arn"),
    externalId: text("external_id"),
    /** JSON array of regions to discover (AWS) or null for all (GCP). */
    regions: text("regions", { mode: "json" }).$type<string[]>(),
    /** API endpoint override (sandbox/simulator accounts); null means the cloud's public endpoints. */
    endpoint: text("endpoint"),
    /** AES-GCM sealed credentials: "<keyVersion>.<iv b64>.<ciphertext b64>". Never returned. */
    credentialsSealed: text("credentials_sealed"),
    /** Non-secret description of the credentials for lists ("access key …WXYZ"). */
    credentialsHint: text("credentials_hint"),
    /** When the cron tick should next hand this account to its agent. */
    nextDueAt: integer("next_due_at", { mode: "timestamp_ms" }),
    lastTickAt: integer("last_tick_at", { mode: "timestamp_ms" }),
    lastSyncAt: integer("last_sync_at", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
    /** Reserved / committed-use discount on catalog prices, basis points (0..10000). */
    discountBps: integer("discount_bps").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("cloud_accounts_org_idx").on(t.orgId, t.createdAt),
    uniqueIndex("cloud_accounts_org_name_uq").on(t.orgId, t.name),
    // The cron tick's only query: accounts whose work is due.
    index("cloud_accounts_due_idx").on(t.nextDueAt),
  ],
);

export const instances = sqliteTable(
  "instances",
  {
    id: text("id").primaryKey(),
    orgId: orgId(),
    cloudAccountId: text("cloud_account_id")
      .notNull()
      .references(() => cloudAccounts.id, { onDelete: "cascade" }),
    provider: text("provider", { enum: PROVIDERS }).notNull(),
    kind: text("kind", { enum: INSTANCE_KINDS }).notNull(),
    /** The cloud's identifier (DBInstanceIdentifier, DBClusterIdentifier, Cloud SQL name). */
    externalId: text("external_id").notNull(),
    /** ARN (AWS) or self link (GCP). */
    resourceName: text("resource_name"),
    region: text("region").notNull(),
    name: text("name").notNull(),
    engine: text("engine").notNull(),
    engineVersion: text("engine_version"),
    instanceClass: text("instance_class"),
    /** The cloud's own status string, as last observed. */
    cloudStatus: text("cloud_status"),
    state: text("state", { enum: POWER_STATES }).notNull().default("unknown"),
    tags: text("tags", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    /** Whether SnoozeQL may stop it, and if not, why (read replica, cluster member, ...). */
    eligible: integer("eligible", { mode: "boolean" }).notNull().default(true),
    ineligibleReason: text("ineligible_reason"),
    /** The effective price now (override, else catalog less the account's discount), micro-dollars
     * per hour; 0 with `price_source` null or "unknown" when no price is known (never shown as $0). */
    hourlyPriceMicros: integer("hourly_price_micros").notNull().default(0),
    /** Where `hourly_price_micros` comes from: "catalog 2026-11", "catalog 2026-11 −30%", "override", "unknown". */
    priceSource: text("price_source"),
    /** What pricing needs to know (worker/pricing/basis.ts PriceBasis), written by discovery. */
    priceBasis: text("price_basis", { mode: "json" }).$type<Record<string, unknown>>(),
    /** A person's price for this database (micro-dollars per hour); wins over the catalog. */
    priceOverrideMicros: integer("price_override_micros"),
    /** Its maintenance window and pending maintenance as discovery last read them (worker/domain/maintenance.ts); null: not read yet. */
    maintenance: text("maintenance", { mode: "json" }).$type<MaintenanceFacts>(),
    stateSince: integer("state_since", { mode: "timestamp_ms" }),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }),
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    /** Epoch ms when its recommendation analysis is next due (worker/recommendations/analyze.ts
     * sets it with each outcome; 0: never analysed, due now). */
    analysisDueAt: integer("analysis_due_at").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("instances_account_external_uq").on(t.cloudAccountId, t.kind, t.externalId),
    index("instances_org_idx").on(t.orgId, t.name),
    // GET /instances?state=, a page off the index (filtered list indexes: migrations/0022); its
    // prefix serves the counts by state.
    index("instances_org_state_idx").on(t.orgId, t.state, t.createdAt, t.id),
    // "Unpriced databases" is counted from the index alone.
    index("instances_org_price_source_idx").on(t.orgId, t.priceSource, t.deletedAt),
    // The analysis tick's only query: databases whose recommendation analysis is due.
    index("instances_analysis_due_idx").on(t.analysisDueAt).where(sql`deleted_at is null`),
    // GET /instances, newest first: a page off the index (list indexes: migrations/0020).
    index("instances_org_created_idx").on(t.orgId, t.createdAt, t.id).where(sql`deleted_at is null`),
    // GET /instances?cloudAccountId= and ?region= (migrations/0022).
    index("instances_org_account_created_idx").on(t.orgId, t.cloudAccountId, t.createdAt, t.id).where(sql`deleted_at is null`),
    index("instances_org_region_created_idx").on(t.orgId, t.region, t.createdAt, t.id).where(sql`deleted_at is null`),
    // GET /instances?provider= (migrations/0023).
    index("instances_org_provider_created_idx").on(t.orgId, t.provider, t.createdAt, t.id).where(sql`deleted_at is null`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Intent: schedules, policies, overrides

export const schedules = sqliteTable(
  "schedules",
  {
    id: text("id").primaryKey(),
    orgId: orgId(),
    name: text("name").notNull(),
    description: text("description"),
    timezone: text("timezone").notNull(),
    /** Periods, cron pairs and date exceptions (validated by the schedule model). */
    definition: text("definition", { mode: "json" }).notNull(),
    /** Which databases the schedule governs (name/account/provider/region/engine/tags). */
    selector: text("selector", { mode: "json" }).notNull(),
    enforce: integer("enforce", { mode: "boolean" }).notNull().default(false),
    dryRun: integer("dry_run", { mode: "boolean" }).notNull().default(false),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    /** Do not stop for a sleep window shorter than this (a start bills at least 10 minutes). */
    minimumSleepMinutes: integer("minimum_sleep_minutes").notNull().default(30),
    /** Wake the selected databases for their maintenance window when maintenance is pending (migration 0014). */
    maintenanceWake: integer("maintenance_wake", { mode: "boolean" }).notNull().default(false),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("schedules_org_name_uq").on(t.orgId, t.name), index("schedules_org_created_idx").on(t.orgId, t.createdAt, t.id)],
);

export const policies = sqliteTable(
  "policies",
  {
    id: text("id").primaryKey(),
    orgId: orgId(),
    name: text("name").notNull(),
    description: text("description"),
    /** Metric rules (metric, operator, threshold, duration) combined with AND/OR. */
    rules: text("rules", { mode: "json" }).notNull(),
    /** What to do when the rules hold: stop, notify, or set Aurora Serverless v2 capacity. */
    action: text("action", { mode: "json" }).notNull(),
    selector: text("selector", { mode: "json" }).notNull(),
    cooldownSeconds: integer("cooldown_seconds").notNull().default(3600),
    dryRun: integer("dry_run", { mode: "boolean" }).notNull().default(true),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    /** The whole validated definition (worker/policies/model.ts); the columns above mirror it. */
    definition: text("definition", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("policies_org_name_uq").on(t.orgId, t.name), index("policies_org_created_idx").on(t.orgId, t.createdAt, t.id)],
);

/**
 * Each time a policy fired on a database — it acted, would have acted (dry run), or was blocked
 * by an override or a schedule — with the metric values that decided it. Kept 90 days.
 */
export const policyEvaluations = sqliteTable(
  "policy_evaluations",
  {
    /** Deterministic (policy, database, minute): a retried pass writes the same row. */
    id: text("id").primaryKey(),
    orgId: orgId(),
    policyId: text("policy_id")
      .notNull()
      .references(() => policies.id, { onDelete: "cascade" }),
    instanceId: text("instance_id")
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    evaluatedAt: integer("evaluated_at", { mode: "timestamp_ms" }).notNull(),
    outcome: text("outcome", { enum: ["acted", "would_act", "blocked"] }).notNull(),
    dryRun: integer("dry_run", { mode: "boolean" }).notNull(),
    actions: text("actions", { mode: "json" }).$type<unknown[]>().notNull(),
    reason: text("reason").notNull(),
    /** The rules' outcomes: each metric's hourly values over its duration. */
    evidence: text("evidence", { mode: "json" }).$type<unknown[]>().notNull(),
  },
  (t) => [
    index("policy_evaluations_policy_idx").on(t.orgId, t.policyId, t.evaluatedAt, t.id),
    index("policy_evaluations_instance_idx").on(t.policyId, t.instanceId, t.evaluatedAt),
  ],
);

export const overrides = sqliteTable(
  "overrides",
  {
    id: text("id").primaryKey(),
    orgId: orgId(),
    instanceId: text("instance_id")
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["keep_awake", "keep_asleep", "skip_next"] }).notNull(),
    /** When the override lapses by itself (null only for skip_next, which lapses when used). */
    until: integer("until", { mode: "timestamp_ms" }),
    reason: text("reason"),
    causeKind: text("cause_kind", { enum: CAUSE_KINDS }).notNull(),
    causeId: text("cause_id"),
    createdAt: createdAt(),
    cancelledAt: integer("cancelled_at", { mode: "timestamp_ms" }),
    consumedAt: integer("consumed_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("overrides_org_idx").on(t.orgId, t.createdAt, t.id),
    // GET /overrides (active ones, the default): used and cancelled overrides stay out of the page.
    index("overrides_org_active_idx").on(t.orgId, t.createdAt, t.id).where(sql`cancelled_at is null and consumed_at is null`),
    index("overrides_instance_idx").on(t.instanceId, t.until),
    // GET /overrides?instanceId= (all, and the active ones): one database's page (migrations/0022).
    index("overrides_instance_created_idx").on(t.instanceId, t.orgId, t.createdAt, t.id),
    // The expiring-soon sweep of the cron tick (worker/overrides/expiring.ts).
    index("overrides_until_idx").on(t.until),
  ],
);

// ---------------------------------------------------------------------------------------------
// Facts: events, savings, metrics, recommendations

export const events = sqliteTable(
  "events",
  {
    /** Deterministic (derived from what happened), so a redelivered message inserts nothing. */
    id: text("id").primaryKey(),
    orgId: orgId(),
    cloudAccountId: text("cloud_account_id").references(() => cloudAccounts.id, {
      onDelete: "cascade",
    }),
    instanceId: text("instance_id").references(() => instances.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    /** The type up to its first '.', ASCII lower-cased ('' without one): what ?type=<prefix>. seeks
     * (exactOrPrefix, worker/api/pagination.ts). Virtual: computed, never written. */
    typeFamily: text("type_family").generatedAlwaysAs(sql`lower(substr("type", 1, instr("type", '.')))`, { mode: "virtual" }),
    causeKind: text("cause_kind", { enum: CAUSE_KINDS }).notNull(),
    causeId: text("cause_id"),
    fromState: text("from_state"),
    toState: text("to_state"),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>(),
    occurredAt: integer("occurred_at", { mode: "timestamp_ms" }).notNull(),
    recordedAt: createdAt(),
  },
  (t) => [
    index("events_org_time_idx").on(t.orgId, t.occurredAt, t.id),
    index("events_instance_time_idx").on(t.instanceId, t.orgId, t.occurredAt, t.id),
    index("events_account_time_idx").on(t.cloudAccountId, t.orgId, t.occurredAt, t.id),
    // GET /events?type= (exact): one type's page (migrations/0022).
    index("events_org_type_time_idx").on(t.orgId, t.type, t.occurredAt, t.id),
    // GET /events?type=<prefix>. (its family) and ?cause= (migrations/0023).
    index("events_org_type_family_time_idx").on(t.orgId, t.typeFamily, t.occurredAt, t.id),
    index("events_org_cause_time_idx").on(t.orgId, t.causeKind, t.occurredAt, t.id),
  ],
);

/**
 * The savings ledger: one row per sleep interval of a database (split where its price changed),
 * rebuilt by the events consumer from the observed state events (worker/savings/store.ts).
 */
export const savings = sqliteTable(
  "savings",
  {
    /** `${instanceId}:${from}`: deterministic, so re-processing never double-counts. */
    id: text("id").primaryKey(),
    orgId: orgId(),
    instanceId: text("instance_id")
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    /** What put the database to sleep (the observation that opened the interval). */
    causeKind: text("cause_kind", { enum: CAUSE_KINDS }).notNull(),
    causeId: text("cause_id"),
    from: integer("from", { mode: "timestamp_ms" }).notNull(),
    /** null while the database is still asleep. */
    until: integer("until", { mode: "timestamp_ms" }),
    /** When the sleep this piece belongs to began (pieces split at price changes share it). */
    sleepFrom: integer("sleep_from", { mode: "timestamp_ms" }).notNull(),
    /** Price in force for the interval, micro-dollars per hour; null = unknown. */
    hourlyMicros: integer("hourly_micros"),
    priceSource: text("price_source").notNull(),
    /** Billed back when the next awake stretch was under AWS's 10-minute minimum, micro-dollars. */
    penaltyMicros: integer("penalty_micros").notNull().default(0),
    endedBy: text("ended_by", { enum: ["start", "auto_restart", "maintenance", "open", "price_change"] }).notNull(),
    /** Saved micro-dollars (price x time - penalty) for a closed interval; null while open. */
    savedMicros: integer("saved_micros"),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("savings_instance_from_idx").on(t.instanceId, t.from),
    index("savings_org_open_idx").on(t.orgId, t.until),
  ],
);

/** Hourly metric rollups per database (CPU, connections, IOPS, ...), the input to idle detection. */
export const metrics = sqliteTable(
  "metrics",
  {
    orgId: orgId(),
    instanceId: text("instance_id")
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    metric: text("metric").notNull(),
    hourStart: integer("hour_start", { mode: "timestamp_ms" }).notNull(),
    avg: real("avg").notNull(),
    max: real("max").notNull(),
    min: real("min").notNull(),
    samples: integer("samples").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.instanceId, t.metric, t.hourStart] }),
    index("metrics_org_hour_idx").on(t.orgId, t.hourStart),
  ],
);

export const recommendations = sqliteTable(
  "recommendations",
  {
    id: text("id").primaryKey(),
    orgId: orgId(),
    instanceId: text("instance_id")
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    /** 0..10000 basis points. */
    confidenceBp: integer("confidence_bp").notNull(),
    proposedSchedule: text("proposed_schedule", { mode: "json" }),
    projectedMonthlySavingsCents: integer("projected_monthly_savings_cents").notNull(),
    evidence: text("evidence", { mode: "json" }),
    status: text("status", { enum: ["open", "applied", "dismissed"] })
      .notNull()
      .default("open"),
    appliedScheduleId: text("applied_schedule_id").references(() => schedules.id, {
      onDelete: "set null",
    }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("recommendations_org_status_idx").on(t.orgId, t.status),
    index("recommendations_instance_idx").on(t.instanceId),
  ],
);

// ---------------------------------------------------------------------------------------------
// Outbound: integrations and their deliveries

export const integrations = sqliteTable(
  "integrations",
  {
    id: text("id").primaryKey(),
    orgId: orgId(),
    kind: text("kind", { enum: ["slack_webhook", "slack_app", "webhook"] }).notNull(),
    name: text("name").notNull(),
    /** AES-GCM sealed config (webhook URLs, signing secrets): never returned. */
    configSealed: text("config_sealed").notNull(),
    /** Which event types it receives (JSON array; empty = all). */
    eventTypes: text("event_types", { mode: "json" }).$type<string[]>().notNull().default([]),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    /** Slack app: the channel per notification type ({"*": default, "database.stopped": "C…"}). */
    channels: text("channels", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    /** Where it sends, without secrets (a webhook's host, a Slack workspace's name): for lists. */
    target: text("target").notNull().default(""),
    /** The Slack workspace an installed app belongs to (slash commands find the org by it). */
    slackTeamId: text("slack_team_id"),
    /** Deliveries that ended failed in a row; reaching the limit disables the integration. */
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    disabledReason: text("disabled_reason"),
    disabledAt: integer("disabled_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("integrations_org_idx").on(t.orgId), index("integrations_slack_team_idx").on(t.slackTeamId)],
);

export const deliveries = sqliteTable(
  "deliveries",
  {
    id: text("id").primaryKey(),
    orgId: orgId(),
    integrationId: text("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    eventId: text("event_id").notNull(),
    status: text("status", { enum: ["pending", "delivered", "failed", "dead"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    /** The notification type delivered ("database.stopped", "test"). */
    eventType: text("event_type").notNull().default(""),
    latencyMs: integer("latency_ms"),
    /** The start of the receiver's last answer (never our request, so never a secret of ours). */
    responseSnippet: text("response_snippet"),
    lastAttemptAt: integer("last_attempt_at", { mode: "timestamp_ms" }),
    /** An attempt in flight until then: a redelivered message waits instead of sending twice. */
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    deliveredAt: integer("delivered_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("deliveries_integration_event_uq").on(t.integrationId, t.eventId),
    index("deliveries_org_time_idx").on(t.orgId, t.createdAt),
    // GET /integrations/{id}/deliveries: one integration's log, newest first.
    index("deliveries_integration_time_idx").on(t.orgId, t.integrationId, t.createdAt, t.id),
  ],
);

/** A Slack user linked to a member (by their verified email or explicitly), per workspace. */
export const slackUserLinks = sqliteTable(
  "slack_user_links",
  {
    orgId: orgId(),
    teamId: text("team_id").notNull(),
    slackUserId: text("slack_user_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** "email" (matched by Slack's verified email) or "explicit" (linked by an admin). */
    via: text("via", { enum: ["email", "explicit"] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.slackUserId] }), index("slack_user_links_org_idx").on(t.orgId)],
);

// ---------------------------------------------------------------------------------------------
// Accountability

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    orgId: orgId(),
    actorKind: text("actor_kind", { enum: ["user", "api_token", "slack", "system"] }).notNull(),
    actorId: text("actor_id"),
    /** Human-readable actor at the time (email, token name, Slack handle). */
    actorLabel: text("actor_label"),
    action: text("action").notNull(),
    /** The action up to its first '.', ASCII lower-cased ('' without one): what ?action=<prefix>.
     * seeks (exactOrPrefix, worker/api/pagination.ts). Virtual: computed, never written. */
    actionFamily: text("action_family").generatedAlwaysAs(sql`lower(substr("action", 1, instr("action", '.')))`, { mode: "virtual" }),
    targetType: text("target_type"),
    targetId: text("target_id"),
    /** Before/after summary; never contains secrets. */
    summary: text("summary", { mode: "json" }),
    ip: text("ip"),
    /** Server-generated id of the request that made the entry. */
    requestId: text("request_id"),
    /** The client's own X-Request-Id (sanitized, at most 64 characters), for correlation only. */
    correlationId: text("correlation_id"),
    at: createdAt(),
  },
  (t) => [
    index("audit_log_org_time_idx").on(t.orgId, t.at, t.id),
    // GET /audit-log?targetType=&targetId= | actorId= | action= (exact): a page off the index (migrations/0022).
    index("audit_log_org_target_idx").on(t.orgId, t.targetType, t.targetId, t.at, t.id),
    index("audit_log_org_actor_idx").on(t.orgId, t.actorId, t.at, t.id),
    index("audit_log_org_action_idx").on(t.orgId, t.action, t.at, t.id),
    // GET /audit-log?action=<prefix>. (its family) and ?targetType=
    // without targetId (migrations/0023).
    index("audit_log_org_action_family_idx").on(t.orgId, t.actionFamily, t.at, t.id),
    index("audit_log_org_target_type_idx").on(t.orgId, t.targetType, t.at, t.id),
  ],
);

/** Messages a queue gave up on (moved to a dead-letter queue): kept, never silently dropped. */
export const deadLetters = sqliteTable(
  "dead_letters",
  {
    id: text("id").primaryKey(),
    queue: text("queue").notNull(),
    messageId: text("message_id").notNull(),
    body: text("body", { mode: "json" }),
    attempts: integer("attempts").notNull(),
    receivedAt: createdAt(),
  },
  (t) => [
    uniqueIndex("dead_letters_queue_message_uq").on(t.queue, t.messageId),
    index("dead_letters_time_idx").on(t.receivedAt),
  ],
);

/** Invitations by link: the link carries a token whose hash is stored; it grants `role` once. */
export const invitations = sqliteTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    orgId: orgId(),
    email: text("email").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedByUserId: text("invited_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    acceptedAt: integer("accepted_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("invitations_token_uq").on(t.tokenHash),
    index("invitations_org_idx").on(t.orgId, t.createdAt),
  ],
);

/** Responses remembered for `Idempotency-Key` on acting POSTs (24 h), per organization. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    orgId: orgId(),
    key: text("key").notNull(),
    /** Method + path + SHA-256 of the body: the same key with another request is a 422. */
    fingerprint: text("fingerprint").notNull(),
    status: integer("status").notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key] }), index("idempotency_keys_time_idx").on(t.createdAt)],
);

// ---------------------------------------------------------------------------------------------
// Savings rollups and price history

/** Daily savings per database and cause, in the organization's timezone; closed intervals only
 * (open ones are added at read time). Rebuilt idempotently by the events consumer. */
export const savingsDaily = sqliteTable(
  "savings_daily",
  {
    orgId: orgId(),
    instanceId: text("instance_id")
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    /** YYYY-MM-DD in the organization's timezone. */
    day: text("day").notNull(),
    causeKind: text("cause_kind", { enum: CAUSE_KINDS }).notNull(),
    /** "" when the cause has no id (part of the primary key, so never null). */
    causeId: text("cause_id").notNull().default(""),
    asleepSeconds: integer("asleep_seconds").notNull(),
    savedMicros: integer("saved_micros").notNull(),
    unpricedSeconds: integer("unpriced_seconds").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.instanceId, t.day, t.causeKind, t.causeId] }),
    // Covers the summary routes: a range of an organization's days is read from the index alone.
    index("savings_daily_org_day_idx").on(t.orgId, t.day, t.instanceId, t.causeKind, t.causeId, t.savedMicros, t.asleepSeconds, t.unpricedSeconds),
  ],
);

/** Price history per database: the effective price from `effective_from` until the next row. */
export const instancePrices = sqliteTable(
  "instance_prices",
  {
    orgId: orgId(),
    instanceId: text("instance_id")
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    effectiveFrom: integer("effective_from", { mode: "timestamp_ms" }).notNull(),
    /** Micro-dollars per hour; null = unknown. */
    hourlyMicros: integer("hourly_micros"),
    source: text("source").notNull(),
  },
  (t) => [primaryKey({ columns: [t.instanceId, t.effectiveFrom] })],
);

/** All-time savings per database (closed intervals), kept with its daily rows by the events
 * consumer, so "all time" never scans a year of rollups. */
export const savingsTotals = sqliteTable(
  "savings_totals",
  {
    instanceId: text("instance_id")
      .primaryKey()
      .references(() => instances.id, { onDelete: "cascade" }),
    orgId: orgId(),
    asleepSeconds: integer("asleep_seconds").notNull(),
    savedMicros: integer("saved_micros").notNull(),
    unpricedSeconds: integer("unpriced_seconds").notNull(),
  },
  (t) => [index("savings_totals_org_idx").on(t.orgId, t.instanceId, t.savedMicros, t.asleepSeconds)],
);

/** An organization's savings per local day: the sum of its databases' `savings_daily` rows for
 * that day (closed intervals only), rewritten by the events consumer in the same D1 batch as the
 * per-database rows (recomputed from them, so idempotent), so the organization's summary and
 * daily series read one row per day instead of one per database and day. */
export const savingsOrgDaily = sqliteTable(
  "savings_org_daily",
  {
    orgId: orgId(),
    /** YYYY-MM-DD in the organization's timezone. */
    day: text("day").notNull(),
    asleepSeconds: integer("asleep_seconds").notNull(),
    savedMicros: integer("saved_micros").notNull(),
    unpricedSeconds: integer("unpriced_seconds").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.day] })],
);

/** Running totals per database and cause: the sums of its `savings_daily` rows through `day` (a row
 * on each day it has daily rows), so any range's sum is two lookups (last row ≤ `to` minus last row
 * < `from`) whatever the number of days. Rewritten with the daily rows by the events consumer.
 * WITHOUT ROWID (migration 0016): the lookups land on the row itself. */
export const savingsRunning = sqliteTable(
  "savings_running",
  {
    orgId: orgId(),
    instanceId: text("instance_id")
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    causeKind: text("cause_kind", { enum: CAUSE_KINDS }).notNull(),
    causeId: text("cause_id").notNull().default(""),
    /** YYYY-MM-DD in the organization's timezone. */
    day: text("day").notNull(),
    asleepSeconds: integer("asleep_seconds").notNull(),
    savedMicros: integer("saved_micros").notNull(),
  },
  (t) => [primaryKey({ columns: [t.instanceId, t.causeKind, t.causeId, t.day] })],
);

/** The (database, cause) pairs that have daily savings rows: what a range sum over
 * `savings_running` iterates, one entry per pair (never per day). */
export const savingsCauses = sqliteTable(
  "savings_causes",
  {
    orgId: orgId(),
    instanceId: text("instance_id")
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    causeKind: text("cause_kind", { enum: CAUSE_KINDS }).notNull(),
    causeId: text("cause_id").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.instanceId, t.causeKind, t.causeId] }), index("savings_causes_org_idx").on(t.orgId, t.instanceId, t.causeKind, t.causeId)],
);

/** The organization's fleet running 24/7, priced: `rate_micros` per hour from `at` (epoch ms) until
 * the next row (the first row's `at` stands for "always before"), from its databases' price history
 * and removal times. The projected cost of a day is this integrated over the day, cut at now.
 * Rewritten (delete + insert from the sources) whenever a price or the fleet changes. */
export const savingsFleetRate = sqliteTable(
  "savings_fleet_rate",
  {
    orgId: orgId(),
    at: integer("at").notNull(),
    rateMicros: integer("rate_micros").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.at] })],
);
