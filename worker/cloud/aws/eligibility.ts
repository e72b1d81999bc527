/**
 * Whether SnoozeQL may stop/start an RDS instance or an Aurora/RDS DB cluster, decided from
 * describe output the way AWS itself refuses, with the reason in plain words.
 *
 * Owns: the refusal rules. AWS refuses StopDBInstance for read replicas, for sources of read
 * replicas, for instances of a DB cluster (the cluster is stopped instead), for Multi-AZ SQL
 * Server and for RDS Custom; and StopDBCluster for Aurora Serverless v1, global database members,
 * multi-master and parallel query clusters. SnoozeQL additionally leaves clusters in a
 * cross-Region replication pair alone. Must never: call AWS, or mark something eligible that one
 * of these rules refuses.
 */
import type { RdsCluster, RdsInstance } from "./rds.ts";

export type Eligibility = { eligible: true } | { eligible: false; reason: string };

const OK: Eligibility = { eligible: true };
const refuse = (reason: string): Eligibility => ({ eligible: false, reason });

/** Engines served by the RDS API that are not RDS/Aurora databases. */
export function isForeignEngine(engine: string): boolean {
  return engine === "neptune" || engine === "docdb";
}

export function instanceEligibility(instance: RdsInstance): Eligibility {
  const engine = instance.engine.toLowerCase();
  if (isForeignEngine(engine)) {
    return refuse(`It is an Amazon ${engine === "docdb" ? "DocumentDB" : "Neptune"} instance; SnoozeQL only manages RDS and Aurora databases.`);
  }
  if (instance.clusterId) {
    return refuse(
      `It is an instance of the DB cluster "${instance.clusterId}"; AWS stops and starts the whole cluster, so SnoozeQL manages the cluster instead.`,
    );
  }
  if (engine.startsWith("custom-")) {
    return refuse("It is an RDS Custom instance; AWS doesn't allow stopping RDS Custom instances through the RDS API.");
  }
  if (instance.readReplicaSourceInstanceId || instance.readReplicaSourceClusterId) {
    const source = instance.readReplicaSourceInstanceId ?? instance.readReplicaSourceClusterId;
    return refuse(`It is a read replica of "${source}"; AWS doesn't allow stopping a read replica.`);
  }
  const replicas = [...instance.readReplicaInstanceIds, ...instance.readReplicaClusterIds];
  if (replicas.length > 0) {
    return refuse(
      `It has read replicas (${replicas.map((r) => `"${r}"`).join(", ")}); AWS doesn't allow stopping a database that has read replicas.`,
    );
  }
  if (engine.startsWith("sqlserver") && instance.multiAz) {
    return refuse("It is a Multi-AZ SQL Server instance; AWS doesn't allow stopping SQL Server in a Multi-AZ configuration.");
  }
  return OK;
}

const ACTIVE_WRITE_FORWARDING = new Set(["enabled", "enabling", "disabling"]);

export function clusterEligibility(cluster: RdsCluster): Eligibility {
  const mode = cluster.engineMode?.toLowerCase();
  if (mode === "serverless") {
    return refuse("It is an Aurora Serverless v1 cluster; AWS doesn't allow stopping those (they pause on their own).");
  }
  if (
    cluster.globalClusterId ||
    (cluster.globalWriteForwardingStatus && ACTIVE_WRITE_FORWARDING.has(cluster.globalWriteForwardingStatus.toLowerCase()))
  ) {
    const name = cluster.globalClusterId ? ` "${cluster.globalClusterId}"` : "";
    return refuse(`It is part of the Aurora global database${name}; AWS doesn't allow stopping a cluster in a global database.`);
  }
  if (mode === "multimaster") {
    return refuse("It is an Aurora multi-master cluster; AWS doesn't allow stopping those.");
  }
  if (mode === "parallelquery") {
    return refuse("It is an Aurora parallel query cluster; AWS doesn't allow stopping those.");
  }
  if (cluster.replicationSourceIdentifier) {
    return refuse(
      `It is a cross-Region read replica of "${cluster.replicationSourceIdentifier}"; SnoozeQL doesn't stop clusters in a replication pair.`,
    );
  }
  if (cluster.readReplicaIdentifiers.length > 0) {
    return refuse(
      `It has cross-Region read replica clusters (${cluster.readReplicaIdentifiers.map((r) => `"${r}"`).join(", ")}); SnoozeQL doesn't stop clusters in a replication pair.`,
    );
  }
  return OK;
}
