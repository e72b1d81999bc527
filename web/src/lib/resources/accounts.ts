// Cloud accounts API: list, connect (AWS role / access keys, GCP service account), change, test, sync, disconnect.
import { apiRequest } from '../api.ts';
import { array, boolean, nullableNumber, nullableString, noContent, object, oneOf, pageOf, string } from '../parse.ts';

export const ACCOUNT_STATUSES = ['pending', 'connected', 'error', 'disabled'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
export type Connection = 'assume_role' | 'access_keys' | 'service_account';

export interface CloudAccount {
	id: string;
	provider: 'aws' | 'gcp';
	name: string;
	status: AccountStatus;
	connection: Connection;
	/** AWS account id or GCP project id, once known. */
	cloudAccountId: string | null;
	regions: string[] | null;
	/** API endpoint override (sandbox clouds); null for the cloud's own. */
	endpoint: string | null;
	/** A non-secret hint such as "access key …WXYZ"; credentials are never returned. */
	credentials: string | null;
	aws: {
		roleArn: string | null;
		externalId: string | null;
		/** API path of the CloudFormation template for this connection. */
		cloudFormationTemplate: string | null;
		quickCreateUrl: string | null;
	} | null;
	lastSyncAt: string | null;
	lastError: string | null;
	createdAt: string;
	updatedAt: string;
}

export function parseAccount(value: unknown, what = 'account'): CloudAccount {
	const data = object(value, what);
	const aws = data.aws ? object(data.aws, `${what}.aws`) : null;
	const regions = data.regions === null || data.regions === undefined ? null : array(data, 'regions', (v, w) => {
		if (typeof v !== 'string') throw new TypeError(`${w} is not a string`);
		return v;
	}, what);
	return {
		id: string(data, 'id', what),
		provider: oneOf(data, 'provider', ['aws', 'gcp'], what),
		name: string(data, 'name', what),
		status: oneOf(data, 'status', ACCOUNT_STATUSES, what),
		connection: oneOf(data, 'connection', ['assume_role', 'access_keys', 'service_account'], what),
		cloudAccountId: nullableString(data, 'cloudAccountId', what),
		regions,
		endpoint: nullableString(data, 'endpoint', what),
		credentials: nullableString(data, 'credentials', what),
		aws: aws && {
			roleArn: nullableString(aws, 'roleArn', `${what}.aws`),
			externalId: nullableString(aws, 'externalId', `${what}.aws`),
			cloudFormationTemplate: nullableString(aws, 'cloudFormationTemplate', `${what}.aws`),
			quickCreateUrl: nullableString(aws, 'quickCreateUrl', `${what}.aws`)
		},
		lastSyncAt: nullableString(data, 'lastSyncAt', what),
		lastError: nullableString(data, 'lastError', what),
		createdAt: string(data, 'createdAt', what),
		updatedAt: string(data, 'updatedAt', what)
	};
}

/** What POST /accounts/{id}/test found: one entry per check, in the order they ran. */
export interface ConnectionReport {
	ok: boolean;
	cloudAccountId: string | null;
	principal: string | null;
	databases: number | null;
	checks: { name: string; ok: boolean; detail: string }[];
}

function parseReport(value: unknown): ConnectionReport {
	const data = object(value, 'report');
	return {
		ok: boolean(data, 'ok', 'report'),
		cloudAccountId: nullableString(data, 'cloudAccountId', 'report'),
		principal: nullableString(data, 'principal', 'report'),
		databases: nullableNumber(data, 'databases', 'report'),
		checks: array(data, 'checks', (v, w) => {
			const check = object(v, w);
			return { name: string(check, 'name', w), ok: boolean(check, 'ok', w), detail: string(check, 'detail', w) };
		}, 'report')
	};
}

export type ConnectAccountBody =
	| { provider: 'aws'; connection: 'assume_role'; name: string; regions: string[]; endpoint?: string }
	| {
			provider: 'aws';
			connection: 'access_keys';
			name: string;
			regions: string[];
			accessKeyId: string;
			secretAccessKey: string;
			endpoint?: string;
	  }
	| {
			provider: 'gcp';
			connection: 'service_account';
			name: string;
			serviceAccountKey: Record<string, unknown>;
			endpoint?: string;
	  };

export interface UpdateAccountBody {
	name?: string;
	regions?: string[];
	roleArn?: string;
	enabled?: boolean;
}

export function listAccounts(cursor?: string) {
	const query = new URLSearchParams({ limit: '100' });
	if (cursor) query.set('cursor', cursor);
	return apiRequest(`/accounts?${query}`, pageOf(parseAccount, 'accounts'));
}

export function getAccount(id: string) {
	return apiRequest(`/accounts/${encodeURIComponent(id)}`, (v) => parseAccount(v));
}

export function connectAccount(body: ConnectAccountBody) {
	return apiRequest('/accounts', (v) => parseAccount(v), { method: 'POST', body });
}

export function updateAccount(id: string, body: UpdateAccountBody) {
	return apiRequest(`/accounts/${encodeURIComponent(id)}`, (v) => parseAccount(v), { method: 'PATCH', body });
}

export function disconnectAccount(id: string) {
	return apiRequest(`/accounts/${encodeURIComponent(id)}`, noContent, { method: 'DELETE' });
}

/** Runs the real calls against the cloud; can take a while (retries on throttling). */
export function testAccount(id: string) {
	return apiRequest(`/accounts/${encodeURIComponent(id)}/test`, parseReport, { method: 'POST', timeoutMs: 60_000 });
}

/** Queues discovery and reconciliation; one Idempotency-Key per click, so a repeated request is applied once. */
export function syncAccount(id: string, idempotencyKey: string) {
	return apiRequest(
		`/accounts/${encodeURIComponent(id)}/sync`,
		(v) => {
			const data = object(v, 'sync');
			return { accountId: string(data, 'accountId', 'sync'), queuedAt: string(data, 'queuedAt', 'sync') };
		},
		{ method: 'POST', headers: { 'idempotency-key': idempotencyKey } }
	);
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
