// CloudWatch GetMetricData for the AWS/RDS namespace, over both wire protocols CloudWatch accepts:
// Query (form + XML) and awsJson1_0 (x-amz-target GraniteServiceVersion20100801.GetMetricData,
// which @aws-sdk/client-cloudwatch v3 sends). Up to 500 queries, MaxDatapoints + NextToken paging.
import type { AwsAccountConfig, DbCluster, DbInstance } from "../state/model.ts";
import { resKey, type Store } from "../state/store.ts";
import { type MetricKind, rdsClassInfo, series } from "../state/usage.ts";
import { b64urlDecodeText, b64urlText, fnv1a, isoSeconds } from "../util.ts";
import { AwsError } from "./errors.ts";
import { type QueryParams, x, xlist, type XmlValue } from "./xml.ts";

export const CW_XMLNS = "http://monitoring.amazonaws.com/doc/2010-08-01/";
export const CW_JSON_TARGET = "GraniteServiceVersion20100801";

interface Dimension {
  Name: string;
  Value: string;
}

interface MetricQuery {
  Id: string;
  Label?: string;
  ReturnData?: boolean;
  Expression?: string;
  MetricStat?: {
    Metric: { Namespace?: string; MetricName?: string; Dimensions?: Dimension[] };
    Period: number;
    Stat: string;
    Unit?: string;
  };
}

export interface GetMetricDataInput {
  MetricDataQueries: MetricQuery[];
  StartTime: number; // ms
  EndTime: number; // ms
  NextToken?: string;
  ScanBy?: string;
  MaxDatapoints?: number;
}

interface MetricResult {
  Id: string;
  Label: string;
  Timestamps: number[]; // ms
  Values: number[];
  StatusCode: "Complete" | "PartialData";
}

export interface CwCtx {
  store: Store;
  cfg: AwsAccountConfig;
  region: string;
  now: number;
}

const METRICS: Record<string, MetricKind> = {
  CPUUtilization: "cpu",
  DatabaseConnections: "connections",
  ReadIOPS: "readIops",
  WriteIOPS: "writeIops",
  FreeableMemory: "freeMemory",
  ServerlessDatabaseCapacity: "acu",
};

// ---- decoding -----------------------------------------------------------------------------------

function toMs(v: unknown, name: string): number {
  if (typeof v === "number") return v * 1000;
  if (typeof v === "string") {
    const n = Number(v);
    const t = Number.isFinite(n) && /^\d+(\.\d+)?$/.test(v) ? n * 1000 : Date.parse(v);
    if (!Number.isNaN(t)) return t;
  }
  throw new AwsError("InvalidParameterValue", `The parameter ${name} must be a valid timestamp.`, 400);
}

export function decodeQueryInput(p: QueryParams): GetMetricDataInput {
  const queries: MetricQuery[] = p.list("MetricDataQueries", "member").map((q) => {
    const dims = p.list(`${q}.MetricStat.Metric.Dimensions`, "member").map((d) => ({
      Name: p.get(`${d}.Name`) ?? "",
      Value: p.get(`${d}.Value`) ?? "",
    }));
    const hasStat = p.has(`${q}.MetricStat.Period`) || p.has(`${q}.MetricStat.Stat`) || p.has(`${q}.MetricStat.Metric.MetricName`);
    const out: MetricQuery = { Id: p.get(`${q}.Id`) ?? "" };
    const label = p.get(`${q}.Label`);
    if (label !== undefined) out.Label = label;
    const rd = p.get(`${q}.ReturnData`);
    if (rd !== undefined) out.ReturnData = rd === "true";
    const expr = p.get(`${q}.Expression`);
    if (expr !== undefined) out.Expression = expr;
    if (hasStat) {
      const ms: NonNullable<MetricQuery["MetricStat"]> = {
        Metric: { Dimensions: dims },
        Period: Number(p.get(`${q}.MetricStat.Period`)),
        Stat: p.get(`${q}.MetricStat.Stat`) ?? "",
      };
      const ns = p.get(`${q}.MetricStat.Metric.Namespace`);
      if (ns !== undefined) ms.Metric.Namespace = ns;
      const mn = p.get(`${q}.MetricStat.Metric.MetricName`);
      if (mn !== undefined) ms.Metric.MetricName = mn;
      const unit = p.get(`${q}.MetricStat.Unit`);
      if (unit !== undefined) ms.Unit = unit;
      out.MetricStat = ms;
    }
    return out;
  });
  const input: GetMetricDataInput = {
    MetricDataQueries: queries,
    StartTime: p.has("StartTime") ? toMs(p.get("StartTime"), "StartTime") : NaN,
    EndTime: p.has("EndTime") ? toMs(p.get("EndTime"), "EndTime") : NaN,
  };
  const nt = p.get("NextToken");
  if (nt !== undefined) input.NextToken = nt;
  const sb = p.get("ScanBy");
  if (sb !== undefined) input.ScanBy = sb;
  const md = p.get("MaxDatapoints");
  if (md !== undefined) input.MaxDatapoints = Number(md);
  return input;
}

export function decodeJsonInput(body: Record<string, unknown>): GetMetricDataInput {
  const qs = body["MetricDataQueries"];
  const input: GetMetricDataInput = {
    MetricDataQueries: Array.isArray(qs) ? (qs as MetricQuery[]) : [],
    StartTime: body["StartTime"] === undefined ? NaN : toMs(body["StartTime"], "StartTime"),
    EndTime: body["EndTime"] === undefined ? NaN : toMs(body["EndTime"], "EndTime"),
  };
  if (typeof body["NextToken"] === "string") input.NextToken = body["NextToken"];
  if (typeof body["ScanBy"] === "string") input.ScanBy = body["ScanBy"];
  if (typeof body["MaxDatapoints"] === "number") input.MaxDatapoints = body["MaxDatapoints"];
  return input;
}

// ---- evaluation ---------------------------------------------------------------------------------

function validate(input: GetMetricDataInput): void {
  const qs = input.MetricDataQueries;
  if (qs.length === 0) {
    throw new AwsError("MissingParameter", "The parameter MetricDataQueries is required.", 400);
  }
  if (qs.length > 500) {
    throw new AwsError(
      "ValidationError",
      `1 validation error detected: Value at 'metricDataQueries' failed to satisfy constraint: Member must have length less than or equal to 500`,
      400,
    );
  }
  if (Number.isNaN(input.StartTime)) throw new AwsError("MissingParameter", "The parameter StartTime is required.", 400);
  if (Number.isNaN(input.EndTime)) throw new AwsError("MissingParameter", "The parameter EndTime is required.", 400);
  if (input.StartTime >= input.EndTime) {
    throw new AwsError("InvalidParameterValue", "The parameter StartTime must be less than the parameter EndTime.", 400);
  }
  if (input.ScanBy !== undefined && input.ScanBy !== "TimestampDescending" && input.ScanBy !== "TimestampAscending") {
    throw new AwsError("ValidationError", `1 validation error detected: Value '${input.ScanBy}' at 'scanBy' failed to satisfy constraint: Member must satisfy enum value set: [TimestampDescending, TimestampAscending]`, 400);
  }
  const ids = new Set<string>();
  qs.forEach((q, n) => {
    const at = `MetricDataQueries.member.${n + 1}`;
    if (typeof q.Id !== "string" || !/^[a-z][a-zA-Z0-9_]*$/.test(q.Id)) {
      throw new AwsError("ValidationError", `The value ${String(q.Id)} for parameter ${at}.Id is not valid. It must start with a lowercase letter and contain only letters, numbers and underscores.`, 400);
    }
    if (ids.has(q.Id)) throw new AwsError("ValidationError", `The values for parameter id in MetricDataQueries are not unique.`, 400);
    ids.add(q.Id);
    if (q.Expression !== undefined) {
      throw new AwsError("InvalidParameterValue", `${at}: metric math expressions are not supported by the simulator; use MetricStat.`, 400);
    }
    const ms = q.MetricStat;
    if (!ms) throw new AwsError("InvalidParameterCombination", `Exactly one element of ${at}.MetricStat or ${at}.Expression must be specified.`, 400);
    if (!ms.Metric?.MetricName) throw new AwsError("MissingParameter", `The parameter ${at}.MetricStat.Metric.MetricName is required.`, 400);
    const p = Number(ms.Period);
    if (!Number.isInteger(p) || p < 1 || !([1, 5, 10, 30].includes(p) || p % 60 === 0)) {
      throw new AwsError("InvalidParameterValue", `The parameter ${at}.MetricStat.Period must be 1, 5, 10, 30, or a multiple of 60.`, 400);
    }
    if (!/^(Average|Sum|Minimum|Maximum|SampleCount|p\d{1,2}(\.\d+)?|p100)$/.test(ms.Stat ?? "")) {
      throw new AwsError("InvalidParameterValue", `The parameter ${at}.MetricStat.Stat must be a valid statistic.`, 400);
    }
  });
}

function seriesFor(c: CwCtx, q: MetricQuery, input: GetMetricDataInput): { t: number; v: number }[] {
  const ms = q.MetricStat!;
  if (ms.Metric.Namespace !== "AWS/RDS") return [];
  const kind = METRICS[ms.Metric.MetricName ?? ""];
  if (!kind) return [];
  const dims = ms.Metric.Dimensions ?? [];
  if (dims.length !== 1) return []; // only the per-instance / per-cluster series are simulated
  const d = dims[0]!;
  if (ms.Period < 60) return []; // RDS publishes 1-minute metrics
  const base = { seed: c.cfg.seed, now: c.now, start: input.StartTime, end: input.EndTime, periodSec: ms.Period, stat: ms.Stat };
  if (d.Name === "DBInstanceIdentifier") {
    const i = c.store.get<DbInstance>("db-instance", c.region, d.Value);
    if (!i || kind === "acu") return [];
    const key = resKey("db-instance", i.region, i.id);
    return series({ ...base, kind, usage: i.usage, resourceKey: key, cls: rdsClassInfo(i.instanceClass), power: c.store.power(key), createdAt: i.createdAt });
  }
  if (d.Name === "DBClusterIdentifier") {
    const cl = c.store.get<DbCluster>("db-cluster", c.region, d.Value);
    if (!cl) return [];
    if (kind === "acu" && !cl.serverlessV2) return [];
    const key = resKey("db-cluster", cl.region, cl.id);
    const writer = cl.members.find((m) => m.writer);
    const wi = writer ? c.store.get<DbInstance>("db-instance", cl.region, writer.id) : null;
    const req = { ...base, kind, usage: cl.usage, resourceKey: key, cls: rdsClassInfo(wi?.instanceClass ?? "db.r6g.large"), power: c.store.power(key), createdAt: cl.createdAt };
    return series(cl.serverlessV2 ? { ...req, acu: { min: cl.serverlessV2.min, max: cl.serverlessV2.max } } : req);
  }
  return [];
}

interface Token {
  q: number;
  o: number;
  h: number;
}

function requestHash(input: GetMetricDataInput): number {
  return fnv1a(JSON.stringify([input.MetricDataQueries.map((q) => q.Id), input.StartTime, input.EndTime, input.ScanBy ?? ""]));
}

export function getMetricData(c: CwCtx, input: GetMetricDataInput): { results: MetricResult[]; nextToken: string | null } {
  validate(input);
  const h = requestHash(input);
  let pos: Token = { q: 0, o: 0, h };
  if (input.NextToken !== undefined) {
    try {
      pos = JSON.parse(b64urlDecodeText(input.NextToken)) as Token;
    } catch {
      throw new AwsError("InvalidNextToken", "The service can not process the NextToken.", 400);
    }
    if (pos.h !== h || typeof pos.q !== "number" || typeof pos.o !== "number") {
      throw new AwsError("InvalidNextToken", "The NextToken does not match this request.", 400);
    }
  }
  const max = input.MaxDatapoints ?? 100_800;
  if (!Number.isInteger(max) || max < 1) throw new AwsError("InvalidParameterValue", "The parameter MaxDatapoints must be a positive integer.", 400);
  const descending = (input.ScanBy ?? "TimestampDescending") === "TimestampDescending";
  let budget = max;
  const results: MetricResult[] = [];
  let next: Token | null = null;
  const qs = input.MetricDataQueries;
  for (let qi = pos.q; qi < qs.length; qi++) {
    const q = qs[qi]!;
    if (q.ReturnData === false) continue;
    const pts = seriesFor(c, q, input);
    if (descending) pts.reverse();
    const from = qi === pos.q ? pos.o : 0;
    const take = pts.slice(from, from + budget);
    budget -= take.length;
    const partial = from + take.length < pts.length;
    results.push({
      Id: q.Id,
      Label: q.Label ?? q.MetricStat?.Metric.MetricName ?? q.Id,
      Timestamps: take.map((p) => p.t),
      Values: take.map((p) => p.v),
      StatusCode: partial ? "PartialData" : "Complete",
    });
    if (partial) {
      next = { q: qi, o: from + take.length, h };
      break;
    }
    if (budget <= 0 && qi + 1 < qs.length) {
      next = { q: qi + 1, o: 0, h };
      break;
    }
  }
  return { results, nextToken: next ? b64urlText(JSON.stringify(next)) : null };
}

// ---- encoding -----------------------------------------------------------------------------------

export function renderQuery(out: { results: MetricResult[]; nextToken: string | null }): XmlValue {
  return [
    xlist("MetricDataResults", "member", out.results, (r) => [
      x("Id", r.Id),
      x("Label", r.Label),
      xlist("Timestamps", "member", r.Timestamps, (t) => isoSeconds(t)),
      xlist("Values", "member", r.Values, (v) => String(v)),
      x("StatusCode", r.StatusCode),
    ]),
    x("NextToken", out.nextToken),
    x("Messages", []),
  ];
}

export function renderJson(out: { results: MetricResult[]; nextToken: string | null }): unknown {
  const body: Record<string, unknown> = {
    MetricDataResults: out.results.map((r) => ({
      Id: r.Id,
      Label: r.Label,
      Timestamps: r.Timestamps.map((t) => t / 1000),
      Values: r.Values,
      StatusCode: r.StatusCode,
      Messages: [],
    })),
    Messages: [],
  };
  if (out.nextToken) body["NextToken"] = out.nextToken;
  return body;
}
