// Health API: D1, Durable Objects and queue bindings of the Worker, ok or degraded.
import { ApiError, parseProblem } from '../api.ts';
import { api, withOptions, type Schemas } from '../api/client.ts';

/** GET /api/v1/health */
export type HealthResponse = Schemas['Health'];
export type HealthStatus = HealthResponse['status'];
/** One dependency check; the Worker may add fields (latency, bound queue names, an error). */
export type HealthCheck = { ok: boolean; latencyMs?: number; bindings?: string[]; error?: string };

/**
 * Fetches the Worker's health. Resolves for 200 (`ok`) and for 503 with a health document
 * (`degraded`: a dependency is failing, the API itself answers).
 * @throws {ApiError} when the API is unreachable or answers anything else (a problem+json included).
 */
export async function getHealth(options: { signal?: AbortSignal } = {}): Promise<HealthResponse> {
	const { data, error, response } = await api.GET('/health', {
		signal: options.signal,
		fetch: withOptions({ timeoutMs: 10_000, resourceOnStatus: [503] })
	});
	if (data) return data;
	// 503 with the health document: degraded, but answering.
	if (error && 'checks' in error) return error;
	const status = response.status;
	if (error) {
		// A problem+json answer (the fetch underneath normally throws these itself): same ApiError as everywhere else.
		throw new ApiError('http', status, parseProblem(error, { type: 'about:blank', title: response.statusText || `HTTP ${status}`, status }));
	}
	throw new ApiError('invalid-response', status, { type: 'about:blank', title: 'Invalid API response', status, detail: 'The health check answered without a document.' });
}
