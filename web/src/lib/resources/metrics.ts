// Metrics API: a database's hourly rollups (avg, max, min, samples) per metric, for charts.
import { api, body, compact, type Schemas } from '../api/client.ts';

export const METRIC_NAMES = ['cpu', 'connections', 'read_iops', 'write_iops', 'acu'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export const METRIC_LABELS: Record<MetricName, string> = {
	cpu: 'CPU',
	connections: 'Connections',
	read_iops: 'Read IOPS',
	write_iops: 'Write IOPS',
	acu: 'Capacity (ACU)'
};

export type DatabaseMetrics = Schemas['DatabaseMetrics'];
export type MetricSeries = DatabaseMetrics['series'][number];
export type MetricPoint = MetricSeries['points'][number];

/** The last 14 days (or `range`) of the given metrics for one database. */
export function getDatabaseMetrics(instanceId: string, metrics: readonly MetricName[], range: { from?: string; to?: string } = {}): Promise<DatabaseMetrics> {
	return body(api.GET('/instances/{id}/metrics', { params: { path: { id: instanceId }, query: { metric: metrics.join(','), ...compact({ from: range.from, to: range.to }) } } }));
}
