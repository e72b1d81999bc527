// End-to-end journey of one database's page in Chromium: opened from its row on Databases; wake a
// stopped database and watch the badge go starting → available (running) without a page reload;
// the schedules that select it (found with one request, whatever the number of schedules) with
// their next transitions, an override kept and cancelled, the timeline and the savings chart;
// phone width (390 px) and axe checks.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from './auth.ts';
import { expectAccessible } from './axe.ts';
import { chromiumPath, launchBrowser, sidewaysOverflow } from './browser.ts';

const BASE_URL = (process.env.SNOOZEQL_BASE_URL ?? 'http://localhost:8787').replace(/\/+$/, '');
const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const EXPECTED_RESOURCE_ERROR = /^Failed to load resource: the server responded with a status of 401\b/;

describe.skipIf(!chromiumPath())('database detail (Chromium)', () => {
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	const pageErrors: string[] = [];
	let loads = 0;
	/** The API paths (with query) the page requested, in order. */
	const apiCalls: string[] = [];

	beforeAll(async () => {
		mkdirSync(SCREENSHOT_DIR, { recursive: true });
		browser = await launchBrowser();
		context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: BASE_URL });
		page = await context.newPage();
		page.on('pageerror', (error) => pageErrors.push(error.message));
		page.on('console', (message) => {
			if (message.type() === 'error' && !EXPECTED_RESOURCE_ERROR.test(message.text())) pageErrors.push(message.text());
		});
		page.on('load', () => loads++);
		page.on('request', (request) => {
			const url = new URL(request.url());
			if (url.pathname.startsWith('/api/v1/')) apiCalls.push(url.pathname.slice('/api/v1'.length) + url.search);
		});
		await signIn(page, { from: '/databases' });
	}, 60_000);

	afterAll(async () => {
		await context?.close();
		await browser?.close();
	});

	async function screenshot(name: string, fullPage = true) {
		await page.waitForTimeout(300);
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage });
	}

	const badge = () => page.getByTestId('detail-state');

	it('wakes a stopped database and the badge goes starting → running without a reload', async () => {
		// A stopped, eligible database that a demo schedule selects (the office-hours schedule takes the
		// env=dev ones, the 10-minute cycle two staging ones), opened from its row. Which databases
		// are asleep depends on the time of day: at Berlin office hours the dev ones are awake while
		// catalog-qa sleeps under its own recommended schedule, which the next test does not look for.
		const selected = (name: string | null) => name !== null && /-dev$|^orders-staging$|^web-staging-pg$/.test(name);
		await page.getByTestId('database-row').first().waitFor({ timeout: 20_000 });
		const rows = await page.locator('[data-testid="database-row"][data-eligible="true"]').evaluateAll((els) => els.map((el) => ({ name: el.getAttribute('data-name'), state: el.getAttribute('data-state') })));
		const pick = rows.find((r) => selected(r.name) && r.state === 'stopped') ?? rows.find((r) => selected(r.name) && r.state === 'running');
		expect(pick, `no eligible database a demo schedule selects among ${JSON.stringify(rows)}`).toBeDefined();
		const useStopped = pick!.state === 'stopped';
		const name = pick!.name!;
		const row = page.locator(`[data-testid="database-row"][data-name="${name}"]`);
		await row.getByRole('link', { name }).click();
		await page.waitForURL((url) => url.pathname.startsWith('/databases/') && url.pathname.length > '/databases/'.length);
		await badge().waitFor();

		if (!useStopped) {
			// Nothing asleep in the demo right now: put this one to sleep first, on this page.
			await page.getByRole('button', { name: 'Sleep now' }).click();
			await expect.poll(async () => badge().getAttribute('data-state'), { timeout: 60_000, interval: 500 }).toBe('stopped');
		}
		expect(await badge().getAttribute('data-state')).toBe('stopped');
		const loadsBefore = loads;
		const url = page.url();

		const seen: string[] = [];
		await page.getByRole('button', { name: 'Wake now' }).click();
		await page.getByText(`Waking ${name}`).waitFor();
		await expect
			.poll(
				async () => {
					const state = (await badge().getAttribute('data-state')) ?? '';
					if (seen.at(-1) !== state) seen.push(state);
					if (state === 'starting') await screenshot('database-detail-starting', false);
					return state;
				},
				{ timeout: 60_000, interval: 250 }
			)
			.toBe('running');
		expect(seen).toContain('starting');
		expect(seen.indexOf('starting')).toBeLessThan(seen.indexOf('running'));
		// The page followed the state by polling: no navigation, no reload.
		expect(loads).toBe(loadsBefore);
		expect(page.url()).toBe(url);
		expect(await badge().innerText()).toContain('Running');
		// The timeline shows what happened.
		await expect.poll(async () => page.getByTestId('detail-events').innerText(), { timeout: 15_000 }).toMatch(/Start requested|Started/);
	}, 150_000);

	it('finds the schedules that select it with one request, however many schedules there are, with their next transitions', async () => {
		// The organization has several schedules: one preview per schedule would be several requests.
		const all = await page.request.get('/api/v1/schedules?limit=100');
		expect(all.status()).toBe(200);
		expect(((await all.json()) as { data: unknown[] }).data.length).toBeGreaterThanOrEqual(2);

		apiCalls.length = 0;
		await page.reload();
		const schedules = page.getByTestId('detail-schedules');
		await expect.poll(async () => schedules.innerText(), { timeout: 20_000 }).toMatch(/Office hours \(dev\)|Demo: 10-minute cycle/);
		const id = new URL(page.url()).pathname.split('/').at(-1);
		const scheduleCalls = apiCalls.filter((call) => call.includes('schedule'));
		expect(scheduleCalls).toEqual([`/instances/${id}/schedules?days=7`]);
		// Each listed schedule shows its next (up to four) wakes and sleeps, or that it has none this
		// week (a paused schedule another e2e file may add); the demo's schedules change within a week.
		const items = await schedules.locator(':scope > li').all();
		expect(items.length).toBeGreaterThanOrEqual(1);
		let transitions = 0;
		for (const item of items) {
			const next = await item.locator('ul.next > li').allInnerTexts();
			expect(next.length, await item.innerText()).toBeGreaterThanOrEqual(1);
			expect(next.length).toBeLessThanOrEqual(4);
			for (const line of next) expect(line).toMatch(/^(Sleep|Wake) \S.*\d|^No transition in 7 days$/);
			transitions += next.filter((line) => /^(Sleep|Wake) /.test(line)).length;
		}
		expect(transitions).toBeGreaterThanOrEqual(1);
		await screenshot('database-detail-schedules', false);
	}, 60_000);

	it('lists the schedules that select it, keeps it awake with an override and cancels it', async () => {
		await expect.poll(async () => page.getByTestId('detail-schedules').innerText(), { timeout: 20_000 }).toMatch(/Office hours \(dev\)|Demo: 10-minute cycle/);
		// Its maintenance window as discovery read it from the cloud (UTC), and whether anything is pending.
		await expect
			.poll(async () => page.getByTestId('detail-maintenance').innerText(), { timeout: 20_000 })
			.toMatch(/(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d:\d\d–\d\d:\d\d UTC[\s\S]*(Nothing pending|Pending: )/);
		await page.getByLabel('Hours').fill('3');
		await page.getByRole('button', { name: 'Apply' }).click();
		const overrides = page.getByTestId('detail-overrides');
		await expect.poll(async () => overrides.innerText(), { timeout: 10_000 }).toContain('Keep awake');
		await screenshot('database-detail');
		await expectAccessible(page, 'database detail');
		await overrides.getByRole('button', { name: 'Cancel' }).click();
		await expect.poll(async () => page.getByText('No active override').count(), { timeout: 10_000 }).toBe(1);
	}, 60_000);

	it('shows the maintenance window, what is pending and when a schedule wakes it for it', async () => {
		await page.goto('/databases');
		const row = page.locator('[data-testid="database-row"][data-name="reports-dev"]');
		await row.waitFor({ timeout: 20_000 });
		await row.getByRole('link', { name: 'reports-dev' }).click();
		const maintenance = page.getByTestId('detail-maintenance');
		await expect.poll(async () => maintenance.innerText(), { timeout: 20_000 }).toContain('Maintenance wake');
		const text = await maintenance.innerText();
		expect(text).toContain('Sat 05:00–05:30 UTC');
		expect(text).toContain('Pending: system-update: New Operating System update is available');
		// The demo's "Office hours (dev)" asks for the wake; the schedules e2e file may have added another
		// dev schedule that does too (the files share one stack), and the page names the first.
		expect(text).toMatch(/Maintenance wake (Office hours \(dev\)|Nightly batch \w+) wakes it .+ and lets it sleep again at .+, if it is asleep then/);
		await screenshot('database-detail-maintenance');
		await expectAccessible(page, 'database detail (maintenance)');
	}, 60_000);

	it('works at phone width (390 px)', async () => {
		const url = page.url();
		const phone = await context.newPage();
		phone.on('pageerror', (error) => pageErrors.push(error.message));
		try {
			await phone.setViewportSize({ width: 390, height: 844 });
			await phone.goto(url, { waitUntil: 'load' });
			await phone.getByTestId('detail-state').waitFor({ timeout: 20_000 });
			await phone.getByTestId('detail-events').waitFor({ timeout: 20_000 });
			await phone.waitForTimeout(500);
			await phone.screenshot({ path: path.join(SCREENSHOT_DIR, 'database-detail-phone.png'), fullPage: true });
			const overflow = await sidewaysOverflow(phone);
			expect(overflow.scrollWidth, overflow.culprits.join(', ')).toBeLessThanOrEqual(390);
		} finally {
			await phone.close();
		}
	});

	it('raised no page errors', () => {
		expect(pageErrors).toEqual([]);
	});
});
