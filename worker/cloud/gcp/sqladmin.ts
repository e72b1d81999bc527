/**
 * Cloud SQL Admin API v1 for one project: list instances (pageToken), get one, PATCH
 * settings.activationPolicy (ALWAYS = start, NEVER = stop) which answers with an Operation, and
 * read operations for polling.
 *
 * Owns: paths, request bodies, and reading DatabaseInstance / Operation JSON into typed records.
 * Must never: decide state or eligibility (./eligibility.ts does) or touch anything but the
 * instance's activation policy.
 */
import { CloudError } from "../errors.ts";
import type { GoogleApiClient } from "./api.ts";

const MAX_PAGES = 1000;

export interface SqlInstance {
  name: string;
  project?: string;
  region?: string;
  state?: string;
  databaseVersion?: string;
  instanceType?: string;
  backendType?: string;
  masterInstanceName?: string;
  replicaNames: string[];
  selfLink?: string;
  tier?: string;
  activationPolicy?: string;
  availabilityType?: string;
  edition?: string;
  userLabels: Record<string, string>;
  /** settings.maintenanceWindow: day 1-7 (Monday-Sunday; 0 or absent = any day), hour 0-23, UTC. */
  maintenanceWindow?: { day?: number; hour?: number };
  /** scheduledMaintenance.startTime (RFC 3339): maintenance Cloud SQL has scheduled for this instance. */
  scheduledMaintenanceStart?: string;
}

export interface SqlOperation {
  name: string;
  status?: string;
  operationType?: string;
  targetId?: string;
  insertTime?: string;
  startTime?: string;
  endTime?: string;
  errors: { code?: string; message?: string }[];
}

export interface SqlListWarning {
  code: string;
  message: string;
  region?: string;
}

export class SqlAdminClient {
  readonly project: string;
  #api: GoogleApiClient;

  constructor(api: GoogleApiClient, project: string) {
    this.#api = api;
    this.project = project;
  }

  async listInstances(options: { maxResults?: number; singlePage?: boolean } = {}): Promise<{
    instances: SqlInstance[];
    warnings: SqlListWarning[];
  }> {
    const instances: SqlInstance[] = [];
    const warnings: SqlListWarning[] = [];
    const seen = new Set<string>();
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const url = this.#api.url(`/v1/projects/${segment(this.project)}/instances`, {
        pageToken,
        maxResults: options.maxResults,
      });
      const body = await this.#api.request("sqladmin:instances.list", "GET", url);
      for (const item of array(body["items"])) instances.push(readInstance(item));
      for (const warning of array(body["warnings"])) {
        warnings.push({
          code: str(warning, "code") ?? "WARNING",
          message: str(warning, "message") ?? "",
          region: str(warning, "region"),
        });
      }
      pageToken = str(body, "nextPageToken");
      if (!pageToken || options.singlePage) return { instances, warnings };
      if (seen.has(pageToken)) break;
      seen.add(pageToken);
    }
    throw new CloudError({
      provider: "gcp",
      operation: "sqladmin:instances.list",
      code: "PaginationLoop",
      message: "instances.list kept answering with a pageToken it had already given; listing stopped.",
      category: "protocol",
      retryable: false,
    });
  }

  async getInstance(name: string): Promise<SqlInstance> {
    const url = this.#api.url(`/v1/projects/${segment(this.project)}/instances/${segment(name)}`);
    return readInstance(await this.#api.request("sqladmin:instances.get", "GET", url));
  }

  /** ALWAYS starts the instance, NEVER stops it. */
  async setActivationPolicy(name: string, activationPolicy: "ALWAYS" | "NEVER"): Promise<SqlOperation> {
    const url = this.#api.url(`/v1/projects/${segment(this.project)}/instances/${segment(name)}`);
    const body = await this.#api.request("sqladmin:instances.patch", "PATCH", url, {
      settings: { activationPolicy },
    });
    return readOperation(body);
  }

  async getOperation(name: string): Promise<SqlOperation> {
    const url = this.#api.url(`/v1/projects/${segment(this.project)}/operations/${segment(name)}`);
    return readOperation(await this.#api.request("sqladmin:operations.get", "GET", url));
  }
}

/** A path segment; ':' stays as is (legacy "domain.com:project" ids). */
export function segment(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ":");
}

export function readInstance(value: unknown): SqlInstance {
  const settings = obj(value, "settings");
  const labels: Record<string, string> = {};
  const rawLabels = obj(settings, "userLabels");
  const window = obj(settings, "maintenanceWindow");
  const scheduled = str(obj(value, "scheduledMaintenance"), "startTime");
  if (rawLabels) {
    for (const [key, label] of Object.entries(rawLabels)) if (typeof label === "string") labels[key] = label;
  }
  return {
    name: str(value, "name") ?? "",
    project: str(value, "project"),
    region: str(value, "region"),
    state: str(value, "state"),
    databaseVersion: str(value, "databaseVersion"),
    instanceType: str(value, "instanceType"),
    backendType: str(value, "backendType"),
    masterInstanceName: str(value, "masterInstanceName"),
    replicaNames: array(obj(value)?.["replicaNames"]).filter((n): n is string => typeof n === "string"),
    selfLink: str(value, "selfLink"),
    tier: str(settings, "tier"),
    activationPolicy: str(settings, "activationPolicy"),
    availabilityType: str(settings, "availabilityType"),
    edition: str(settings, "edition"),
    userLabels: labels,
    ...(window && { maintenanceWindow: { day: int(window, "day"), hour: int(window, "hour") } }),
    ...(scheduled && { scheduledMaintenanceStart: scheduled }),
  };
}

export function readOperation(value: unknown): SqlOperation {
  const error = obj(value, "error");
  return {
    name: str(value, "name") ?? "",
    status: str(value, "status"),
    operationType: str(value, "operationType"),
    targetId: str(value, "targetId"),
    insertTime: str(value, "insertTime"),
    startTime: str(value, "startTime"),
    endTime: str(value, "endTime"),
    errors: array(error?.["errors"]).map((e) => ({ code: str(e, "code"), message: str(e, "message") })),
  };
}

// Small readers for untyped JSON.

function obj(value: unknown, key?: string): Record<string, unknown> | undefined {
  const target = key === undefined ? value : obj(value)?.[key];
  return typeof target === "object" && target !== null && !Array.isArray(target)
    ? (target as Record<string, unknown>)
    : undefined;
}

function str(value: unknown, key: string): string | undefined {
  const field = obj(value)?.[key];
  return typeof field === "string" && field !== "" ? field : undefined;
}

/** An integer field; the API sends int32 as a JSON number (some proxies as a string). */
function int(value: unknown, key: string): number | undefined {
  const field = obj(value)?.[key];
  const n = typeof field === "number" ? field : typeof field === "string" && field !== "" ? Number(field) : Number.NaN;
  return Number.isInteger(n) ? n : undefined;
}

function array(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
