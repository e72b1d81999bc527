// Policies API: list, create, replace, delete, a dry evaluation now (with the hourly values each
// rule saw) and the history of firings. The rule vocabulary mirrors worker/policies/model.ts
// (the server validates and names the field of every problem).
import { api, body, type Schemas } from '../api/client.ts';

import { METRIC_LABELS, METRIC_NAMES, type MetricName } from './metrics.ts';

/** The stored metric names policies' rules read (the same as the charts'). */
export { METRIC_LABELS, METRIC_NAMES as POLICY_METRICS };
export type PolicyMetric = MetricName;
export const OPERATORS = ['lt', 'lte', 'gt', 'gte', 'eq'] as const;
export type Operator = (typeof OPERATORS)[number];
export const OPERATOR_LABELS: Record<Operator, string> = { lt: '<', lte: '≤', gt: '>', gte: '≥', eq: '=' };

export interface PolicyRule {
	metric: PolicyMetric;
	operator: Operator;
	threshold: number;
	duration: string;
}

export type PolicyAction = { type: 'stop' } | { type: 'notify' } | { type: 'set_capacity'; minAcu: number; maxAcu: number };

export interface PolicyDefinition {
	name: string;
	selector: { match: { field: string; key?: string; op: string; value?: string }[] };
	rules: PolicyRule[];
	combine: 'and' | 'or';
	cooldown: string;
	windows?: { timezone: string; mode: 'inside' | 'outside'; periods: { begin?: string; end?: string; weekdays?: string[] }[] };
	actions: PolicyAction[];
	enabled: boolean;
	dryRun: boolean;
}

/** A stored policy; its `definition` is the PolicyDefinition it was saved with (the API types it as an open object). */
export type Policy = Omit<Schemas['Policy'], 'definition'> & { definition: PolicyDefinition };
export type PolicyEvaluation = Schemas['PolicyEvaluation'];
export type DatabaseVerdict = PolicyEvaluation['databases'][number];
export type RuleOutcome = DatabaseVerdict['rules'][number];
export type HistoryEntry = Schemas['PolicyHistoryEntry'];

const asPolicy = (policy: Schemas['Policy']): Policy => ({ ...policy, definition: policy.definition as unknown as PolicyDefinition });

export async function listPolicies() {
	const page = await body(api.GET('/policies', { params: { query: { limit: 100 } } }));
	return { ...page, data: page.data.map(asPolicy) };
}

export async function savePolicy(definition: PolicyDefinition, id?: string): Promise<Policy> {
	return asPolicy(await (id ? body(api.PUT('/policies/{id}', { params: { path: { id } }, body: definition })) : body(api.POST('/policies', { body: definition }))));
}

export async function deletePolicy(id: string): Promise<void> {
	await body(api.DELETE('/policies/{id}', { params: { path: { id } } }));
}

export function evaluatePolicy(id: string): Promise<PolicyEvaluation> {
	return body(api.POST('/policies/{id}/evaluate', { params: { path: { id } } }));
}

export function policyHistory(id: string) {
	return body(api.GET('/policies/{id}/history', { params: { path: { id }, query: { limit: 50 } } }));
}
