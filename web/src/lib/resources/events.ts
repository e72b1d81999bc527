// Events API: what happened to databases and accounts (newest first), filtered, paged, exportable as CSV.
import { apiUrl } from '../api.ts';
import { api, body, compact, type Schemas } from '../api/client.ts';

// The domain words are the server's own (worker/domain/vocabulary.ts), not a copy.
import { CAUSE_KINDS, type CauseKind } from '../../../../worker/domain/vocabulary.ts';
export { CAUSE_KINDS, type CauseKind };

export const CAUSE_LABELS: Record<CauseKind, string> = {
	schedule: 'Schedule',
	maintenance: 'Maintenance window',
	policy: 'Policy',
	override: 'Override',
	user: 'User',
	api_token: 'API token',
	slack: 'Slack',
	aws_auto_restart: 'AWS auto-restart',
	cloud: 'Cloud',
	system: 'System'
};

export type SnoozeEvent = Schemas['Event'];

/** Filters as the API takes them: `type` is exact or a prefix ending in '.'. */
export interface EventFilters {
	type?: string;
	cause?: CauseKind;
}

const TYPE_LABELS: Record<string, string> = {
	'instance.discovered': 'Discovered',
	'instance.state_changed': 'State changed',
	'instance.removed': 'Removed',
	'instance.stop_requested': 'Stop requested',
	'instance.stopped': 'Stopped',
	'instance.start_requested': 'Start requested',
	'instance.started': 'Started',
	'instance.stop_failed': 'Failed to stop',
	'instance.start_failed': 'Failed to start',
	'instance.skipped': 'Skipped',
	'instance.would_stop': 'Would stop (dry run)',
	'instance.would_start': 'Would start (dry run)',
	'instance.auto_restarted': 'Restarted by AWS after 7 days',
	'override.skip_used': 'Skipped by an override',
	'account.sync_failed': 'Account sync failed',
	'agent.tick': 'Agent checked the schedules'
};

/** An event type in words; unknown types are made readable from their last segment. */
export function eventTypeLabel(type: string): string {
	const known = TYPE_LABELS[type];
	if (known) return known;
	const last = type.split('.').pop() ?? type;
	const words = last.replaceAll('_', ' ');
	return words.charAt(0).toUpperCase() + words.slice(1);
}

export function causeLabel(kind: string): string {
	return (CAUSE_LABELS as Record<string, string>)[kind] ?? kind.replaceAll('_', ' ');
}

/** How bad an event is, for its colour: failures red, skips and dry runs amber. */
export function eventTone(type: string): 'ok' | 'warn' | 'danger' | 'neutral' | 'brand' {
	if (type.endsWith('_failed')) return 'danger';
	if (type.endsWith('.skipped') || type.includes('.would_') || type === 'instance.auto_restarted' || type === 'override.skip_used') return 'warn';
	if (type === 'instance.started' || type === 'instance.stopped') return 'ok';
	if (type.endsWith('_requested')) return 'brand';
	return 'neutral';
}

/** The most useful words of an event's detail: its reason, or its error (with the cloud's code). */
export function eventDetail(detail: Record<string, unknown> | null): string | null {
	if (!detail) return null;
	const text = (key: string) => (typeof detail[key] === 'string' && detail[key] ? (detail[key] as string) : null);
	const reason = text('reason');
	const error = text('error') ?? text('message');
	const code = text('code');
	if (error) return code ? `${code}: ${error}` : error;
	if (reason) return reason;
	if (code) return code;
	return null;
}

export function listEvents(filters: EventFilters, cursor?: string) {
	return body(api.GET('/events', { params: { query: { limit: 50, ...compact(filters), ...(cursor && { cursor }) } } }));
}

/** The CSV export of the same filters (up to 10,000 rows, newest first), for a download link. */
export function eventsCsvUrl(filters: EventFilters): string {
	return apiUrl('/events', { format: 'csv', ...filters });
}
