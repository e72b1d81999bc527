// Policies API: list, create, replace, delete, a dry evaluation now (with the hourly values each
// rule saw) and the history of firings. Types come from the Worker's OpenAPI document (the policy
// model's own zod schema); the server validates and names the field of every problem.
import { api, body, type Schemas } from '../api/client.ts';

import { METRIC_LABELS, METRIC_NAMES, type MetricName } from './metrics.ts';

/** The stored metric names policies' rules read (the same as the charts'). */
export { METRIC_LABELS, METRIC_NAMES as POLICY_METRICS };
export type PolicyMetric = MetricName;
/** The policy as the API takes and returns it (generated from the Worker's zod schema). */
export type PolicyDefinition = Schemas['PolicyDefinition'];
export type PolicyRule = PolicyDefinition['rules'][number];
export type PolicyAction = PolicyDefinition['actions'][number];
export type Operator = PolicyRule['operator'];
export type Policy = Schemas['Policy'];

export const OPERATORS: readonly Operator[] = ['lt', 'lte', 'gt', 'gte', 'eq'];
export const OPERATOR_LABELS: Record<Operator, string> = { lt: '<', lte: '≤', gt: '>', gte: '≥', eq: '=' };

export type PolicyEvaluation = Schemas['PolicyEvaluation'];
export type DatabaseVerdict = PolicyEvaluation['databases'][number];
export type RuleOutcome = DatabaseVerdict['rules'][number];
export type HistoryEntry = Schemas['PolicyHistoryEntry'];

export const listPolicies = () => body(api.GET('/policies', { params: { query: { limit: 100 } } }));

export function savePolicy(definition: PolicyDefinition, id?: string): Promise<Policy> {
	return id ? body(api.PUT('/policies/{id}', { params: { path: { id } }, body: definition })) : body(api.POST('/policies', { body: definition }));
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
