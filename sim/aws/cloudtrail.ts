// CloudTrail LookupEvents (awsJson1_1, x-amz-target com.amazonaws.cloudtrail.v20131101.
// CloudTrail_20131101.LookupEvents) over the account's recorded management events: one lookup
// attribute at most, StartTime/EndTime in epoch seconds, MaxResults 1-50, NextToken paging, newest
// first, and CloudTrail's 90-day event history. Records are written for every successful RDS
// Stop/Start call (handler.ts) and by the history generator (state/history.ts).
import type { AwsAccountConfig, TrailRecord } from "../state/model.ts";
import type { Store } from "../state/store.ts";
import { b64urlDecodeText, b64urlText, isoSeconds } from "../util.ts";
import { AwsError, type WireResponse } from "./errors.ts";

export const CLOUDTRAIL_TARGET = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";
const RETENTION_MS = 90 * 86_400_000;
const KEYS = ["EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "EventSource", "AccessKeyId"];

/** The RDS calls CloudTrail records here (the ones SnoozeQL's history cares about). */
export const TRAILED_RDS_ACTIONS = new Set(["StopDBInstance", "StartDBInstance", "StopDBCluster", "StartDBCluster"]);

function seconds(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d+(\.\d+)?$/.test(v) ? Number(v) : typeof v === "string" ? Date.parse(v) / 1000 : NaN;
  if (!Number.isFinite(n)) throw new AwsError("ValidationException", `Invalid value for ${name}.`, 400);
  return n * 1000;
}

function matches(r: TrailRecord, key: string, value: string): boolean {
  switch (key) {
    case "EventId":
      return r.eventId === value;
    case "EventName":
      return r.eventName === value;
    case "ReadOnly":
      return value === "false";
    case "Username":
      return r.userName === value;
    case "ResourceType":
      return r.resourceType === value;
    case "ResourceName":
      return r.resourceName === value;
    case "EventSource":
      return value === "rds.amazonaws.com";
    case "AccessKeyId":
      return r.accessKeyId === value;
    default:
      return false;
  }
}

export function renderTrail(cfg: AwsAccountConfig, r: TrailRecord): Record<string, unknown> {
  const event = {
    eventVersion: "1.09",
    userIdentity: {
      type: r.identityType,
      principalId: r.principalId,
      arn: r.principalArn,
      accountId: cfg.accountId,
      accessKeyId: r.accessKeyId,
      ...(r.identityType === "IAMUser" ? { userName: r.userName } : {}),
    },
    eventTime: isoSeconds(r.at),
    eventSource: "rds.amazonaws.com",
    eventName: r.eventName,
    awsRegion: r.region,
    sourceIPAddress: r.sourceIp,
    userAgent: r.userAgent,
    requestParameters: r.requestParameters,
    responseElements: null,
    requestID: r.requestId,
    eventID: r.eventId,
    readOnly: false,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: cfg.accountId,
    eventCategory: "Management",
  };
  return {
    EventId: r.eventId,
    EventName: r.eventName,
    ReadOnly: "false",
    AccessKeyId: r.accessKeyId,
    EventTime: Math.floor(r.at / 1000),
    EventSource: "rds.amazonaws.com",
    Username: r.userName,
    Resources: [{ ResourceType: r.resourceType, ResourceName: r.resourceName }],
    CloudTrailEvent: JSON.stringify(event),
  };
}

export function lookupEvents(store: Store, cfg: AwsAccountConfig, region: string, now: number, body: Record<string, unknown>): Record<string, unknown> {
  const attrs = body["LookupAttributes"];
  const list = attrs === undefined || attrs === null ? [] : attrs;
  if (!Array.isArray(list)) throw new AwsError("InvalidLookupAttributesException", "LookupAttributes must be a list.", 400);
  if (list.length > 1) throw new AwsError("InvalidLookupAttributesException", "You cannot specify more than one lookup attribute.", 400);
  const attr = list[0] as { AttributeKey?: unknown; AttributeValue?: unknown } | undefined;
  if (attr && (typeof attr.AttributeKey !== "string" || !KEYS.includes(attr.AttributeKey))) {
    throw new AwsError("InvalidLookupAttributesException", `Invalid lookup attribute key: ${String(attr.AttributeKey)}.`, 400);
  }
  if (attr && (typeof attr.AttributeValue !== "string" || attr.AttributeValue.length === 0 || attr.AttributeValue.length > 2000)) {
    throw new AwsError("InvalidLookupAttributesException", "The lookup attribute value must be 1 to 2000 characters.", 400);
  }
  const start = seconds(body["StartTime"], "StartTime");
  const end = seconds(body["EndTime"], "EndTime");
  if (start !== undefined && end !== undefined && start > end) {
    throw new AwsError("InvalidTimeRangeException", "Start time must be before end time.", 400);
  }
  const maxRaw = body["MaxResults"];
  const max = maxRaw === undefined ? 50 : Number(maxRaw);
  if (!Number.isInteger(max) || max < 1 || max > 50) {
    throw new AwsError("InvalidMaxResultsException", "MaxResults must be a number between 1 and 50.", 400);
  }
  // The token names the last event given (newest first), so events recorded meanwhile do not shift pages.
  let after: { a: number; e: string } | null = null;
  if (typeof body["NextToken"] === "string" && body["NextToken"] !== "") {
    try {
      const t = JSON.parse(b64urlDecodeText(body["NextToken"])) as { a?: unknown; e?: unknown };
      if (typeof t.a !== "number" || typeof t.e !== "string") throw new Error("bad");
      after = { a: t.a, e: t.e };
    } catch {
      throw new AwsError("InvalidNextTokenException", "Invalid NextToken.", 400);
    }
  }
  // Event history keeps 90 days; older start times simply find nothing older.
  const from = Math.max(start ?? now - RETENTION_MS, now - RETENTION_MS);
  const to = Math.min(end ?? now, now);
  let records = store.trail(region, from, to);
  if (attr) records = records.filter((r) => matches(r, attr.AttributeKey as string, attr.AttributeValue as string));
  if (after) {
    const cut = after;
    records = records.filter((r) => r.at < cut.a || (r.at === cut.a && r.eventId < cut.e));
  }
  const page = records.slice(0, max);
  const out: Record<string, unknown> = { Events: page.map((r) => renderTrail(cfg, r)) };
  const last = page[page.length - 1];
  if (records.length > max && last) out["NextToken"] = b64urlText(JSON.stringify({ a: last.at, e: last.eventId }));
  return out;
}

/** awsJson1_1 error document, as CloudTrail answers. */
export function cloudTrailError(err: AwsError, requestId: string): WireResponse {
  return {
    status: err.status,
    headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId },
    body: JSON.stringify({ __type: err.code, message: err.message }),
  };
}
