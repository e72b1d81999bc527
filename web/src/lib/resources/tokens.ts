// API tokens API: create (the secret is in that answer only), list, revoke.
import { apiRequest } from '../api.ts';
import { noContent, nullableString, object, oneOf, pageOf, string } from '../parse.ts';
import { ROLES, type Role } from '../roles.ts';

export interface ApiToken {
	id: string;
	name: string;
	/** Non-secret start of the token, to recognise it. */
	prefix: string;
	role: Role;
	createdAt: string;
	lastUsedAt: string | null;
	expiresAt: string | null;
	/** Who created it; the token never acts above their current role. */
	createdBy: { id: string; name: string; email: string } | null;
}

export function parseToken(value: unknown, what = 'token'): ApiToken {
	const data = object(value, what);
	return {
		id: string(data, 'id', what),
		name: string(data, 'name', what),
		prefix: string(data, 'prefix', what),
		role: oneOf(data, 'role', ROLES, what),
		createdAt: string(data, 'createdAt', what),
		lastUsedAt: nullableString(data, 'lastUsedAt', what),
		expiresAt: nullableString(data, 'expiresAt', what),
		createdBy: parseCreator(data['createdBy'], `${what}.createdBy`)
	};
}

function parseCreator(value: unknown, what: string): ApiToken['createdBy'] {
	if (value === null || value === undefined) return null;
	const data = object(value, what);
	return { id: string(data, 'id', what), name: string(data, 'name', what), email: string(data, 'email', what) };
}

export function listTokens(cursor?: string) {
	const query = new URLSearchParams({ limit: '100' });
	if (cursor) query.set('cursor', cursor);
	return apiRequest(`/tokens?${query}`, pageOf(parseToken, 'tokens'));
}

export function createToken(body: { name: string; role: Role; expiresAt?: string }) {
	return apiRequest(
		'/tokens',
		(v) => ({ ...parseToken(v, 'created token'), token: string(object(v, 'created token'), 'token', 'created token') }),
		{ method: 'POST', body }
	);
}

export function revokeToken(id: string) {
	return apiRequest(`/tokens/${encodeURIComponent(id)}`, noContent, { method: 'DELETE' });
}
