/**
 * Cloud Monitoring API v3 `projects.timeSeries.list` for Cloud SQL metrics.
 *
 * Owns: the request (filter on metric.type and resource.labels.database_id — one database, or
 * several with one_of(...) so one call serves a whole project — interval,
 * aggregation.alignmentPeriod / perSeriesAligner, pageToken) and reading TimeSeries points
 * (doubleValue or int64Value). Must never: interpret units or merge series (./provider.ts does).
 */
import { CloudError } from "../errors.ts";
import type { GoogleApiClient } from "./api.ts";
import { segment } from "./sqladmin.ts";

const MAX_PAGES = 1000;

export interface TimeSeriesQuery {
  metricType: string;
  /** "{project}:{instance}"; several are matched with one_of in one call. */
  databaseId: string | string[];
  start: number;
  end: number;
  alignmentPeriodSeconds: number;
  /** ALIGN_MEAN, ALIGN_MAX, … */
  aligner: string;
}

export interface TimeSeries {
  metricType?: string;
  /** resource.labels.database_id of the series ("{project}:{instance}"). */
  databaseId?: string;
  points: { timestamp: number; value: number }[];
}

export class MonitoringClient {
  readonly project: string;
  #api: GoogleApiClient;

  constructor(api: GoogleApiClient, project: string) {
    this.#api = api;
    this.project = project;
  }

  async listTimeSeries(query: TimeSeriesQuery): Promise<TimeSeries[]> {
    const ids = [query.databaseId].flat();
    const databases = ids.length === 1 ? `"${ids[0]}"` : `one_of(${ids.map((id) => `"${id}"`).join(",")})`;
    const filter = `metric.type="${query.metricType}" AND resource.labels.database_id=${databases}`;
    const series: TimeSeries[] = [];
    const seen = new Set<string>();
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const url = this.#api.url(`/v3/projects/${segment(this.project)}/timeSeries`, {
        filter,
        "interval.startTime": new Date(query.start).toISOString(),
        "interval.endTime": new Date(query.end).toISOString(),
        "aggregation.alignmentPeriod": `${query.alignmentPeriodSeconds}s`,
        "aggregation.perSeriesAligner": query.aligner,
        pageToken,
      });
      const body = await this.#api.request("monitoring:timeSeries.list", "GET", url);
      const items = Array.isArray(body["timeSeries"]) ? (body["timeSeries"] as unknown[]) : [];
      for (const item of items) series.push(readSeries(item));
      const next = body["nextPageToken"];
      pageToken = typeof next === "string" && next !== "" ? next : undefined;
      if (!pageToken) return series;
      if (seen.has(pageToken)) break;
      seen.add(pageToken);
    }
    throw new CloudError({
      provider: "gcp",
      operation: "monitoring:timeSeries.list",
      code: "PaginationLoop",
      message: "timeSeries.list kept answering with a pageToken it had already given; reading stopped.",
      category: "protocol",
      retryable: false,
    });
  }
}

function readSeries(item: unknown): TimeSeries {
  const record = (item ?? {}) as Record<string, unknown>;
  const metric = (record["metric"] ?? {}) as Record<string, unknown>;
  const labels = (((record["resource"] ?? {}) as Record<string, unknown>)["labels"] ?? {}) as Record<string, unknown>;
  const points: TimeSeries["points"] = [];
  for (const raw of Array.isArray(record["points"]) ? record["points"] : []) {
    const point = (raw ?? {}) as Record<string, unknown>;
    const interval = (point["interval"] ?? {}) as Record<string, unknown>;
    const value = (point["value"] ?? {}) as Record<string, unknown>;
    const timestamp = Date.parse(String(interval["endTime"] ?? interval["startTime"] ?? ""));
    const number =
      typeof value["doubleValue"] === "number"
        ? value["doubleValue"]
        : value["int64Value"] !== undefined
          ? Number(value["int64Value"])
          : Number.NaN;
    if (!Number.isNaN(timestamp) && Number.isFinite(number)) points.push({ timestamp, value: number });
  }
  return {
    metricType: typeof metric["type"] === "string" ? metric["type"] : undefined,
    databaseId: typeof labels["database_id"] === "string" ? labels["database_id"] : undefined,
    points,
  };
}
