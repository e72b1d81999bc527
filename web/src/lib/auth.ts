// Auth API calls: who am I, sign up (and confirm the address), sign in/out, reset a forgotten
// password, switch organization, accept an invitation.
import { apiRequest } from './api.ts';
import { array, nullableString, object, oneOf, noContent, string, type Json } from './parse.ts';
import { ROLES, type Role } from './roles.ts';

export interface Organization {
	id: string;
	name: string;
	slug: string;
	role: Role;
}

export interface User {
	id: string;
	email: string;
	name: string;
}

/** GET /api/v1/me (and the answer to sign-up, sign-in, switching and accepting an invitation). */
export interface Me {
	kind: 'user' | 'api_token';
	user: User | null;
	/** The organization requests act in; null for a person who belongs to none. */
	organization: Organization | null;
	role: Role | null;
	organizations: Organization[];
	csrfToken: string | null;
}

function parseOrganization(value: unknown, what: string): Organization {
	const data = object(value, what);
	return {
		id: string(data, 'id', what),
		name: string(data, 'name', what),
		slug: string(data, 'slug', what),
		role: oneOf(data, 'role', ROLES, what)
	};
}

export function parseMe(value: unknown): Me {
	const data = object(value, 'me');
	const user = data.user === null || data.user === undefined ? null : object(data.user, 'me.user');
	return {
		kind: oneOf(data, 'kind', ['user', 'api_token'], 'me'),
		user: user && {
			id: string(user, 'id', 'me.user'),
			email: string(user, 'email', 'me.user'),
			name: string(user, 'name', 'me.user')
		},
		organization: data.organization ? parseOrganization(data.organization, 'me.organization') : null,
		role: data.role === null || data.role === undefined ? null : oneOf(data, 'role', ROLES, 'me'),
		organizations: array(data as Json, 'organizations', parseOrganization, 'me'),
		csrfToken: nullableString(data, 'csrfToken', 'me')
	};
}

export function getMe() {
	return apiRequest('/me', parseMe, { expectUnauthorized: true });
}

export function login(body: { email: string; password: string }) {
	return apiRequest('/auth/login', parseMe, { method: 'POST', body, expectUnauthorized: true });
}

/** The answer of sign-up and forgot-password: the same whether or not the address has an account. */
export interface CheckEmail {
	status: 'check-email';
	message: string;
}

function parseCheckEmail(value: unknown): CheckEmail {
	const data = object(value, 'check-email');
	return { status: oneOf(data, 'status', ['check-email'], 'check-email'), message: string(data, 'message', 'check-email') };
}

/** Sign-up mails a confirmation link; the account signs in by opening it (verifyEmail). */
export function signup(body: { email: string; password: string; name: string; organization: string }) {
	return apiRequest('/auth/signup', parseCheckEmail, { method: 'POST', body, expectUnauthorized: true });
}

/** Spends the emailed confirmation link's token and signs in. */
export function verifyEmail(token: string) {
	return apiRequest('/auth/verify-email', parseMe, { method: 'POST', body: { token }, expectUnauthorized: true });
}

export function forgotPassword(email: string) {
	return apiRequest('/auth/password/forgot', parseCheckEmail, { method: 'POST', body: { email }, expectUnauthorized: true });
}

/** Sets a new password with the emailed reset link; every session ends (sign in afterwards). */
export function resetPassword(body: { token: string; password: string }) {
	return apiRequest('/auth/password/reset', noContent, { method: 'POST', body, expectUnauthorized: true });
}

export function logout() {
	return apiRequest('/auth/logout', noContent, { method: 'POST', expectUnauthorized: true });
}

export function switchOrganization(organizationId: string) {
	return apiRequest('/auth/switch-organization', parseMe, { method: 'POST', body: { organizationId } });
}

/** Signed in: just the token. Not signed in: `name` and `password` create the invited person's account. */
export function acceptInvitation(body: { token: string; name?: string; password?: string }) {
	return apiRequest('/invitations/accept', parseMe, { method: 'POST', body, expectUnauthorized: true });
}
