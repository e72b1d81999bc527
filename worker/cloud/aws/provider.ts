/**
 * `CloudProvider` for one AWS account: RDS instances and Aurora clusters across the account's
 * regions, normalized into `Database`s.
 *
 * Owns: choosing credentials (static keys or AssumeRole), one RDS, one CloudWatch and one
 * CloudTrail client per region, power history (RDS events, then CloudTrail beyond their 14
 * days), merging DescribeDBInstances and DescribeDBClusters (Aurora members are represented by
 * their cluster), normalization (state, eligibility, tags, capacity), argument validation, and
 * metric names/units. Must never: expose the account config or credentials (private fields only),
 * call a region whose name is not a region name, or branch on whether the endpoint is a simulator.
 */
import { CloudError, Redactor } from "../errors.ts";
import type {
  AccessCheck,
  ActionResult,
  AwsAccountConfig,
  CloudDeps,
  CloudOperation,
  CloudProvider,
  Database,
  DatabaseList,
  DatabaseMetrics,
  DatabaseRef,
  HistoryWindow,
  ListOptions,
  MetricName,
  MetricQuery,
  MetricSeries,
  MetricUnit,
  PowerHistory,
  PowerHistoryEntry,
  RegionFailure,
} from "../provider.ts";
import { resolveDeps, type ResolvedDeps } from "../retry.ts";
import { validateMetricQuery } from "../validate.ts";
import { CLOUDWATCH_VERSION, CloudWatchClient, type MetricDataQuery } from "./cloudwatch.ts";
import { clusterEligibility, instanceEligibility, isForeignEngine, type Eligibility } from "./eligibility.ts";
import {
  CLOUDTRAIL_RETENTION_MS,
  CloudTrailClient,
  describeEvents,
  entriesFromRdsEvents,
  entriesFromTrail,
  POWER_EVENT_NAMES,
  RDS_EVENT_RETENTION_MS,
} from "./events.ts";
import { RDS_VERSION, RdsClient, type RdsCluster, type RdsInstance, type RdsPendingAction } from "./rds.ts";
import { parseRdsWindow } from "../../domain/maintenance.ts";
import { AwsQueryClient, type CredentialSource } from "./sigv4-client.ts";
import { clusterState, instanceState } from "./status.ts";
import { AssumeRoleCredentials, getCallerIdentity, roleSessionName, StaticCredentials, STS_VERSION } from "./sts.ts";

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export const AWS_METRICS: Record<MetricName, { cloudMetric: string; unit: MetricUnit }> = {
  cpu_utilization: { cloudMetric: "CPUUtilization", unit: "percent" },
  connections: { cloudMetric: "DatabaseConnections", unit: "count" },
  read_iops: { cloudMetric: "ReadIOPS", unit: "count_per_second" },
  write_iops: { cloudMetric: "WriteIOPS", unit: "count_per_second" },
  freeable_memory: { cloudMetric: "FreeableMemory", unit: "bytes" },
  serverless_capacity: { cloudMetric: "ServerlessDatabaseCapacity", unit: "acu" },
};
const DEFAULT_AWS_METRICS = (Object.keys(AWS_METRICS) as MetricName[]).filter((m) => m !== "serverless_capacity");

export class AwsProvider implements CloudProvider {
  readonly provider = "aws" as const;
  #regions: string[];
  #endpoint: string | null;
  #stsRegion: string;
  #deps: ResolvedDeps;
  #redactor = new Redactor();
  #credentials: CredentialSource;
  #rds = new Map<string, RdsClient>();
  #cloudwatch = new Map<string, CloudWatchClient>();
  #cloudtrail = new Map<string, CloudTrailClient>();
  #rdsEvents = new Map<string, AwsQueryClient>();

  constructor(config: AwsAccountConfig, deps: CloudDeps = {}) {
    this.#deps = resolveDeps(deps);
    this.#regions = [...new Set(config.regions)];
    for (const region of this.#regions) assertRegion(region);
    this.#endpoint = config.endpoint ?? null;
    this.#stsRegion = this.#regions[0] ?? "us-east-1";
    if (config.authKind === "assume_role") {
      this.#credentials = new AssumeRoleCredentials({
        roleArn: config.roleArn,
        externalId: config.externalId,
        sessionName: roleSessionName(config.id),
        region: this.#stsRegion,
        endpoint: this.#endpoint,
        baseCredentials: config.baseCredentials,
        deps: this.#deps,
        redactor: this.#redactor,
      });
      this.#redactor.add(config.externalId);
    } else {
      this.#credentials = new StaticCredentials(
        { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, sessionToken: config.sessionToken },
        this.#redactor,
      );
    }
  }

  async verifyAccess(): Promise<AccessCheck> {
    const sts = new AwsQueryClient({
      service: "sts",
      region: this.#stsRegion,
      version: STS_VERSION,
      endpoint: this.#endpoint,
      credentials: this.#credentials,
      deps: this.#deps,
      redactor: this.#redactor,
    });
    const identity = await getCallerIdentity(sts);
    return { accountId: identity.account, principal: identity.arn };
  }

  async listDatabases(options: ListOptions = {}): Promise<DatabaseList> {
    const regions = options.regions ? this.#regions.filter((r) => options.regions!.includes(r)) : this.#regions;
    const clusters = !options.kinds || options.kinds.includes("aurora_cluster");
    const settled = await Promise.allSettled(regions.map((region) => this.#listRegion(region, clusters, options.maintenance ?? true)));
    const databases: Database[] = [];
    const incomplete: RegionFailure[] = [];
    settled.forEach((outcome, i) => {
      const region = regions[i] ?? "";
      if (outcome.status === "fulfilled") databases.push(...outcome.value);
      else incomplete.push({ region, error: this.#asCloudError(outcome.reason, "rds:DescribeDBInstances") });
    });
    if (incomplete.length > 0 && incomplete.length === regions.length) {
      // Nothing could be listed anywhere (e.g. AssumeRole refused): that is a failure, not a list.
      throw incomplete[0]?.error;
    }
    return { databases, incomplete };
  }

  async getDatabase(ref: DatabaseRef): Promise<Database | null> {
    const rds = this.#rdsFor(ref);
    try {
      if (ref.kind === "rds_instance") {
        const [instance] = await rds.describeDBInstances({ id: ref.externalId });
        return instance ? normalizeInstance(instance, ref.region) : null;
      }
      const [cluster] = await rds.describeDBClusters({ id: ref.externalId });
      if (!cluster) return null;
      const members = await rds.describeDBInstances({ filters: [{ name: "db-cluster-id", values: [cluster.id] }] });
      return normalizeCluster(cluster, new Map(members.map((m) => [m.id, m])), ref.region);
    } catch (error) {
      if (error instanceof CloudError && error.category === "not_found") return null;
      throw error;
    }
  }

  async stop(ref: DatabaseRef): Promise<ActionResult> {
    const rds = this.#rdsFor(ref);
    if (ref.kind === "rds_instance") {
      return { database: normalizeInstance(await rds.stopDBInstance(ref.externalId), ref.region) };
    }
    return { database: normalizeCluster(await rds.stopDBCluster(ref.externalId), new Map(), ref.region) };
  }

  async start(ref: DatabaseRef): Promise<ActionResult> {
    const rds = this.#rdsFor(ref);
    if (ref.kind === "rds_instance") {
      return { database: normalizeInstance(await rds.startDBInstance(ref.externalId), ref.region) };
    }
    return { database: normalizeCluster(await rds.startDBCluster(ref.externalId), new Map(), ref.region) };
  }

  async setCapacity(ref: DatabaseRef, capacity: { minCapacity: number; maxCapacity: number }): Promise<ActionResult> {
    if (ref.kind !== "aurora_cluster") {
      throw unsupported("rds:ModifyDBCluster", `Capacity can only be set on Aurora Serverless v2 clusters, not on a ${ref.kind}.`);
    }
    validateCapacity(capacity.minCapacity, capacity.maxCapacity);
    const cluster = await this.#rdsFor(ref).modifyServerlessV2Scaling(
      ref.externalId,
      capacity.minCapacity,
      capacity.maxCapacity,
    );
    return { database: normalizeCluster(cluster, new Map(), ref.region) };
  }

  async getMetrics(ref: DatabaseRef, query: MetricQuery): Promise<MetricSeries[]> {
    const [result] = await this.getMetricsMany([ref], query);
    return result?.series ?? [];
  }

  async getMetricsMany(refs: (DatabaseRef & { metrics?: MetricName[] })[], query: MetricQuery): Promise<DatabaseMetrics[]> {
    validateMetricQuery(query, "aws");
    const metrics = query.metrics ?? DEFAULT_AWS_METRICS;
    const stat = query.statistic === "maximum" ? "Maximum" : "Average";
    const output: DatabaseMetrics[] = refs.map(({ metrics: _own, ...ref }) => ({ ref, series: [] }));

    const byRegion = new Map<string, { index: number; ref: DatabaseRef & { metrics?: MetricName[] } }[]>();
    refs.forEach((ref, index) => {
      this.#kindCheck(ref);
      assertRegion(ref.region);
      byRegion.set(ref.region, [...(byRegion.get(ref.region) ?? []), { index, ref }]);
    });

    await Promise.all(
      [...byRegion].map(async ([region, entries]) => {
        const queries: MetricDataQuery[] = [];
        const owners = new Map<string, { index: number; metric: MetricName }>();
        for (const { index, ref } of entries) {
          for (const metric of ref.metrics ?? metrics) {
            const definition = AWS_METRICS[metric];
            if (!definition) continue;
            const id = `m${queries.length}`;
            owners.set(id, { index, metric });
            queries.push({
              id,
              namespace: "AWS/RDS",
              metricName: definition.cloudMetric,
              dimensions: [
                {
                  name: ref.kind === "aurora_cluster" ? "DBClusterIdentifier" : "DBInstanceIdentifier",
                  value: ref.externalId,
                },
              ],
              periodSeconds: query.periodSeconds,
              stat,
            });
          }
        }
        const results = await this.#cloudwatchFor(region).getMetricData(queries, query.start, query.end);
        for (const [id, owner] of owners) {
          const definition = AWS_METRICS[owner.metric];
          const points = [...(results.get(id)?.points ?? [])].sort((a, b) => a.timestamp - b.timestamp);
          output[owner.index]?.series.push({
            metric: owner.metric,
            cloudMetric: definition.cloudMetric,
            unit: definition.unit,
            points,
          });
        }
      }),
    );
    return output;
  }

  async getOperation(_operation: Pick<CloudOperation, "id">): Promise<CloudOperation> {
    throw unsupported("rds:operations", "AWS RDS actions have no operation to poll; read the database's status instead.");
  }

  /**
   * RDS events give true times for the last 14 days; CloudTrail (90 days) fills the older part of
   * the window with approximate (request-time) entries. Where both could speak, RDS events win.
   */
  async powerHistory(ref: DatabaseRef | null, window: HistoryWindow): Promise<PowerHistory> {
    if (!Number.isFinite(window.since) || !Number.isFinite(window.until) || window.since >= window.until) {
      throw new CloudError({ provider: "aws", code: "InvalidHistoryWindow", message: "History window: since must be before until.", category: "invalid_request", retryable: false });
    }
    if (ref) this.#kindCheck(ref);
    const now = this.#deps.now();
    // An hour inside each retention edge, so the cloud never silently drops the window's start.
    const coveredFrom = Math.max(window.since, now - CLOUDTRAIL_RETENTION_MS + 3_600_000);
    const rdsFrom = Math.max(window.since, now - RDS_EVENT_RETENTION_MS + 3_600_000);
    const until = Math.min(window.until, now);
    const regions = ref ? [ref.region] : this.#regions;
    const settled = await Promise.allSettled(regions.map((region) => this.#regionHistory(region, ref, coveredFrom, rdsFrom, until)));
    const entries: PowerHistoryEntry[] = [];
    const incomplete: RegionFailure[] = [];
    settled.forEach((outcome, i) => {
      const region = regions[i] ?? "";
      if (outcome.status === "fulfilled") entries.push(...outcome.value);
      else incomplete.push({ region, error: this.#asCloudError(outcome.reason, "rds:DescribeEvents") });
    });
    if (incomplete.length > 0 && incomplete.length === regions.length) throw incomplete[0]?.error;
    entries.sort((a, b) => a.at - b.at || a.cloudEventId.localeCompare(b.cloudEventId));
    return { entries, incomplete, coveredFrom };
  }

  async #regionHistory(region: string, ref: DatabaseRef | null, from: number, rdsFrom: number, until: number): Promise<PowerHistoryEntry[]> {
    if (until <= from) return [];
    const source = ref ? { type: ref.kind === "aurora_cluster" ? ("db-cluster" as const) : ("db-instance" as const), id: ref.externalId } : undefined;
    const entries: PowerHistoryEntry[] = [];
    if (rdsFrom < until) {
      entries.push(...entriesFromRdsEvents(await describeEvents(this.#rdsEventsClient(region), { start: rdsFrom, end: until }, source), region));
    }
    if (from < rdsFrom) {
      const trail = this.#cloudtrailFor(region);
      const end = Math.min(rdsFrom, until);
      // One lookup attribute per call: the database's name, or each of the four power calls, one
      // after the other (LookupEvents allows 2 calls a second per account and region).
      const attributes = ref
        ? [{ key: "ResourceName" as const, value: ref.externalId }]
        : POWER_EVENT_NAMES.map((name) => ({ key: "EventName" as const, value: name }));
      const events = [];
      for (const attribute of attributes) events.push(...(await trail.lookupEvents({ start: from, end, attribute })));
      const found = entriesFromTrail(events, region).filter((e) => e.at >= from && e.at < rdsFrom);
      entries.push(...(ref ? found.filter((e) => e.kind === ref.kind && e.externalId === ref.externalId) : found));
    }
    return entries;
  }

  #rdsEventsClient(region: string): AwsQueryClient {
    assertRegion(region);
    let client = this.#rdsEvents.get(region);
    if (!client) {
      client = this.#queryClient("rds", region, RDS_VERSION);
      this.#rdsEvents.set(region, client);
    }
    return client;
  }

  #cloudtrailFor(region: string): CloudTrailClient {
    assertRegion(region);
    let client = this.#cloudtrail.get(region);
    if (!client) {
      client = new CloudTrailClient({ region, endpoint: this.#endpoint, credentials: this.#credentials, deps: this.#deps, redactor: this.#redactor });
      this.#cloudtrail.set(region, client);
    }
    return client;
  }

  async #listRegion(region: string, withClusters: boolean, withMaintenance: boolean): Promise<Database[]> {
    const rds = this.#rdsClient(region);
    // Pending maintenance is a refinement, not the inventory: an account whose IAM policy predates
    // rds:DescribePendingMaintenanceActions still lists (its PendingModifiedValues still count).
    const [instances, clusters, actions] = await Promise.all([
      rds.describeDBInstances(),
      withClusters ? rds.describeDBClusters() : Promise.resolve([]),
      withMaintenance ? rds.describePendingMaintenanceActions().catch(() => [] as RdsPendingAction[]) : Promise.resolve([] as RdsPendingAction[]),
    ]);
    const facts = (window: string | undefined, pending: string[]) => (withMaintenance ? { maintenance: { window: parseRdsWindow(window), pending, scheduledAt: null } } : {});
    const now = this.#deps.now();
    const dueByArn = new Map<string, string[]>();
    for (const a of actions) {
      if (!maintenanceActionDue(a, now)) continue;
      dueByArn.set(a.resourceArn, [...(dueByArn.get(a.resourceArn) ?? []), a.description ? `${a.action}: ${a.description}` : a.action]);
    }
    const instancesById = new Map(instances.map((instance) => [instance.id, instance]));
    const databases: Database[] = [];
    const clusterIds = new Set<string>();
    for (const cluster of clusters) {
      if (isForeignEngine(cluster.engine.toLowerCase())) continue;
      clusterIds.add(cluster.id);
      const memberArns = cluster.members.map((m) => instancesById.get(m.id)?.arn);
      const pending = [cluster.arn, ...memberArns].flatMap((arn) => (arn ? (dueByArn.get(arn) ?? []) : []));
      databases.push({ ...normalizeCluster(cluster, instancesById, region), ...facts(cluster.preferredMaintenanceWindow, pending) });
    }
    for (const instance of instances) {
      if (isForeignEngine(instance.engine.toLowerCase())) continue;
      // Cluster members are represented by their cluster. If the cluster did not come back
      // (it was created between the two calls), the instance shows up, ineligible, until next time.
      if (instance.clusterId && (clusterIds.has(instance.clusterId) || !withClusters)) continue;
      const pending = [...(instance.arn ? (dueByArn.get(instance.arn) ?? []) : []), ...instance.pendingModifications.map((name) => `pending modification: ${name}`)];
      databases.push({ ...normalizeInstance(instance, region), ...facts(instance.preferredMaintenanceWindow, pending) });
    }
    return databases;
  }

  #kindCheck(ref: DatabaseRef): void {
    if (ref.kind !== "rds_instance" && ref.kind !== "aurora_cluster") {
      throw unsupported("rds", `An AWS account has no ${ref.kind} databases.`);
    }
  }

  #rdsFor(ref: DatabaseRef): RdsClient {
    this.#kindCheck(ref);
    return this.#rdsClient(ref.region);
  }

  #rdsClient(region: string): RdsClient {
    assertRegion(region);
    let client = this.#rds.get(region);
    if (!client) {
      client = new RdsClient(this.#queryClient("rds", region, RDS_VERSION));
      this.#rds.set(region, client);
    }
    return client;
  }

  #cloudwatchFor(region: string): CloudWatchClient {
    let client = this.#cloudwatch.get(region);
    if (!client) {
      client = new CloudWatchClient(this.#queryClient("monitoring", region, CLOUDWATCH_VERSION));
      this.#cloudwatch.set(region, client);
    }
    return client;
  }

  #queryClient(service: string, region: string, version: string): AwsQueryClient {
    return new AwsQueryClient({
      service,
      region,
      version,
      endpoint: this.#endpoint,
      credentials: this.#credentials,
      deps: this.#deps,
      redactor: this.#redactor,
    });
  }

  #asCloudError(reason: unknown, operation: string): CloudError {
    if (reason instanceof CloudError) return reason;
    return this.#redactor.error({
      provider: "aws",
      operation,
      code: "InternalError",
      message: reason instanceof Error ? reason.message : String(reason),
      category: "unknown",
      retryable: false,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Normalization

/** How far ahead an apply date makes a pending action due: the next weekly window falls within it. */
const DUE_WITHIN_MS = 8 * 24 * 3600_000;

/**
 * Whether RDS will apply a pending maintenance action in the next window: someone opted in for
 * it (`next-maintenance`), or its apply date (CurrentApplyDate, AutoAppliedAfterDate,
 * ForcedApplyDate) is within a week. An optional action nobody opted in to waits for a person and
 * is not worth waking a database for.
 */
export function maintenanceActionDue(a: Pick<RdsPendingAction, "optInStatus" | "currentApplyDate" | "autoAppliedAfterDate" | "forcedApplyDate">, now: number): boolean {
  if (a.optInStatus === "next-maintenance" || a.optInStatus === "immediate") return true;
  return [a.currentApplyDate, a.autoAppliedAfterDate, a.forcedApplyDate].some((d) => {
    const at = d ? Date.parse(d) : Number.NaN;
    return Number.isFinite(at) && at <= now + DUE_WITHIN_MS;
  });
}

function withEligibility(eligibility: Eligibility): Pick<Database, "eligible" | "ineligibleReason"> {
  return eligibility.eligible ? { eligible: true } : { eligible: false, ineligibleReason: eligibility.reason };
}

export function normalizeInstance(instance: RdsInstance, region: string): Database {
  return {
    provider: "aws",
    kind: "rds_instance",
    externalId: instance.id,
    resourceName: instance.arn ?? null,
    region,
    name: instance.id,
    engine: instance.engine,
    engineVersion: instance.engineVersion ?? null,
    instanceClass: instance.instanceClass ?? null,
    cloudStatus: instance.status,
    state: instanceState(instance.status),
    tags: instance.tags,
    ...withEligibility(instanceEligibility(instance)),
    multiAz: instance.multiAz,
    ...(instance.licenseModel && { licenseModel: instance.licenseModel }),
  };
}

export function normalizeCluster(
  cluster: RdsCluster,
  instancesById: ReadonlyMap<string, RdsInstance>,
  region: string,
): Database {
  const members = cluster.members.map((member) => {
    const instance = instancesById.get(member.id);
    return {
      externalId: member.id,
      instanceClass: instance?.instanceClass ?? null,
      writer: member.writer,
      cloudStatus: instance?.status ?? null,
    };
  });
  const writer = members.find((member) => member.writer && member.instanceClass);
  const anyMember = members.find((member) => member.instanceClass);
  const database: Database = {
    provider: "aws",
    kind: "aurora_cluster",
    externalId: cluster.id,
    resourceName: cluster.arn ?? null,
    region,
    name: cluster.id,
    engine: cluster.engine,
    engineVersion: cluster.engineVersion ?? null,
    instanceClass: writer?.instanceClass ?? anyMember?.instanceClass ?? cluster.clusterInstanceClass ?? null,
    cloudStatus: cluster.status,
    state: clusterState(cluster.status),
    tags: cluster.tags,
    ...withEligibility(clusterEligibility(cluster)),
    multiAz: cluster.multiAz,
    members,
  };
  if (cluster.serverlessV2) database.serverless = { ...cluster.serverlessV2 };
  return database;
}

// ---------------------------------------------------------------------------------------------
// Validation

function assertRegion(region: string): void {
  if (!REGION_PATTERN.test(region)) {
    throw new CloudError({
      provider: "aws",
      code: "InvalidRegion",
      message: `"${region.slice(0, 40)}" is not an AWS region name.`,
      category: "invalid_request",
      retryable: false,
    });
  }
}

function validateCapacity(min: number, max: number): void {
  const halfSteps = (n: number) => Number.isFinite(n) && Number.isInteger(n * 2);
  const problems: string[] = [];
  if (!halfSteps(min) || min < 0 || min > 256) problems.push("minimum must be 0 to 256 in steps of 0.5");
  if (!halfSteps(max) || max < 1 || max > 256) problems.push("maximum must be 1 to 256 in steps of 0.5");
  if (problems.length === 0 && min > max) problems.push("minimum must not exceed maximum");
  if (problems.length > 0) {
    throw new CloudError({
      provider: "aws",
      operation: "rds:ModifyDBCluster",
      code: "InvalidCapacity",
      message: `Invalid Aurora Serverless v2 capacity range: ${problems.join("; ")}.`,
      category: "invalid_request",
      retryable: false,
    });
  }
}

function unsupported(operation: string, message: string): CloudError {
  return new CloudError({
    provider: "aws",
    operation,
    code: "UnsupportedOperation",
    message,
    category: "unsupported",
    retryable: false,
  });
}

