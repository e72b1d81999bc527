// The database detail page's calls: the database, its active overrides (create / cancel), its
// events, and which schedules select it with their next transitions (one call, whatever the number
// of schedules).
import { api, body, idempotent, type Schemas } from '#lib/api/client.ts';

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

/** A schedule whose selector picks this database: its flags and its next changes (sleep / wake) in the coming 7 days (at most 4). */
export type MatchedSchedule = Schemas['DatabaseSchedules']['schedules'][number];

/** The schedules whose selector picks this database, newest first, with their coming transitions. */
export async function matchedSchedules(instanceId: string): Promise<MatchedSchedule[]> {
	return (await body(api.GET('/instances/{id}/schedules', { params: { path: { id: instanceId }, query: { days: 7 } } }))).schedules;
}
