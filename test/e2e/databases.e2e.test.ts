// End-to-end check of Databases and Activity in Chromium: the demo inventory, eligibility, wake/sleep now, and events.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from './auth.ts';
import { expectAccessible } from './axe.ts';
import { chromiumPath, launchBrowser } from './browser.ts';

const BASE_URL = (process.env.SNOOZEQL_BASE_URL ?? 'http://localhost:8787').replace(/\/+$/, '');
const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
/** "Who am I" while signed out answers 401, which the browser logs as an error. */
const EXPECTED_RESOURCE_ERROR = /^Failed to load resource: the server responded with a status of 401\b/;

describe.skipIf(!chromiumPath())('databases and activity (Chromium)', () => {
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	const pageErrors: string[] = [];

	beforeAll(async () => {
		mkdirSync(SCREENSHOT_DIR, { recursive: true });
		browser = await launchBrowser();
		context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: BASE_URL });
		page = await context.newPage();
		page.on('pageerror', (error) => pageErrors.push(error.message));
		page.on('console', (message) => {
			if (message.type() === 'error' && !EXPECTED_RESOURCE_ERROR.test(message.text())) pageErrors.push(message.text());
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

	it('lists the discovered databases with state, tags and eligibility', async () => {
		const rows = page.getByTestId('database-row');
		await rows.first().waitFor({ timeout: 20_000 });
		expect(await rows.count()).toBeGreaterThanOrEqual(20);
		expect(await page.locator('[data-testid="database-row"][data-name="orders-dev"]').count()).toBe(1);

		// An ineligible database (e.g. a read replica) says why, and its actions are disabled.
		const ineligible = page.locator('[data-testid="database-row"][data-eligible="false"]').first();
		await ineligible.waitFor();
		const reason = await ineligible.getByTestId('ineligible-reason').innerText();
		expect(reason).toContain('Not eligible');
		expect(reason.replace('Not eligible', '').trim().length).toBeGreaterThan(3);
		const keepAwake = ineligible.getByRole('button', { name: /Keep awake/ });
		expect(await keepAwake.isDisabled()).toBe(true);
		await screenshot('databases');
		await expectAccessible(page, 'databases');
	});

	it('wakes a stopped database (or sleeps a running one) and the state follows', async () => {
		const stopped = page.locator('[data-testid="database-row"][data-eligible="true"][data-state="stopped"]');
		const running = page.locator('[data-testid="database-row"][data-eligible="true"][data-state="running"]');
		const useStopped = (await stopped.count()) > 0;
		const row = (useStopped ? stopped : running).first();
		const name = await row.getAttribute('data-name');
		expect(name).toBeTruthy();
		const before = useStopped ? 'stopped' : 'running';

		await row.getByRole('button', { name: useStopped ? /Wake now/ : /Sleep now/ }).click();
		await page.getByText(useStopped ? `Waking ${name}` : `Putting to sleep ${name}`).waitFor();

		const target = page.locator(`[data-testid="database-row"][data-name="${name}"]`);
		await expect
			.poll(async () => target.getAttribute('data-state'), { timeout: 30_000, interval: 1_000 })
			.not.toBe(before);
		await screenshot('databases-after-action', false);
	}, 45_000);

	it('shows the activity with events in words and a CSV export', async () => {
		await page.getByRole('link', { name: 'Activity' }).first().click();
		await page.waitForURL((url) => url.pathname === '/activity');
		const rows = page.getByTestId('event-row');
		await rows.first().waitFor({ timeout: 20_000 });
		expect(await rows.count()).toBeGreaterThan(0);
		await page.getByTestId('events-table').getByText('Discovered').first().waitFor();

		const href = await page.getByTestId('events-export').getAttribute('href');
		expect(href).toBe('/api/v1/events?format=csv');
		const csv = await page.request.get(href!);
		expect(csv.status()).toBe(200);
		expect(await csv.text()).toContain('occurred_at');

		// The type filter narrows the list and the export follows it.
		await page.getByTestId('type-filter').selectOption('instance.');
		await expect.poll(() => page.getByTestId('events-export').getAttribute('href')).toBe('/api/v1/events?format=csv&type=instance.');
		await rows.first().waitFor();
		for (const type of await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-type') ?? ''))) {
			expect(type.startsWith('instance.')).toBe(true);
		}
		await page.getByTestId('type-filter').selectOption('');
		await rows.first().waitFor();
		await screenshot('activity');
		await expectAccessible(page, 'activity');
	});

	it('logged no page errors', () => {
		expect(pageErrors).toEqual([]);
	});
});
