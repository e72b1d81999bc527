// The signed-in person as app-wide state: loads GET /me, keeps the CSRF token, signs out, switches organization.
import { ApiError, asApiError, onForbidden, onSessionExpired, setCsrfToken } from './api.ts';
import { getMe, logout, switchOrganization, type Me } from './auth.ts';
import { can, type Permission } from './roles.ts';

export type SessionStatus = 'loading' | 'signed-in' | 'signed-out' | 'error';

class Session {
	status = $state<SessionStatus>('loading');
	me = $state.raw<Me | null>(null);
	/** Why /me could not be loaded, when status is `error` (API unreachable or failing). */
	error = $state.raw<ApiError | null>(null);
	/**
	 * How the last session ended in this tab: `signed-out` on purpose (nothing to return to) or
	 * `expired` (a request answered 401); null while signed in or before any session.
	 */
	ended = $state<'signed-out' | 'expired' | null>(null);

	readonly user = $derived(this.me?.user ?? null);
	readonly organization = $derived(this.me?.organization ?? null);
	readonly organizations = $derived(this.me?.organizations ?? []);
	readonly role = $derived(this.me?.role ?? null);

	#loading: Promise<void> | null = null;

	/** Whether the current role in the current organization holds `permission`. */
	can(permission: Permission): boolean {
		return can(this.role, permission);
	}

	/** Loads /me once (concurrent callers share the request); `refresh` forces a new one. */
	load(): Promise<void> {
		this.#loading ??= this.refresh().finally(() => {
			this.#loading = null;
		});
		return this.#loading;
	}

	async refresh(): Promise<void> {
		try {
			this.signedIn(await getMe());
		} catch (err) {
			if (err instanceof ApiError && err.status === 401) {
				this.#clear();
				return;
			}
			this.error = asApiError(err);
			this.status = 'error';
		}
	}

	/** Adopts the answer of sign-up, sign-in, switching or accepting an invitation. */
	signedIn(me: Me): void {
		setCsrfToken(me.csrfToken);
		this.me = me;
		this.error = null;
		this.ended = null;
		this.status = 'signed-in';
	}

	/** Ends the session at the API; the local state is cleared even if the API cannot be reached. */
	async signOut(): Promise<void> {
		try {
			await logout();
		} finally {
			this.ended = 'signed-out';
			this.#clear();
		}
	}

	async switchOrganization(organizationId: string): Promise<void> {
		this.signedIn(await switchOrganization(organizationId));
	}

	/** Called when any request answers 401: the session expired or was ended elsewhere. */
	expire(): void {
		if (this.status !== 'signed-in') return;
		this.ended = 'expired';
		this.#clear();
	}

	#clear(): void {
		setCsrfToken(null);
		this.me = null;
		this.error = null;
		this.status = 'signed-out';
	}
}

export const session = new Session();

onSessionExpired(() => session.expire());
// A 403 may mean the role changed elsewhere (or the CSRF token is stale): reload who we are, so
// the UI hides what is no longer allowed and the next mutation carries a fresh token.
onForbidden(() => {
	if (session.status === 'signed-in') void session.load();
});

/** Routes anyone may open without signing in; every other route needs a session. */
const PUBLIC_PATHS = ['/login', '/signup', '/invite', '/verify-email', '/forgot-password', '/reset-password'];

export function isPublicPath(pathname: string): boolean {
	return PUBLIC_PATHS.includes(pathname.replace(/\/+$/, '') || '/');
}

/**
 * A same-origin path to continue to after signing in, or null: only absolute paths on this site
 * (never `//host`, a scheme, or the sign-in and sign-up pages) so the parameter cannot redirect away.
 * An invitation link is allowed: "sign in first, then accept" comes back to it.
 */
export function safeRedirect(target: string | null | undefined): string | null {
	if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return null;
	try {
		const url = new URL(target, 'https://snoozeql.invalid');
		const path = url.pathname.replace(/\/+$/, '');
		if (url.origin !== 'https://snoozeql.invalid' || path === '/login' || path === '/signup') return null;
		return `${url.pathname}${url.search}${url.hash}`;
	} catch {
		return null;
	}
}

/** `/login`, remembering where the person was going (when that is somewhere worth returning to). */
export function loginPath(from?: { pathname: string; search: string; hash: string }): string {
	const back = from && safeRedirect(`${from.pathname}${from.search}${from.hash}`);
	return back && back !== '/' ? `/login?redirectTo=${encodeURIComponent(back)}` : '/login';
}
