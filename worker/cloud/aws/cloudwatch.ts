/**
 * CloudWatch GetMetricData for one region, over the AWS Query protocol
 * (`Action=GetMetricData&Version=2010-08-01`, XML answer). CloudWatch also accepts JSON 1.0 (the
 * protocol current AWS SDKs send), but still answers the Query protocol, which keeps every AWS
 * call in SnoozeQL on one wire format.
 *
 * Owns: serializing MetricDataQueries (at most 500 per call, as CloudWatch allows), following
 * NextToken, and pairing each result's Timestamps with its Values. Must never: interpret the
 * numbers (units and names are ./provider.ts's business) or call anything but CloudWatch.
 */
import { CloudError } from "../errors.ts";
import { isoTimestamp, type AwsQueryClient, type QueryParams } from "./sigv4-client.ts";
import { nodeList, text, textList } from "./xml.ts";

export const CLOUDWATCH_VERSION = "2010-08-01";
export const MAX_QUERIES_PER_CALL = 500;
const MAX_PAGES = 1000;

export interface MetricDataQuery {
  /** Lower-case first letter, [a-zA-Z0-9_]; unique within one GetMetricData call. */
  id: string;
  namespace: string;
  metricName: string;
  dimensions: { name: string; value: string }[];
  periodSeconds: number;
  /** Average, Maximum, Sum, … */
  stat: string;
}

export interface MetricDataResult {
  id: string;
  label?: string;
  /** Complete, PartialData, InternalError, Forbidden (the last status seen across pages). */
  statusCode?: string;
  points: { timestamp: number; value: number }[];
}

export class CloudWatchClient {
  readonly region: string;
  #client: AwsQueryClient;

  constructor(client: AwsQueryClient) {
    this.#client = client;
    this.region = client.region;
  }

  /** Runs any number of queries (500 per call), following NextToken; results keyed by query id. */
  async getMetricData(queries: MetricDataQuery[], start: number, end: number): Promise<Map<string, MetricDataResult>> {
    const results = new Map<string, MetricDataResult>();
    for (let offset = 0; offset < queries.length; offset += MAX_QUERIES_PER_CALL) {
      const chunk = queries.slice(offset, offset + MAX_QUERIES_PER_CALL);
      await this.#runChunk(chunk, start, end, results);
    }
    return results;
  }

  async #runChunk(
    chunk: MetricDataQuery[],
    start: number,
    end: number,
    results: Map<string, MetricDataResult>,
  ): Promise<void> {
    const params: QueryParams = {
      StartTime: isoTimestamp(start),
      EndTime: isoTimestamp(end),
      ScanBy: "TimestampAscending",
    };
    chunk.forEach((query, i) => {
      const prefix = `MetricDataQueries.member.${i + 1}`;
      params[`${prefix}.Id`] = query.id;
      params[`${prefix}.MetricStat.Metric.Namespace`] = query.namespace;
      params[`${prefix}.MetricStat.Metric.MetricName`] = query.metricName;
      query.dimensions.forEach((dimension, j) => {
        params[`${prefix}.MetricStat.Metric.Dimensions.member.${j + 1}.Name`] = dimension.name;
        params[`${prefix}.MetricStat.Metric.Dimensions.member.${j + 1}.Value`] = dimension.value;
      });
      params[`${prefix}.MetricStat.Period`] = query.periodSeconds;
      params[`${prefix}.MetricStat.Stat`] = query.stat;
      params[`${prefix}.ReturnData`] = true;
    });

    const seen = new Set<string>();
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const { result } = await this.#client.call("GetMetricData", { ...params, NextToken: nextToken });
      for (const node of nodeList(result, "MetricDataResults", "member")) {
        const id = text(node, "Id");
        if (!id) continue;
        const entry = results.get(id) ?? { id, points: [] };
        entry.label = text(node, "Label") ?? entry.label;
        entry.statusCode = text(node, "StatusCode") ?? entry.statusCode;
        const timestamps = textList(node, "Timestamps", "member");
        const values = textList(node, "Values", "member");
        for (let i = 0; i < Math.min(timestamps.length, values.length); i++) {
          const timestamp = Date.parse(timestamps[i] ?? "");
          const value = Number(values[i]);
          if (!Number.isNaN(timestamp) && Number.isFinite(value)) entry.points.push({ timestamp, value });
        }
        results.set(id, entry);
      }
      nextToken = text(result, "NextToken");
      if (!nextToken) return;
      if (seen.has(nextToken)) break;
      seen.add(nextToken);
    }
    throw new CloudError({
      provider: "aws",
      operation: "monitoring:GetMetricData",
      code: "PaginationLoop",
      message: "GetMetricData kept answering with a NextToken it had already given; reading stopped.",
      category: "protocol",
      retryable: false,
    });
  }
}
