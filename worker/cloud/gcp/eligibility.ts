/**
 * Cloud SQL instance → SnoozeQL power state and eligibility.
 *
 * Owns: the mapping of `state` (SQL_INSTANCE_STATE_UNSPECIFIED, RUNNABLE, SUSPENDED,
 * PENDING_DELETE, PENDING_CREATE, MAINTENANCE, FAILED, ONLINE_MAINTENANCE, REPAIRING) together
 * with `settings.activationPolicy` (ALWAYS = on, NEVER = off; a stopped instance is RUNNABLE with
 * NEVER), and the refusal rules: read replicas (instanceType READ_REPLICA_INSTANCE or
 * masterInstanceName set), read pools, and on-premises/external primaries. Must never: call
 * Google, or guess a state it does not know.
 */
import type { PowerState } from "../provider.ts";
import type { SqlInstance } from "./sqladmin.ts";

export type Eligibility = { eligible: true } | { eligible: false; reason: string };

export function cloudSqlState(instance: Pick<SqlInstance, "state" | "activationPolicy">): PowerState {
  switch (instance.state) {
    case "RUNNABLE":
      return instance.activationPolicy === "NEVER" ? "stopped" : "running";
    case "ONLINE_MAINTENANCE":
      return "running";
    case "PENDING_CREATE":
      return "starting";
    case "SUSPENDED":
    case "PENDING_DELETE":
    case "MAINTENANCE":
    case "FAILED":
    case "REPAIRING":
      return "unavailable";
    default:
      return "unknown";
  }
}

export function cloudSqlEligibility(
  instance: Pick<SqlInstance, "instanceType" | "masterInstanceName" | "backendType">,
): Eligibility {
  if (instance.instanceType === "READ_REPLICA_INSTANCE" || instance.masterInstanceName) {
    const source = instance.masterInstanceName ? ` of "${instance.masterInstanceName}"` : "";
    return {
      eligible: false,
      reason: `It is a read replica${source}; SnoozeQL only stops and starts primary Cloud SQL instances.`,
    };
  }
  if (instance.instanceType === "READ_POOL_INSTANCE") {
    return { eligible: false, reason: "It is a read pool; SnoozeQL only stops and starts primary Cloud SQL instances." };
  }
  if (instance.instanceType === "ON_PREMISES_INSTANCE" || instance.backendType === "EXTERNAL") {
    return {
      eligible: false,
      reason: "It represents a database server outside Google Cloud (an external primary); there is nothing to stop.",
    };
  }
  return { eligible: true };
}

/** MYSQL_8_0 → mysql, POSTGRES_15 → postgres, SQLSERVER_2019_STANDARD → sqlserver. */
export function cloudSqlEngine(databaseVersion: string | undefined): string {
  const family = databaseVersion?.split("_")[0]?.toLowerCase();
  return family || "unknown";
}
