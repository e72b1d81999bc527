// Builders for simulated accounts, projects and resources from control-API input, with the
// defaults a real resource would have (engine versions, ports, zones, license models, ids).
import { generateKeyPair, publicFromPrivate } from "../gcp/jwt.ts";
import { ALNUM, fnv1a, randomDigits, randomFrom, UPPER_ALNUM } from "../util.ts";
import { defaultRdsWindow, defaultSqlWindow, pendingActions, rdsWindow, type RdsMaintenance } from "./maintenance.ts";
import {
  type AwsAccountConfig,
  type DbCluster,
  type DbInstance,
  DURATION_PROFILES,
  type Durations,
  type Faults,
  type GcpProjectConfig,
  NO_FAULTS,
  type SqlInstance,
  type Tag,
  type Usage,
  USAGE_PATTERNS,
  type UsagePattern,
} from "./model.ts";

export class InputError extends Error {}

function str(v: unknown, name: string, fallback?: string): string {
  if (v === undefined || v === null) {
    if (fallback !== undefined) return fallback;
    throw new InputError(`${name} is required`);
  }
  if (typeof v !== "string" || v.length === 0) throw new InputError(`${name} must be a non-empty string`);
  return v;
}

function num(v: unknown, name: string, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v)) throw new InputError(`${name} must be a number`);
  return v;
}

function bool(v: unknown, fallback: boolean): boolean {
  return typeof v === "boolean" ? v : fallback;
}

export function durations(v: unknown, base: Durations = DURATION_PROFILES.dev): Durations {
  if (v === undefined || v === null) return { ...base };
  if (typeof v === "string") {
    const p = DURATION_PROFILES[v as keyof typeof DURATION_PROFILES];
    if (!p) throw new InputError(`durations profile must be one of ${Object.keys(DURATION_PROFILES).join(", ")}`);
    return { ...p };
  }
  if (typeof v !== "object") throw new InputError("durations must be a profile name or an object");
  const o = v as Record<string, unknown>;
  const start = typeof o["profile"] === "string" ? durations(o["profile"]) : base;
  const out = { ...start };
  for (const k of Object.keys(out) as (keyof Durations)[]) {
    if (o[k] !== undefined) out[k] = num(o[k], k, out[k]);
    if (out[k] < 0) throw new InputError(`${k} must be >= 0`);
  }
  return out;
}

export function faults(v: unknown, base: Faults = NO_FAULTS): Faults {
  if (v === undefined || v === null) return { ...base };
  if (typeof v !== "object") throw new InputError("faults must be an object");
  const o = v as Record<string, unknown>;
  const out: Faults = { ...base };
  const rates = ["throttleRate", "errorRate", "hangRate", "latencyRate"] as const;
  for (const k of rates) {
    out[k] = num(o[k], k, out[k]);
    if (out[k] < 0 || out[k] > 1) throw new InputError(`${k} must be between 0 and 1`);
  }
  for (const k of ["seed", "latencyMs", "latencyJitterMs", "hangMs", "throttleNext", "errorNext", "hangNext", "awsBurst", "awsRefillPerSec", "gcpPerMinute"] as const) {
    out[k] = num(o[k], k, out[k]);
    if (out[k] < 0) throw new InputError(`${k} must be >= 0`);
  }
  out.rateLimit = bool(o["rateLimit"], out.rateLimit);
  if (o["errorStatus"] !== undefined) {
    if (o["errorStatus"] !== 500 && o["errorStatus"] !== 503) throw new InputError("errorStatus must be 500 or 503");
    out.errorStatus = o["errorStatus"];
  }
  if (o["throttleCode"] !== undefined) {
    if (o["throttleCode"] !== "Throttling" && o["throttleCode"] !== "ThrottlingException") {
      throw new InputError("throttleCode must be Throttling or ThrottlingException");
    }
    out.throttleCode = o["throttleCode"];
  }
  if (o["operations"] !== undefined) {
    if (!Array.isArray(o["operations"]) || !o["operations"].every((x) => typeof x === "string")) {
      throw new InputError("operations must be an array of operation names");
    }
    out.operations = o["operations"] as string[];
  }
  return out;
}

export function usage(v: unknown, fallbackKey: string): Usage {
  if (typeof v === "string") {
    if (!USAGE_PATTERNS.includes(v as UsagePattern)) throw new InputError(`usage must be one of ${USAGE_PATTERNS.join(", ")}`);
    return { pattern: v as UsagePattern, utcOffsetMinutes: 0 };
  }
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const u = usage(o["pattern"] ?? "office-hours", fallbackKey);
    u.utcOffsetMinutes = num(o["utcOffsetMinutes"], "utcOffsetMinutes", 0);
    return u;
  }
  return { pattern: USAGE_PATTERNS[fnv1a(fallbackKey) % USAGE_PATTERNS.length]!, utcOffsetMinutes: 0 };
}

export function tags(v: unknown): Tag[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) {
    return v.map((t) => {
      const o = t as Record<string, unknown>;
      return { Key: str(o["Key"] ?? o["key"], "tag key"), Value: typeof (o["Value"] ?? o["value"]) === "string" ? String(o["Value"] ?? o["value"]) : "" };
    });
  }
  if (typeof v === "object") return Object.entries(v as Record<string, unknown>).map(([Key, Value]) => ({ Key, Value: String(Value) }));
  throw new InputError("tags must be an object or a list of {Key, Value}");
}

// ---- accounts ---------------------------------------------------------------------------------

export function newAwsAccount(input: Record<string, unknown>, nowReal: number): AwsAccountConfig {
  const accountId = str(input["accountId"], "accountId", randomDigits(12));
  if (!/^\d{12}$/.test(accountId)) throw new InputError("accountId must be 12 digits");
  const regions = Array.isArray(input["regions"]) ? (input["regions"] as unknown[]).map((r) => str(r, "region")) : ["us-east-1"];
  const accessKeyId = str(input["accessKeyId"], "accessKeyId", "AKIA" + randomFrom(UPPER_ALNUM, 16));
  if (!/^AKIA[A-Z0-9]{16}$/.test(accessKeyId)) throw new InputError("accessKeyId must look like AKIA + 16 upper-case letters/digits");
  const secretAccessKey = str(input["secretAccessKey"], "secretAccessKey", randomFrom(ALNUM + "/+", 40));
  const roleName = str(input["roleName"], "roleName", "SnoozeQLAccess");
  const externalId = input["externalId"] === null ? null : str(input["externalId"], "externalId", "snoozeql-" + randomFrom(ALNUM, 24));
  const userName = str(input["userName"], "userName", "snoozeql-sim");
  return {
    kind: "aws",
    accountId,
    name: str(input["name"], "name", `sim-${accountId}`),
    regions,
    seed: num(input["seed"], "seed", fnv1a(accountId)),
    durations: durations(input["durations"]),
    faults: faults(input["faults"]),
    clockOffsetMs: 0,
    createdAt: nowReal,
    users: [{ userName, userId: "AIDA" + randomFrom(UPPER_ALNUM, 17), accessKeyId, secretAccessKey }],
    roles: [
      {
        roleName,
        roleId: "AROA" + randomFrom(UPPER_ALNUM, 17),
        arn: `arn:aws:iam::${accountId}:role/${roleName}`,
        externalId,
        maxSessionDuration: num(input["maxSessionDuration"], "maxSessionDuration", 43200),
        trustedAccounts: Array.isArray(input["trustedAccounts"]) ? (input["trustedAccounts"] as string[]) : ["*"],
      },
    ],
  };
}

export async function newGcpProject(input: Record<string, unknown>, nowReal: number): Promise<GcpProjectConfig> {
  const projectId = str(input["projectId"], "projectId", "sim-" + randomFrom("abcdefghijklmnopqrstuvwxyz0123456789", 10));
  if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(projectId)) throw new InputError("projectId must be 6-30 lower-case letters, digits or hyphens, starting with a letter");
  const saName = str(input["serviceAccountName"], "serviceAccountName", "snoozeql");
  let privateKeyPem: string;
  let publicKeySpki: string;
  if (typeof input["privateKeyPem"] === "string") {
    privateKeyPem = input["privateKeyPem"];
    publicKeySpki = await publicFromPrivate(privateKeyPem);
  } else {
    ({ privateKeyPem, publicKeySpki } = await generateKeyPair());
  }
  return {
    kind: "gcp",
    projectId,
    projectNumber: str(input["projectNumber"], "projectNumber", randomDigits(12)),
    name: str(input["name"], "name", projectId),
    regions: Array.isArray(input["regions"]) ? (input["regions"] as string[]) : ["us-central1"],
    seed: num(input["seed"], "seed", fnv1a(projectId)),
    durations: durations(input["durations"]),
    faults: faults(input["faults"]),
    clockOffsetMs: 0,
    createdAt: nowReal,
    serviceAccounts: [
      {
        email: `${saName}@${projectId}.iam.gserviceaccount.com`,
        clientId: str(input["clientId"], "clientId", randomDigits(21)),
        keyId: str(input["privateKeyId"], "privateKeyId", randomFrom("0123456789abcdef", 40)),
        privateKeyPem,
        publicKeySpki,
      },
    ],
  };
}

// ---- resources --------------------------------------------------------------------------------

const DEFAULT_VERSIONS: Record<string, string> = {
  postgres: "16.4",
  mysql: "8.0.39",
  mariadb: "10.11.9",
  "aurora-postgresql": "15.8",
  "aurora-mysql": "8.0.mysql_aurora.3.07.1",
  "sqlserver-se": "15.00.4395.2.v1",
  "sqlserver-ex": "15.00.4395.2.v1",
  "sqlserver-web": "15.00.4395.2.v1",
  "sqlserver-ee": "15.00.4395.2.v1",
  "oracle-se2": "19.0.0.0.ru-2024-07.rur-2024-07.r1",
  "oracle-ee": "19.0.0.0.ru-2024-07.rur-2024-07.r1",
};

const PORTS: Record<string, number> = { postgres: 5432, "aurora-postgresql": 5432, mysql: 3306, mariadb: 3306, "aurora-mysql": 3306 };

function portOf(engine: string): number {
  if (engine.startsWith("sqlserver")) return 1433;
  if (engine.startsWith("oracle")) return 1521;
  return PORTS[engine] ?? 5432;
}

function licenseOf(engine: string): string {
  if (engine.startsWith("sqlserver")) return "license-included";
  if (engine.startsWith("oracle")) return "bring-your-own-license";
  if (engine === "postgres" || engine === "aurora-postgresql") return "postgresql-license";
  return "general-public-license";
}

export function newDbInstance(input: Record<string, unknown>, nowSim: number): DbInstance {
  const region = str(input["region"], "region");
  const id = str(input["id"] ?? input["DBInstanceIdentifier"], "id");
  if (!/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/.test(id)) throw new InputError("id must start with a letter and contain letters, digits and hyphens");
  const engine = str(input["engine"], "engine", "postgres");
  const status = str(input["status"], "status", "available");
  if (status !== "available" && status !== "stopped") throw new InputError("status must be available or stopped");
  const createdAt = nowSim - num(input["createdDaysAgo"], "createdDaysAgo", 30) * 86_400_000;
  const multiAZ = bool(input["multiAZ"], false);
  const az = `${region}${["a", "b", "c"][fnv1a(id) % 3]}`;
  const stoppedAt = status === "stopped" ? nowSim - num(input["stoppedHoursAgo"], "stoppedHoursAgo", 0) * 3_600_000 : null;
  return {
    kind: "db-instance",
    region,
    id,
    engine,
    engineVersion: str(input["engineVersion"], "engineVersion", DEFAULT_VERSIONS[engine] ?? "1.0"),
    instanceClass: str(input["instanceClass"], "instanceClass", engine.startsWith("aurora") ? "db.r6g.large" : "db.t3.medium"),
    status,
    multiAZ,
    allocatedStorage: num(input["allocatedStorage"], "allocatedStorage", engine.startsWith("sqlserver") ? 100 : 20),
    storageType: str(input["storageType"], "storageType", "gp3"),
    licenseModel: licenseOf(engine),
    masterUsername: str(input["masterUsername"], "masterUsername", engine.startsWith("sqlserver") ? "admin" : "postgres"),
    dbName: engine.startsWith("sqlserver") || engine.startsWith("aurora") ? null : str(input["dbName"], "dbName", "app"),
    port: portOf(engine),
    availabilityZone: az,
    secondaryAvailabilityZone: multiAZ ? `${region}${["b", "c", "a"][fnv1a(id) % 3]}` : null,
    resourceId: "db-" + randomFrom(UPPER_ALNUM, 26),
    createdAt,
    tags: tags(input["tags"]),
    readReplicaSource: input["readReplicaSource"] ? str(input["readReplicaSource"], "readReplicaSource") : null,
    readReplicas: [],
    clusterId: input["clusterId"] ? str(input["clusterId"], "clusterId") : null,
    isClusterWriter: bool(input["writer"], false),
    promotionTier: num(input["promotionTier"], "promotionTier", 1),
    customEngine: bool(input["customEngine"], false),
    usage: usage(input["usage"], `${region}/${id}`),
    transition: null,
    stoppedAt,
    autoRestartAt: stoppedAt === null ? null : stoppedAt + 7 * 86_400_000,
    ...rdsMaintenanceInput(input, `${region}/${id}`),
  };
}

/** maintenanceWindow ("ddd:hh24:mi-ddd:hh24:mi"), pendingMaintenanceActions and pendingModifiedValues of a new RDS resource. */
function rdsMaintenanceInput(input: Record<string, unknown>, seedKey: string): RdsMaintenance {
  const modified = input["pendingModifiedValues"];
  if (modified !== undefined && (typeof modified !== "object" || modified === null || Array.isArray(modified))) throw new InputError("pendingModifiedValues must be an object like {\"DBInstanceClass\": \"db.t3.large\"}");
  return {
    preferredMaintenanceWindow: input["maintenanceWindow"] === undefined ? defaultRdsWindow(seedKey) : rdsWindow(input["maintenanceWindow"]),
    pendingMaintenance: pendingActions(input["pendingMaintenanceActions"]),
    pendingModified: Object.fromEntries(Object.entries((modified ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
  };
}

export function newDbCluster(input: Record<string, unknown>, nowSim: number): DbCluster {
  const region = str(input["region"], "region");
  const id = str(input["id"] ?? input["DBClusterIdentifier"], "id");
  const engine = str(input["engine"], "engine", "aurora-postgresql");
  if (!engine.startsWith("aurora")) throw new InputError("cluster engine must be aurora-postgresql or aurora-mysql");
  const engineMode = str(input["engineMode"], "engineMode", "provisioned");
  if (engineMode !== "provisioned" && engineMode !== "serverless") throw new InputError("engineMode must be provisioned or serverless");
  const status = str(input["status"], "status", "available");
  if (status !== "available" && status !== "stopped") throw new InputError("status must be available or stopped");
  const sv2 = input["serverlessV2"] as Record<string, unknown> | undefined;
  const sv1 = input["serverlessV1"] as Record<string, unknown> | undefined;
  const stoppedAt = status === "stopped" ? nowSim : null;
  return {
    kind: "db-cluster",
    region,
    id,
    engine,
    engineVersion: str(input["engineVersion"], "engineVersion", engineMode === "serverless" ? (engine === "aurora-mysql" ? "5.7.mysql_aurora.2.11.4" : "13.12") : (DEFAULT_VERSIONS[engine] ?? "15.8")),
    engineMode,
    status,
    members: [],
    port: portOf(engine),
    masterUsername: str(input["masterUsername"], "masterUsername", "postgres"),
    databaseName: input["databaseName"] ? str(input["databaseName"], "databaseName") : null,
    resourceId: "cluster-" + randomFrom(UPPER_ALNUM, 26),
    createdAt: nowSim - num(input["createdDaysAgo"], "createdDaysAgo", 30) * 86_400_000,
    tags: tags(input["tags"]),
    multiAZ: bool(input["multiAZ"], false),
    availabilityZones: ["a", "b", "c"].map((s) => region + s),
    serverlessV2: sv2 ? { min: num(sv2["min"] ?? sv2["MinCapacity"], "min", 0.5), max: num(sv2["max"] ?? sv2["MaxCapacity"], "max", 16), secondsUntilAutoPause: null } : null,
    serverlessV1:
      engineMode === "serverless"
        ? { min: num(sv1?.["min"], "min", 2), max: num(sv1?.["max"], "max", 16), autoPause: bool(sv1?.["autoPause"], true) }
        : null,
    globalClusterId: input["globalClusterId"] ? str(input["globalClusterId"], "globalClusterId") : null,
    usage: usage(input["usage"], `${region}/${id}`),
    transition: null,
    stoppedAt,
    autoRestartAt: stoppedAt === null ? null : stoppedAt + 7 * 86_400_000,
    ...rdsMaintenanceInput(input, `${region}/${id}`),
  };
}

const SQL_VERSIONS = ["POSTGRES_16", "POSTGRES_15", "MYSQL_8_0", "SQLSERVER_2019_STANDARD"];

export function newSqlInstance(input: Record<string, unknown>, nowSim: number, defaultRegion: string): SqlInstance {
  const name = str(input["name"], "name");
  if (!/^[a-z][a-z0-9-]{0,96}$/.test(name)) throw new InputError("name must start with a lower-case letter and contain lower-case letters, digits and hyphens");
  const region = str(input["region"], "region", defaultRegion);
  const databaseVersion = str(input["databaseVersion"], "databaseVersion", "POSTGRES_16");
  if (!/^(POSTGRES|MYSQL|SQLSERVER)_/.test(databaseVersion)) throw new InputError(`databaseVersion must look like ${SQL_VERSIONS.join(", ")}`);
  const activationPolicy = str(input["activationPolicy"], "activationPolicy", "ALWAYS");
  if (activationPolicy !== "ALWAYS" && activationPolicy !== "NEVER") throw new InputError("activationPolicy must be ALWAYS or NEVER");
  const labels = input["labels"] ?? input["userLabels"];
  const h = fnv1a(name + region);
  return {
    kind: "sql-instance",
    region,
    name,
    databaseVersion,
    tier: str(input["tier"], "tier", "db-custom-2-7680"),
    edition: str(input["edition"], "edition", "ENTERPRISE"),
    activationPolicy,
    state: "RUNNABLE",
    instanceType: input["masterInstanceName"] ? "READ_REPLICA_INSTANCE" : "CLOUD_SQL_INSTANCE",
    masterInstanceName: input["masterInstanceName"] ? str(input["masterInstanceName"], "masterInstanceName") : null,
    replicaNames: [],
    userLabels: labels && typeof labels === "object" ? Object.fromEntries(Object.entries(labels as Record<string, unknown>).map(([k, v]) => [k, String(v)])) : {},
    availabilityType: input["availabilityType"] === "REGIONAL" ? "REGIONAL" : "ZONAL",
    dataDiskSizeGb: num(input["dataDiskSizeGb"], "dataDiskSizeGb", 10),
    dataDiskType: "PD_SSD",
    gceZone: `${region}-${["a", "b", "c", "f"][h % 4]}`,
    ipAddress: `34.${(h >>> 8) % 256}.${(h >>> 16) % 256}.${h % 250 + 2}`,
    createdAt: nowSim - num(input["createdDaysAgo"], "createdDaysAgo", 30) * 86_400_000,
    settingsVersion: 1,
    usage: usage(input["usage"], name),
    maintenanceWindow: sqlWindowInput(input["maintenanceWindow"], name),
    scheduledMaintenance: input["scheduledMaintenance"] === undefined ? null : scheduledStart(input["scheduledMaintenance"]),
  };
}

/** {day 1-7, hour 0-23} (UTC), or the instance's default. */
function sqlWindowInput(raw: unknown, seedKey: string): { day: number; hour: number } {
  if (raw === undefined) return defaultSqlWindow(seedKey);
  const o = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const day = o["day"];
  const hour = o["hour"];
  if (typeof day !== "number" || !Number.isInteger(day) || day < 1 || day > 7) throw new InputError("maintenanceWindow.day must be 1-7 (Monday-Sunday)");
  if (typeof hour !== "number" || !Number.isInteger(hour) || hour < 0 || hour > 23) throw new InputError("maintenanceWindow.hour must be 0-23 (UTC)");
  return { day, hour };
}

/** scheduledMaintenance: {startTime: ISO-8601}. */
function scheduledStart(raw: unknown): number {
  const start = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>)["startTime"] : undefined;
  const t = typeof start === "string" ? Date.parse(start) : Number.NaN;
  if (!Number.isFinite(t)) throw new InputError("scheduledMaintenance.startTime must be an ISO-8601 instant");
  return t;
}
