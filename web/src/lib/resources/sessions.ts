// My sessions API: where I am signed in, and signing out everywhere.
import { apiRequest } from '../api.ts';
import { array, boolean, noContent, nullableString, object, string } from '../parse.ts';

export interface SessionEntry {
	handle: string;
	current: boolean;
	organizationId: string | null;
	signedInAt: string;
	lastSeenAt: string | null;
	expiresAt: string;
	ip: string | null;
	userAgent: string | null;
}

export interface SessionList {
	items: SessionEntry[];
	limits: { absoluteSeconds: number; idleSeconds: number };
}

function parseSession(value: unknown, what: string): SessionEntry {
	const data = object(value, what);
	return {
		handle: string(data, 'handle', what),
		current: boolean(data, 'current', what),
		organizationId: nullableString(data, 'organizationId', what),
		signedInAt: string(data, 'signedInAt', what),
		lastSeenAt: nullableString(data, 'lastSeenAt', what),
		expiresAt: string(data, 'expiresAt', what),
		ip: nullableString(data, 'ip', what),
		userAgent: nullableString(data, 'userAgent', what)
	};
}

function parseList(value: unknown): SessionList {
	const data = object(value, 'sessions');
	const limits = object(data['limits'], 'sessions.limits');
	return {
		items: array(data, 'items', parseSession, 'sessions'),
		limits: { absoluteSeconds: Number(limits['absoluteSeconds']), idleSeconds: Number(limits['idleSeconds']) }
	};
}

export function listSessions() {
	return apiRequest('/auth/sessions', parseList);
}

/** Ends my other sessions (`keepCurrent`) or all of them, this one included. */
export function signOutEverywhere(keepCurrent: boolean) {
	return apiRequest('/auth/sessions/sign-out-everywhere', noContent, { method: 'POST', body: { keepCurrent } });
}
