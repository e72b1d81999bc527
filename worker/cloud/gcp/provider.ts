/**
 * `CloudProvider` for one GCP project: Cloud SQL instances, started and stopped through their
 * activation policy, with Cloud Monitoring metrics.
 *
 * Owns: reading the service-account key, the project and API roots (real or the account's
 * override origin; token_uri always from the key), normalization into `Database`, operation
 * polling, power history from the Cloud SQL audit log (./audit-log.ts), and metric names/units (cpu/utilization is a 0–1 fraction, reported as percent).
 * Must never: expose the key or tokens (private fields only), or branch on whether an endpoint is
 * a simulator.
 */
import { cloudSqlWindow, type MaintenanceFacts } from "../../domain/maintenance.ts";
import { CloudError, Redactor } from "../errors.ts";
import type {
  AccessCheck,
  ActionResult,
  CloudDeps,
  CloudOperation,
  CloudProvider,
  Database,
  DatabaseList,
  DatabaseMetrics,
  DatabaseRef,
  HistoryWindow,
  ListOptions,
  GcpAccountConfig,
  MetricName,
  MetricQuery,
  MetricSeries,
  MetricUnit,
  PowerHistory,
  RegionFailure,
  ServiceAccountKey,
} from "../provider.ts";
import { resolveDeps, type ResolvedDeps } from "../retry.ts";
import { validateMetricQuery } from "../validate.ts";
import { GoogleApiClient } from "./api.ts";
import { AUDIT_LOG_RETENTION_MS, entriesFromAuditLog, listAuditEntries, LOGGING_ROOT, lookbackStart } from "./audit-log.ts";
import { cloudSqlEligibility, cloudSqlEngine, cloudSqlState } from "./eligibility.ts";
import { MonitoringClient, type TimeSeries } from "./monitoring.ts";
import { SqlAdminClient, type SqlInstance, type SqlOperation } from "./sqladmin.ts";
import { GoogleTokenSource } from "./token.ts";

export const SQLADMIN_ROOT = "https://sqladmin.googleapis.com";
export const MONITORING_ROOT = "https://monitoring.googleapis.com";
/** Databases per timeSeries.list (keeps the one_of filter and the URL short). */
export const MONITORING_BATCH = 100;

export const GCP_METRICS: Partial<
  Record<MetricName, { cloudMetric: string; unit: MetricUnit; scale: number; combine: "mean" | "sum" }>
> = {
  cpu_utilization: {
    cloudMetric: "cloudsql.googleapis.com/database/cpu/utilization",
    unit: "percent",
    scale: 100,
    combine: "mean",
  },
  connections: {
    cloudMetric: "cloudsql.googleapis.com/database/network/connections",
    unit: "count",
    scale: 1,
    combine: "sum",
  },
};

export class GcpProvider implements CloudProvider {
  readonly provider = "gcp" as const;
  #deps: ResolvedDeps;
  #redactor = new Redactor();
  #tokens: GoogleTokenSource;
  #sql: SqlAdminClient;
  #monitoring: MonitoringClient;
  #logging: GoogleApiClient;
  #project: string;
  #regions: Set<string> | null;

  constructor(config: GcpAccountConfig, deps: CloudDeps = {}) {
    this.#deps = resolveDeps(deps);
    const key = readServiceAccountKey(config.serviceAccountKey, this.#redactor);
    this.#project = config.projectId || key.project_id;
    this.#regions = config.regions && config.regions.length > 0 ? new Set(config.regions) : null;
    this.#tokens = new GoogleTokenSource(key, this.#deps, this.#redactor);
    const root = (fallback: string) => config.endpoint || fallback;
    this.#sql = new SqlAdminClient(
      new GoogleApiClient(root(SQLADMIN_ROOT), this.#tokens, this.#deps, this.#redactor),
      this.#project,
    );
    this.#monitoring = new MonitoringClient(
      new GoogleApiClient(root(MONITORING_ROOT), this.#tokens, this.#deps, this.#redactor),
      this.#project,
    );
    this.#logging = new GoogleApiClient(root(LOGGING_ROOT), this.#tokens, this.#deps, this.#redactor);
  }

  async verifyAccess(): Promise<AccessCheck> {
    await this.#sql.listInstances({ maxResults: 1, singlePage: true });
    return { accountId: this.#project, principal: this.#tokens.clientEmail };
  }

  async listDatabases(options: ListOptions = {}): Promise<DatabaseList> {
    const { instances, warnings } = await this.#sql.listInstances();
    const databases = instances
      .map((instance) => normalizeInstance(instance))
      .filter((database) => this.#regions === null || this.#regions.has(database.region))
      .filter((database) => !options.regions || options.regions.includes(database.region));
    const incomplete: RegionFailure[] = warnings
      .filter((warning) => warning.code === "REGION_UNREACHABLE")
      .map((warning) => ({
        region: warning.region ?? "unknown",
        error: this.#redactor.error({
          provider: "gcp",
          operation: "sqladmin:instances.list",
          code: warning.code,
          message: warning.message || "Cloud SQL could not list this region.",
          category: "transient",
          retryable: true,
        }),
      }));
    return { databases, incomplete };
  }

  async getDatabase(ref: DatabaseRef): Promise<Database | null> {
    this.#kindCheck(ref);
    try {
      return normalizeInstance(await this.#sql.getInstance(ref.externalId));
    } catch (error) {
      if (error instanceof CloudError && error.category === "not_found") return null;
      throw error;
    }
  }

  async stop(ref: DatabaseRef): Promise<ActionResult> {
    this.#kindCheck(ref);
    return { operation: toCloudOperation(await this.#sql.setActivationPolicy(ref.externalId, "NEVER")) };
  }

  async start(ref: DatabaseRef): Promise<ActionResult> {
    this.#kindCheck(ref);
    return { operation: toCloudOperation(await this.#sql.setActivationPolicy(ref.externalId, "ALWAYS")) };
  }

  async setCapacity(_ref: DatabaseRef, _capacity: { minCapacity: number; maxCapacity: number }): Promise<ActionResult> {
    throw new CloudError({
      provider: "gcp",
      operation: "sqladmin:instances.patch",
      code: "UnsupportedOperation",
      message: "Capacity ranges exist only for Aurora Serverless v2; Cloud SQL instances have none.",
      category: "unsupported",
      retryable: false,
    });
  }

  async getOperation(operation: Pick<CloudOperation, "id">): Promise<CloudOperation> {
    return toCloudOperation(await this.#sql.getOperation(operation.id));
  }

  async getMetrics(ref: DatabaseRef, query: MetricQuery): Promise<MetricSeries[]> {
    const [result] = await this.getMetricsMany([ref], query);
    return result?.series ?? [];
  }

  /**
   * One timeSeries.list per metric type for up to MONITORING_BATCH databases (a one_of filter on
   * database_id), not one per database: Monitoring's read quota is per project.
   */
  async getMetricsMany(refs: (DatabaseRef & { metrics?: MetricName[] })[], query: MetricQuery): Promise<DatabaseMetrics[]> {
    validateMetricQuery(query, "gcp");
    for (const ref of refs) this.#kindCheck(ref);
    const aligner = query.statistic === "maximum" ? "ALIGN_MAX" : "ALIGN_MEAN";
    const defaults = query.metrics ?? (Object.keys(GCP_METRICS) as MetricName[]);
    const output: DatabaseMetrics[] = refs.map(({ metrics: _own, ...ref }) => ({ ref, series: [] }));
    const idOf = (ref: DatabaseRef) => `${this.#project}:${ref.externalId}`;
    const calls: Promise<void>[] = [];
    for (const metric of Object.keys(GCP_METRICS) as MetricName[]) {
      const definition = GCP_METRICS[metric]!;
      const wanting = refs.map((ref, index) => ({ ref, index })).filter(({ ref }) => (ref.metrics ?? defaults).includes(metric));
      for (let i = 0; i < wanting.length; i += MONITORING_BATCH) {
        const batch = wanting.slice(i, i + MONITORING_BATCH);
        calls.push(
          this.#monitoring
            .listTimeSeries({ metricType: definition.cloudMetric, databaseId: batch.map(({ ref }) => idOf(ref)), start: query.start, end: query.end, alignmentPeriodSeconds: query.periodSeconds, aligner })
            .then((timeSeries) => {
              for (const { ref, index } of batch) {
                const mine = timeSeries.filter((t) => t.databaseId === undefined ? batch.length === 1 : t.databaseId === idOf(ref));
                output[index]!.series.push({ metric, cloudMetric: definition.cloudMetric, unit: definition.unit, points: combine(mine, definition.combine, definition.scale) });
              }
            }),
        );
      }
    }
    await Promise.all(calls);
    // Calls finish in any order; series keep SnoozeQL's metric order.
    const order = Object.keys(GCP_METRICS);
    for (const o of output) o.series.sort((a, b) => order.indexOf(a.metric) - order.indexOf(b.metric));
    return output;
  }

  /** Activation-policy changes from the admin-activity audit log: one paged read for the project. */
  async powerHistory(ref: DatabaseRef | null, window: HistoryWindow): Promise<PowerHistory> {
    if (!Number.isFinite(window.since) || !Number.isFinite(window.until) || window.since >= window.until) {
      throw new CloudError({ provider: "gcp", code: "InvalidHistoryWindow", message: "History window: since must be before until.", category: "invalid_request", retryable: false });
    }
    if (ref) this.#kindCheck(ref);
    const now = this.#deps.now();
    const coveredFrom = Math.max(window.since, now - AUDIT_LOG_RETENTION_MS + 3_600_000);
    const until = Math.min(window.until, now);
    if (until <= coveredFrom) return { entries: [], incomplete: [], coveredFrom };
    // From a little earlier, so an operation requested before `since` and finished after it is paired.
    const raw = await listAuditEntries(this.#logging, this.#project, Math.max(lookbackStart(coveredFrom), now - AUDIT_LOG_RETENTION_MS), until, ref?.externalId);
    const entries = entriesFromAuditLog(raw, this.#project, coveredFrom, until)
      .filter((e) => this.#regions === null || this.#regions.has(e.region))
      .sort((a, b) => a.at - b.at || a.cloudEventId.localeCompare(b.cloudEventId));
    return { entries, incomplete: [], coveredFrom };
  }

  #kindCheck(ref: DatabaseRef): void {
    if (ref.kind !== "cloudsql_instance") {
      throw new CloudError({
        provider: "gcp",
        code: "UnsupportedOperation",
        message: `A GCP account has no ${ref.kind} databases.`,
        category: "unsupported",
        retryable: false,
      });
    }
  }
}

export function normalizeInstance(instance: SqlInstance): Database {
  const eligibility = cloudSqlEligibility(instance);
  const database: Database = {
    provider: "gcp",
    kind: "cloudsql_instance",
    externalId: instance.name,
    resourceName: instance.selfLink ?? null,
    region: instance.region ?? "unknown",
    name: instance.name,
    engine: cloudSqlEngine(instance.databaseVersion),
    engineVersion: instance.databaseVersion ?? null,
    instanceClass: instance.tier ?? null,
    cloudStatus: instance.state ?? "SQL_INSTANCE_STATE_UNSPECIFIED",
    state: cloudSqlState(instance),
    tags: instance.userLabels,
    ...(eligibility.eligible ? { eligible: true } : { eligible: false, ineligibleReason: eligibility.reason }),
    multiAz: instance.availabilityType === "REGIONAL",
  };
  if (instance.activationPolicy) database.activationPolicy = instance.activationPolicy;
  if (instance.edition) database.edition = instance.edition;
  database.maintenance = cloudSqlMaintenance(instance);
  return database;
}

/** Pending = Cloud SQL has scheduled maintenance for the instance (it says when); the window says where it usually falls. */
export function cloudSqlMaintenance(instance: Pick<SqlInstance, "maintenanceWindow" | "scheduledMaintenanceStart">): MaintenanceFacts {
  const at = instance.scheduledMaintenanceStart ? Date.parse(instance.scheduledMaintenanceStart) : Number.NaN;
  return {
    window: cloudSqlWindow(instance.maintenanceWindow?.day, instance.maintenanceWindow?.hour),
    pending: Number.isFinite(at) ? [`scheduled maintenance at ${new Date(at).toISOString()}`] : [],
    scheduledAt: Number.isFinite(at) ? at : null,
  };
}

export function toCloudOperation(operation: SqlOperation): CloudOperation {
  const status = operation.status === "DONE" ? "done" : operation.status === "RUNNING" ? "running" : "pending";
  const result: CloudOperation = { id: operation.name, status };
  if (operation.operationType) result.operationType = operation.operationType;
  const startedAt = Date.parse(operation.startTime ?? operation.insertTime ?? "");
  if (!Number.isNaN(startedAt)) result.startedAt = startedAt;
  const endedAt = Date.parse(operation.endTime ?? "");
  if (!Number.isNaN(endedAt)) result.endedAt = endedAt;
  const first = operation.errors[0];
  if (status === "done" && first) {
    result.error = { code: first.code ?? "OPERATION_FAILED", message: first.message ?? first.code ?? "The operation failed." };
  }
  return result;
}

/** Merges series point-wise (several series can match one database) and scales to SnoozeQL's unit. */
function combine(series: TimeSeries[], how: "mean" | "sum", scale: number): MetricSeries["points"] {
  const buckets = new Map<number, { total: number; count: number }>();
  for (const one of series) {
    for (const point of one.points) {
      const bucket = buckets.get(point.timestamp) ?? { total: 0, count: 0 };
      bucket.total += point.value;
      bucket.count += 1;
      buckets.set(point.timestamp, bucket);
    }
  }
  return [...buckets]
    .sort(([a], [b]) => a - b)
    .map(([timestamp, { total, count }]) => ({
      timestamp,
      value: (how === "mean" ? total / count : total) * scale,
    }));
}

/** Parses and checks the key file; never echoes its values. */
export function readServiceAccountKey(raw: ServiceAccountKey | string, redactor: Redactor): ServiceAccountKey {
  let value: unknown = raw;
  if (typeof raw === "string") {
    redactor.add(raw);
    try {
      value = JSON.parse(raw);
    } catch {
      throw invalidKey("The service account key is not valid JSON.");
    }
  }
  const record = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof record["private_key"] === "string") redactor.add(record["private_key"]);
  const missing = ["client_email", "private_key", "private_key_id", "token_uri", "project_id"].filter(
    (field) => typeof record[field] !== "string" || record[field] === "",
  );
  if (missing.length > 0) throw invalidKey(`The service account key is missing ${missing.join(", ")}.`);
  const tokenUri = String(record["token_uri"]);
  if (!/^https?:\/\/[^\s]+$/.test(tokenUri)) throw invalidKey("The service account key's token_uri is not an http(s) URL.");
  return {
    type: typeof record["type"] === "string" ? record["type"] : undefined,
    client_email: String(record["client_email"]),
    private_key: String(record["private_key"]),
    private_key_id: String(record["private_key_id"]),
    token_uri: tokenUri,
    project_id: String(record["project_id"]),
  };
}

function invalidKey(message: string): CloudError {
  return new CloudError({
    provider: "gcp",
    code: "InvalidServiceAccountKey",
    message,
    category: "invalid_request",
    retryable: false,
  });
}
