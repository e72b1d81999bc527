// Metrics API: a database's hourly rollups (avg, max, min, samples) per metric, for charts.
import { apiRequest } from '../api.ts';
import { array, object, string, type Json } from '../parse.ts';

export const METRIC_NAMES = ['cpu', 'connections', 'read_iops', 'write_iops', 'acu'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export const METRIC_LABELS: Record<MetricName, string> = {
	cpu: 'CPU',
	connections: 'Connections',
	read_iops: 'Read IOPS',
	write_iops: 'Write IOPS',
	acu: 'Capacity (ACU)'
};

export interface MetricPoint {
	hourStart: string;
	avg: number;
	max: number;
	min: number;
	samples: number;
}

export interface MetricSeries {
	metric: MetricName;
	unit: string;
	points: MetricPoint[];
}

export interface DatabaseMetrics {
	instanceId: string;
	from: string;
	to: string;
	series: MetricSeries[];
}

function num(data: Json, key: string, what: string): number {
	const value = data[key];
	if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${what}.${key} is not a number`);
	return value;
}

function parsePoint(value: unknown, what: string): MetricPoint {
	const data = object(value, what);
	return { hourStart: string(data, 'hourStart', what), avg: num(data, 'avg', what), max: num(data, 'max', what), min: num(data, 'min', what), samples: num(data, 'samples', what) };
}

function parseSeries(value: unknown, what: string): MetricSeries {
	const data = object(value, what);
	const metric = string(data, 'metric', what);
	if (!(METRIC_NAMES as readonly string[]).includes(metric)) throw new TypeError(`${what}.metric is not one of ${METRIC_NAMES.join(', ')}`);
	return { metric: metric as MetricName, unit: string(data, 'unit', what), points: array(data, 'points', parsePoint, what) };
}

function parseMetrics(value: unknown): DatabaseMetrics {
	const what = 'metrics';
	const data = object(value, what);
	return { instanceId: string(data, 'instanceId', what), from: string(data, 'from', what), to: string(data, 'to', what), series: array(data, 'series', parseSeries, what) };
}

/** The last `days` days (default 14) of the given metrics for one database. */
export function getDatabaseMetrics(instanceId: string, metrics: readonly MetricName[], range: { from?: string; to?: string } = {}): Promise<DatabaseMetrics> {
	const query = new URLSearchParams({ metric: metrics.join(',') });
	if (range.from) query.set('from', range.from);
	if (range.to) query.set('to', range.to);
	return apiRequest(`/instances/${encodeURIComponent(instanceId)}/metrics?${query}`, parseMetrics);
}
