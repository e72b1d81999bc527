/**
 * Amazon RDS Query API (version 2014-10-31) for one region: DescribeDBInstances,
 * DescribeDBClusters and DescribePendingMaintenanceActions (Marker pagination, MaxRecords 100),
 * Stop/Start DB instance and cluster, and ModifyDBCluster's ServerlessV2ScalingConfiguration.
 *
 * Owns: request parameters and reading the documented XML shapes (element names as in the
 * service model: DBInstance, DBCluster, DBClusterMember, TagList/Tag, ReadReplica… lists) into
 * plain typed records. Must never: decide eligibility or power state (./eligibility.ts,
 * ./status.ts do), or call anything but RDS.
 */
import { CloudError } from "../errors.ts";
import type { AwsQueryClient, QueryParams } from "./sigv4-client.ts";
import { bool, child, nodeList, num, tags, text, textList, type XmlNode } from "./xml.ts";

export const RDS_VERSION = "2014-10-31";
export const RDS_PAGE_SIZE = 100;
const MAX_PAGES = 10_000;

export interface RdsInstance {
  id: string;
  arn?: string;
  instanceClass?: string;
  engine: string;
  engineVersion?: string;
  status: string;
  multiAz: boolean;
  licenseModel?: string;
  /** Set when the instance belongs to a DB cluster (Aurora or Multi-AZ DB cluster). */
  clusterId?: string;
  readReplicaSourceInstanceId?: string;
  readReplicaSourceClusterId?: string;
  readReplicaInstanceIds: string[];
  readReplicaClusterIds: string[];
  tags: Record<string, string>;
  /** RDS Custom: "full" / "all-paused". */
  automationMode?: string;
  /** "ddd:hh24:mi-ddd:hh24:mi", UTC. */
  preferredMaintenanceWindow?: string;
  /** Names of the PendingModifiedValues elements: changes queued for the next maintenance window. */
  pendingModifications: string[];
}

export interface RdsClusterMember {
  id: string;
  writer: boolean;
}

export interface RdsCluster {
  id: string;
  arn?: string;
  engine: string;
  engineVersion?: string;
  /** provisioned, serverless (v1), parallelquery, global, multimaster. */
  engineMode?: string;
  status: string;
  multiAz: boolean;
  members: RdsClusterMember[];
  tags: Record<string, string>;
  globalClusterId?: string;
  globalWriteForwardingStatus?: string;
  replicationSourceIdentifier?: string;
  readReplicaIdentifiers: string[];
  /** Multi-AZ DB clusters only. */
  clusterInstanceClass?: string;
  serverlessV2?: { minCapacity: number; maxCapacity: number; secondsUntilAutoPause?: number };
  /** "ddd:hh24:mi-ddd:hh24:mi", UTC. */
  preferredMaintenanceWindow?: string;
}

/** One PendingMaintenanceAction of DescribePendingMaintenanceActions. */
export interface RdsPendingAction {
  /** The ARN of the instance or cluster (ResourceIdentifier). */
  resourceArn: string;
  action: string;
  description?: string;
  /** immediate / next-maintenance / undo-opt-in, when someone opted in. */
  optInStatus?: string;
  autoAppliedAfterDate?: string;
  forcedApplyDate?: string;
  currentApplyDate?: string;
}

export interface DescribeInstancesInput {
  id?: string;
  filters?: { name: string; values: string[] }[];
}

export class RdsClient {
  readonly region: string;
  #client: AwsQueryClient;

  constructor(client: AwsQueryClient) {
    this.#client = client;
    this.region = client.region;
  }

  async describeDBInstances(input: DescribeInstancesInput = {}): Promise<RdsInstance[]> {
    const params: QueryParams = { DBInstanceIdentifier: input.id };
    input.filters?.forEach((filter, i) => {
      params[`Filters.Filter.${i + 1}.Name`] = filter.name;
      filter.values.forEach((value, j) => {
        params[`Filters.Filter.${i + 1}.Values.Value.${j + 1}`] = value;
      });
    });
    const nodes = await this.#paginate("DescribeDBInstances", params, (result) =>
      nodeList(result, "DBInstances", "DBInstance"),
    );
    return nodes.map(readInstance);
  }

  async describeDBClusters(input: { id?: string } = {}): Promise<RdsCluster[]> {
    const nodes = await this.#paginate("DescribeDBClusters", { DBClusterIdentifier: input.id }, (result) =>
      nodeList(result, "DBClusters", "DBCluster"),
    );
    return nodes.map(readCluster);
  }

  /** Every pending maintenance action of the region's instances and clusters (one call, paginated). */
  async describePendingMaintenanceActions(): Promise<RdsPendingAction[]> {
    const nodes = await this.#paginate("DescribePendingMaintenanceActions", {}, (result) =>
      nodeList(result, "PendingMaintenanceActions", "ResourcePendingMaintenanceActions"),
    );
    return nodes.flatMap((resource) =>
      nodeList(resource, "PendingMaintenanceActionDetails", "PendingMaintenanceAction").map((a) => ({
        resourceArn: text(resource, "ResourceIdentifier") ?? "",
        action: text(a, "Action") ?? "",
        description: text(a, "Description"),
        optInStatus: text(a, "OptInStatus"),
        autoAppliedAfterDate: text(a, "AutoAppliedAfterDate"),
        forcedApplyDate: text(a, "ForcedApplyDate"),
        currentApplyDate: text(a, "CurrentApplyDate"),
      })),
    );
  }

  async stopDBInstance(id: string): Promise<RdsInstance> {
    return this.#instanceAction("StopDBInstance", { DBInstanceIdentifier: id });
  }

  async startDBInstance(id: string): Promise<RdsInstance> {
    return this.#instanceAction("StartDBInstance", { DBInstanceIdentifier: id });
  }

  async stopDBCluster(id: string): Promise<RdsCluster> {
    return this.#clusterAction("StopDBCluster", { DBClusterIdentifier: id });
  }

  async startDBCluster(id: string): Promise<RdsCluster> {
    return this.#clusterAction("StartDBCluster", { DBClusterIdentifier: id });
  }

  /**
   * Aurora Serverless v2 capacity range. Sent without ApplyImmediately, as AWS's own
   * capacity-range examples do, so modifications the customer queued for the maintenance
   * window are not forced out along with it.
   */
  async modifyServerlessV2Scaling(id: string, minCapacity: number, maxCapacity: number): Promise<RdsCluster> {
    return this.#clusterAction("ModifyDBCluster", {
      DBClusterIdentifier: id,
      "ServerlessV2ScalingConfiguration.MinCapacity": minCapacity,
      "ServerlessV2ScalingConfiguration.MaxCapacity": maxCapacity,
    });
  }

  async #paginate(
    action: string,
    params: QueryParams,
    items: (result: XmlNode) => XmlNode[],
  ): Promise<XmlNode[]> {
    const all: XmlNode[] = [];
    const seen = new Set<string>();
    let marker: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const { result } = await this.#client.call(action, { ...params, MaxRecords: RDS_PAGE_SIZE, Marker: marker });
      all.push(...items(result));
      marker = text(result, "Marker");
      if (!marker) return all;
      if (seen.has(marker)) throw paginationLoop(action);
      seen.add(marker);
    }
    throw paginationLoop(action);
  }

  async #instanceAction(action: string, params: QueryParams): Promise<RdsInstance> {
    const { result } = await this.#client.call(action, params);
    const node = child(result, "DBInstance");
    if (!node) throw missingElement(action, "DBInstance");
    return readInstance(node);
  }

  async #clusterAction(action: string, params: QueryParams): Promise<RdsCluster> {
    const { result } = await this.#client.call(action, params);
    const node = child(result, "DBCluster");
    if (!node) throw missingElement(action, "DBCluster");
    return readCluster(node);
  }
}

export function readInstance(node: XmlNode): RdsInstance {
  return {
    id: text(node, "DBInstanceIdentifier") ?? "",
    arn: text(node, "DBInstanceArn"),
    instanceClass: text(node, "DBInstanceClass"),
    engine: text(node, "Engine") ?? "",
    engineVersion: text(node, "EngineVersion"),
    status: text(node, "DBInstanceStatus") ?? "",
    multiAz: bool(node, "MultiAZ") ?? false,
    licenseModel: text(node, "LicenseModel"),
    clusterId: text(node, "DBClusterIdentifier"),
    readReplicaSourceInstanceId: text(node, "ReadReplicaSourceDBInstanceIdentifier"),
    readReplicaSourceClusterId: text(node, "ReadReplicaSourceDBClusterIdentifier"),
    readReplicaInstanceIds: textList(node, "ReadReplicaDBInstanceIdentifiers", "ReadReplicaDBInstanceIdentifier"),
    readReplicaClusterIds: textList(node, "ReadReplicaDBClusterIdentifiers", "ReadReplicaDBClusterIdentifier"),
    tags: tags(node),
    automationMode: text(node, "AutomationMode"),
    preferredMaintenanceWindow: text(node, "PreferredMaintenanceWindow"),
    pendingModifications: Object.keys(child(node, "PendingModifiedValues") ?? {}),
  };
}

export function readCluster(node: XmlNode): RdsCluster {
  const scaling = child(node, "ServerlessV2ScalingConfiguration");
  const minCapacity = num(scaling, "MinCapacity");
  const maxCapacity = num(scaling, "MaxCapacity");
  const secondsUntilAutoPause = num(scaling, "SecondsUntilAutoPause");
  return {
    id: text(node, "DBClusterIdentifier") ?? "",
    arn: text(node, "DBClusterArn"),
    engine: text(node, "Engine") ?? "",
    engineVersion: text(node, "EngineVersion"),
    engineMode: text(node, "EngineMode"),
    status: text(node, "Status") ?? "",
    multiAz: bool(node, "MultiAZ") ?? false,
    members: nodeList(node, "DBClusterMembers", "DBClusterMember").map((member) => ({
      id: text(member, "DBInstanceIdentifier") ?? "",
      writer: bool(member, "IsClusterWriter") ?? false,
    })),
    tags: tags(node),
    globalClusterId: text(node, "GlobalClusterIdentifier"),
    globalWriteForwardingStatus: text(node, "GlobalWriteForwardingStatus"),
    replicationSourceIdentifier: text(node, "ReplicationSourceIdentifier"),
    readReplicaIdentifiers: textList(node, "ReadReplicaIdentifiers", "ReadReplicaIdentifier"),
    clusterInstanceClass: text(node, "DBClusterInstanceClass"),
    preferredMaintenanceWindow: text(node, "PreferredMaintenanceWindow"),
    serverlessV2:
      minCapacity !== undefined && maxCapacity !== undefined
        ? { minCapacity, maxCapacity, ...(secondsUntilAutoPause !== undefined ? { secondsUntilAutoPause } : {}) }
        : undefined,
  };
}

function missingElement(action: string, element: string): CloudError {
  return new CloudError({
    provider: "aws",
    operation: `rds:${action}`,
    code: "MalformedResponse",
    message: `${action} answered without a ${element} element.`,
    category: "protocol",
    retryable: false,
  });
}

function paginationLoop(action: string): CloudError {
  return new CloudError({
    provider: "aws",
    operation: `rds:${action}`,
    code: "PaginationLoop",
    message: `${action} kept answering with a Marker it had already given; listing stopped.`,
    category: "protocol",
    retryable: false,
  });
}
