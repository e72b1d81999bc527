// Savings for the Overview and Savings browser tests, made the way a user makes them: the demo
// organization's history (ingested by the agent when the stack starts) and one priced database put
// to sleep now through POST /api/v1/instances/{id}/stop, confirmed by the stack's agent — never by
// writing ledger rows.
import { DEMO_EMAIL, DEMO_PASSWORD } from './auth.ts';

/** The two databases of the demo's 10-minute cycle: they wake by themselves within minutes. */
const CYCLING = new Set(['orders-staging', 'web-staging-pg']);

export interface DemoApi {
	get<T>(path: string): Promise<T>;
	post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

/** Signs the demo user in over HTTP; requests carry the session cookie (and CSRF on POST). */
export async function demoApi(baseUrl: string): Promise<DemoApi> {
	const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email: DEMO_EMAIL, password: DEMO_PASSWORD })
	});
	if (login.status !== 200) throw new Error(`demo sign-in answered ${login.status}: ${await login.text()}`);
	const { csrfToken } = (await login.json()) as { csrfToken: string };
	const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
	return {
		async get<T>(path: string) {
			const res = await fetch(`${baseUrl}/api/v1${path}`, { headers: { cookie } });
			if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
			return (await res.json()) as T;
		},
		post(path, body, headers = {}) {
			return fetch(`${baseUrl}/api/v1${path}`, {
				method: 'POST',
				headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json', ...headers },
				body: JSON.stringify(body ?? {})
			});
		}
	};
}

interface Instance {
	id: string;
	name: string;
	state: string;
	eligible: boolean;
	hourlyPriceMicros: number | null;
}

export interface Summary {
	allTimeCents: number;
	totalCents: number;
	ongoing: { databasesAsleep: number; centsPerHour: number; accruedCents: number };
}

async function poll<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value) return value;
		} catch (error) {
			last = error;
		}
		if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s${last ? ` (last error: ${String(last)})` : ''}`);
		await new Promise((resolve) => setTimeout(resolve, 1_000));
	}
}

/**
 * Makes sure the demo organization is saving money right now: a priced, eligible database that the
 * demo cycle does not wake is asleep, confirmed by the agent, and the savings API counts it.
 * Returns once the savings API shows money per hour and a database with whole cents saved.
 */
export async function ensureSavingNow(baseUrl: string): Promise<{ api: DemoApi; summary: Summary; slept: string | null }> {
	const api = await demoApi(baseUrl);
	const fleet = await poll(
		'the demo databases are discovered',
		async () => {
			const page = await api.get<{ data: Instance[] }>('/instances?limit=100');
			return page.data.length >= 10 && page.data;
		},
		90_000
	);
	const priced = (db: Instance) => db.eligible && db.hourlyPriceMicros !== null && db.hourlyPriceMicros > 0 && !CYCLING.has(db.name);
	// The dearest awake one, so its first cents show soon even without history.
	const target = fleet.filter((db) => priced(db) && db.state === 'running').sort((a, b) => b.hourlyPriceMicros! - a.hourlyPriceMicros!)[0];
	let slept: string | null = null;
	if (target) {
		const res = await api.post(`/instances/${target.id}/stop`, {}, { 'idempotency-key': crypto.randomUUID() });
		if (res.status !== 202) throw new Error(`stop ${target.name} answered ${res.status}: ${await res.text()}`);
		await poll(`${target.name} is stopped`, async () => (await api.get<Instance>(`/instances/${target.id}`)).state === 'stopped', 90_000);
		slept = target.name;
	} else if (!fleet.some((db) => priced(db) && db.state === 'stopped')) {
		throw new Error(`no priced, eligible demo database to put to sleep: ${fleet.map((db) => `${db.name}=${db.state}/${db.hourlyPriceMicros}`).join(', ')}`);
	}
	const summary = await poll(
		'the savings API counts a database saving now',
		async () => {
			const s = await api.get<Summary>('/savings');
			return s.ongoing.databasesAsleep > 0 && s.ongoing.centsPerHour > 0 && s;
		},
		60_000
	);
	// Whole cents per database in the last 30 days: the demo's ingested history, or else the first
	// cent of the sleeps happening now (a minute or two at demo prices).
	await poll(
		'a database has saved at least a cent',
		async () => (await api.get<{ items: { savedCents: number }[] }>('/savings/by-instance')).items.some((i) => i.savedCents > 0),
		240_000
	);
	return { api, summary, slept };
}

/** What a chart's canvas holds: pixels drawn at all, and pixels close to the series colour `rgb`. */
export interface CanvasInk {
	drawn: number;
	matching: number;
	width: number;
	height: number;
}

/** Runs in the page (Playwright serializes it): counts the canvas's drawn pixels and those close to `rgb`. */
export function countInk(element: unknown, rgb: [number, number, number]): CanvasInk {
	const canvas = element as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null };
	const ctx = canvas.getContext('2d');
	if (!ctx) return { drawn: 0, matching: 0, width: canvas.width, height: canvas.height };
	const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
	let drawn = 0;
	let matching = 0;
	for (let i = 0; i < data.length; i += 4) {
		if (data[i + 3] === 0) continue;
		drawn++;
		const close = Math.abs(data[i]! - rgb[0]) < 40 && Math.abs(data[i + 1]! - rgb[1]) < 40 && Math.abs(data[i + 2]! - rgb[2]) < 40;
		if (close && data[i + 3]! > 120) matching++;
	}
	return { drawn, matching, width: canvas.width, height: canvas.height };
}

/** The theme colours the charts draw their series in (web/src/app.css). */
export const OK_GREEN: [number, number, number] = [22, 163, 74];
export const BRAND_INDIGO: [number, number, number] = [59, 63, 184];
