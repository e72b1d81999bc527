/**
 * A GCP project's Cloud SQL power history from Cloud Audit Logs (Cloud Logging v2
 * `entries:list`, admin-activity log, kept 400 days). Stopping and starting a Cloud SQL instance is
 * an `instances.patch` of settings.activationPolicy (NEVER / ALWAYS), a long-running operation
 * that Cloud SQL logs twice: an entry marked `operation.first` when the request is accepted (it
 * carries the request body, hence the new policy) and one marked `operation.last` when the
 * operation has finished (its timestamp is when the policy took effect). Pairing the two by
 * operation id gives the new state at its true time. (Cloud SQL's own operations list says
 * UPDATE but not what changed, so it cannot tell a stop from a start.)
 *
 * Owns: the logging query, paging (pageSize 1000, pageToken), validated reading of entries (zod),
 * and the pairing. Must never: report a change whose operation has not finished or failed, or
 * read anything but the admin-activity log.
 */
import { z } from "zod";
import { CloudError } from "../errors.ts";
import type { PowerHistoryEntry } from "../provider.ts";
import type { GoogleApiClient } from "./api.ts";

export const LOGGING_ROOT = "https://logging.googleapis.com";
export const AUDIT_LOG_RETENTION_MS = 400 * 86_400_000;
/** How far before the window the first entries of operations that end inside it are looked for. */
const OPERATION_LOOKBACK_MS = 6 * 3_600_000;
const MAX_PAGES = 1_000;

const EntrySchema = z.object({
  insertId: z.string().optional(),
  timestamp: z.string().refine((v) => !Number.isNaN(Date.parse(v)), "timestamp must be a date"),
  resource: z.object({ type: z.string().optional(), labels: z.record(z.string(), z.string()).optional() }).optional(),
  operation: z.object({ id: z.string().min(1), first: z.boolean().optional(), last: z.boolean().optional() }).optional(),
  protoPayload: z
    .object({
      methodName: z.string().optional(),
      resourceName: z.string().optional(),
      status: z.object({ code: z.number().optional(), message: z.string().optional() }).optional(),
      request: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});
const ListSchema = z.object({ entries: z.array(EntrySchema).default([]), nextPageToken: z.string().optional() });

type Entry = z.infer<typeof EntrySchema>;

export function auditFilter(project: string, since: number, until: number, instance?: string): string {
  const terms = [
    `logName="projects/${project}/logs/cloudaudit.googleapis.com%2Factivity"`,
    `protoPayload.serviceName="cloudsql.googleapis.com"`,
    `protoPayload.methodName=("cloudsql.instances.update" OR "cloudsql.instances.patch")`,
    `timestamp>="${new Date(since).toISOString()}"`,
    `timestamp<"${new Date(until).toISOString()}"`,
  ];
  if (instance) terms.push(`protoPayload.resourceName="projects/${project}/instances/${instance}"`);
  return terms.join(" AND ");
}

export async function listAuditEntries(api: GoogleApiClient, project: string, since: number, until: number, instance?: string): Promise<Entry[]> {
  const url = api.url("/v2/entries:list");
  const filter = auditFilter(project, since, until, instance);
  const entries: Entry[] = [];
  const seen = new Set<string>();
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const body = await api.request("logging:entries.list", "POST", url, {
      resourceNames: [`projects/${project}`],
      filter,
      orderBy: "timestamp asc",
      pageSize: 1000,
      ...(pageToken && { pageToken }),
    });
    const parsed = ListSchema.safeParse(body);
    if (!parsed.success) {
      throw new CloudError({
        provider: "gcp",
        operation: "logging:entries.list",
        code: "MalformedResponse",
        message: "entries.list answered with log entries of an unexpected shape.",
        category: "protocol",
        retryable: false,
      });
    }
    entries.push(...parsed.data.entries);
    pageToken = parsed.data.nextPageToken || undefined;
    if (!pageToken) return entries;
    if (seen.has(pageToken)) break;
    seen.add(pageToken);
  }
  throw new CloudError({
    provider: "gcp",
    operation: "logging:entries.list",
    code: "PaginationLoop",
    message: "entries.list kept answering with a pageToken it had already given; reading stopped.",
    category: "protocol",
    retryable: false,
  });
}

function activationPolicy(entry: Entry): string | undefined {
  const request = entry.protoPayload?.request;
  const body = request?.["body"];
  const settings = (typeof body === "object" && body !== null ? (body as Record<string, unknown>)["settings"] : undefined) ?? request?.["settings"];
  const policy = typeof settings === "object" && settings !== null ? (settings as Record<string, unknown>)["activationPolicy"] : undefined;
  return typeof policy === "string" ? policy : undefined;
}

function instanceOf(entry: Entry, project: string): string | undefined {
  const fromResource = /^projects\/[^/]+\/instances\/([^/]+)$/.exec(entry.protoPayload?.resourceName ?? "")?.[1];
  if (fromResource) return fromResource;
  const databaseId = entry.resource?.labels?.["database_id"];
  return databaseId?.startsWith(`${project}:`) ? databaseId.slice(project.length + 1) : undefined;
}

/** Finished activation-policy changes whose last entry lies in [since, until), as history entries. */
export function entriesFromAuditLog(entries: Entry[], project: string, since: number, until: number): PowerHistoryEntry[] {
  const firsts = new Map<string, Entry>();
  for (const e of entries) if (e.operation?.first) firsts.set(e.operation.id, e);
  const out: PowerHistoryEntry[] = [];
  for (const last of entries) {
    if (!last.operation?.last) continue;
    const at = Date.parse(last.timestamp);
    if (at < since || at >= until) continue;
    if ((last.protoPayload?.status?.code ?? 0) !== 0) continue; // the operation failed: nothing changed
    const first = last.operation.first ? last : firsts.get(last.operation.id);
    if (!first) continue;
    const policy = activationPolicy(first);
    if (policy !== "NEVER" && policy !== "ALWAYS") continue; // another setting changed
    const name = instanceOf(last, project) ?? instanceOf(first, project);
    if (!name) continue;
    out.push({
      kind: "cloudsql_instance",
      externalId: name,
      region: last.resource?.labels?.["region"] ?? first.resource?.labels?.["region"] ?? "unknown",
      at,
      state: policy === "NEVER" ? "stopped" : "running",
      source: "gcp-audit-log",
      cloudEventId: `gcp-audit:${project}:${last.operation.id}`,
    });
  }
  return out;
}

export function lookbackStart(since: number): number {
  return since - OPERATION_LOOKBACK_MS;
}
