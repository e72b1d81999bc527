// Members and invitations API: list members, change a role, remove; invite, list pending, revoke.
import { apiRequest } from '../api.ts';
import { boolean, noContent, object, oneOf, pageOf, string } from '../parse.ts';
import { ROLES, type Role } from '../roles.ts';

export interface Member {
	userId: string;
	email: string;
	name: string;
	role: Role;
	joinedAt: string;
}

export interface Invitation {
	id: string;
	email: string;
	role: Role;
	createdAt: string;
	expiresAt: string;
}

function parseMember(value: unknown, what: string): Member {
	const data = object(value, what);
	return {
		userId: string(data, 'userId', what),
		email: string(data, 'email', what),
		name: string(data, 'name', what),
		role: oneOf(data, 'role', ROLES, what),
		joinedAt: string(data, 'joinedAt', what)
	};
}

function parseInvitation(value: unknown, what: string): Invitation {
	const data = object(value, what);
	return {
		id: string(data, 'id', what),
		email: string(data, 'email', what),
		role: oneOf(data, 'role', ROLES, what),
		createdAt: string(data, 'createdAt', what),
		expiresAt: string(data, 'expiresAt', what)
	};
}

function pageQuery(cursor?: string): string {
	const query = new URLSearchParams({ limit: '100' });
	if (cursor) query.set('cursor', cursor);
	return query.toString();
}

export function listMembers(cursor?: string) {
	return apiRequest(`/members?${pageQuery(cursor)}`, pageOf(parseMember, 'members'));
}

export function changeMemberRole(userId: string, role: Role) {
	return apiRequest(
		`/members/${encodeURIComponent(userId)}`,
		(v) => ({ role: oneOf(object(v, 'member'), 'role', ROLES, 'member') }),
		{ method: 'PATCH', body: { role } }
	);
}

export function removeMember(userId: string) {
	return apiRequest(`/members/${encodeURIComponent(userId)}`, noContent, { method: 'DELETE' });
}

export function listInvitations(cursor?: string) {
	return apiRequest(`/invitations?${pageQuery(cursor)}`, pageOf(parseInvitation, 'invitations'));
}

/** The answer holds the link with its secret token (emailed to the invitee, and shown only here). */
export function createInvitation(body: { email: string; role: Role }) {
	return apiRequest(
		'/invitations',
		(v) => ({
			...parseInvitation(v, 'invitation'),
			link: string(object(v, 'invitation'), 'link', 'invitation'),
			emailed: boolean(object(v, 'invitation'), 'emailed', 'invitation')
		}),
		{ method: 'POST', body }
	);
}

export function revokeInvitation(id: string) {
	return apiRequest(`/invitations/${encodeURIComponent(id)}`, noContent, { method: 'DELETE' });
}
