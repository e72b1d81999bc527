// Databases API: the inventory (filtered pages), wake/sleep now, and keep-awake overrides.
import { api, body, idempotent, type Schemas } from '../api/client.ts';

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

export type Instance = Schemas['Database'];

export interface InstanceFilters {
	state?: PowerState;
	provider?: Provider;
}

export function listInstances(filters: InstanceFilters = {}, cursor?: string, limit = 100) {
	return body(api.GET('/instances', { params: { query: { limit, ...filters, ...(cursor && { cursor }) } } }));
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

export type ActionAccepted = Schemas['ActionAccepted'];

/** Wakes (`start`) or sleeps (`stop`) a database now; the API answers 202 and the agent does the work. */
export function requestAction(id: string, action: 'start' | 'stop') {
	return body(api.POST(action === 'start' ? '/instances/{id}/start' : '/instances/{id}/stop', { params: { path: { id } }, headers: idempotent() }));
}

export type Override = Schemas['Override'];

/** Keeps a database awake (waking it now if asleep) for `durationMinutes`. */
export function keepAwake(id: string, request: { durationMinutes: number; reason?: string }) {
	return body(api.POST('/instances/{id}/overrides', { params: { path: { id } }, body: { kind: 'keep_awake', ...request }, headers: idempotent() }));
}
