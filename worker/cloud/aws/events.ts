/**
 * An AWS account's power history from AWS's own records, for one region:
 * - RDS `DescribeEvents` (Query API; 14 days kept): "DB instance stopped" (RDS-EVENT-0087),
 *   "DB instance started" (0088), "DB instance is being started due to it exceeding the maximum
 *   allowed time being stopped." (0154) and the cluster ones (0150, 0151, 0153). Their Date is when
 *   the state was reached (or, for 0153/0154, when AWS began the forced start): true times.
 * - CloudTrail `LookupEvents` (awsJson1_1; 90 days): successful StopDBInstance / StartDBInstance /
 *   StopDBCluster / StartDBCluster calls. Their EventTime is the request time, minutes before the
 *   state is reached, so those entries are marked `approximate`. Used only for the part of the
 *   window RDS events no longer cover.
 *
 * Owns: both wire formats (DescribeEvents' Marker paging, MaxRecords 100; LookupEvents' one lookup
 * attribute, NextToken paging, MaxResults 50), validated reading of every event (an event without
 * a source or a readable date is a protocol error), the message → state mapping, and deterministic
 * cloud event ids (DescribeEvents has no event id: it is derived from the source ARN, the date and
 * the RDS event id). Must never: guess a state from an unknown message (it is skipped), or call
 * anything but RDS and CloudTrail.
 */
import { AwsClient } from "aws4fetch";
import { z } from "zod";
import { CloudError, type Redactor } from "../errors.ts";
import type { DatabaseKind, PowerHistoryEntry } from "../provider.ts";
import { fetchWithRetry, type ResolvedDeps } from "../retry.ts";
import { amzDate, endpointUrl, isoTimestamp, parseAwsError, type AwsCredentials, type AwsQueryClient, type CredentialSource } from "./sigv4-client.ts";
import { nodeList, text, textList } from "./xml.ts";

/** How long RDS keeps events, and CloudTrail its event history. */
export const RDS_EVENT_RETENTION_MS = 14 * 86_400_000;
export const CLOUDTRAIL_RETENTION_MS = 90 * 86_400_000;
const MAX_PAGES = 2_000;

interface KnownMessage {
  pattern: RegExp;
  rdsEventId: string;
  kind: DatabaseKind;
  state: "stopped" | "running";
  autoRestart?: boolean;
}

/** RDS's event messages (both the short form DescribeEvents answers with and the sentence form of the docs). */
const MESSAGES: KnownMessage[] = [
  { pattern: /^(the )?db instance (has been )?stopped\.?$/i, rdsEventId: "RDS-EVENT-0087", kind: "rds_instance", state: "stopped" },
  { pattern: /^(the )?db instance (has been )?started\.?$/i, rdsEventId: "RDS-EVENT-0088", kind: "rds_instance", state: "running" },
  { pattern: /^(the )?db instance is being started due to it exceeding the maximum allowed time being stopped\.?$/i, rdsEventId: "RDS-EVENT-0154", kind: "rds_instance", state: "running", autoRestart: true },
  { pattern: /^(the )?db cluster (has been )?stopped\.?$/i, rdsEventId: "RDS-EVENT-0150", kind: "aurora_cluster", state: "stopped" },
  { pattern: /^(the )?db cluster (has been )?started\.?$/i, rdsEventId: "RDS-EVENT-0151", kind: "aurora_cluster", state: "running" },
  { pattern: /^(the )?db cluster is being started due to it exceeding the maximum allowed time being stopped\.?$/i, rdsEventId: "RDS-EVENT-0153", kind: "aurora_cluster", state: "running", autoRestart: true },
];

export interface RdsEvent {
  sourceId: string;
  sourceType: string;
  sourceArn?: string;
  message: string;
  categories: string[];
  date: number;
}

/** RDS DescribeEvents for one region, all pages. `source` narrows to one database. */
export async function describeEvents(
  rds: AwsQueryClient,
  window: { start: number; end: number },
  source?: { type: "db-instance" | "db-cluster"; id: string },
): Promise<RdsEvent[]> {
  const events: RdsEvent[] = [];
  const seen = new Set<string>();
  let marker: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { result } = await rds.call("DescribeEvents", {
      StartTime: isoTimestamp(window.start),
      EndTime: isoTimestamp(window.end),
      "EventCategories.EventCategory.1": "notification",
      SourceType: source?.type,
      SourceIdentifier: source?.id,
      MaxRecords: 100,
      Marker: marker,
    });
    for (const node of nodeList(result, "Events", "Event")) {
      const sourceId = text(node, "SourceIdentifier");
      const date = Date.parse(text(node, "Date") ?? "");
      if (!sourceId || Number.isNaN(date)) throw malformed("rds:DescribeEvents", "an Event without SourceIdentifier or a readable Date");
      events.push({
        sourceId,
        sourceType: text(node, "SourceType") ?? "",
        sourceArn: text(node, "SourceArn"),
        message: text(node, "Message") ?? "",
        categories: textList(node, "EventCategories", "EventCategory"),
        date,
      });
    }
    marker = text(result, "Marker");
    if (!marker) return events;
    if (seen.has(marker)) throw paginationLoop("rds:DescribeEvents");
    seen.add(marker);
  }
  throw paginationLoop("rds:DescribeEvents");
}

/** RDS events that say a database stopped or started, as history entries (others are skipped). */
export function entriesFromRdsEvents(events: RdsEvent[], region: string): PowerHistoryEntry[] {
  const out: PowerHistoryEntry[] = [];
  for (const e of events) {
    const known = MESSAGES.find((m) => m.pattern.test(e.message.trim()));
    if (!known) continue;
    if ((known.kind === "aurora_cluster") !== (e.sourceType === "db-cluster")) continue;
    const entry: PowerHistoryEntry = {
      externalId: e.sourceId,
      kind: known.kind,
      region,
      at: e.date,
      state: known.state,
      source: "rds-event",
      cloudEventId: `${known.rdsEventId}:${e.sourceArn ?? `${region}:${e.sourceType}:${e.sourceId}`}:${e.date}`,
    };
    if (known.autoRestart) entry.autoRestart = true;
    out.push(entry);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// CloudTrail

export const CLOUDTRAIL_TARGET = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";
export const POWER_EVENT_NAMES = ["StopDBInstance", "StartDBInstance", "StopDBCluster", "StartDBCluster"] as const;

const TrailEventSchema = z.object({
  EventId: z.string().min(1),
  EventName: z.string().min(1),
  EventTime: z.number(),
  EventSource: z.string().optional(),
  Resources: z.array(z.object({ ResourceType: z.string().optional(), ResourceName: z.string().optional() })).optional(),
  CloudTrailEvent: z.string().optional(),
});
const LookupEventsSchema = z.object({ Events: z.array(TrailEventSchema).default([]), NextToken: z.string().optional() });
/** The parts of the CloudTrail record we read (the rest is ignored). */
const TrailRecordSchema = z.object({
  errorCode: z.string().optional(),
  requestParameters: z.record(z.string(), z.unknown()).nullable().optional(),
});

export type TrailEvent = z.infer<typeof TrailEventSchema>;

export interface JsonClientOptions {
  region: string;
  endpoint?: string | null;
  credentials: CredentialSource;
  deps: ResolvedDeps;
  redactor: Redactor;
}

/** CloudTrail's awsJson1_1 protocol for one region: SigV4 (service "cloudtrail"), JSON in and out. */
export class CloudTrailClient {
  readonly region: string;
  readonly url: string;
  #options: JsonClientOptions;
  #signer: { credentials: AwsCredentials; client: AwsClient } | undefined;

  constructor(options: JsonClientOptions) {
    this.region = options.region;
    this.url = endpointUrl("cloudtrail", options.region, options.endpoint);
    this.#options = options;
  }

  async lookupEvents(input: { start: number; end: number; attribute?: { key: "EventName" | "ResourceName"; value: string } }): Promise<TrailEvent[]> {
    const events: TrailEvent[] = [];
    const seen = new Set<string>();
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = JSON.stringify({
        StartTime: input.start / 1000,
        EndTime: input.end / 1000,
        MaxResults: 50,
        ...(input.attribute && { LookupAttributes: [{ AttributeKey: input.attribute.key, AttributeValue: input.attribute.value }] }),
        ...(nextToken && { NextToken: nextToken }),
      });
      const answer = await fetchWithRetry(
        {
          provider: "aws",
          operation: "cloudtrail:LookupEvents",
          redactor: this.#options.redactor,
          parseError: parseAwsError,
          build: () => this.#sign(body),
        },
        this.#options.deps,
      );
      let raw: unknown;
      try {
        raw = JSON.parse(answer.text);
      } catch {
        throw malformed("cloudtrail:LookupEvents", "a body that is not JSON");
      }
      const parsed = LookupEventsSchema.safeParse(raw);
      if (!parsed.success) throw malformed("cloudtrail:LookupEvents", "a LookupEvents answer of an unexpected shape");
      events.push(...parsed.data.Events);
      nextToken = parsed.data.NextToken || undefined;
      if (!nextToken) return events;
      if (seen.has(nextToken)) throw paginationLoop("cloudtrail:LookupEvents");
      seen.add(nextToken);
    }
    throw paginationLoop("cloudtrail:LookupEvents");
  }

  async #sign(body: string): Promise<Request> {
    const credentials = await this.#options.credentials.get();
    if (this.#signer?.credentials !== credentials) {
      this.#signer = {
        credentials,
        client: new AwsClient({ ...credentials, service: "cloudtrail", region: this.region, retries: 0 }),
      };
    }
    return this.#signer.client.sign(this.url, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `${CLOUDTRAIL_TARGET}.LookupEvents` },
      body,
      aws: { datetime: amzDate(this.#options.deps.now()) },
    });
  }
}

/**
 * Successful stop/start calls as history entries, marked approximate: CloudTrail's time is when
 * the request was made. Failed calls (errorCode in the record) changed nothing and are skipped.
 */
export function entriesFromTrail(events: TrailEvent[], region: string): PowerHistoryEntry[] {
  const out: PowerHistoryEntry[] = [];
  for (const e of events) {
    const name = e.EventName;
    if (!(POWER_EVENT_NAMES as readonly string[]).includes(name)) continue;
    const cluster = name.endsWith("DBCluster");
    let record: z.infer<typeof TrailRecordSchema> = {};
    if (e.CloudTrailEvent) {
      try {
        const parsed = TrailRecordSchema.safeParse(JSON.parse(e.CloudTrailEvent));
        if (parsed.success) record = parsed.data;
      } catch {
        // An unreadable record still has the lookup fields; read those.
      }
    }
    if (record.errorCode) continue;
    const param = record.requestParameters?.[cluster ? "dBClusterIdentifier" : "dBInstanceIdentifier"];
    const resource = e.Resources?.find((r) => r.ResourceType === (cluster ? "AWS::RDS::DBCluster" : "AWS::RDS::DBInstance"))?.ResourceName;
    const raw = typeof param === "string" ? param : resource;
    if (!raw) continue;
    const externalId = raw.startsWith("arn:") ? raw.split(":").slice(6).join(":") : raw;
    out.push({
      externalId,
      kind: cluster ? "aurora_cluster" : "rds_instance",
      region,
      at: Math.round(e.EventTime * 1000),
      state: name.startsWith("Stop") ? "stopped" : "running",
      source: "cloudtrail",
      approximate: true,
      cloudEventId: `cloudtrail:${e.EventId}`,
    });
  }
  return out;
}

function malformed(operation: string, what: string): CloudError {
  return new CloudError({
    provider: "aws",
    operation,
    code: "MalformedResponse",
    message: `${operation} answered with ${what}.`,
    category: "protocol",
    retryable: false,
  });
}

function paginationLoop(operation: string): CloudError {
  return new CloudError({
    provider: "aws",
    operation,
    code: "PaginationLoop",
    message: `${operation} kept answering with a page token it had already given; reading stopped.`,
    category: "protocol",
    retryable: false,
  });
}
