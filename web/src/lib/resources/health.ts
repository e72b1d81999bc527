// Health API: D1, Durable Objects and queue bindings of the Worker, ok or degraded.
import { ApiError } from '../api.ts';
import { api, withOptions, type Schemas } from '../api/client.ts';

/** GET /api/v1/health */
export type HealthResponse = Schemas['Health'];
export type HealthStatus = HealthResponse['status'];
/** One dependency check; the Worker may add fields (latency, bound queue names, an error). */
export type HealthCheck = { ok: boolean; latencyMs?: number; bindings?: string[]; error?: string };

/**
 * Fetches the Worker's health. Resolves for 200 (`ok`) and for 503 with a health document
 * (`degraded`: a dependency is failing, the API itself answers).
 * @throws {ApiError} when the API is unreachable or answers anything else.
 */
export async function getHealth(options: { signal?: AbortSignal } = {}): Promise<HealthResponse> {
	const { data, error, response } = await api.GET('/health', {
		signal: options.signal,
		fetch: withOptions({ timeoutMs: 10_000, resourceOnStatus: [503] })
	});
	const health = data ?? error;
	if (!health) throw new ApiError('invalid-response', response.status, { type: 'about:blank', title: 'Invalid API response', status: response.status, detail: 'The health check answered without a document.' });
	return health;
}
