// RDS Query API (version 2014-10-31) against the account state: DescribeDBInstances,
// DescribeDBClusters, Stop/StartDBInstance, Stop/StartDBCluster, ModifyDBCluster (Serverless v2
// scaling), ListTagsForResource, DescribeEvents and DescribePendingMaintenanceActions, with RDS's
// validation, error codes and XML.
import { clusterArn, instanceArn, wakeAt } from "../state/lifecycle.ts";
import { defaultRdsWindow, type RdsMaintenance } from "../state/maintenance.ts";
import type { AwsAccountConfig, DbCluster, DbInstance, Tag } from "../state/model.ts";
import type { Store } from "../state/store.ts";
import { b64urlDecodeText, b64urlText, fnv1a, isoMillis } from "../util.ts";
import { AwsError } from "./errors.ts";
import { type QueryParams, x, xlist, type XmlValue } from "./xml.ts";

export const RDS_XMLNS = "http://rds.amazonaws.com/doc/2014-10-31/";
export const RDS_VERSION = "2014-10-31";

export interface RdsCtx {
  store: Store;
  cfg: AwsAccountConfig;
  region: string;
  now: number;
  params: QueryParams;
}

type Handler = (c: RdsCtx) => XmlValue;

export const RDS_ACTIONS: Record<string, Handler> = {
  DescribeDBInstances: describeDBInstances,
  DescribeDBClusters: describeDBClusters,
  StopDBInstance: stopDBInstance,
  StartDBInstance: startDBInstance,
  StopDBCluster: stopDBCluster,
  StartDBCluster: startDBCluster,
  ModifyDBCluster: modifyDBCluster,
  ListTagsForResource: listTagsForResource,
  DescribeEvents: describeEvents,
  DescribePendingMaintenanceActions: describePendingMaintenanceActions,
};

// ---- helpers ----------------------------------------------------------------------------------

function required(c: RdsCtx, name: string): string {
  const v = c.params.get(name);
  if (v === undefined || v === "") {
    throw new AwsError("MissingParameter", `The request must contain the parameter ${name}`, 400);
  }
  return v;
}

function maxRecords(c: RdsCtx): number {
  const raw = c.params.get("MaxRecords");
  if (raw === undefined) return 100;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 20 || n > 100) {
    throw new AwsError("InvalidParameterValue", `Invalid value ${raw} for MaxRecords. Must be between 20 and 100`, 400);
  }
  return n;
}

function readMarker(c: RdsCtx): string | null {
  const m = c.params.get("Marker");
  if (m === undefined || m === "") return null;
  try {
    const v = JSON.parse(b64urlDecodeText(m)) as { a?: unknown };
    if (typeof v.a !== "string") throw new Error("bad");
    return v.a;
  } catch {
    throw new AwsError("InvalidParameterValue", "Invalid marker: " + m, 400);
  }
}

function page<T>(items: T[], keyOf: (t: T) => string, c: RdsCtx): { items: T[]; marker: string | null } {
  const after = readMarker(c);
  const max = maxRecords(c);
  const start = after === null ? 0 : items.findIndex((i) => keyOf(i) > after);
  const rest = start < 0 ? [] : items.slice(start);
  const slice = rest.slice(0, max);
  const more = rest.length > max;
  return { items: slice, marker: more ? b64urlText(JSON.stringify({ a: keyOf(slice[slice.length - 1]!) })) : null };
}

interface Filter {
  name: string;
  values: string[];
}

function filters(c: RdsCtx, allowed: string[]): Filter[] {
  const out: Filter[] = [];
  for (const p of c.params.list("Filters", "Filter")) {
    const name = c.params.get(`${p}.Name`);
    if (!name) throw new AwsError("InvalidParameterValue", "The filter name must not be null.", 400);
    if (!allowed.includes(name)) throw new AwsError("InvalidParameterValue", `Unrecognized filter name: ${name}`, 400);
    const values = c.params.strings(`${p}.Values`, "Value");
    if (values.length === 0) throw new AwsError("InvalidParameterValue", `The filter ${name} must have at least one value.`, 400);
    out.push({ name, values });
  }
  return out;
}

/** An identifier or an ARN of this account and region -> the identifier. */
function idFromRef(ref: string, c: RdsCtx, kind: "db" | "cluster"): string {
  if (!ref.startsWith("arn:")) return ref;
  const parts = ref.split(":");
  if (parts.length >= 7 && parts[2] === "rds" && parts[3] === c.region && parts[4] === c.cfg.accountId && parts[5] === kind) {
    return parts.slice(6).join(":");
  }
  return "\u0000no-such";
}

function hostSuffix(c: RdsCtx): string {
  return `c${(fnv1a(c.cfg.accountId + c.region) % 0xffffffffff).toString(36).padStart(8, "0").slice(0, 12)}.${c.region}.rds.amazonaws.com`;
}

function tagList(tags: Tag[]): XmlNodeLike {
  return xlist("TagList", "Tag", tags, (t) => [x("Key", t.Key), x("Value", t.Value)]);
}
type XmlNodeLike = ReturnType<typeof x>;

function paramGroupFamily(engine: string, version: string): string {
  const major = version.split(".")[0] ?? version;
  if (engine === "postgres") return `default.postgres${major}`;
  if (engine === "mysql") return `default.mysql${version.split(".").slice(0, 2).join(".")}`;
  if (engine === "mariadb") return `default.mariadb${version.split(".").slice(0, 2).join(".")}`;
  if (engine.startsWith("sqlserver")) return `default.${engine}-${major}.0`;
  if (engine === "aurora-postgresql") return `default.aurora-postgresql${major}`;
  if (engine === "aurora-mysql") return `default.aurora-mysql${version.startsWith("8") ? "8.0" : "5.7"}`;
  if (engine.startsWith("oracle")) return `default.${engine}-${major}`;
  return `default.${engine}`;
}

function subnetGroup(c: RdsCtx): XmlValue {
  const azs = ["a", "b", "c"].map((s) => c.region + s);
  return x("DBSubnetGroup", [
    x("DBSubnetGroupName", "default"),
    x("DBSubnetGroupDescription", "default"),
    x("VpcId", `vpc-${(fnv1a(c.cfg.accountId + c.region) >>> 0).toString(16).padStart(8, "0")}`),
    x("SubnetGroupStatus", "Complete"),
    xlist("Subnets", "Subnet", azs, (az) => [
      x("SubnetIdentifier", `subnet-${(fnv1a(az + c.cfg.accountId) >>> 0).toString(16).padStart(8, "0")}`),
      x("SubnetAvailabilityZone", x("Name", az)),
      x("SubnetOutpost", []),
      x("SubnetStatus", "Active"),
    ]),
    xlist("SupportedNetworkTypes", "member", ["IPV4"], (v) => v),
  ]);
}

export function renderInstance(i: DbInstance, c: RdsCtx): XmlValue {
  const sg = `sg-${(fnv1a(c.cfg.accountId + c.region + "sg") >>> 0).toString(16).padStart(8, "0")}`;
  const isAurora = i.clusterId !== null;
  return [
    x("DBInstanceIdentifier", i.id),
    x("DBInstanceClass", i.instanceClass),
    x("Engine", i.engine),
    x("DBInstanceStatus", i.status),
    x("MasterUsername", i.masterUsername),
    x("DBName", i.dbName),
    x("Endpoint", [x("Address", `${i.id}.${hostSuffix(c)}`), x("Port", i.port), x("HostedZoneId", "Z2R2ITUGPM61AM")]),
    x("AllocatedStorage", isAurora ? 1 : i.allocatedStorage),
    x("InstanceCreateTime", isoMillis(i.createdAt)),
    x("PreferredBackupWindow", "03:00-03:30"),
    x("BackupRetentionPeriod", i.readReplicaSource ? 0 : 7),
    x("DBSecurityGroups", []),
    xlist("VpcSecurityGroups", "VpcSecurityGroupMembership", [sg], (id) => [x("VpcSecurityGroupId", id), x("Status", "active")]),
    xlist("DBParameterGroups", "DBParameterGroup", [paramGroupFamily(i.engine, i.engineVersion)], (n) => [
      x("DBParameterGroupName", n),
      x("ParameterApplyStatus", "in-sync"),
    ]),
    x("AvailabilityZone", i.availabilityZone),
    subnetGroup(c),
    x("PreferredMaintenanceWindow", i.preferredMaintenanceWindow ?? defaultRdsWindow(`${i.region}/${i.id}`)),
    x("PendingModifiedValues", Object.entries(i.pendingModified ?? {}).map(([k, v]) => x(k, v))),
    i.status === "available" ? x("LatestRestorableTime", isoMillis(c.now - 5 * 60_000)) : null,
    x("MultiAZ", i.multiAZ),
    x("EngineVersion", i.engineVersion),
    x("AutoMinorVersionUpgrade", true),
    x("ReadReplicaSourceDBInstanceIdentifier", i.readReplicaSource),
    xlist("ReadReplicaDBInstanceIdentifiers", "ReadReplicaDBInstanceIdentifier", i.readReplicas, (v) => v),
    x("ReadReplicaDBClusterIdentifiers", []),
    x("LicenseModel", i.licenseModel),
    xlist("OptionGroupMemberships", "OptionGroupMembership", [`default:${i.engine}-${i.engineVersion.split(".")[0]}`], (n) => [
      x("OptionGroupName", n),
      x("Status", "in-sync"),
    ]),
    x("SecondaryAvailabilityZone", i.secondaryAvailabilityZone),
    x("PubliclyAccessible", false),
    i.readReplicaSource
      ? xlist("StatusInfos", "DBInstanceStatusInfo", [1], () => [
          x("StatusType", "read replication"),
          x("Normal", true),
          x("Status", "replicating"),
        ])
      : null,
    x("StorageType", isAurora ? "aurora" : i.storageType),
    x("DbInstancePort", 0),
    x("DBClusterIdentifier", i.clusterId),
    x("StorageEncrypted", isAurora),
    isAurora ? x("KmsKeyId", `arn:aws:kms:${i.region}:${c.cfg.accountId}:key/${i.resourceId.slice(3).toLowerCase()}`) : null,
    x("DbiResourceId", i.resourceId),
    x("CACertificateIdentifier", "rds-ca-rsa2048-g1"),
    x("DomainMemberships", []),
    x("CopyTagsToSnapshot", false),
    x("MonitoringInterval", 0),
    isAurora ? x("PromotionTier", i.promotionTier) : null,
    x("DBInstanceArn", instanceArn(c.cfg, i.region, i.id)),
    x("IAMDatabaseAuthenticationEnabled", false),
    x("DatabaseInsightsMode", "standard"),
    x("PerformanceInsightsEnabled", false),
    x("DeletionProtection", false),
    x("AssociatedRoles", []),
    tagList(i.tags),
    x("CustomerOwnedIpEnabled", false),
    x("NetworkType", "IPV4"),
    x("BackupTarget", "region"),
    i.status === "stopped" && i.autoRestartAt !== null ? x("AutomaticRestartTime", isoMillis(i.autoRestartAt)) : null,
    x("CertificateDetails", [x("CAIdentifier", "rds-ca-rsa2048-g1"), x("ValidTill", isoMillis(i.createdAt + 365 * 86_400_000))]),
    x("DedicatedLogVolume", false),
    x("IsStorageConfigUpgradeAvailable", false),
    x("EngineLifecycleSupport", "open-source-rds-extended-support"),
  ];
}

export function renderCluster(cl: DbCluster, c: RdsCtx): XmlValue {
  const suffix = hostSuffix(c);
  const sg = `sg-${(fnv1a(c.cfg.accountId + c.region + "sg") >>> 0).toString(16).padStart(8, "0")}`;
  return [
    x("AllocatedStorage", 1),
    xlist("AvailabilityZones", "AvailabilityZone", cl.availabilityZones, (v) => v),
    x("BackupRetentionPeriod", 7),
    x("DatabaseName", cl.databaseName),
    x("DBClusterIdentifier", cl.id),
    x("DBClusterParameterGroup", paramGroupFamily(cl.engine, cl.engineVersion)),
    x("DBSubnetGroup", "default"),
    x("Status", cl.status),
    x("EarliestRestorableTime", isoMillis(Math.max(cl.createdAt, c.now - 7 * 86_400_000))),
    x("Endpoint", `${cl.id}.cluster-${suffix}`),
    x("ReaderEndpoint", `${cl.id}.cluster-ro-${suffix}`),
    x("CustomEndpoints", []),
    x("MultiAZ", cl.multiAZ),
    x("Engine", cl.engine),
    x("EngineVersion", cl.engineVersion),
    x("LatestRestorableTime", isoMillis(cl.status === "available" ? c.now - 60_000 : (cl.stoppedAt ?? c.now))),
    x("Port", cl.port),
    x("MasterUsername", cl.masterUsername),
    x("DBClusterOptionGroupMemberships", []),
    x("PreferredBackupWindow", "03:00-03:30"),
    x("PreferredMaintenanceWindow", cl.preferredMaintenanceWindow ?? defaultRdsWindow(`${cl.region}/${cl.id}`)),
    x("ReadReplicaIdentifiers", []),
    xlist("DBClusterMembers", "DBClusterMember", cl.members, (m, ) => [
      x("DBInstanceIdentifier", m.id),
      x("IsClusterWriter", m.writer),
      x("DBClusterParameterGroupStatus", "in-sync"),
      x("PromotionTier", 1),
    ]),
    xlist("VpcSecurityGroups", "VpcSecurityGroupMembership", [sg], (id) => [x("VpcSecurityGroupId", id), x("Status", "active")]),
    x("HostedZoneId", "Z2R2ITUGPM61AM"),
    x("StorageEncrypted", true),
    x("KmsKeyId", `arn:aws:kms:${cl.region}:${c.cfg.accountId}:key/${cl.resourceId.slice(8).toLowerCase()}`),
    x("DbClusterResourceId", cl.resourceId),
    x("DBClusterArn", clusterArn(c.cfg, cl.region, cl.id)),
    x("AssociatedRoles", []),
    x("IAMDatabaseAuthenticationEnabled", false),
    x("ClusterCreateTime", isoMillis(cl.createdAt)),
    cl.serverlessV1 ? x("Capacity", cl.status === "available" ? cl.serverlessV1.min : 0) : null,
    x("EngineMode", cl.engineMode),
    cl.serverlessV1
      ? x("ScalingConfigurationInfo", [
          x("MinCapacity", cl.serverlessV1.min),
          x("MaxCapacity", cl.serverlessV1.max),
          x("AutoPause", cl.serverlessV1.autoPause),
          x("SecondsUntilAutoPause", 300),
          x("TimeoutAction", "RollbackCapacityChange"),
          x("SecondsBeforeTimeout", 300),
        ])
      : null,
    x("DeletionProtection", false),
    x("HttpEndpointEnabled", false),
    x("CopyTagsToSnapshot", false),
    x("CrossAccountClone", false),
    x("DomainMemberships", []),
    tagList(cl.tags),
    x("GlobalClusterIdentifier", cl.globalClusterId),
    x("GlobalWriteForwardingStatus", cl.globalClusterId ? "disabled" : null),
    x("NetworkType", "IPV4"),
    cl.status === "stopped" && cl.autoRestartAt !== null ? x("AutomaticRestartTime", isoMillis(cl.autoRestartAt)) : null,
    cl.serverlessV2
      ? x("ServerlessV2ScalingConfiguration", [
          x("MinCapacity", cl.serverlessV2.min),
          x("MaxCapacity", cl.serverlessV2.max),
          x("SecondsUntilAutoPause", cl.serverlessV2.secondsUntilAutoPause),
        ])
      : null,
    cl.serverlessV2 ? x("ServerlessV2PlatformVersion", "3") : null,
    x("MonitoringInterval", 0),
    x("DatabaseInsightsMode", "standard"),
    x("PerformanceInsightsEnabled", false),
    x("EngineLifecycleSupport", "open-source-rds-extended-support"),
  ];
}

function getInstance(c: RdsCtx, ref: string): DbInstance {
  const id = idFromRef(ref, c, "db");
  const i = c.store.get<DbInstance>("db-instance", c.region, id);
  if (!i) throw new AwsError("DBInstanceNotFound", `DBInstance ${ref} not found.`, 404);
  return i;
}

function getCluster(c: RdsCtx, ref: string): DbCluster {
  const id = idFromRef(ref, c, "cluster");
  const cl = c.store.get<DbCluster>("db-cluster", c.region, id);
  if (!cl) throw new AwsError("DBClusterNotFoundFault", `DBCluster ${ref} not found.`, 404);
  return cl;
}

// ---- operations -------------------------------------------------------------------------------

function describeDBInstances(c: RdsCtx): XmlValue {
  const fs = filters(c, ["db-cluster-id", "db-instance-id", "dbi-resource-id", "domain", "engine"]);
  const ident = c.params.get("DBInstanceIdentifier");
  let all = c.store.list<DbInstance>("db-instance", c.region);
  if (ident !== undefined) {
    all = [getInstance(c, ident)];
  }
  for (const f of fs) {
    all = all.filter((i) => {
      switch (f.name) {
        case "db-cluster-id":
          return i.clusterId !== null && f.values.some((v) => idFromRef(v, c, "cluster") === i.clusterId);
        case "db-instance-id":
          return f.values.some((v) => idFromRef(v, c, "db") === i.id);
        case "dbi-resource-id":
          return f.values.includes(i.resourceId);
        case "engine":
          return f.values.includes(i.engine);
        default:
          return false; // domain: no simulated instance joins a directory
      }
    });
  }
  const { items, marker } = page(all, (i) => i.id, c);
  return [x("Marker", marker), xlist("DBInstances", "DBInstance", items, (i) => renderInstance(i, c))];
}

function describeDBClusters(c: RdsCtx): XmlValue {
  const fs = filters(c, ["clone-group-id", "db-cluster-id", "db-cluster-resource-id", "domain", "engine"]);
  const ident = c.params.get("DBClusterIdentifier");
  let all = c.store.list<DbCluster>("db-cluster", c.region);
  if (ident !== undefined) all = [getCluster(c, ident)];
  for (const f of fs) {
    all = all.filter((cl) => {
      switch (f.name) {
        case "db-cluster-id":
          return f.values.some((v) => idFromRef(v, c, "cluster") === cl.id);
        case "db-cluster-resource-id":
          return f.values.includes(cl.resourceId);
        case "engine":
          return f.values.includes(cl.engine);
        default:
          return false;
      }
    });
  }
  const { items, marker } = page(all, (cl) => cl.id, c);
  return [x("Marker", marker), xlist("DBClusters", "DBCluster", items, (cl) => renderCluster(cl, c))];
}

function refuseInstanceStopStart(c: RdsCtx, i: DbInstance): void {
  if (i.clusterId !== null || i.engine.startsWith("aurora")) {
    throw new AwsError("InvalidParameterCombination", `${i.engine} DB instances are not eligible for stopping and starting.`, 400);
  }
  if (i.customEngine) {
    throw new AwsError("InvalidParameterCombination", `Stopping and starting is not supported for RDS Custom DB instance ${i.id} through this API.`, 400);
  }
  if (i.readReplicaSource !== null) {
    throw new AwsError("InvalidDBInstanceState", "Cannot stop or start a Read-Replica instance", 400);
  }
  if (i.readReplicas.length > 0) {
    throw new AwsError(
      "InvalidDBInstanceState",
      `Cannot stop or start DB instance ${i.id} because it is the source of read replica(s) ${i.readReplicas.join(", ")}`,
      400,
    );
  }
  if (i.engine.startsWith("sqlserver") && i.multiAZ) {
    throw new AwsError("InvalidParameterCombination", "Cannot stop or start a SQL Server DB instance in a Multi-AZ configuration.", 400);
  }
}

function stopDBInstance(c: RdsCtx): XmlValue {
  const i = getInstance(c, required(c, "DBInstanceIdentifier"));
  refuseInstanceStopStart(c, i);
  if (i.status !== "available") {
    throw new AwsError("InvalidDBInstanceState", `Instance ${i.id} is not in available state.`, 400);
  }
  const done = c.now + c.cfg.durations.instanceStopSec * 1000;
  i.status = "stopping";
  i.transition = { to: "stopped", startedAt: c.now, doneAt: done, auto: false };
  c.store.put(i);
  wakeAt(c.store, done);
  return x("DBInstance", renderInstance(i, c));
}

function startDBInstance(c: RdsCtx): XmlValue {
  const i = getInstance(c, required(c, "DBInstanceIdentifier"));
  refuseInstanceStopStart(c, i);
  if (i.status !== "stopped") {
    throw new AwsError("InvalidDBInstanceState", `Instance ${i.id} is not stopped, cannot be started.`, 400);
  }
  const done = c.now + c.cfg.durations.instanceStartSec * 1000;
  i.status = "starting";
  i.autoRestartAt = null;
  i.transition = { to: "available", startedAt: c.now, doneAt: done, auto: false };
  c.store.put(i);
  wakeAt(c.store, done);
  return x("DBInstance", renderInstance(i, c));
}

function refuseClusterStopStart(cl: DbCluster): void {
  if (cl.engineMode === "serverless") {
    throw new AwsError(
      "InvalidDBClusterStateFault",
      `Stopping and starting is not supported for DB cluster ${cl.id} in serverless engine mode.`,
      400,
    );
  }
  if (cl.globalClusterId !== null) {
    throw new AwsError(
      "InvalidDBClusterStateFault",
      `DB cluster ${cl.id} is part of global cluster ${cl.globalClusterId}; stopping and starting is not supported for global database clusters.`,
      400,
    );
  }
}

function setMembers(c: RdsCtx, cl: DbCluster, status: string): void {
  for (const m of cl.members) {
    const inst = c.store.get<DbInstance>("db-instance", cl.region, m.id);
    if (inst) {
      inst.status = status;
      c.store.put(inst);
    }
  }
}

function stopDBCluster(c: RdsCtx): XmlValue {
  const cl = getCluster(c, required(c, "DBClusterIdentifier"));
  refuseClusterStopStart(cl);
  if (cl.status !== "available") {
    throw new AwsError("InvalidDBClusterStateFault", `DbCluster ${cl.id} is in ${cl.status} state but expected it to be one of available.`, 400);
  }
  const done = c.now + c.cfg.durations.clusterStopSec * 1000;
  cl.status = "stopping";
  cl.transition = { to: "stopped", startedAt: c.now, doneAt: done, auto: false };
  c.store.put(cl);
  setMembers(c, cl, "stopping");
  wakeAt(c.store, done);
  return x("DBCluster", renderCluster(cl, c));
}

function startDBCluster(c: RdsCtx): XmlValue {
  const cl = getCluster(c, required(c, "DBClusterIdentifier"));
  refuseClusterStopStart(cl);
  if (cl.status !== "stopped") {
    throw new AwsError("InvalidDBClusterStateFault", `DbCluster ${cl.id} is in ${cl.status} state but expected it to be one of stopped.`, 400);
  }
  const done = c.now + c.cfg.durations.clusterStartSec * 1000;
  cl.status = "starting";
  cl.autoRestartAt = null;
  cl.transition = { to: "available", startedAt: c.now, doneAt: done, auto: false };
  c.store.put(cl);
  setMembers(c, cl, "starting");
  wakeAt(c.store, done);
  return x("DBCluster", renderCluster(cl, c));
}

function capacity(c: RdsCtx, name: string): number | undefined {
  const raw = c.params.get(`ServerlessV2ScalingConfiguration.${name}`);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new AwsError("InvalidParameterValue", `Invalid value ${raw} for ${name}.`, 400);
  return n;
}

/** Aurora Serverless v2 may scale to 0 ACU (auto-pause) from these engine versions on. */
export function supportsAutoPause(engine: string, version: string): boolean {
  const n = (v: string | undefined) => Number(v ?? 0);
  if (engine === "aurora-postgresql") {
    const [major, minor] = version.split(".");
    const least: Record<string, number> = { "13": 15, "14": 12, "15": 7, "16": 3 };
    return n(major) > 16 || (least[major ?? ""] !== undefined && n(minor) >= least[major!]!);
  }
  if (engine === "aurora-mysql") {
    const m = /mysql_aurora\.(\d+)\.(\d+)/.exec(version);
    return !!m && (n(m[1]) > 3 || (n(m[1]) === 3 && n(m[2]) >= 8));
  }
  return false;
}

function modifyDBCluster(c: RdsCtx): XmlValue {
  const cl = getCluster(c, required(c, "DBClusterIdentifier"));
  const min = capacity(c, "MinCapacity");
  const max = capacity(c, "MaxCapacity");
  const pauseRaw = c.params.get("ServerlessV2ScalingConfiguration.SecondsUntilAutoPause");
  if (min !== undefined || max !== undefined || pauseRaw !== undefined) {
    if (cl.engineMode !== "provisioned") {
      throw new AwsError("InvalidParameterCombination", "ServerlessV2ScalingConfiguration is only supported for provisioned engine mode DB clusters.", 400);
    }
    if (cl.status !== "available") {
      throw new AwsError("InvalidDBClusterStateFault", `DbCluster ${cl.id} is in ${cl.status} state but expected it to be one of available.`, 400);
    }
    const cur = cl.serverlessV2 ?? { min: 0.5, max: 16, secondsUntilAutoPause: null };
    const nmin = min ?? cur.min;
    const nmax = max ?? cur.max;
    const half = (v: number) => Math.abs(v * 2 - Math.round(v * 2)) < 1e-9;
    if (nmin < 0 || nmin > 256 || !half(nmin)) {
      throw new AwsError("InvalidParameterValue", `Invalid MinCapacity ${nmin}. MinCapacity must be between 0 and 256 in increments of 0.5.`, 400);
    }
    if (nmax < 1 || nmax > 256 || !half(nmax)) {
      throw new AwsError("InvalidParameterValue", `Invalid MaxCapacity ${nmax}. MaxCapacity must be between 1 and 256 in increments of 0.5.`, 400);
    }
    if (nmin > nmax) {
      throw new AwsError("InvalidParameterValue", "MinCapacity must be less than or equal to MaxCapacity.", 400);
    }
    if (nmin === 0 && !supportsAutoPause(cl.engine, cl.engineVersion)) {
      throw new AwsError("InvalidParameterCombination", `The engine version ${cl.engineVersion} doesn't support a minimum capacity of 0 ACUs (automatic pause). Upgrade to Aurora PostgreSQL 13.15, 14.12, 15.7, 16.3 or higher, or Aurora MySQL 3.08.0 or higher.`, 400);
    }
    let pause = cur.secondsUntilAutoPause;
    if (pauseRaw !== undefined) {
      pause = Number(pauseRaw);
      if (!Number.isInteger(pause) || pause < 300 || pause > 86400) {
        throw new AwsError("InvalidParameterValue", "SecondsUntilAutoPause must be between 300 and 86400.", 400);
      }
    }
    if (nmin === 0 && pause === null) pause = 300;
    if (nmin > 0 && pauseRaw === undefined) pause = null;
    cl.serverlessV2 = { min: nmin, max: nmax, secondsUntilAutoPause: pause };
    c.store.put(cl);
  }
  return x("DBCluster", renderCluster(cl, c));
}

function listTagsForResource(c: RdsCtx): XmlValue {
  const arn = required(c, "ResourceName");
  const parts = arn.split(":");
  if (parts.length < 7 || parts[0] !== "arn" || parts[2] !== "rds") {
    throw new AwsError("InvalidParameterValue", `The specified resource name does not match an RDS resource in this region.`, 400);
  }
  if (parts[3] !== c.region || parts[4] !== c.cfg.accountId) {
    throw new AwsError("InvalidParameterValue", `The specified resource name does not match an RDS resource in this region.`, 400);
  }
  const id = parts.slice(6).join(":");
  let tags: Tag[];
  if (parts[5] === "db") {
    const i = c.store.get<DbInstance>("db-instance", c.region, id);
    if (!i) throw new AwsError("DBInstanceNotFound", `DBInstance ${id} not found.`, 404);
    tags = i.tags;
  } else if (parts[5] === "cluster") {
    const cl = c.store.get<DbCluster>("db-cluster", c.region, id);
    if (!cl) throw new AwsError("DBClusterNotFoundFault", `DBCluster ${id} not found.`, 404);
    tags = cl.tags;
  } else {
    throw new AwsError("InvalidParameterValue", `Unsupported resource type in ARN ${arn}.`, 400);
  }
  return tagList(tags);
}

const SOURCE_TYPES = [
  "db-instance",
  "db-parameter-group",
  "db-security-group",
  "db-snapshot",
  "db-cluster",
  "db-cluster-snapshot",
  "custom-engine-version",
  "db-proxy",
  "blue-green-deployment",
  "db-shard-group",
  "zero-etl",
];

function parseTime(c: RdsCtx, name: string): number | undefined {
  const raw = c.params.get(name);
  if (raw === undefined) return undefined;
  const t = Date.parse(raw);
  if (Number.isNaN(t)) throw new AwsError("InvalidParameterValue", `Invalid timestamp for ${name}: ${raw}`, 400);
  return t;
}

function describeEvents(c: RdsCtx): XmlValue {
  const sourceType = c.params.get("SourceType");
  const sourceId = c.params.get("SourceIdentifier");
  if (sourceType !== undefined && !SOURCE_TYPES.includes(sourceType)) {
    throw new AwsError("InvalidParameterValue", `Invalid SourceType: ${sourceType}`, 400);
  }
  if (sourceId !== undefined && sourceType === undefined) {
    throw new AwsError("InvalidParameterCombination", "Cannot specify SourceIdentifier without specifying SourceType.", 400);
  }
  const start = parseTime(c, "StartTime");
  const end = parseTime(c, "EndTime");
  const durRaw = c.params.get("Duration");
  const duration = durRaw === undefined ? 60 : Number(durRaw);
  if (!Number.isInteger(duration) || duration < 0) {
    throw new AwsError("InvalidParameterValue", `Invalid value ${durRaw} for Duration.`, 400);
  }
  let from: number;
  let to: number;
  if (start !== undefined || end !== undefined) {
    to = end ?? c.now;
    from = start ?? to - duration * 60_000;
  } else {
    to = c.now;
    from = c.now - duration * 60_000;
  }
  from = Math.max(from, c.now - 14 * 86_400_000); // RDS keeps events for 14 days
  const categories = c.params.strings("EventCategories", "EventCategory");
  let evs = c.store.events(c.region, from, to);
  if (sourceType !== undefined) evs = evs.filter((e) => e.sourceType === sourceType);
  if (sourceId !== undefined) evs = evs.filter((e) => e.sourceId === sourceId || e.sourceArn === sourceId);
  if (categories.length > 0) evs = evs.filter((e) => e.categories.some((k) => categories.includes(k)));
  const indexed = evs.map((e, n) => ({ e, key: String(n).padStart(10, "0") }));
  const { items, marker } = page(indexed, (v) => v.key, c);
  return [
    x("Marker", marker),
    xlist("Events", "Event", items, ({ e }) => [
      x("SourceIdentifier", e.sourceId),
      x("SourceType", e.sourceType),
      x("Message", e.message),
      xlist("EventCategories", "EventCategory", e.categories, (k) => k),
      x("Date", isoMillis(e.at)),
      x("SourceArn", e.sourceArn),
    ]),
  ];
}

/**
 * DescribePendingMaintenanceActions: every instance and cluster of the region with at least one
 * pending action (ResourceIdentifier = its ARN), filtered by db-instance-id / db-cluster-id (ids or
 * ARNs) or ResourceIdentifier, paginated like the other describes.
 */
function describePendingMaintenanceActions(c: RdsCtx): XmlValue {
  const fs = filters(c, ["db-cluster-id", "db-instance-id"]);
  const only = c.params.get("ResourceIdentifier");
  type Entry = { arn: string; kind: "db" | "cluster"; id: string; r: RdsMaintenance };
  let all: Entry[] = [
    ...c.store.list<DbCluster>("db-cluster", c.region).map((cl): Entry => ({ arn: clusterArn(c.cfg, c.region, cl.id), kind: "cluster", id: cl.id, r: cl })),
    ...c.store.list<DbInstance>("db-instance", c.region).map((i): Entry => ({ arn: instanceArn(c.cfg, c.region, i.id), kind: "db", id: i.id, r: i })),
  ].filter((e) => (e.r.pendingMaintenance ?? []).length > 0);
  if (only !== undefined) all = all.filter((e) => e.arn === only);
  for (const f of fs) {
    const kind = f.name === "db-cluster-id" ? "cluster" : "db";
    all = all.filter((e) => e.kind === kind && f.values.some((v) => idFromRef(v, c, kind) === e.id));
  }
  const { items, marker } = page(all.sort((a, b) => (a.arn < b.arn ? -1 : 1)), (e) => e.arn, c);
  const date = (t: number | undefined) => (t === undefined ? null : isoMillis(t));
  return [
    xlist("PendingMaintenanceActions", "ResourcePendingMaintenanceActions", items, (e) => [
      x("ResourceIdentifier", e.arn),
      xlist("PendingMaintenanceActionDetails", "PendingMaintenanceAction", e.r.pendingMaintenance ?? [], (a) => [
        x("Action", a.action),
        x("AutoAppliedAfterDate", date(a.autoAppliedAfterDate)),
        x("ForcedApplyDate", date(a.forcedApplyDate)),
        x("OptInStatus", a.optInStatus ?? null),
        x("CurrentApplyDate", date(a.currentApplyDate)),
        x("Description", a.description),
      ]),
    ]),
    x("Marker", marker),
  ];
}
