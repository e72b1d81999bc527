// The database detail page's calls: the database, its active overrides (create / cancel), its
// events, and which schedules select it with their next transitions (from each schedule's preview).
import { api, body, idempotent, type Schemas } from '#lib/api/client.ts';
import { listAllSchedules, previewSchedule, type Schedule } from '#lib/resources/schedules.ts';

export type Database = Schemas['Database'];
export type Override = Schemas['Override'];
export type OverrideRequest = Schemas['CreateOverrideRequest'];

export const getDatabase = (id: string) => body(api.GET('/instances/{id}', { params: { path: { id } } }));

export async function activeOverrides(instanceId: string): Promise<Override[]> {
	return (await body(api.GET('/overrides', { params: { query: { instanceId, active: 'true', limit: 50 } } }))).data;
}

export const createOverride = (id: string, request: OverrideRequest) =>
	body(api.POST('/instances/{id}/overrides', { params: { path: { id } }, body: request, headers: idempotent() }));

export async function cancelOverride(id: string): Promise<void> {
	await api.DELETE('/overrides/{id}', { params: { path: { id } } });
}

export async function databaseEvents(instanceId: string, cursor?: string) {
	return body(api.GET('/events', { params: { query: { instanceId, limit: 50, ...(cursor && { cursor }) } } }));
}

export interface MatchedSchedule {
	schedule: Schedule;
	/** The schedule's next changes (sleep / wake) in the coming 7 days. */
	next: { at: string; state: 'running' | 'stopped' }[];
}

/** The schedules whose selector picks this database, with their coming transitions. */
export async function matchedSchedules(instanceId: string): Promise<MatchedSchedule[]> {
	const schedules = await listAllSchedules();
	const previews = await Promise.all(schedules.map((s) => previewSchedule(s.id, 7).catch(() => null)));
	return schedules.flatMap((schedule, i) => {
		const p = previews[i];
		if (!p || !p.databases.some((d) => d.id === instanceId)) return [];
		const next = p.transitions.filter((t): t is { at: string; state: 'running' | 'stopped' } => t.state !== 'none').slice(0, 4);
		return [{ schedule, next }];
	});
}
