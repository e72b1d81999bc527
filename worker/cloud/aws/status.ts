/**
 * RDS DBInstanceStatus and DBCluster Status → SnoozeQL's PowerState.
 *
 * Owns: the mapping tables, built from AWS's documented status lists ("DB instance status" in the
 * RDS User Guide, "DB cluster status" in the Aurora User Guide). Must never: call AWS, or guess
 * "running" for a status it does not know (unknown stays "unknown").
 *
 * Meaning of the states: running = up and billed, possibly busy with a background change;
 * starting = coming up (starting, creating); stopping / stopped as AWS says; unavailable = exists
 * but can be neither used nor stopped/started until something else happens (failed, deleting,
 * inaccessible encryption key, storage full, incompatible-*).
 */
import type { PowerState } from "../provider.ts";

const RUNNING = [
  "available",
  "backing-up",
  "backtracking",
  "configuring-activity-stream",
  "configuring-enhanced-monitoring",
  "configuring-iam-database-auth",
  "configuring-log-exports",
  "converting-to-vpc",
  "failing-over",
  "maintenance",
  "migrating",
  "modifying",
  "moving-to-vpc",
  "promoting",
  "rebooting",
  "renaming",
  "resetting-master-credentials",
  "scaling-compute",
  "scaling-storage",
  "storage-config-upgrade",
  "storage-initialization",
  "storage-optimization",
  "update-iam-db-auth",
  "upgrading",
];

const STARTING = ["starting", "creating"];

const UNAVAILABLE = [
  "cloning-failed",
  "delete-precheck",
  "deleting",
  "failed",
  "inaccessible-encryption-credentials",
  "inaccessible-encryption-credentials-recoverable",
  "incompatible-create",
  "incompatible-network",
  "incompatible-option-group",
  "incompatible-parameters",
  "incompatible-restore",
  "insufficient-capacity",
  "migration-failed",
  "restore-error",
  "storage-full",
];

const TABLE = new Map<string, PowerState>([
  ...RUNNING.map((s) => [s, "running"] as const),
  ...STARTING.map((s) => [s, "starting"] as const),
  ...UNAVAILABLE.map((s) => [s, "unavailable"] as const),
  ["stopping", "stopping"],
  ["stopped", "stopped"],
]);

/** DBInstanceStatus → PowerState. */
export function instanceState(status: string): PowerState {
  return TABLE.get(status.trim().toLowerCase()) ?? "unknown";
}

/** DBCluster Status → PowerState (same vocabulary as instances, plus cluster-only statuses). */
export function clusterState(status: string): PowerState {
  return TABLE.get(status.trim().toLowerCase()) ?? "unknown";
}

/** Every status this module knows, for tests and documentation. */
export const KNOWN_RDS_STATUSES: ReadonlyMap<string, PowerState> = TABLE;
