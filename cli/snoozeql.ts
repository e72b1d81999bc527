/**
 * `snoozeql`: SnoozeQL from a terminal, on the same generated API client as the dashboard
 * (web/src/lib/api/client.ts, typed from the committed openapi.json).
 *
 *   snoozeql login [--url URL] [--token TOKEN]     store an API token (0600) for later commands
 *   snoozeql ls                                    databases with state and next transition
 *   snoozeql wake <name> [--for 2h | --until 18:00] [--wait] [--timeout 20m]
 *   snoozeql sleep <name> [--wait]
 *   snoozeql skip <name>                           let the next scheduled transition pass
 *   snoozeql schedules                             schedules with mode and next transition
 *   --json on any command prints machine-readable output on stdout.
 *
 * Exit codes (see EXIT): scripts can rely on them. Progress and errors go to stderr, results to
 * stdout. This module owns argument parsing, output and waiting; it never builds a request by hand.
 */
import { parseArgs } from 'node:util';
import { ApiError } from '../web/src/lib/api.ts';
import { createApiClient, type ApiClient, type Schemas } from '../web/src/lib/api/client.ts';
import { configPath, resolveSettings, writeConfig } from './config.ts';
import { parseDuration, parseUntil, relative } from './time.ts';

/** Exit codes, documented in `snoozeql help` and cli/README.md. */
export const EXIT = {
	ok: 0,
	/** The API answered an error not listed below, or something unexpected happened. */
	failed: 1,
	/** Bad command line: unknown command or option, missing name, bad --for/--until. */
	usage: 2,
	/** No token, or the API refused it (invalid, expired, revoked) or its role does not allow this. */
	auth: 3,
	/** No database or schedule with that name (or the name is ambiguous). */
	notFound: 4,
	/** SnoozeQL will not act on that database (not eligible, its account is paused, …). */
	refused: 5,
	/** --wait gave up before the database got there (see --timeout). */
	timeout: 6,
	/** The API could not be reached. */
	unreachable: 7
} as const;

const HELP = `snoozeql — put non-production databases to sleep and wake them from a terminal

Usage:
  snoozeql login [--url URL] [--token TOKEN]   store an API token (Settings → API tokens)
  snoozeql ls                                  databases with state and next transition
  snoozeql wake <name> [--for 2h | --until 18:00] [--wait] [--timeout 20m]
                                               wake now; --for/--until keep it awake that long
  snoozeql sleep <name> [--wait]               put to sleep now
  snoozeql skip <name>                         let the next scheduled sleep or wake pass
  snoozeql schedules                           schedules with mode and next transition

Options:
  --json          machine-readable output on stdout
  --wait          wait (with progress on stderr) until the database is available / stopped
  --timeout D     how long --wait waits (default 20m)
  -h, --help      this help

Environment:
  SNOOZEQL_URL    the SnoozeQL URL (default: the one saved by login, else http://localhost:8787)
  SNOOZEQL_TOKEN  an API token (default: the one saved by login)

Exit codes:
  0 ok   1 failed   2 usage   3 not signed in / token refused / not allowed
  4 no such database or schedule   5 SnoozeQL will not act on it (not eligible, account paused)
  6 --wait timed out   7 API unreachable
`;

/** A failure with the exit code it maps to; its message is printed as "snoozeql: <message>". */
export class CliError extends Error {
	readonly code: number;
	constructor(code: number, message: string) {
		super(message);
		this.code = code;
	}
}

export interface Io {
	stdout: (text: string) => void;
	stderr: (text: string) => void;
	/** True when stderr is a terminal (draw a spinner rather than one line per change). */
	tty: boolean;
	env: NodeJS.ProcessEnv;
	readToken: () => Promise<string>;
	sleep: (ms: number) => Promise<void>;
}

type Database = Schemas['Database'];
type Transition = Schemas['UpcomingTransition'];

const OPTIONS = {
	json: { type: 'boolean' },
	wait: { type: 'boolean' },
	for: { type: 'string' },
	until: { type: 'string' },
	timeout: { type: 'string' },
	url: { type: 'string' },
	token: { type: 'string' },
	help: { type: 'boolean', short: 'h' }
} as const;

export async function run(argv: string[], io: Io): Promise<number> {
	let parsed;
	try {
		parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
	} catch (error) {
		io.stderr(`snoozeql: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
		return EXIT.usage;
	}
	const { values, positionals } = parsed;
	const [command, ...rest] = positionals;
	if (values.help || !command || command === 'help') {
		io.stdout(HELP);
		return command || values.help ? EXIT.ok : EXIT.usage;
	}
	try {
		switch (command) {
			case 'login':
				return await login(io, values);
			case 'ls':
				return await list(io, values.json === true);
			case 'schedules':
				return await schedules(io, values.json === true);
			case 'wake':
			case 'sleep':
			case 'skip':
				return await act(io, command, nameOf(rest, command), values);
			default:
				throw new CliError(EXIT.usage, `unknown command "${command}" (try snoozeql help)`);
		}
	} catch (error) {
		const failure = toCliError(error);
		if (values.json) io.stdout(`${JSON.stringify({ error: failure.message, exitCode: failure.code })}\n`);
		io.stderr(`snoozeql: ${failure.message}\n`);
		return failure.code;
	}
}

function nameOf(rest: string[], command: string): string {
	if (rest.length !== 1 || !rest[0]) throw new CliError(EXIT.usage, `${command} takes one database name, e.g. snoozeql ${command} orders-dev`);
	return rest[0];
}

/** An API failure as the exit code a script can act on, with the API's own words. */
export function toCliError(error: unknown): CliError {
	if (error instanceof CliError) return error;
	if (error instanceof ApiError) {
		const words = error.detail ?? error.title;
		if (error.kind === 'network') return new CliError(EXIT.unreachable, `${error.title}: ${words}`);
		if (error.status === 401) return new CliError(EXIT.auth, `the API token was refused (${words}). Run snoozeql login with a valid token, or set SNOOZEQL_TOKEN.`);
		if (error.status === 403) return new CliError(EXIT.auth, `not allowed: ${words}`);
		if (error.status === 404) return new CliError(EXIT.notFound, words);
		if (error.status === 409) return new CliError(EXIT.refused, words);
		if (error.status === 400) return new CliError(EXIT.usage, words);
		return new CliError(EXIT.failed, `${error.message}${error.requestId ? ` (request ${error.requestId})` : ''}`);
	}
	return new CliError(EXIT.failed, error instanceof Error ? error.message : String(error));
}

async function client(io: Io, tokenOverride?: string, urlOverride?: string): Promise<{ api: ApiClient; url: string }> {
	const settings = await resolveSettings(io.env);
	const url = (urlOverride ?? settings.url).replace(/\/+$/, '');
	const token = tokenOverride ?? settings.token;
	if (!token) throw new CliError(EXIT.auth, 'not signed in: run snoozeql login, or set SNOOZEQL_TOKEN to an API token.');
	return { api: createApiClient(`${url}/api/v1`, { headers: { authorization: `Bearer ${token}` }, timeoutMs: 30_000 }), url };
}

/** The typed body of a call (the fetch underneath throws an ApiError for every failure). */
async function body<T>(call: Promise<{ data?: T; error?: unknown }>): Promise<T> {
	const { data } = await call;
	return data as T;
}

// ---------------------------------------------------------------------------------------------
// login
// ---------------------------------------------------------------------------------------------

async function login(io: Io, values: { url?: string; token?: string; json?: boolean }): Promise<number> {
	const token = (values.token ?? io.env.SNOOZEQL_TOKEN ?? (await io.readToken())).trim();
	if (!token) throw new CliError(EXIT.usage, 'no token given: pass --token, set SNOOZEQL_TOKEN, or paste one when asked.');
	const { api, url } = await client(io, token, values.url ?? io.env.SNOOZEQL_URL);
	const me = await body(api.GET('/me'));
	const path = await writeConfig({ url, token }, io.env);
	if (values.json) io.stdout(`${JSON.stringify({ url, organization: me.organization?.name ?? null, role: me.role, token: me.token?.name ?? null, config: path })}\n`);
	else io.stdout(`Signed in to ${me.organization?.name ?? url} as API token “${me.token?.name ?? '?'}” (${me.role ?? 'no role'}). Saved to ${path} (readable only by you).\n`);
	return EXIT.ok;
}

// ---------------------------------------------------------------------------------------------
// ls, schedules
// ---------------------------------------------------------------------------------------------

/** Every item of a cursor-paginated list (100 a page). */
async function allPages<T>(fetchPage: (query: { limit: number; cursor?: string }) => Promise<{ data: T[]; nextCursor: string | null }>): Promise<T[]> {
	const all: T[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < 50; page++) {
		const result = await fetchPage({ limit: 100, ...(cursor && { cursor }) });
		all.push(...result.data);
		if (!result.nextCursor) break;
		cursor = result.nextCursor;
	}
	return all;
}

function allDatabases(api: ApiClient): Promise<Database[]> {
	return allPages((query) => body(api.GET('/instances', { params: { query } })));
}

/** The earliest coming transition per database, over the next week. */
async function nextTransitions(api: ApiClient): Promise<Transition[]> {
	return (await body(api.GET('/transitions/upcoming', { params: { query: { hours: 168, limit: 500 } } }))).items;
}

function describeNext(next: Transition | undefined): string {
	if (!next) return '—';
	const verb = next.action === 'stop' ? 'sleep' : 'wake';
	return `${verb} ${relative(next.at)} (${next.cause.name})${next.skipReason ? ` — skipped: ${next.skipReason}` : ''}`;
}

async function list(io: Io, json: boolean): Promise<number> {
	const { api } = await client(io);
	const [databases, transitions] = await Promise.all([allDatabases(api), nextTransitions(api)]);
	const next = new Map<string, Transition>();
	for (const transition of transitions) if (!next.has(transition.instanceId)) next.set(transition.instanceId, transition);
	if (json) {
		io.stdout(`${JSON.stringify(databases.map((db) => ({ id: db.id, name: db.name, state: db.state, provider: db.provider, region: db.region, engine: db.engine, eligible: db.eligible, ineligibleReason: db.ineligibleReason, nextTransition: next.get(db.id) ?? null })), null, 2)}\n`);
		return EXIT.ok;
	}
	const rows = databases.map((db) => [db.name, db.state, `${db.provider} ${db.region}`, db.engine, db.eligible ? describeNext(next.get(db.id)) : `not eligible: ${db.ineligibleReason ?? 'unknown reason'}`]);
	io.stdout(table(['NAME', 'STATE', 'WHERE', 'ENGINE', 'NEXT'], rows));
	return EXIT.ok;
}

async function schedules(io: Io, json: boolean): Promise<number> {
	const { api } = await client(io);
	const all = await allPages((query) => body(api.GET('/schedules', { params: { query } })));
	const transitions = await nextTransitions(api);
	const nextOf = (id: string) => transitions.find((t) => t.cause.kind === 'schedule' && t.cause.id === id);
	const mode = (s: Schemas['Schedule']) => (!s.enabled ? 'disabled' : s.dryRun ? 'dry run' : s.enforce ? 'enforced' : 'not enforced');
	const timezone = (s: Schemas['Schedule']) => (typeof s.definition.timezone === 'string' ? s.definition.timezone : '');
	if (json) {
		io.stdout(`${JSON.stringify(all.map((s) => ({ id: s.id, name: s.name, timezone: timezone(s), mode: mode(s), nextTransition: nextOf(s.id) ?? null })), null, 2)}\n`);
		return EXIT.ok;
	}
	const rows = all.map((s) => {
		const next = nextOf(s.id);
		return [s.name, mode(s), timezone(s), next ? `${next.action === 'stop' ? 'sleep' : 'wake'} ${next.name} ${relative(next.at)}` : '—'];
	});
	io.stdout(all.length ? table(['NAME', 'MODE', 'TIMEZONE', 'NEXT'], rows) : 'No schedules yet.\n');
	return EXIT.ok;
}

function table(head: string[], rows: string[][]): string {
	const widths = head.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
	const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
	return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// wake, sleep, skip
// ---------------------------------------------------------------------------------------------

async function findDatabase(api: ApiClient, name: string): Promise<Database> {
	const databases = await allDatabases(api);
	const exact = databases.filter((db) => db.name === name || db.id === name);
	if (exact.length === 1) return exact[0]!;
	if (exact.length > 1) throw new CliError(EXIT.notFound, `${exact.length} databases are named "${name}": use one of their ids (${exact.map((db) => db.id).join(', ')}).`);
	const near = databases.filter((db) => db.name.toLowerCase().includes(name.toLowerCase())).map((db) => db.name);
	throw new CliError(EXIT.notFound, `no database named "${name}"${near.length ? ` (did you mean ${near.slice(0, 3).join(', ')}?)` : ''}. snoozeql ls lists them.`);
}

interface ActOptions {
	json?: boolean;
	wait?: boolean;
	for?: string;
	until?: string;
	timeout?: string;
}

async function act(io: Io, command: 'wake' | 'sleep' | 'skip', name: string, values: ActOptions): Promise<number> {
	if (values.for && values.until) throw new CliError(EXIT.usage, 'use --for or --until, not both.');
	if ((values.for || values.until) && command !== 'wake') throw new CliError(EXIT.usage, `--for and --until are for wake, not ${command}.`);
	const minutes = values.for ? parseDuration(values.for) : null;
	if (values.for && minutes === null) throw new CliError(EXIT.usage, `--for ${values.for}: give a duration such as 30m, 2h, 1h30m or 1d.`);
	const until = values.until ? parseUntil(values.until) : null;
	if (values.until && !until) throw new CliError(EXIT.usage, `--until ${values.until}: give a time such as 18:00, or an ISO date and time.`);
	const timeoutMinutes = values.timeout ? parseDuration(values.timeout) : 20;
	if (timeoutMinutes === null) throw new CliError(EXIT.usage, `--timeout ${values.timeout}: give a duration such as 10m.`);

	const { api } = await client(io);
	const db = await findDatabase(api, name);
	if (!db.eligible && command !== 'skip') {
		throw new CliError(EXIT.refused, `SnoozeQL cannot ${command} ${db.name}: ${db.ineligibleReason ?? 'it is not eligible'}.`);
	}
	const path = { params: { path: { id: db.id } } };
	const key = { 'Idempotency-Key': crypto.randomUUID() };
	let result: unknown;
	let said: string;
	if (command === 'skip') {
		result = await body(api.POST('/instances/{id}/overrides', { ...path, body: { kind: 'skip_next', reason: 'snoozeql skip' }, headers: key }));
		said = `${db.name}: the next scheduled sleep or wake will be skipped.`;
	} else if (command === 'wake' && (minutes !== null || until)) {
		const request = minutes !== null ? { kind: 'keep_awake' as const, durationMinutes: minutes } : { kind: 'keep_awake' as const, until: until!.toISOString() };
		const override = await body(api.POST('/instances/{id}/overrides', { ...path, body: { ...request, reason: 'snoozeql wake' }, headers: key }));
		result = override;
		said = `${db.name}: kept awake until ${override.until ? new Date(override.until).toLocaleString() : 'further notice'}${db.state === 'running' ? '' : ' (waking now)'}.`;
	} else if (command === 'wake' && db.state === 'running') {
		said = `${db.name} is already awake.`;
	} else if (command === 'sleep' && db.state === 'stopped') {
		said = `${db.name} is already asleep.`;
	} else {
		result = await body(api.POST(command === 'wake' ? '/instances/{id}/start' : '/instances/{id}/stop', { ...path, headers: key }));
		said = `${db.name}: ${command === 'wake' ? 'waking' : 'going to sleep'} (queued).`;
	}
	if (!values.json) io.stdout(`${said}\n`);

	let final = db;
	if (values.wait && command !== 'skip') {
		final = await waitFor(io, api, db, command === 'wake' ? 'running' : 'stopped', timeoutMinutes * 60_000);
		if (!values.json) io.stdout(`${final.name} is ${command === 'wake' ? 'available' : 'asleep'}.\n`);
	}
	if (values.json) io.stdout(`${JSON.stringify({ database: { id: final.id, name: final.name, state: final.state }, result: result ?? null }, null, 2)}\n`);
	return EXIT.ok;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Polls the database until it reaches `target`, drawing progress on stderr. */
async function waitFor(io: Io, api: ApiClient, db: Database, target: 'running' | 'stopped', timeoutMs: number): Promise<Database> {
	const started = Date.now();
	const pollMs = Number(io.env.SNOOZEQL_POLL_MS) || 2_000;
	let current = db;
	let lastState = '';
	let frame = 0;
	const clear = () => io.tty && io.stderr('\r\x1b[2K');
	for (;;) {
		current = await body(api.GET('/instances/{id}', { params: { path: { id: db.id } } }));
		const elapsed = Math.round((Date.now() - started) / 1000);
		if (current.state === target) {
			clear();
			return current;
		}
		if (current.state === 'unavailable') {
			clear();
			throw new CliError(EXIT.failed, `${db.name} is unavailable${current.cloudStatus ? ` (cloud status: ${current.cloudStatus})` : ''}; see the Activity page.`);
		}
		if (io.tty) io.stderr(`\r\x1b[2K${SPINNER[frame++ % SPINNER.length]} ${db.name}: ${current.state}${current.cloudStatus ? ` (${current.cloudStatus})` : ''} — ${elapsed}s`);
		else if (current.state !== lastState) io.stderr(`${db.name}: ${current.state} after ${elapsed}s\n`);
		lastState = current.state;
		if (Date.now() - started > timeoutMs) {
			clear();
			throw new CliError(EXIT.timeout, `${db.name} is still ${current.state} after ${Math.round(timeoutMs / 60_000)} min; it may get there later (snoozeql ls).`);
		}
		await io.sleep(pollMs);
	}
}

// ---------------------------------------------------------------------------------------------
// Process entry
// ---------------------------------------------------------------------------------------------

/** Reads a token from stdin: hidden when typed at a terminal, else the first line piped in. */
async function readTokenFromStdin(): Promise<string> {
	const stdin = process.stdin;
	if (!stdin.isTTY) {
		let text = '';
		for await (const chunk of stdin) text += String(chunk);
		return text.split('\n')[0] ?? '';
	}
	process.stderr.write('API token (Settings → API tokens in the dashboard): ');
	stdin.setRawMode(true);
	stdin.resume();
	return new Promise((resolve) => {
		let token = '';
		const onData = (chunk: Buffer) => {
			for (const char of chunk.toString('utf8')) {
				if (char === '\r' || char === '\n' || char === '\u0004') {
					stdin.setRawMode(false);
					stdin.pause();
					stdin.off('data', onData);
					process.stderr.write('\n');
					resolve(token);
					return;
				}
				if (char === '\u0003') process.exit(EXIT.usage);
				token = char === '\u007f' ? token.slice(0, -1) : token + char;
			}
		};
		stdin.on('data', onData);
	});
}

export async function main(): Promise<void> {
	const code = await run(process.argv.slice(2), {
		stdout: (text) => process.stdout.write(text),
		stderr: (text) => process.stderr.write(text),
		tty: process.stderr.isTTY === true,
		env: process.env,
		readToken: readTokenFromStdin,
		sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
	});
	process.exitCode = code;
}

export { configPath };
