// Auth API calls: who am I, sign up (and confirm the address), sign in/out, reset a forgotten
// password, switch organization, accept an invitation.
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

/** The answer of sign-up and forgot-password: the same whether or not the address has an account. */
export type CheckEmail = Schemas['CheckEmail'];

/** Sign-up mails a confirmation link; the account signs in by opening it (verifyEmail). */
export function signup(request: { email: string; password: string; name: string; organization: string }) {
	return body(api.POST('/auth/signup', { body: request, fetch: signedOutIsAnswer }));
}

/** Spends the emailed confirmation link's token and signs in. */
export function verifyEmail(token: string) {
	return body(api.POST('/auth/verify-email', { body: { token }, fetch: signedOutIsAnswer }));
}

export function forgotPassword(email: string) {
	return body(api.POST('/auth/password/forgot', { body: { email }, fetch: signedOutIsAnswer }));
}

/** Sets a new password with the emailed reset link; every session ends (sign in afterwards). */
export function resetPassword(request: { token: string; password: string }) {
	return body(api.POST('/auth/password/reset', { body: request, fetch: signedOutIsAnswer }));
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
