// Integrations API: Slack (app or incoming webhook) and Standard Webhooks-signed webhooks — list,
// add (a webhook's secret is in that answer only), change, remove, test, delivery log, Add to Slack.
import { apiRequest } from '../api.ts';
import { array, boolean, isRecord, noContent, nullableNumber, nullableString, object, oneOf, pageOf, string } from '../parse.ts';

export const INTEGRATION_KINDS = ['webhook', 'slack_webhook', 'slack_app'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];

export const KIND_LABELS: Record<IntegrationKind, string> = {
	webhook: 'Webhook',
	slack_webhook: 'Slack webhook',
	slack_app: 'Slack app'
};

export interface Integration {
	id: string;
	kind: IntegrationKind;
	name: string;
	target: string;
	eventTypes: string[];
	channels: Record<string, string>;
	enabled: boolean;
	disabledReason: string | null;
	disabledAt: string | null;
	consecutiveFailures: number;
	createdAt: string;
}

export interface EventType {
	type: string;
	label: string;
	/** Not produced yet: shown, not offered. */
	coming: boolean;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'dead'] as const;

export interface Delivery {
	id: string;
	eventType: string;
	status: (typeof DELIVERY_STATUSES)[number];
	attempts: number;
	lastStatusCode: number | null;
	lastError: string | null;
	latencyMs: number | null;
	responseSnippet: string | null;
	createdAt: string;
}

const stringItem = (value: unknown, what: string) => {
	if (typeof value !== 'string') throw new TypeError(`${what} is not a string`);
	return value;
};

function stringRecord(value: unknown, what: string): Record<string, string> {
	if (!isRecord(value)) throw new TypeError(`${what} is not an object`);
	return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, stringItem(v, `${what}.${key}`)]));
}

export function parseIntegration(value: unknown, what = 'integration'): Integration {
	const data = object(value, what);
	return {
		id: string(data, 'id', what),
		kind: oneOf(data, 'kind', INTEGRATION_KINDS, what),
		name: string(data, 'name', what),
		target: string(data, 'target', what),
		eventTypes: array(data, 'eventTypes', stringItem, what),
		channels: stringRecord(data.channels, `${what}.channels`),
		enabled: boolean(data, 'enabled', what),
		disabledReason: nullableString(data, 'disabledReason', what),
		disabledAt: nullableString(data, 'disabledAt', what),
		consecutiveFailures: nullableNumber(data, 'consecutiveFailures', what) ?? 0,
		createdAt: string(data, 'createdAt', what)
	};
}

function parseDelivery(value: unknown, what: string): Delivery {
	const data = object(value, what);
	return {
		id: string(data, 'id', what),
		eventType: string(data, 'eventType', what),
		status: oneOf(data, 'status', DELIVERY_STATUSES, what),
		attempts: nullableNumber(data, 'attempts', what) ?? 0,
		lastStatusCode: nullableNumber(data, 'lastStatusCode', what),
		lastError: nullableString(data, 'lastError', what),
		latencyMs: nullableNumber(data, 'latencyMs', what),
		responseSnippet: nullableString(data, 'responseSnippet', what),
		createdAt: string(data, 'createdAt', what)
	};
}

const path = (id: string, rest = '') => `/integrations/${encodeURIComponent(id)}${rest}`;

export function listIntegrations() {
	return apiRequest('/integrations', (v) => array(object(v, 'integrations'), 'data', parseIntegration, 'integrations'));
}

export function listEventTypes() {
	return apiRequest('/integrations/event-types', (v) =>
		array(object(v, 'event types'), 'data', (item, what) => {
			const data = object(item, what);
			return { type: string(data, 'type', what), label: string(data, 'label', what), coming: boolean(data, 'coming', what) };
		}, 'event types')
	);
}

export function createIntegration(body: { kind: 'webhook' | 'slack_webhook'; name: string; url: string; eventTypes: string[] }) {
	return apiRequest(
		'/integrations',
		(v) => ({ ...parseIntegration(v, 'created integration'), secret: nullableString(object(v, 'created integration'), 'secret', 'created integration') }),
		{ method: 'POST', body }
	);
}

export function updateIntegration(id: string, body: { name?: string; eventTypes?: string[]; channels?: Record<string, string>; enabled?: boolean }) {
	return apiRequest(path(id), (v) => parseIntegration(v), { method: 'PATCH', body });
}

export function deleteIntegration(id: string) {
	return apiRequest(path(id), noContent, { method: 'DELETE' });
}

export function testIntegration(id: string) {
	return apiRequest(path(id, '/test'), (v) => parseDelivery(v, 'test delivery'), { method: 'POST', timeoutMs: 30_000 });
}

export function listDeliveries(id: string) {
	return apiRequest(path(id, '/deliveries?limit=50'), pageOf(parseDelivery, 'deliveries'));
}

export function slackInstallUrl() {
	return apiRequest('/integrations/slack/install', (v) => string(object(v, 'install'), 'url', 'install'));
}
