// End to end on the local stack with the simulated Slack the demo installed SnoozeQL into:
// a schedule stops a database → a Block Kit message reaches Slack within 5 s of the stop; pressing
// "Keep awake 2h" creates the override, starts the database and updates the message; a viewer's
// press is refused. The demo's analysis announces a recommendation with its projected monthly
// savings and an "Apply recommendation" button; pressing it applies it (a schedule for that
// database) and updates the message. Then the Integrations page shows the app, its delivery log and
// the event types to subscribe to, the new ones without "coming" (Chromium).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_EMAIL, DEMO_PASSWORD, signIn } from './auth.ts';
import { chromiumPath, launchBrowser } from './browser.ts';

const BASE_URL = inject('baseUrl');
const SIM = inject('simUrl');
const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

interface SlackMessage {
	at: number;
	via: string;
	id?: string;
	text?: string;
	channel?: string;
	replace_original?: boolean;
	response_type?: string;
	blocks?: { type: string; elements?: { action_id?: string; value?: string; text?: { text: string } }[] }[];
}
interface Instance {
	id: string;
	name: string;
	state: string;
	eligible: boolean;
	tags: Record<string, string>;
	cloudAccountId: string;
}

let headers: Record<string, string>;

async function api<T>(pathname: string, init: RequestInit & { expect?: number } = {}): Promise<T> {
	const res = await fetch(`${BASE_URL}/api/v1${pathname}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
	if (res.status !== (init.expect ?? 200)) throw new Error(`${init.method ?? 'GET'} ${pathname}: ${res.status} ${await res.text()}`);
	return (res.status === 204 ? null : await res.json()) as T;
}

async function messages(): Promise<SlackMessage[]> {
	return ((await (await fetch(`${SIM}/__sim/slack/messages`)).json()) as { messages: SlackMessage[] }).messages;
}

async function until<T>(what: () => Promise<T | undefined | null | false>, timeoutMs: number, label: string): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await what();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out: ${label}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

async function press(userId: string, value: string, text: string, actionId = 'keep_awake_2h') {
	const res = await fetch(`${SIM}/__sim/slack/press`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ target: `${BASE_URL}/api/v1/slack/interactivity`, userId, actionId, value, text })
	});
	return (await res.json()) as { status: number; responseId: string };
}

describe('Slack on the local stack', () => {
	let target: Instance;
	let sleepMessage: SlackMessage;

	beforeAll(async () => {
		const login = await fetch(`${BASE_URL}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: DEMO_EMAIL, password: DEMO_PASSWORD }) });
		const { csrfToken } = (await login.json()) as { csrfToken: string };
		headers = { 'content-type': 'application/json', cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!, 'x-csrf-token': csrfToken };
	});

	it('the demo installed the app in the simulated workspace', async () => {
		const { data } = await api<{ data: { kind: string; target: string; channels: Record<string, string> }[] }>('/integrations');
		expect(data.find((i) => i.kind === 'slack_app')).toMatchObject({ target: 'Slack: Sim Workspace', channels: { '*': 'C0SNOOZE' } });
	});

	it('a schedule stops a database and a Block Kit message reaches Slack within 5 s', async () => {
		const { data } = await api<{ data: Instance[] }>('/instances?limit=100');
		target = await until(
			async () => {
				const { data: now } = await api<{ data: Instance[] }>('/instances?limit=100');
				return now.find((i) => i.eligible && i.state === 'running' && !i.tags.env?.startsWith('dev') && !['orders-staging', 'web-staging-pg'].includes(i.name));
			},
			30_000,
			`a running eligible database among ${data.length}`
		);
		const otherDay = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][(new Date().getUTCDay() + 3) % 7];
		await api('/schedules', {
			method: 'POST',
			expect: 201,
			body: JSON.stringify({ name: `e2e slack ${target.name}`, timezone: 'UTC', enforce: true, minimumSleepMinutes: 0, periods: [{ begin: '09:00', end: '10:00', weekdays: [otherDay] }], selector: { match: [{ field: 'name', op: 'equals', value: target.name }] } })
		});
		const scheduledAt = Date.now();
		await fetch(`${BASE_URL}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent('* * * * *')}`);

		// This schedule's stop, not a past one the agent learned from the cloud's history.
		const stopped = await until(
			async () =>
				(await api<{ data: { type: string; occurredAt: string; instanceId: string; cause: { kind: string } }[] }>(`/events?instanceId=${target.id}&limit=50`)).data.find(
					(e) => e.type === 'instance.stopped' && e.cause.kind === 'schedule' && new Date(e.occurredAt).getTime() >= scheduledAt - 1_000
				),
			90_000,
			`${target.name} stopped`
		);
		sleepMessage = await until(async () => (await messages()).find((m) => m.via === 'chat.postMessage' && m.text?.startsWith(`${target.name} went to sleep`)), 10_000, 'the Slack message');
		expect(sleepMessage.at - new Date(stopped.occurredAt).getTime()).toBeLessThanOrEqual(5_000);
		expect(sleepMessage.channel).toBe('C0SNOOZE');
		const actions = sleepMessage.blocks?.find((b) => b.type === 'actions');
		expect(actions?.elements?.map((e) => e.text?.text)).toEqual(['Keep awake 2h', 'Wake now', 'Open in SnoozeQL']);
		expect(actions?.elements?.[0]?.value).toBe(target.id);
	}, 120_000);

	it('"Keep awake 2h" creates the override, starts the database and updates the message', async () => {
		const pressed = await press('U0DEMO', target.id, sleepMessage.text ?? '');
		expect(pressed.status).toBe(200);
		const update = await until(async () => (await messages()).find((m) => m.via === 'response_url' && m.id === pressed.responseId), 10_000, 'the message update');
		expect(update.replace_original).toBe(true);
		expect(update.text).toContain(`${target.name} is kept awake until`);
		const { data: active } = await api<{ data: { kind: string; until: string }[] }>(`/overrides?instanceId=${target.id}`);
		expect(active).toHaveLength(1);
		expect(active[0]!.kind).toBe('keep_awake');
		expect(new Date(active[0]!.until).getTime() - Date.now()).toBeGreaterThan(115 * 60_000);
		await until(async () => ['starting', 'running'].includes((await api<Instance>(`/instances/${target.id}`)).state), 60_000, `${target.name} starting`);
	}, 90_000);

	it("a viewer's press is politely refused", async () => {
		const email = `viewer-${Date.now()}@example.com`;
		const invitation = await api<{ token: string }>('/invitations', { method: 'POST', expect: 201, body: JSON.stringify({ email, role: 'viewer' }) });
		const accepted = await fetch(`${BASE_URL}/api/v1/invitations/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: invitation.token, name: 'Vera Viewer', password: 'a long enough password' }) });
		expect(accepted.ok).toBe(true);
		await fetch(`${SIM}/__sim/slack/users`, { method: 'PUT', body: JSON.stringify({ users: [{ id: 'U0VIEWER', email }] }) });
		const before = (await api<{ data: unknown[] }>(`/overrides?instanceId=${target.id}`)).data.length;
		const pressed = await press('U0VIEWER', target.id, sleepMessage.text ?? '');
		const reply = await until(async () => (await messages()).find((m) => m.via === 'response_url' && m.id === pressed.responseId), 10_000, 'the refusal');
		expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
		expect(reply.text).toContain('Sorry, your SnoozeQL role (viewer)');
		expect((await api<{ data: unknown[] }>(`/overrides?instanceId=${target.id}`)).data.length).toBe(before);
	});
});

describe('"Recommendation ready" on the local stack', () => {
	interface Rec {
		id: string;
		status: string;
		instance: { id: string; name: string };
		projection: { monthlySavingsCents: number | null } | null;
		appliedScheduleId: string | null;
	}

	it('reaches Slack with the projected monthly savings, and "Apply recommendation" applies it and updates the message', async () => {
		// The demo seed analyses once the agents' 14-day backfill is in; the analysis announces each new proposal.
		let lastAnalysis = Date.now();
		const { rec, message } = await until(
			async () => {
				const { items } = await api<{ items: Rec[] }>('/recommendations');
				const all = await messages();
				// The last open proposal with its message (another file may apply the first one meanwhile).
				for (const r of [...items].reverse()) {
					const m = all.find((x) => x.via === 'chat.postMessage' && x.text?.startsWith(`Schedule recommendation for ${r.instance.name}:`));
					if (r.status === 'open' && m) return { rec: r, message: m };
				}
				if (Date.now() - lastAnalysis > 30_000) {
					lastAnalysis = Date.now();
					await api('/recommendations/analyze', { method: 'POST', body: '{}' });
				}
				return null;
			},
			240_000,
			'a recommendation-ready message in Slack'
		);
		expect(message.channel).toBe('C0SNOOZE');
		expect(JSON.stringify(message.blocks)).toContain('Projected savings');
		const cents = rec.projection?.monthlySavingsCents;
		if (cents != null) expect(message.text).toContain(`saves about $${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')} a month`);
		const actions = message.blocks?.find((b) => b.type === 'actions');
		expect(actions?.elements?.map((e) => e.text?.text)).toEqual(['Apply recommendation', 'Open in SnoozeQL']);
		expect(actions?.elements?.[0]).toMatchObject({ action_id: 'apply_recommendation', value: rec.id });

		const pressed = await press('U0DEMO', rec.id, message.text ?? '', 'apply_recommendation');
		expect(pressed.status).toBe(200);
		const update = await until(async () => (await messages()).find((m) => m.via === 'response_url' && m.id === pressed.responseId), 10_000, 'the message update');
		expect(update.replace_original).toBe(true);
		expect(update.text).toMatch(/Applied: (created schedule|added .+ to schedule) '.+' \(by demo@snoozeql\.dev\)/);
		const { items } = await api<{ items: Rec[] }>('/recommendations');
		const applied = items.find((r) => r.id === rec.id);
		expect(applied).toMatchObject({ status: 'applied' });
		const schedule = await api<{ id: string; name: string }>(`/schedules/${applied!.appliedScheduleId}`);
		expect(update.text).toContain(`'${schedule.name}'`);
		// The Slack user is in the audit log.
		const audit = await api<{ data: { action: string; actor: { kind: string; label: string | null }; target: { id: string | null } }[] }>(`/audit-log?limit=50`);
		expect(audit.data.find((e) => e.action === 'recommendation.applied' && e.target.id === rec.id)?.actor).toMatchObject({ kind: 'slack', label: 'slack:U0DEMO (demo@snoozeql.dev)' });
	}, 300_000);
});

describe.skipIf(!chromiumPath())('Settings → Integrations (Chromium)', () => {
	let browser: Browser;
	beforeAll(async () => {
		mkdirSync(SCREENSHOT_DIR, { recursive: true });
		browser = await launchBrowser();
	}, 60_000);
	afterAll(async () => browser?.close());

	it('lists the Slack app and shows its delivery log', async () => {
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: BASE_URL });
		const page = await context.newPage();
		await signIn(page, { from: '/settings/integrations' });
		const table = page.getByTestId('integrations-table');
		await table.waitFor();
		await table.getByText('Slack: Sim Workspace').first().waitFor();
		await page.getByRole('button', { name: 'Deliveries' }).first().click();
		await page.getByTestId('deliveries-table').getByText('A database went to sleep').first().waitFor();
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'settings-integrations.png'), fullPage: true });
		// The event types to subscribe to: the ones SnoozeQL now produces are offered, not "coming".
		await page.keyboard.press('Escape');
		await page.getByRole('dialog').waitFor({ state: 'hidden' });
		const types = page.locator('fieldset.types');
		for (const label of ['An override ends in 30 minutes', 'A policy fired (it acted, or would have in dry run)', 'A schedule recommendation is ready (new, or changed materially)']) {
			const option = types.locator('label', { hasText: label });
			expect(await option.locator('input').isEnabled()).toBe(true);
			expect(await option.textContent()).not.toContain('coming');
		}
		await types.scrollIntoViewIfNeeded();
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'settings-integrations-event-types.png') });
		await context.close();
	});
});
