// My sessions API: where I am signed in, and signing out everywhere.
import { api, body, type Schemas } from '../api/client.ts';

export type SessionEntry = Schemas['Session'];
export type SessionList = Schemas['SessionList'];

export function listSessions() {
	return body(api.GET('/auth/sessions'));
}

/** Ends my other sessions (`keepCurrent`) or all of them, this one included. */
export async function signOutEverywhere(keepCurrent: boolean): Promise<void> {
	await body(api.POST('/auth/sessions/sign-out-everywhere', { body: { keepCurrent } }));
}
