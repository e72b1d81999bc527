// API tokens API: create (the secret is in that answer only), list, revoke.
import { api, body, type Schemas } from '../api/client.ts';
import type { Role } from '../roles.ts';

export type ApiToken = Schemas['ApiToken'];

export function listTokens(cursor?: string) {
	return body(api.GET('/tokens', { params: { query: { limit: 100, ...(cursor && { cursor }) } } }));
}

export function createToken(request: { name: string; role: Role; expiresAt?: string }) {
	return body(api.POST('/tokens', { body: request }));
}

export function revokeToken(id: string) {
	return body(api.DELETE('/tokens/{id}', { params: { path: { id } } }));
}
