// The typed SnoozeQL API client: openapi-fetch over the types generated from the Worker's own
// OpenAPI document (schema.d.ts, from the committed openapi.json), on the fetch of ../api.ts
// (CSRF, timeouts, session hooks, problem+json → ApiError). Used by the dashboard and the CLI.
// Regenerate the types with `npm run openapi:snapshot`; never edit schema.d.ts by hand.
import createClient from 'openapi-fetch';
import { API_BASE, apiFetch, type FetchOptions } from '../api.ts';
import type { components, paths } from './schema.d.ts';

export type { components, paths };
/** The API's named schemas, e.g. `Schemas['Database']`. */
export type Schemas = components['schemas'];
/** A cursor-paginated list: `{ data: T[], nextCursor: string | null }`. */
export interface Page<T> {
	data: T[];
	nextCursor: string | null;
}

/** A client for the API at `baseUrl` (e.g. `https://app.snoozeql.com/api/v1`). */
export function createApiClient(baseUrl: string, options: FetchOptions = {}) {
	return createClient<paths, 'application/json'>({ baseUrl, fetch: apiFetch(options) });
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The dashboard's client: same origin, session cookie + CSRF. */
export const api = createApiClient(API_BASE);

/** Per-call fetch behaviour, e.g. `api.GET('/me', { fetch: withOptions({ expectUnauthorized: true }) })`. */
export const withOptions = (options: FetchOptions) => apiFetch(options);

/**
 * The body of a successful call. The fetch underneath already threw an ApiError for every
 * non-2xx answer, so an `error` here can only be a declared resource-on-error answer (health).
 */
export async function body<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
	const { data, error } = await call;
	if (error !== undefined) throw new TypeError('The API answered with an error the client did not expect.');
	return data as T;
}

/** A fresh Idempotency-Key header, one per user action, so a repeated request is applied once. */
export function idempotent(key: string = crypto.randomUUID()) {
	return { 'Idempotency-Key': key };
}

/** The object without its empty values (an empty filter is no filter, not `?type=`). */
export function compact<T extends object>(values: T): Partial<T> {
	return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== null && value !== '')) as Partial<T>;
}
