// Data model of one simulated cloud account: configuration documents (accounts, projects,
// credentials, faults, durations, clocks) and the stored resources (RDS instances and clusters,
// Cloud SQL instances and operations). Plain JSON, kept in the SimCloud object's SQLite storage.

import type { RdsMaintenance } from "./maintenance.ts";

export type UsagePattern =
  | "office-hours"
  | "nightly-batch"
  | "always-busy"
  | "always-idle"
  | "weekly-only"
  | "noisy";

export const USAGE_PATTERNS: UsagePattern[] = [
  "office-hours",
  "nightly-batch",
  "always-busy",
  "always-idle",
  "weekly-only",
  "noisy",
];

export interface Usage {
  pattern: UsagePattern;
  /** Local time of the workload relative to UTC, for office hours and batch windows. */
  utcOffsetMinutes: number;
}

/** Seconds each transition takes. "dev" is short; "realistic" is what RDS and Cloud SQL take. */
export interface Durations {
  instanceStopSec: number;
  instanceStartSec: number;
  clusterStopSec: number;
  clusterStartSec: number;
  sqlPendingSec: number;
  sqlRunningSec: number;
  /** How long RDS lets an instance or cluster stay stopped before starting it itself. */
  maxStoppedSec: number;
}

export const DURATION_PROFILES: Record<"dev" | "realistic" | "instant", Durations> = {
  dev: {
    instanceStopSec: 4,
    instanceStartSec: 6,
    clusterStopSec: 5,
    clusterStartSec: 8,
    sqlPendingSec: 1,
    sqlRunningSec: 4,
    maxStoppedSec: 7 * 24 * 3600,
  },
  realistic: {
    instanceStopSec: 240,
    instanceStartSec: 420,
    clusterStopSec: 300,
    clusterStartSec: 540,
    sqlPendingSec: 5,
    sqlRunningSec: 120,
    maxStoppedSec: 7 * 24 * 3600,
  },
  instant: {
    instanceStopSec: 0,
    instanceStartSec: 0,
    clusterStopSec: 0,
    clusterStartSec: 0,
    sqlPendingSec: 0,
    sqlRunningSec: 0,
    maxStoppedSec: 7 * 24 * 3600,
  },
};

/** The account's simulated clock at real instant `nowReal`: frozen, or real + offset. */
export function simulatedNow(c: { clockOffsetMs: number; clockFrozenAt?: number | null }, nowReal: number): number {
  return c.clockFrozenAt ?? nowReal + c.clockOffsetMs;
}

export interface Faults {
  /** Seed of the deterministic fault sequence. */
  seed: number;
  /** Share of calls answered with a throttling error (0..1). */
  throttleRate: number;
  /** Share of calls answered with a 5xx error (0..1), and which one (500 InternalFailure / 503). */
  errorRate: number;
  errorStatus: 500 | 503;
  /** Added latency per call, plus up to latencyJitterMs more (seeded). */
  latencyMs: number;
  latencyJitterMs: number;
  /** Share of calls that get the added latency (0..1; 1 = every call). */
  latencyRate: number;
  /** Share of calls that hang (no answer for hangMs, then 504). */
  hangRate: number;
  hangMs: number;
  /** The next N calls are throttled / fail with 5xx / hang, before the rates apply. */
  throttleNext: number;
  errorNext: number;
  hangNext: number;
  /** Real-like rate limits: RDS/CloudWatch/STS token bucket per region, Cloud SQL per minute. */
  rateLimit: boolean;
  awsBurst: number;
  awsRefillPerSec: number;
  gcpPerMinute: number;
  /** Code of AWS throttling errors: Throttling is what the Query services send. */
  throttleCode: "Throttling" | "ThrottlingException";
  /** Restrict faults to these operations (e.g. ["StopDBInstance", "sql.instances.patch"]); empty = all. */
  operations: string[];
}

export const NO_FAULTS: Faults = {
  seed: 1,
  throttleRate: 0,
  errorRate: 0,
  errorStatus: 500,
  latencyMs: 0,
  latencyJitterMs: 0,
  latencyRate: 1,
  hangRate: 0,
  hangMs: 120_000,
  throttleNext: 0,
  errorNext: 0,
  hangNext: 0,
  rateLimit: false,
  awsBurst: 300,
  awsRefillPerSec: 12,
  gcpPerMinute: 180,
  throttleCode: "Throttling",
  operations: [],
};

export interface AwsUser {
  userName: string;
  userId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface AwsRole {
  roleName: string;
  roleId: string;
  arn: string;
  externalId: string | null;
  maxSessionDuration: number;
  /** Account ids whose principals may assume the role; ["*"] = any simulated account. */
  trustedAccounts: string[];
}

export interface ServiceAccount {
  email: string;
  clientId: string;
  keyId: string;
  privateKeyPem: string;
  publicKeySpki: string; // base64 DER
}

interface BaseConfig {
  name: string;
  seed: number;
  durations: Durations;
  faults: Faults;
  /** Simulated clock = real clock + offset. */
  clockOffsetMs: number;
  /**
   * When set, the simulated clock stands still at this instant (epoch ms) until it is moved again,
   * so a test driving the app with its own clock sees the cloud at exactly the same instants.
   */
  clockFrozenAt?: number | null;
  createdAt: number;
}

export interface AwsAccountConfig extends BaseConfig {
  kind: "aws";
  accountId: string;
  regions: string[];
  users: AwsUser[];
  roles: AwsRole[];
}

export interface GcpProjectConfig extends BaseConfig {
  kind: "gcp";
  projectId: string;
  projectNumber: string;
  regions: string[];
  serviceAccounts: ServiceAccount[];
}

export type CloudConfig = AwsAccountConfig | GcpProjectConfig;

export interface Tag {
  Key: string;
  Value: string;
}

/** A pending transition: settles to `to` at doneAt (simulated ms). */
export interface Transition {
  to: "stopped" | "available";
  startedAt: number;
  doneAt: number;
  auto: boolean;
}

export interface DbInstance extends RdsMaintenance {
  kind: "db-instance";
  region: string;
  id: string;
  engine: string;
  engineVersion: string;
  instanceClass: string;
  status: string;
  multiAZ: boolean;
  allocatedStorage: number;
  storageType: string;
  licenseModel: string;
  masterUsername: string;
  dbName: string | null;
  port: number;
  availabilityZone: string;
  secondaryAvailabilityZone: string | null;
  resourceId: string;
  createdAt: number;
  tags: Tag[];
  readReplicaSource: string | null;
  readReplicas: string[];
  clusterId: string | null;
  isClusterWriter: boolean;
  promotionTier: number;
  customEngine: boolean;
  usage: Usage;
  transition: Transition | null;
  stoppedAt: number | null;
  autoRestartAt: number | null;
}

export interface DbCluster extends RdsMaintenance {
  kind: "db-cluster";
  region: string;
  id: string;
  engine: string;
  engineVersion: string;
  engineMode: "provisioned" | "serverless";
  status: string;
  members: { id: string; writer: boolean }[];
  port: number;
  masterUsername: string;
  databaseName: string | null;
  resourceId: string;
  createdAt: number;
  tags: Tag[];
  multiAZ: boolean;
  availabilityZones: string[];
  serverlessV2: { min: number; max: number; secondsUntilAutoPause: number | null } | null;
  serverlessV1: { min: number; max: number; autoPause: boolean } | null;
  globalClusterId: string | null;
  usage: Usage;
  transition: Transition | null;
  stoppedAt: number | null;
  autoRestartAt: number | null;
}

export interface SqlInstance {
  kind: "sql-instance";
  region: string;
  name: string;
  databaseVersion: string;
  tier: string;
  edition: string;
  activationPolicy: "ALWAYS" | "NEVER";
  state: string;
  instanceType: "CLOUD_SQL_INSTANCE" | "READ_REPLICA_INSTANCE";
  masterInstanceName: string | null;
  replicaNames: string[];
  userLabels: Record<string, string>;
  availabilityType: "ZONAL" | "REGIONAL";
  dataDiskSizeGb: number;
  dataDiskType: string;
  gceZone: string;
  ipAddress: string;
  createdAt: number;
  settingsVersion: number;
  usage: Usage;
  /** settings.maintenanceWindow (absent on older stored instances: derived from the name). */
  maintenanceWindow?: { day: number; hour: number };
  /** scheduledMaintenance.startTime (epoch ms), while Cloud SQL has maintenance scheduled. */
  scheduledMaintenance?: number | null;
}

export interface SqlOperation {
  name: string;
  instance: string;
  operationType: string;
  user: string;
  insertAt: number;
  startAt: number;
  endAt: number;
  /** The settings the operation applies when it completes. */
  patch: { activationPolicy?: "ALWAYS" | "NEVER"; userLabels?: Record<string, string>; tier?: string };
  applied: boolean;
  error: { code: string; message: string } | null;
}

export type Resource = DbInstance | DbCluster | SqlInstance;

export interface SimEvent {
  region: string;
  sourceType: "db-instance" | "db-cluster";
  sourceId: string;
  sourceArn: string;
  message: string;
  categories: string[];
  at: number;
}

/** One CloudTrail management event (what LookupEvents returns), recorded for RDS stop/start calls. */
export interface TrailRecord {
  eventId: string;
  eventName: string;
  /** Request time (ms): CloudTrail records when the API was called, not when the change took effect. */
  at: number;
  region: string;
  accessKeyId: string;
  /** userIdentity: IAMUser or AssumedRole, with its ARN. */
  identityType: "IAMUser" | "AssumedRole";
  principalArn: string;
  principalId: string;
  userName: string;
  resourceType: "AWS::RDS::DBInstance" | "AWS::RDS::DBCluster";
  resourceName: string;
  requestParameters: Record<string, unknown>;
  requestId: string;
  userAgent: string;
  sourceIp: string;
}

/** One Cloud Audit Logs entry (admin activity) of a Cloud SQL long-running operation's first or last step. */
export interface AuditEntry {
  insertId: string;
  at: number;
  instance: string;
  region: string;
  methodName: string;
  principal: string;
  operationId: string;
  first: boolean;
  last: boolean;
  /** The request body as the caller sent it (first entry only). */
  request: Record<string, unknown> | null;
}
