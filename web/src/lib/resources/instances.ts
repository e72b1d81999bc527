// Databases API: the inventory (filtered pages), wake/sleep now, and keep-awake overrides.
import { apiRequest } from '../api.ts';
import { boolean, isRecord, nullableNumber, nullableString, object, oneOf, pageOf, string } from '../parse.ts';

// The domain words are the server's own (worker/domain/vocabulary.ts), not a copy.
import { INSTANCE_KINDS, POWER_STATES, PROVIDERS, type InstanceKind, type PowerState, type Provider } from '../../../../worker/domain/vocabulary.ts';
export { INSTANCE_KINDS, POWER_STATES, PROVIDERS, type InstanceKind, type PowerState, type Provider };

export const STATE_LABELS: Record<PowerState, string> = {
	running: 'Running',
	stopped: 'Stopped',
	starting: 'Starting',
	stopping: 'Stopping',
	unavailable: 'Unavailable',
	unknown: 'Unknown'
};

export const PROVIDER_LABELS: Record<Provider, string> = { aws: 'AWS', gcp: 'Google Cloud' };

export const KIND_LABELS: Record<InstanceKind, string> = {
	rds_instance: 'RDS instance',
	aurora_cluster: 'Aurora cluster',
	cloudsql_instance: 'Cloud SQL instance'
};

export interface Instance {
	id: string;
	cloudAccountId: string;
	provider: Provider;
	kind: InstanceKind;
	name: string;
	externalId: string;
	region: string;
	engine: string;
	engineVersion: string | null;
	instanceClass: string | null;
	state: PowerState;
	cloudStatus: string | null;
	stateSince: string | null;
	tags: Record<string, string>;
	eligible: boolean;
	ineligibleReason: string | null;
	hourlyPriceMicros: number | null;
	lastSeenAt: string | null;
}

export interface InstanceFilters {
	state?: PowerState;
	provider?: Provider;
}

export function parseInstance(value: unknown, what = 'database'): Instance {
	const data = object(value, what);
	const tags: Record<string, string> = {};
	if (isRecord(data.tags)) for (const [key, tag] of Object.entries(data.tags)) if (typeof tag === 'string') tags[key] = tag;
	const state = data.state;
	return {
		id: string(data, 'id', what),
		cloudAccountId: string(data, 'cloudAccountId', what),
		provider: oneOf(data, 'provider', PROVIDERS, what),
		kind: oneOf(data, 'kind', INSTANCE_KINDS, what),
		name: string(data, 'name', what),
		externalId: string(data, 'externalId', what),
		region: string(data, 'region', what),
		engine: string(data, 'engine', what),
		engineVersion: nullableString(data, 'engineVersion', what),
		instanceClass: nullableString(data, 'instanceClass', what),
		// A state this dashboard does not know yet is shown as unknown rather than failing the page.
		state: (POWER_STATES as readonly unknown[]).includes(state) ? (state as PowerState) : 'unknown',
		cloudStatus: nullableString(data, 'cloudStatus', what),
		stateSince: nullableString(data, 'stateSince', what),
		tags,
		eligible: boolean(data, 'eligible', what),
		ineligibleReason: nullableString(data, 'ineligibleReason', what),
		hourlyPriceMicros: nullableNumber(data, 'hourlyPriceMicros', what),
		lastSeenAt: nullableString(data, 'lastSeenAt', what)
	};
}

export function listInstances(filters: InstanceFilters = {}, cursor?: string, limit = 100) {
	const query = new URLSearchParams({ limit: String(limit) });
	for (const [key, value] of Object.entries({ ...filters, cursor })) if (value) query.set(key, value);
	return apiRequest(`/instances?${query}`, pageOf(parseInstance, 'databases'));
}

/** Every database of the organization (follows the cursor), e.g. to name the databases in events. */
export async function listAllInstances(maxPages = 10): Promise<Instance[]> {
	const all: Instance[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < maxPages; page++) {
		const result = await listInstances({}, cursor);
		all.push(...result.data);
		if (!result.nextCursor) break;
		cursor = result.nextCursor;
	}
	return all;
}

export interface ActionAccepted {
	actionId: string;
	instanceId: string;
	action: 'start' | 'stop';
	status: 'queued';
}

/** Wakes (`start`) or sleeps (`stop`) a database now; the API answers 202 and the agent does the work. */
export function requestAction(id: string, action: 'start' | 'stop') {
	return apiRequest(
		`/instances/${encodeURIComponent(id)}/${action}`,
		(value): ActionAccepted => {
			const data = object(value, 'action');
			return {
				actionId: string(data, 'actionId', 'action'),
				instanceId: string(data, 'instanceId', 'action'),
				action: oneOf(data, 'action', ['start', 'stop'], 'action'),
				status: oneOf(data, 'status', ['queued'], 'action')
			};
		},
		{ method: 'POST', headers: { 'Idempotency-Key': crypto.randomUUID() } }
	);
}

export interface Override {
	id: string;
	kind: 'keep_awake' | 'keep_asleep' | 'skip_next';
	until: string | null;
	reason: string | null;
}

/** Keeps a database awake (waking it now if asleep) for `durationMinutes`. */
export function keepAwake(id: string, body: { durationMinutes: number; reason?: string }) {
	return apiRequest(
		`/instances/${encodeURIComponent(id)}/overrides`,
		(value): Override => {
			const data = object(value, 'override');
			return {
				id: string(data, 'id', 'override'),
				kind: oneOf(data, 'kind', ['keep_awake', 'keep_asleep', 'skip_next'], 'override'),
				until: nullableString(data, 'until', 'override'),
				reason: nullableString(data, 'reason', 'override')
			};
		},
		{ method: 'POST', body: { kind: 'keep_awake', ...body }, headers: { 'Idempotency-Key': crypto.randomUUID() } }
	);
}
