// Shared, reactive API health state: polls GET /api/v1/health and exposes ok | degraded | down | loading.
import { ApiError } from './api.ts';
import { getHealth, type HealthCheck, type HealthResponse } from './resources/health.ts';

export type HealthIndicatorStatus = 'ok' | 'degraded' | 'down' | 'loading';

export const HEALTH_POLL_INTERVAL_MS = 30_000;

/** Human names for the Worker's dependency checks; unknown keys are shown as-is. */
const CHECK_LABELS: Record<string, string> = {
	d1: 'D1 database',
	durableObjects: 'Durable Objects',
	queues: 'Queues'
};

export function checkLabel(name: string): string {
	return CHECK_LABELS[name] ?? name;
}

/** One line per check, e.g. "D1 database: ok (3 ms)". */
export function describeCheck(name: string, check: HealthCheck): string {
	const parts: string[] = [];
	if (typeof check.latencyMs === 'number') parts.push(`${check.latencyMs} ms`);
	if (Array.isArray(check.bindings) && check.bindings.length > 0) parts.push(check.bindings.join(', '));
	if (typeof check.error === 'string' && check.error) parts.push(check.error);
	return `${checkLabel(name)}: ${check.ok ? 'ok' : 'failing'}${parts.length ? ` (${parts.join('; ')})` : ''}`;
}

/** One sentence explaining why the health check failed, for the tooltip and the details popover. */
export function describeFailure(error: ApiError): string {
	if (error.kind === 'http') {
		const title = error.title === `HTTP ${error.status}` ? '' : ` (${error.title})`;
		const detail = error.detail ? `: ${error.detail}` : '';
		return `The API answered HTTP ${error.status}${title}${detail}.`;
	}
	return error.detail ?? error.title;
}

class HealthMonitor {
	status = $state<HealthIndicatorStatus>('loading');
	/** Last successful health document (kept while the API is unreachable, for context). */
	health = $state<HealthResponse | null>(null);
	/** Why the last check failed, when status is `down`. */
	error = $state<ApiError | null>(null);
	/** When the last check finished (successfully or not). */
	checkedAt = $state<Date | null>(null);

	#subscribers = 0;
	#timer: ReturnType<typeof setInterval> | undefined;
	#inFlight: AbortController | undefined;

	readonly label = $derived(
		{ ok: 'Operational', degraded: 'Degraded', down: 'API unreachable', loading: 'Checking…' }[this.status]
	);

	/** Multi-line summary for tooltips. */
	readonly summary = $derived.by(() => {
		const lines: string[] = [`API status: ${this.label}`];
		if (this.status === 'down' && this.error) lines.push(describeFailure(this.error));
		const health = this.health;
		if (health && this.status !== 'down') {
			for (const [name, check] of Object.entries(health.checks)) lines.push(describeCheck(name, check));
			lines.push(`Version ${health.version} · ${health.environment}`);
		}
		if (this.checkedAt) lines.push(`Checked ${this.checkedAt.toLocaleTimeString()}`);
		return lines.join('\n');
	});

	/** Checks now; a newer check aborts the one still in flight, so answers never arrive out of order. */
	async refresh(): Promise<void> {
		this.#inFlight?.abort();
		const controller = new AbortController();
		this.#inFlight = controller;
		try {
			const health = await getHealth({ signal: controller.signal });
			if (controller.signal.aborted) return;
			this.health = health;
			this.error = null;
			this.status = health.status;
		} catch (err) {
			if (controller.signal.aborted) return;
			this.error =
				err instanceof ApiError
					? err
					: new ApiError('network', 0, { type: 'about:blank', title: 'API unreachable', status: 0 });
			this.status = 'down';
		} finally {
			if (this.#inFlight === controller) {
				this.#inFlight = undefined;
				this.checkedAt = new Date();
			}
		}
	}

	/**
	 * Starts polling while at least one component is subscribed; returns the unsubscribe function.
	 * Checks immediately, every 30 s, and again whenever the tab becomes visible.
	 */
	subscribe(): () => void {
		if (this.#subscribers++ === 0) {
			void this.refresh();
			this.#timer = setInterval(() => {
				if (document.visibilityState === 'visible') void this.refresh();
			}, HEALTH_POLL_INTERVAL_MS);
			document.addEventListener('visibilitychange', this.#onVisibilityChange);
		}
		return () => {
			if (--this.#subscribers === 0) {
				clearInterval(this.#timer);
				this.#timer = undefined;
				this.#inFlight?.abort();
				document.removeEventListener('visibilitychange', this.#onVisibilityChange);
			}
		};
	}

	#onVisibilityChange = () => {
		const stale = !this.checkedAt || Date.now() - this.checkedAt.getTime() > HEALTH_POLL_INTERVAL_MS;
		if (document.visibilityState === 'visible' && stale) void this.refresh();
	};
}

/** The app-wide health monitor (the SPA has exactly one API to watch). */
export const health = new HealthMonitor();
