// Policies API: list, create, replace, delete, a dry evaluation now (with the hourly values each
// rule saw) and the history of firings. The rule vocabulary mirrors worker/policies/model.ts
// (the server validates and names the field of every problem).
import { apiRequest } from '../api.ts';
import { array, boolean, isRecord, noContent, nullableNumber, nullableString, object, oneOf, pageOf, string, type Json } from '../parse.ts';

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

export interface Policy {
	id: string;
	name: string;
	definition: PolicyDefinition;
	enabled: boolean;
	dryRun: boolean;
	createdAt: string;
	updatedAt: string;
}

export interface RuleOutcome {
	metric: string;
	operator: string;
	threshold: number;
	statistic: string;
	duration: string;
	holds: boolean;
	hours: { hourStart: string; value: number | null }[];
}

export interface DatabaseVerdict {
	instanceId: string;
	name: string;
	state: string;
	fires: boolean;
	reason: string;
	window: 'open' | 'closed' | 'none';
	cooldownUntil: string | null;
	rules: RuleOutcome[];
}

export interface HistoryEntry {
	id: string;
	instanceId: string;
	evaluatedAt: string;
	outcome: 'acted' | 'would_act' | 'blocked';
	dryRun: boolean;
	reason: string;
	evidence: RuleOutcome[];
}

function parsePolicy(value: unknown, what = 'policy'): Policy {
	const data = object(value, what);
	return {
		id: string(data, 'id', what),
		name: string(data, 'name', what),
		definition: object(data['definition'], `${what}.definition`) as unknown as PolicyDefinition,
		enabled: boolean(data, 'enabled', what),
		dryRun: boolean(data, 'dryRun', what),
		createdAt: string(data, 'createdAt', what),
		updatedAt: string(data, 'updatedAt', what)
	};
}

function parseOutcome(value: unknown, what: string): RuleOutcome {
	const data = object(value, what);
	return {
		metric: string(data, 'metric', what),
		operator: string(data, 'operator', what),
		threshold: Number(data['threshold']),
		statistic: string(data, 'statistic', what),
		duration: string(data, 'duration', what),
		holds: boolean(data, 'holds', what),
		hours: array(data, 'hours', (h, w) => {
			const hour = object(h, w);
			return { hourStart: string(hour, 'hourStart', w), value: nullableNumber(hour, 'value', w) };
		}, what)
	};
}

function parseVerdict(value: unknown, what: string): DatabaseVerdict {
	const data = object(value, what);
	return {
		instanceId: string(data, 'instanceId', what),
		name: string(data, 'name', what),
		state: string(data, 'state', what),
		fires: boolean(data, 'fires', what),
		reason: string(data, 'reason', what),
		window: oneOf(data, 'window', ['open', 'closed', 'none'] as const, what),
		cooldownUntil: nullableString(data, 'cooldownUntil', what),
		rules: array(data, 'rules', parseOutcome, what)
	};
}

function parseHistory(value: unknown, what: string): HistoryEntry {
	const data: Json = object(value, what);
	return {
		id: string(data, 'id', what),
		instanceId: string(data, 'instanceId', what),
		evaluatedAt: string(data, 'evaluatedAt', what),
		outcome: oneOf(data, 'outcome', ['acted', 'would_act', 'blocked'] as const, what),
		dryRun: boolean(data, 'dryRun', what),
		reason: string(data, 'reason', what),
		evidence: isRecord(data) ? array(data, 'evidence', parseOutcome, what) : []
	};
}

export function listPolicies() {
	return apiRequest('/policies?limit=100', pageOf(parsePolicy, 'policies'));
}

export function savePolicy(definition: PolicyDefinition, id?: string) {
	return apiRequest(id ? `/policies/${encodeURIComponent(id)}` : '/policies', (v) => parsePolicy(v), { method: id ? 'PUT' : 'POST', body: definition });
}

export function deletePolicy(id: string) {
	return apiRequest(`/policies/${encodeURIComponent(id)}`, noContent, { method: 'DELETE' });
}

export function evaluatePolicy(id: string) {
	return apiRequest(`/policies/${encodeURIComponent(id)}/evaluate`, (v) => {
		const data = object(v, 'evaluation');
		return { evaluatedAt: string(data, 'evaluatedAt', 'evaluation'), databases: array(data, 'databases', parseVerdict, 'evaluation') };
	}, { method: 'POST' });
}

export function policyHistory(id: string) {
	return apiRequest(`/policies/${encodeURIComponent(id)}/history?limit=50`, pageOf(parseHistory, 'history'));
}
