/**
 * The one contract between SnoozeQL and a cloud: the `CloudProvider` interface, the normalized
 * `Database` it describes, and the account configuration and dependencies a provider is built
 * from (see ./index.ts `providerFor`).
 *
 * Owns: the shapes only. Must never: hold behaviour, name a specific cloud SDK, or carry a field
 * that could hold a credential in anything a provider returns (`Database`, `ActionResult`,
 * `MetricSeries`, `CloudOperation` are safe to store, log and send to a browser).
 */
import type { CloudError } from "./errors.ts";

import type { MaintenanceFacts } from "../domain/maintenance.ts";
import type { InstanceKind, PowerState, Provider } from "../domain/vocabulary.ts";

export type { PowerState };
export type CloudProviderName = Provider;

/** What a database is at its cloud: the unit SnoozeQL stops and starts. */
export type DatabaseKind = InstanceKind;

/** Enough to address one database at its cloud. A `Database` is itself a `DatabaseRef`. */
export interface DatabaseRef {
  kind: DatabaseKind;
  /** DBInstanceIdentifier, DBClusterIdentifier or the Cloud SQL instance name. */
  externalId: string;
  /** AWS region or GCP region. */
  region: string;
}

export interface ServerlessCapacity {
  /** Aurora capacity units; 0 means the instances may auto-pause. */
  minCapacity: number;
  maxCapacity: number;
  secondsUntilAutoPause?: number;
}

export interface ClusterMember {
  externalId: string;
  instanceClass: string | null;
  writer: boolean;
  cloudStatus: string | null;
}

export interface Database extends DatabaseRef {
  provider: CloudProviderName;
  /** ARN (AWS) or selfLink (GCP). */
  resourceName: string | null;
  name: string;
  engine: string;
  engineVersion: string | null;
  instanceClass: string | null;
  /** The cloud's own status, verbatim (DBInstanceStatus, DBCluster Status, Cloud SQL state). */
  cloudStatus: string;
  state: PowerState;
  tags: Record<string, string>;
  /** Whether SnoozeQL may stop/start it; when false, `ineligibleReason` says why in plain words. */
  eligible: boolean;
  ineligibleReason?: string;
  multiAz?: boolean;
  /** RDS LicenseModel (license-included, bring-your-own-license, general-public-license, postgresql-license): prices SQL Server / Oracle. */
  licenseModel?: string;
  /** Cloud SQL settings.edition (ENTERPRISE / ENTERPRISE_PLUS): its price list. */
  edition?: string;
  /** Aurora Serverless v2 capacity range, when the cluster has one. */
  serverless?: ServerlessCapacity;
  /** Aurora: the cluster's instances (they are not listed on their own). */
  members?: ClusterMember[];
  /** Cloud SQL: settings.activationPolicy (ALWAYS / NEVER). */
  activationPolicy?: string;
  /** Its maintenance window (UTC) and the maintenance the cloud will apply in it; set by listDatabases. */
  maintenance?: MaintenanceFacts;
}

export interface RegionFailure {
  region: string;
  error: CloudError;
}

export interface DatabaseList {
  databases: Database[];
  /**
   * Regions whose databases could not be listed this time. A database missing from `databases`
   * in one of these regions has NOT been deleted; do not reconcile those regions.
   */
  incomplete: RegionFailure[];
}

/** A long-running cloud operation (Cloud SQL). */
export interface CloudOperation {
  id: string;
  status: "pending" | "running" | "done";
  /** Set when status is done and the operation failed. */
  error?: { code: string; message: string };
  operationType?: string;
  startedAt?: number;
  endedAt?: number;
}

export interface ActionResult {
  /**
   * The database as the cloud described it in its answer (AWS answers with the resource). Only
   * what that answer holds: for an Aurora cluster the members' instance classes are not in it
   * (instanceClass and members[].instanceClass are null), so refresh with getDatabase/list
   * before overwriting stored details; state and cloudStatus are reliable.
   */
  database?: Database;
  /** The operation to poll with `getOperation` (GCP answers with an operation). */
  operation?: CloudOperation;
}

export type MetricName =
  | "cpu_utilization"
  | "connections"
  | "read_iops"
  | "write_iops"
  | "freeable_memory"
  /** Aurora Serverless v2 ACU in use (ServerlessDatabaseCapacity); asked for only when named. */
  | "serverless_capacity";

export type MetricUnit = "percent" | "count" | "count_per_second" | "bytes" | "acu";

export type MetricStatistic = "average" | "maximum";

export interface MetricQuery {
  /** Epoch milliseconds, inclusive. */
  start: number;
  /** Epoch milliseconds, exclusive. */
  end: number;
  /** Bucket size; at least 60 and a multiple of 60. */
  periodSeconds: number;
  /** Defaults to every metric the provider supports but serverless_capacity. */
  metrics?: MetricName[];
  /** Per-bucket statistic; defaults to average. */
  statistic?: MetricStatistic;
}

export interface MetricPoint {
  /** Start of the bucket (AWS) or end of the aligned interval (GCP), epoch milliseconds. */
  timestamp: number;
  value: number;
}

export interface MetricSeries {
  metric: MetricName;
  /** The cloud's own metric name (e.g. CPUUtilization, cloudsql.googleapis.com/database/cpu/utilization). */
  cloudMetric: string;
  unit: MetricUnit;
  /** Ascending by timestamp. */
  points: MetricPoint[];
}

export interface DatabaseMetrics {
  ref: DatabaseRef;
  series: MetricSeries[];
}

export interface AccessCheck {
  /** AWS account id or GCP project id the credentials reach. */
  accountId: string;
  /** AWS: the ARN of the principal the calls are made as; GCP: the service account email. */
  principal: string;
}

export interface ListOptions {
  /** Only these kinds (AWS: leaving out aurora_cluster skips DescribeDBClusters). */
  kinds?: DatabaseKind[];
  /** Only these regions (of the account's). */
  regions?: string[];
  /**
   * Read what maintenance the cloud will apply (default true). False for a state check only (the
   * agent confirming a stop or start): AWS then skips DescribePendingMaintenanceActions and the
   * listed databases carry no `maintenance`.
   */
  maintenance?: boolean;
}

/**
 * One past power change of a database, read from the cloud's own records (RDS events, CloudTrail,
 * Cloud SQL's admin-activity audit log), so changes made outside SnoozeQL and before it was
 * connected are known at the time they happened.
 */
export interface PowerHistoryEntry {
  kind: DatabaseKind;
  externalId: string;
  region: string;
  /** Epoch milliseconds: when the state was reached (or requested, when `approximate`). */
  at: number;
  state: "stopped" | "running";
  /** AWS started it because it had been stopped for the maximum time (RDS-EVENT-0154/0153). */
  autoRestart?: boolean;
  source: "rds-event" | "cloudtrail" | "gcp-audit-log";
  /** The cloud recorded the request, not the moment the state was reached (CloudTrail). */
  approximate?: boolean;
  /** Stable id of the cloud's record: the same record always gives the same id. */
  cloudEventId: string;
}

export interface HistoryWindow {
  /** Epoch milliseconds, inclusive. */
  since: number;
  /** Epoch milliseconds, exclusive. */
  until: number;
}

export interface PowerHistory {
  /** Ascending by `at`. */
  entries: PowerHistoryEntry[];
  /** Regions whose history could not be read this time: read them again from the same `since`. */
  incomplete: RegionFailure[];
  /** The earliest instant the cloud's records still cover (older changes cannot be known). */
  coveredFrom: number;
}

/** Everything SnoozeQL asks of a cloud. One instance per connected cloud account; reuse it. */
export interface CloudProvider {
  readonly provider: CloudProviderName;
  /** Proves the credentials work (AssumeRole / token exchange and one identity call). */
  verifyAccess(): Promise<AccessCheck>;
  /** All databases, or only some kinds/regions (e.g. to confirm transitions cheaply). */
  listDatabases(options?: ListOptions): Promise<DatabaseList>;
  /** null when the cloud says the database does not exist. */
  getDatabase(ref: DatabaseRef): Promise<Database | null>;
  stop(ref: DatabaseRef): Promise<ActionResult>;
  start(ref: DatabaseRef): Promise<ActionResult>;
  /** Aurora Serverless v2 only: sets the cluster's min/max ACU (min may be 0). */
  setCapacity(ref: DatabaseRef, capacity: { minCapacity: number; maxCapacity: number }): Promise<ActionResult>;
  getMetrics(ref: DatabaseRef, query: MetricQuery): Promise<MetricSeries[]>;
  /**
   * Same as getMetrics for many databases, batching calls where the cloud allows it (AWS: one
   * GetMetricData per region for up to 500 queries; GCP: one timeSeries.list per metric type for
   * up to 100 databases). A ref's own `metrics` replaces the query's for that database.
   */
  getMetricsMany(refs: (DatabaseRef & { metrics?: MetricName[] })[], query: MetricQuery): Promise<DatabaseMetrics[]>;
  /** Polls an operation returned by stop/start (GCP). AWS has none and throws `unsupported`. */
  getOperation(operation: Pick<CloudOperation, "id">): Promise<CloudOperation>;
  /**
   * Past stops and starts of one database (`ref`) or of every database of the account (null: one
   * paged read per region, not per database), from the cloud's own records.
   */
  powerHistory(ref: DatabaseRef | null, window: HistoryWindow): Promise<PowerHistory>;
}

// ---------------------------------------------------------------------------------------------
// Account configuration (decrypted by the caller; the provider keeps it in private fields)

export interface AwsStaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

interface AwsAccountCommon {
  provider: "aws";
  /** SnoozeQL's cloud account id: names the STS session, nothing else. */
  id?: string;
  regions: string[];
  /** When set, STS, RDS and CloudWatch are all called at this one origin (still SigV4-signed). */
  endpoint?: string | null;
}

export type AwsAccountConfig = AwsAccountCommon &
  (
    | {
        authKind: "assume_role";
        roleArn: string;
        externalId: string;
        /** SnoozeQL's own principal, which is allowed to assume the customer's role. */
        baseCredentials: AwsStaticCredentials;
      }
    | ({ authKind: "access_keys" } & AwsStaticCredentials)
  );

/** The JSON key file Google issues for a service account (fields SnoozeQL uses). */
export interface ServiceAccountKey {
  type?: string;
  client_email: string;
  private_key: string;
  private_key_id: string;
  token_uri: string;
  project_id: string;
}

export interface GcpAccountConfig {
  provider: "gcp";
  id?: string;
  authKind?: "service_account";
  /** The key file, parsed or as its JSON text. */
  serviceAccountKey: ServiceAccountKey | string;
  /** The project whose Cloud SQL instances to manage; defaults to the key's project_id. */
  projectId?: string | null;
  /** Only list instances in these regions; null/empty means all. */
  regions?: string[] | null;
  /** When set, replaces https://sqladmin.googleapis.com, https://monitoring.googleapis.com and https://logging.googleapis.com. */
  endpoint?: string | null;
}

export type CloudAccountConfig = AwsAccountConfig | GcpAccountConfig;

/** Injected effects, so tests are deterministic and a rate limiter can wrap fetch. */
export interface CloudDeps {
  fetch?: typeof fetch;
  /** Epoch milliseconds. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** [0, 1), as Math.random. */
  random?: () => number;
  retry?: Partial<RetryPolicy>;
}

export interface RetryPolicy {
  /** Total tries including the first. */
  maxAttempts: number;
  /** Full-jitter base for transient errors (5xx, network). */
  baseDelayMs: number;
  /** Full-jitter base for throttling. */
  throttlingBaseDelayMs: number;
  /** Upper bound of one computed backoff. */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited out: the error surfaces with retryAfterMs. */
  maxRetryAfterMs: number;
  /** Per-attempt timeout; 0 disables. */
  timeoutMs: number;
}
