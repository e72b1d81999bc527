// Members and invitations API: list members, change a role, remove; invite, list pending, revoke.
import { api, body, type Schemas } from '../api/client.ts';
import type { Role } from '../roles.ts';

export type Member = Schemas['Member'];
export type Invitation = Schemas['Invitation'];

const page = (cursor?: string) => ({ limit: 100, ...(cursor && { cursor }) });

export function listMembers(cursor?: string) {
	return body(api.GET('/members', { params: { query: page(cursor) } }));
}

export function changeMemberRole(userId: string, role: Role) {
	return body(api.PATCH('/members/{id}', { params: { path: { id: userId } }, body: { role } }));
}

export function removeMember(userId: string) {
	return body(api.DELETE('/members/{id}', { params: { path: { id: userId } } }));
}

export function listInvitations(cursor?: string) {
	return body(api.GET('/invitations', { params: { query: page(cursor) } }));
}

/** The answer holds the link with its secret token (emailed to the invitee, and shown only here). */
export function createInvitation(request: { email: string; role: Role }) {
	return body(api.POST('/invitations', { body: request }));
}

export function revokeInvitation(id: string) {
	return body(api.DELETE('/invitations/{id}', { params: { path: { id } } }));
}
