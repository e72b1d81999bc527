// Audit log API: filtered pages of entries (newest first) and the matching CSV export URL.
import { apiUrl } from '../api.ts';
import { api, body, compact, type Schemas } from '../api/client.ts';

export type AuditEntry = Schemas['AuditEntry'];

/** Filters as the API takes them: `action` is exact, or a prefix ending in '.'; from/to are ISO times. */
export interface AuditFilters {
	action?: string;
	from?: string;
	to?: string;
}

export function listAuditLog(filters: AuditFilters, cursor?: string) {
	return body(api.GET('/audit-log', { params: { query: { limit: 50, ...compact(filters), ...(cursor && { cursor }) } } }));
}

/** The CSV export of the same filters (up to 10,000 rows, newest first), for a download link. */
export function auditCsvUrl(filters: AuditFilters): string {
	return apiUrl('/audit-log', { format: 'csv', ...filters });
}
