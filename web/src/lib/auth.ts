// Auth API calls: who am I, sign up, sign in/out, switch organization, accept an invitation.
import { api, body, withOptions, type Schemas } from './api/client.ts';

/** A 401 from these calls is an answer (wrong password, signed out), not an ended session. */
const signedOutIsAnswer = withOptions({ expectUnauthorized: true });

export type Organization = NonNullable<Schemas['OrganizationMembership']>;
export type User = NonNullable<Schemas['User']>;
/** GET /api/v1/me (and the answer to sign-up, sign-in, switching and accepting an invitation). */
export type Me = Schemas['Me'];

export function getMe() {
	return body(api.GET('/me', { fetch: signedOutIsAnswer }));
}

export function login(request: { email: string; password: string }) {
	return body(api.POST('/auth/login', { body: request, fetch: signedOutIsAnswer }));
}

export function signup(request: { email: string; password: string; name: string; organization: string }) {
	return body(api.POST('/auth/signup', { body: request, fetch: signedOutIsAnswer }));
}

export function logout() {
	return body(api.POST('/auth/logout', { fetch: signedOutIsAnswer }));
}

export function switchOrganization(organizationId: string) {
	return body(api.POST('/auth/switch-organization', { body: { organizationId } }));
}

/** Signed in: just the token. Not signed in: `name` and `password` create the invited person's account. */
export function acceptInvitation(request: { token: string; name?: string; password?: string }) {
	return body(api.POST('/invitations/accept', { body: request, fetch: signedOutIsAnswer }));
}
