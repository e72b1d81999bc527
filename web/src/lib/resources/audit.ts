// Audit log API: filtered pages of entries (newest first) and the matching CSV export URL.
import { apiRequest, apiUrl } from '../api.ts';
import { isRecord, nullableString, object, oneOf, pageOf, string } from '../parse.ts';

export interface AuditEntry {
	id: string;
	at: string;
	actor: { kind: 'user' | 'api_token' | 'slack' | 'system'; id: string | null; label: string | null };
	action: string;
	target: { type: string | null; id: string | null };
	summary: Record<string, unknown> | null;
	ip: string | null;
	requestId: string | null;
}

/** Filters as the API takes them: `action` is exact, or a prefix ending in '.'; from/to are ISO times. */
export interface AuditFilters {
	action?: string;
	from?: string;
	to?: string;
}

function parseEntry(value: unknown, what: string): AuditEntry {
	const data = object(value, what);
	const actor = object(data.actor, `${what}.actor`);
	const target = object(data.target, `${what}.target`);
	return {
		id: string(data, 'id', what),
		at: string(data, 'at', what),
		actor: {
			kind: oneOf(actor, 'kind', ['user', 'api_token', 'slack', 'system'], `${what}.actor`),
			id: nullableString(actor, 'id', `${what}.actor`),
			label: nullableString(actor, 'label', `${what}.actor`)
		},
		action: string(data, 'action', what),
		target: { type: nullableString(target, 'type', `${what}.target`), id: nullableString(target, 'id', `${what}.target`) },
		summary: isRecord(data.summary) ? data.summary : null,
		ip: nullableString(data, 'ip', what),
		requestId: nullableString(data, 'requestId', what)
	};
}

export function listAuditLog(filters: AuditFilters, cursor?: string) {
	const query = new URLSearchParams({ limit: '50' });
	for (const [key, value] of Object.entries({ ...filters, cursor })) if (value) query.set(key, value);
	return apiRequest(`/audit-log?${query}`, pageOf(parseEntry, 'audit log'));
}

/** The CSV export of the same filters (up to 10,000 rows, newest first), for a download link. */
export function auditCsvUrl(filters: AuditFilters): string {
	return apiUrl('/audit-log', { format: 'csv', ...filters });
}
