// Cloud Monitoring v3 projects.timeSeries.list for Cloud SQL: CPU utilization, connections,
// PostgreSQL backends, memory utilization and up, filtered by metric type and database_id,
// aligned per alignmentPeriod/perSeriesAligner, newest point first, pageSize/pageToken paging.
import type { GcpProjectConfig, SqlInstance } from "../state/model.ts";
import { resKey, SQL_REGION, type Store } from "../state/store.ts";
import { type MetricKind, series, sqlTierInfo } from "../state/usage.ts";
import { b64urlDecodeText, b64urlText, isoMillis } from "../util.ts";
import { GcpError } from "./errors.ts";
import { settleGcp } from "../state/lifecycle.ts";

interface MetricDef {
  kind: MetricKind | "up" | "memUtil";
  valueType: "DOUBLE" | "INT64";
  unit: string;
  transform: (v: number, i: SqlInstance) => number;
  engines?: string[];
}

const METRICS: Record<string, MetricDef> = {
  "cloudsql.googleapis.com/database/cpu/utilization": { kind: "cpu", valueType: "DOUBLE", unit: "10^2.%", transform: (v) => v / 100 },
  "cloudsql.googleapis.com/database/network/connections": { kind: "connections", valueType: "INT64", unit: "1", transform: (v) => Math.round(v) },
  "cloudsql.googleapis.com/database/postgresql/num_backends": {
    kind: "connections",
    valueType: "INT64",
    unit: "1",
    transform: (v) => Math.round(v) + 4,
    engines: ["POSTGRES"],
  },
  "cloudsql.googleapis.com/database/memory/utilization": {
    kind: "memUtil",
    valueType: "DOUBLE",
    unit: "10^2.%",
    transform: (v, i) => Math.round((1 - v / (sqlTierInfo(i.tier).memGiB * 1024 ** 3)) * 10000) / 10000,
  },
  "cloudsql.googleapis.com/database/up": { kind: "up", valueType: "INT64", unit: "1", transform: () => 1 },
};

const ALIGNERS: Record<string, string> = {
  ALIGN_MEAN: "Average",
  ALIGN_MAX: "Maximum",
  ALIGN_MIN: "Minimum",
  ALIGN_SUM: "Sum",
  ALIGN_COUNT: "SampleCount",
  ALIGN_PERCENTILE_99: "p99",
  ALIGN_PERCENTILE_95: "p95",
  ALIGN_PERCENTILE_50: "p50",
};

function invalid(message: string): GcpError {
  return new GcpError(400, "INVALID_ARGUMENT", "badRequest", message);
}

interface ParsedFilter {
  metricType: string;
  resourceType: string | null;
  databaseIds: string[] | null;
  region: string | null;
}

/** The subset of the monitoring filter language the Cloud SQL use needs: = terms joined by AND. */
export function parseFilter(filter: string): ParsedFilter {
  const out: ParsedFilter = { metricType: "", resourceType: null, databaseIds: null, region: null };
  const terms = filter.split(/\s+AND\s+/i).map((t) => t.trim()).filter((t) => t.length > 0);
  for (const t of terms) {
    const oneOf = /^([a-z_.]+)\s*=\s*one_of\((.*)\)$/.exec(t);
    const m = oneOf ?? /^([a-z_.]+)\s*=\s*"([^"]*)"$/.exec(t);
    if (!m) throw invalid(`Field filter had an invalid value of "${filter}": could not parse the term ${t}.`);
    const field = m[1]!;
    const values = oneOf ? [...m[2]!.matchAll(/"([^"]*)"/g)].map((v) => v[1]!) : [m[2]!];
    switch (field) {
      case "metric.type":
        out.metricType = values[0] ?? "";
        break;
      case "resource.type":
        out.resourceType = values[0] ?? "";
        break;
      case "resource.labels.database_id":
      case "resource.label.database_id":
        out.databaseIds = values;
        break;
      case "resource.labels.region":
      case "resource.label.region":
        out.region = values[0] ?? "";
        break;
      case "resource.labels.project_id":
      case "resource.label.project_id":
        break;
      default:
        throw invalid(`Field filter had an invalid value of "${filter}": unsupported field ${field}.`);
    }
  }
  if (!out.metricType) throw invalid(`Field filter had an invalid value of "${filter}": a metric.type restriction is required.`);
  return out;
}

function duration(s: string | null, name: string): number | null {
  if (s === null) return null;
  const m = /^(\d+)(?:\.\d+)?s$/.exec(s);
  if (!m) throw invalid(`Field ${name} had an invalid value of "${s}".`);
  return Number(m[1]);
}

export function listTimeSeries(store: Store, cfg: GcpProjectConfig, now: number, q: URLSearchParams): unknown {
  settleGcp(store, cfg, now);
  const filterRaw = q.get("filter");
  if (!filterRaw) throw invalid("Field filter had an invalid value of \"\": must be specified.");
  const f = parseFilter(filterRaw);
  const endRaw = q.get("interval.endTime");
  if (!endRaw) throw invalid("Field interval.endTime had an invalid value of \"\": must be specified.");
  const end = Date.parse(endRaw);
  if (Number.isNaN(end)) throw invalid(`Field interval.endTime had an invalid value of "${endRaw}".`);
  const startRaw = q.get("interval.startTime");
  const start = startRaw === null ? end : Date.parse(startRaw);
  if (Number.isNaN(start)) throw invalid(`Field interval.startTime had an invalid value of "${startRaw}".`);
  if (start > end) throw invalid("The start time must be before the end time.");
  const aligner = q.get("aggregation.perSeriesAligner") ?? "ALIGN_NONE";
  const period = duration(q.get("aggregation.alignmentPeriod"), "aggregation.alignmentPeriod");
  if (aligner !== "ALIGN_NONE" && !ALIGNERS[aligner]) throw invalid(`Field aggregation.perSeriesAligner had an invalid value of "${aligner}".`);
  if (aligner !== "ALIGN_NONE" && period === null) throw invalid("The alignment period must be specified when an aligner is used.");
  if (period !== null && period < 60) throw invalid("The alignment period must be at least 60 seconds.");
  const stat = aligner === "ALIGN_NONE" ? "Average" : ALIGNERS[aligner]!;
  const periodSec = aligner === "ALIGN_NONE" ? 60 : period!;
  const headersOnly = q.get("view") === "HEADERS";
  const pageSize = Math.min(100_000, Math.max(1, Number(q.get("pageSize") ?? 100_000)));

  const def = METRICS[f.metricType];
  const out: Record<string, unknown> = {};
  if (!def || (f.resourceType !== null && f.resourceType !== "cloudsql_database")) {
    return out;
  }
  let instances = store.list<SqlInstance>("sql-instance", null);
  if (f.databaseIds) instances = instances.filter((i) => f.databaseIds!.includes(`${cfg.projectId}:${i.name}`));
  if (f.region) instances = instances.filter((i) => i.region === f.region);
  if (def.engines) instances = instances.filter((i) => def.engines!.some((e) => i.databaseVersion.startsWith(e)));

  const all: { inst: SqlInstance; points: { t: number; v: number }[] }[] = [];
  for (const inst of instances) {
    const key = resKey("sql-instance", SQL_REGION, inst.name);
    const kind: MetricKind = def.kind === "up" ? "cpu" : def.kind === "memUtil" ? "freeMemory" : def.kind;
    // A window of one instant (no startTime) reads the latest sample.
    const from = start === end ? end - periodSec * 1000 : start;
    const pts = series({
      kind,
      usage: inst.usage,
      resourceKey: key,
      seed: cfg.seed,
      cls: sqlTierInfo(inst.tier),
      power: store.power(key),
      createdAt: inst.createdAt,
      now,
      start: from,
      end,
      periodSec,
      stat,
    }).map((p) => ({ t: p.t + periodSec * 1000, v: def.transform(p.v, inst) }));
    if (pts.length > 0) all.push({ inst, points: pts.reverse() });
  }
  // Paging: points (FULL view) or series (HEADERS view) per page.
  let skip = 0;
  const tok = q.get("pageToken");
  if (tok) {
    const n = Number(b64urlDecodeText(tok));
    if (!Number.isInteger(n) || n < 0) throw invalid("Field pageToken had an invalid value.");
    skip = n;
  }
  const seriesOut: unknown[] = [];
  let budget = pageSize;
  let consumed = 0;
  let next: number | null = null;
  for (const s of all) {
    const size = headersOnly ? 1 : s.points.length;
    if (consumed + size <= skip) {
      consumed += size;
      continue;
    }
    const from = Math.max(0, skip - consumed);
    const take = headersOnly ? 1 : Math.min(budget, size - from);
    const pts = headersOnly ? [] : s.points.slice(from, from + take);
    const ts: Record<string, unknown> = {
      metric: { type: f.metricType, labels: {} },
      resource: { type: "cloudsql_database", labels: { project_id: cfg.projectId, database_id: `${cfg.projectId}:${s.inst.name}`, region: s.inst.region } },
      metricKind: "GAUGE",
      valueType: def.valueType,
    };
    if (!headersOnly) {
      ts["points"] = pts.map((p) => ({
        interval: { startTime: isoMillis(p.t), endTime: isoMillis(p.t) },
        value: def.valueType === "DOUBLE" ? { doubleValue: p.v } : { int64Value: String(p.v) },
      }));
    }
    seriesOut.push(ts);
    budget -= take;
    consumed += from + take;
    if (budget <= 0) {
      const total = all.reduce((a, x) => a + (headersOnly ? 1 : x.points.length), 0);
      if (consumed < total) next = consumed;
      break;
    }
  }
  if (seriesOut.length > 0) out["timeSeries"] = seriesOut;
  out["unit"] = def.unit;
  if (next !== null) out["nextPageToken"] = b64urlText(String(next));
  return out;
}
