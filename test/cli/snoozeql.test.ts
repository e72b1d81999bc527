// The `snoozeql` CLI against the local stack, run as a person or a script runs it: the real
// launcher in a child process, an API token made through the API, SNOOZEQL_URL/SNOOZEQL_TOKEN or
// the config file written by `login`. Exit codes are the documented ones (cli/snoozeql.ts EXIT).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EXIT } from '../../cli/snoozeql.ts';
import { demoApi, type DemoApi } from '../e2e/savings-setup.ts';

const LAUNCHER = fileURLToPath(new URL('../../cli/snoozeql.mjs', import.meta.url));

interface Result {
	code: number;
	stdout: string;
	stderr: string;
}

interface Database {
	id: string;
	name: string;
	state: string;
	eligible: boolean;
	ineligibleReason: string | null;
}

/** The databases of the demo's 10-minute cycle change state by themselves: not for these tests. */
const CYCLING = new Set(['orders-staging', 'web-staging-pg']);

describe('snoozeql CLI', () => {
	const baseUrl = inject('baseUrl');
	let api: DemoApi;
	let token: string;
	let configDir: string;

	function cli(args: string[], env: Record<string, string | undefined> = {}, stdin = ''): Promise<Result> {
		return new Promise((resolve, reject) => {
			const child = spawn(process.execPath, [LAUNCHER, ...args], {
				env: { PATH: process.env.PATH, HOME: configDir, SNOOZEQL_CONFIG_DIR: configDir, SNOOZEQL_URL: baseUrl, SNOOZEQL_POLL_MS: '1000', ...env },
				stdio: ['pipe', 'pipe', 'pipe']
			});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (chunk) => (stdout += String(chunk)));
			child.stderr.on('data', (chunk) => (stderr += String(chunk)));
			child.on('error', reject);
			child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
			child.stdin.end(stdin);
		});
	}

	const withToken = () => ({ SNOOZEQL_TOKEN: token });

	async function databases(): Promise<Database[]> {
		return (await api.get<{ data: Database[] }>('/instances?limit=100')).data;
	}

	beforeAll(async () => {
		configDir = mkdtempSync(join(tmpdir(), 'snoozeql-cli-'));
		api = await demoApi(baseUrl);
		const created = await api.post('/tokens', { name: 'cli-test', role: 'operator' });
		expect(created.status).toBe(201);
		token = ((await created.json()) as { token: string }).token;
		// The demo fleet is discovered when the stack starts; wait until it is listed.
		const deadline = Date.now() + 60_000;
		while ((await databases()).length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1_000));
	}, 90_000);

	afterAll(() => rmSync(configDir, { recursive: true, force: true }));

	it('login stores the token in the config dir, readable only by the user, and later commands use it', async () => {
		const login = await cli(['login', '--token', token]);
		expect(login.stderr).toBe('');
		expect(login.code).toBe(EXIT.ok);
		expect(login.stdout).toContain('Signed in to Demo Co');
		const file = join(configDir, 'config.json');
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ url: baseUrl, token });

		const ls = await cli(['ls', '--json']); // no SNOOZEQL_TOKEN: the stored token
		expect(ls.code).toBe(EXIT.ok);
		const listed = JSON.parse(ls.stdout) as { name: string; state: string }[];
		expect(listed.map((db) => db.name)).toContain('orders-dev');
		rmSync(file);
	});

	it('login reads a token piped on stdin, and refuses a bad one with exit code 3', async () => {
		const good = await cli(['login'], {}, `${token}\n`);
		expect(good.code).toBe(EXIT.ok);
		rmSync(join(configDir, 'config.json'));
		const bad = await cli(['login', '--token', 'sq_live_not-a-real-token']);
		expect(bad.code).toBe(EXIT.auth);
		expect(bad.stderr).toMatch(/token was refused/);
	});

	it('ls shows every database with its state and next transition', async () => {
		const result = await cli(['ls'], withToken());
		expect(result.code).toBe(EXIT.ok);
		const [head, ...rows] = result.stdout.trim().split('\n');
		expect(head).toMatch(/^NAME\s+STATE\s+WHERE\s+ENGINE\s+NEXT$/);
		expect(rows.length).toBe((await databases()).length);
		expect(rows.find((row) => row.startsWith('orders-dev '))).toMatch(/^orders-dev\s+(running|stopped|starting|stopping)\s+aws /);
		// The demo's schedules put something to sleep or wake it within the week.
		expect(rows.some((row) => /(sleep|wake) in \d/.test(row))).toBe(true);
		expect(rows.some((row) => row.includes('not eligible: '))).toBe(true);
	});

	it('schedules lists the demo schedules with their mode and next transition', async () => {
		const result = await cli(['schedules', '--json'], withToken());
		expect(result.code).toBe(EXIT.ok);
		const schedules = JSON.parse(result.stdout) as { name: string; mode: string; timezone: string; nextTransition: unknown }[];
		expect(schedules.map((s) => s.name)).toEqual(expect.arrayContaining(['Office hours (dev)', 'Demo: 10-minute cycle']));
		expect(schedules.every((s) => ['enforced', 'dry run', 'disabled', 'not enforced'].includes(s.mode))).toBe(true);
		const text = await cli(['schedules'], withToken());
		expect(text.stdout.split('\n')[0]).toMatch(/^NAME\s+MODE\s+TIMEZONE\s+NEXT$/);
	});

	it('wake --wait returns 0 once the database is available (and sleep --wait puts it back)', async () => {
		const fleet = await databases();
		const target =
			fleet.find((db) => db.eligible && db.state === 'stopped' && !CYCLING.has(db.name)) ??
			fleet.find((db) => db.eligible && db.state === 'running' && !CYCLING.has(db.name));
		expect(target, 'an eligible database outside the demo cycle').toBeDefined();
		const { name } = target!;
		if (target!.state === 'running') {
			const slept = await cli(['sleep', name, '--wait', '--timeout', '3m'], withToken());
			expect(slept.stderr + slept.stdout).toContain(`${name} is asleep.`);
			expect(slept.code).toBe(EXIT.ok);
		}

		const woke = await cli(['wake', name, '--wait', '--timeout', '3m'], withToken());
		expect(woke.stdout).toContain(`${name}: waking (queued).`);
		expect(woke.stdout).toContain(`${name} is available.`);
		expect(woke.stderr).toMatch(new RegExp(`${name}: (starting|stopped)`)); // progress, one line per state when not a terminal
		expect(woke.code).toBe(EXIT.ok);
		expect((await databases()).find((db) => db.name === name)?.state).toBe('running');

		const again = await cli(['wake', name, '--wait', '--json'], withToken());
		expect(again.code).toBe(EXIT.ok);
		expect(JSON.parse(again.stdout)).toMatchObject({ database: { name, state: 'running' } });

		// Leave the fleet as the other tests expect it: asleep again.
		const back = await cli(['sleep', name, '--wait', '--timeout', '3m'], withToken());
		expect(back.code).toBe(EXIT.ok);
	}, 420_000);

	it('wake --for keeps a database awake with an override', async () => {
		const db = (await databases()).find((d) => d.eligible && !CYCLING.has(d.name))!;
		const result = await cli(['wake', db.name, '--for', '2h', '--json'], withToken());
		expect(result.code).toBe(EXIT.ok);
		const out = JSON.parse(result.stdout) as { result: { id: string; kind: string; until: string } };
		expect(out.result.kind).toBe('keep_awake');
		const hours = (Date.parse(out.result.until) - Date.now()) / 3_600_000;
		expect(hours).toBeGreaterThan(1.9);
		expect(hours).toBeLessThanOrEqual(2);
		// Cancel it so that the schedules apply again for the other tests.
		await fetch(`${baseUrl}/api/v1/overrides/${out.result.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
	});

	it('wake of an unknown name exits 4 and says so', async () => {
		const result = await cli(['wake', 'no-such-database', '--wait'], withToken());
		expect(result.code).toBe(EXIT.notFound);
		expect(result.stderr).toContain('no database named "no-such-database"');
		expect(result.stderr).toContain('snoozeql ls');
	});

	it('wake of an ineligible database exits 5 with the reason', async () => {
		const ineligible = (await databases()).find((db) => !db.eligible)!;
		const result = await cli(['wake', ineligible.name, '--wait'], withToken());
		expect(result.code).toBe(EXIT.refused);
		expect(result.stderr).toContain(`cannot wake ${ineligible.name}: ${ineligible.ineligibleReason}`);
	});

	it('wake with a bad token exits 3 and says how to fix it; no token at all also exits 3', async () => {
		const bad = await cli(['wake', 'orders-dev', '--wait'], { SNOOZEQL_TOKEN: 'sq_live_revoked-or-made-up' });
		expect(bad.code).toBe(EXIT.auth);
		expect(bad.stderr).toMatch(/the API token was refused .*snoozeql login/);
		const none = await cli(['ls']);
		expect(none.code).toBe(EXIT.auth);
		expect(none.stderr).toContain('not signed in');
	});

	it('rejects bad command lines with exit code 2', async () => {
		expect((await cli(['wake'], withToken())).code).toBe(EXIT.usage);
		expect((await cli(['wake', 'orders-dev', '--for', 'two hours'], withToken())).code).toBe(EXIT.usage);
		expect((await cli(['wake', 'orders-dev', '--for', '2h', '--until', '18:00'], withToken())).code).toBe(EXIT.usage);
		expect((await cli(['frobnicate'], withToken())).code).toBe(EXIT.usage);
		expect((await cli(['ls', '--nope'], withToken())).code).toBe(EXIT.usage);
	});

	it('an unreachable API exits 7', async () => {
		const result = await cli(['ls'], { ...withToken(), SNOOZEQL_URL: 'http://127.0.0.1:9' });
		expect(result.code).toBe(EXIT.unreachable);
	});
});
