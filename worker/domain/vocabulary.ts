/**
 * SnoozeQL's domain words, declared once: the D1 schema (worker/db/schema.ts), the pure cores
 * (worker/schedules, worker/reconcile), the cloud clients and the API schemas all import them
 * from here, and the web app receives them through the API.
 *
 * Owns: the closed lists of power states, causes, roles, providers, database kinds, override
 * kinds and event types. Must never: import anything (it is the bottom of every layer).
 */

export const ROLES = ["owner", "admin", "operator", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const PROVIDERS = ["aws", "gcp"] as const;
export type Provider = (typeof PROVIDERS)[number];

/** What a database is at its cloud: the unit SnoozeQL stops and starts. */
export const INSTANCE_KINDS = ["rds_instance", "aurora_cluster", "cloudsql_instance"] as const;
export type InstanceKind = (typeof INSTANCE_KINDS)[number];

/** SnoozeQL's normalized view of a database's power state (the raw cloud status is kept too). */
export const POWER_STATES = ["running", "stopped", "starting", "stopping", "unavailable", "unknown"] as const;
export type PowerState = (typeof POWER_STATES)[number];

/** Who or what caused an event or a mutation (`maintenance`: a schedule's wake for the database's maintenance window). */
export const CAUSE_KINDS = ["schedule", "maintenance", "policy", "override", "user", "api_token", "slack", "aws_auto_restart", "cloud", "system"] as const;
export type CauseKind = (typeof CAUSE_KINDS)[number];

/** Temporary instructions on one database that beat its schedules. */
export const OVERRIDE_KINDS = ["keep_awake", "keep_asleep", "skip_next"] as const;
export type OverrideKind = (typeof OVERRIDE_KINDS)[number];

/** A manual or planned power action. */
export type PowerAction = "start" | "stop";

/** Every event type SnoozeQL records (the `events.type` column). */
export const EVENT_TYPES = [
  "agent.tick",
  "account.sync_failed",
  "instance.discovered",
  "instance.state_changed",
  "instance.removed",
  "instance.reappeared",
  "instance.stop_requested",
  "instance.start_requested",
  "instance.stop_failed",
  "instance.start_failed",
  "instance.stopped",
  "instance.started",
  "instance.transition_timeout",
  "instance.skipped",
  "instance.would_stop",
  "instance.would_start",
  "instance.auto_restarted",
  "override.skip_used",
  /** An override was created (API, dashboard, CLI or Slack: worker/overrides/create.ts). */
  "override.created",
  /** An override lapses within OVERRIDE_EXPIRY_LEAD_MS (worker/overrides/expiring.ts). */
  "override.expiring",
  /** Analysis proposed a new schedule, or changed one materially (worker/recommendations/analyze.ts). */
  "recommendation.ready",
  /** A policy's rules held and it acted (or notified) on a database. */
  "policy.fired",
  "instance.capacity_changed",
  "instance.capacity_change_failed",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
