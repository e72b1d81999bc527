// Cloud accounts API: list, connect (AWS role / access keys, GCP service account), change, test, sync, disconnect.
import { api, body, idempotent, withOptions, type Schemas } from '../api/client.ts';

export const ACCOUNT_STATUSES = ['pending', 'connected', 'error', 'disabled'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
export type Connection = 'assume_role' | 'access_keys' | 'service_account';

export type CloudAccount = Schemas['CloudAccount'];
/** What POST /accounts/{id}/test found: one entry per check, in the order they ran. */
export type ConnectionReport = Schemas['ConnectionReport'];
export type ConnectAccountBody = Schemas['ConnectCloudAccountRequest'];
export type UpdateAccountBody = Schemas['UpdateCloudAccountRequest'];

const byId = (id: string) => ({ params: { path: { id } } });

export function listAccounts(cursor?: string) {
	return body(api.GET('/accounts', { params: { query: { limit: 100, ...(cursor && { cursor }) } } }));
}

export function getAccount(id: string) {
	return body(api.GET('/accounts/{id}', byId(id)));
}

export function connectAccount(request: ConnectAccountBody) {
	return body(api.POST('/accounts', { body: request }));
}

export function updateAccount(id: string, request: UpdateAccountBody) {
	return body(api.PATCH('/accounts/{id}', { ...byId(id), body: request }));
}

export function disconnectAccount(id: string) {
	return body(api.DELETE('/accounts/{id}', byId(id)));
}

/** Runs the real calls against the cloud; can take a while (retries on throttling). */
export function testAccount(id: string) {
	return body(api.POST('/accounts/{id}/test', { ...byId(id), fetch: withOptions({ timeoutMs: 60_000 }) }));
}

/** Queues discovery and reconciliation; one Idempotency-Key per click, so a repeated request is applied once. */
export function syncAccount(id: string, idempotencyKey: string) {
	return body(api.POST('/accounts/{id}/sync', { ...byId(id), headers: idempotent(idempotencyKey) }));
}

export const PROVIDER_LABELS = { aws: 'AWS', gcp: 'Google Cloud' } as const;

export const CONNECTION_LABELS: Record<Connection, string> = {
	assume_role: 'IAM role',
	access_keys: 'Access keys',
	service_account: 'Service-account key'
};

export const STATUS_LABELS: Record<AccountStatus, string> = {
	pending: 'Pending',
	connected: 'Connected',
	error: 'Error',
	disabled: 'Paused'
};
