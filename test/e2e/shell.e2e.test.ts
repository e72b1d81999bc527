// End-to-end check of the dashboard shell (signed in as the demo user): navigation, SPA deep links, API health, screenshots.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from './auth.ts';
import { expectAccessible } from './axe.ts';
import { chromiumPath, launchBrowser } from './browser.ts';

const BASE_URL = (process.env.SNOOZEQL_BASE_URL ?? 'http://localhost:8787').replace(/\/+$/, '');
/** <repo>/test-results/e2e, whatever the working directory. */
const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

const NAV_LABELS = [
	'Overview',
	'Databases',
	'Schedules',
	'Policies',
	'Recommendations',
	'Activity',
	'Savings',
	'Settings'
];

describe.skipIf(!chromiumPath())('dashboard shell (Chromium)', () => {
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	const pageErrors: string[] = [];

	beforeAll(async () => {
		mkdirSync(SCREENSHOT_DIR, { recursive: true });
		browser = await launchBrowser();
		context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: BASE_URL });
		page = await context.newPage();
		// The shell needs a session. Signing in first means the expected 401 of "who am I" on the
		// sign-in page happens before the error listeners below are attached.
		await signIn(page);
		page.on('pageerror', (error) => pageErrors.push(error.message));
		page.on('console', (message) => {
			if (message.type() === 'error') pageErrors.push(message.text());
		});
	}, 30_000);

	afterAll(async () => {
		await context?.close();
		await browser?.close();
	});

	async function screenshot(name: string, target: Page = page) {
		// Let hover/active transitions and the drawer slide settle so screenshots show the final state.
		await target.waitForTimeout(300);
		await target.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
	}

	it('renders the shell with the main navigation on /', async () => {
		const response = await page.goto('/', { waitUntil: 'load' });
		expect(response?.status()).toBe(200);

		const nav = page.getByRole('navigation', { name: 'Main' });
		await nav.waitFor();
		const links = nav.getByRole('link');
		await expect.poll(() => links.allInnerTexts()).toEqual(NAV_LABELS);
		const hrefs = await Promise.all((await links.all()).map((link) => link.getAttribute('href')));
		expect(hrefs).toEqual([
			'/',
			'/databases',
			'/schedules',
			'/policies',
			'/recommendations',
			'/activity',
			'/savings',
			'/settings'
		]);

		await expect.poll(() => page.locator('main h1').innerText()).toBe('Overview');
		expect(await page.title()).toBe('Overview · SnoozeQL');
		expect(await nav.locator('[aria-current="page"]').innerText()).toBe('Overview');
		expect(await page.locator('main').count()).toBe(1);
		await expectAccessible(page, 'the shell on /');
	});

	it('shows the API as operational once /api/v1/health answers ok', async () => {
		const indicator = page.getByTestId('health-indicator');
		await page.waitForSelector('[data-testid="health-indicator"][data-status="ok"]', { timeout: 15_000 });
		expect(await indicator.innerText()).toContain('Operational');
		expect(await indicator.getAttribute('title')).toMatch(/D1 database: ok/);
		await screenshot('overview');
	});

	it('navigates to Databases by clicking the sidebar link (client-side)', async () => {
		await page.evaluate(() => {
			(globalThis as { __spaMarker?: boolean }).__spaMarker = true;
		});
		await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Databases' }).click();
		await page.waitForURL(`${BASE_URL}/databases`);

		await expect.poll(() => page.locator('main h1').innerText()).toBe('Databases');
		expect(new URL(page.url()).pathname).toBe('/databases');
		expect(await page.title()).toBe('Databases · SnoozeQL');
		// The demo organization's databases are listed (the page is covered in databases.e2e.test.ts).
		await expect.poll(() => page.locator('main').innerText(), { timeout: 15_000 }).toContain('orders-dev');
		const current = page.getByRole('navigation', { name: 'Main' }).locator('[aria-current="page"]');
		expect(await current.innerText()).toBe('Databases');
		// The marker survives only if the router navigated without a full page load.
		expect(await page.evaluate(() => (globalThis as { __spaMarker?: boolean }).__spaMarker)).toBe(true);
		await screenshot('databases');
	});

	it('deep-links to /schedules through the SPA fallback', async () => {
		const response = await page.goto('/schedules', { waitUntil: 'load' });
		expect(response?.status()).toBe(200);
		await expect.poll(() => page.locator('main h1').innerText()).toBe('Schedules');
		expect(await page.title()).toBe('Schedules · SnoozeQL');
		await page.waitForSelector('[data-testid="health-indicator"][data-status="ok"]', { timeout: 15_000 });
		await screenshot('schedules');
	});

	it('collapses the navigation into a drawer on narrow screens', async () => {
		const mobile = await context.newPage();
		try {
			await mobile.setViewportSize({ width: 390, height: 844 });
			await mobile.goto('/activity', { waitUntil: 'load' });
			await expect.poll(() => mobile.locator('main h1').innerText()).toBe('Activity');

			const nav = mobile.getByRole('navigation', { name: 'Main' });
			expect(await nav.isVisible()).toBe(false);
			await screenshot('mobile-closed', mobile);

			await mobile.getByRole('button', { name: 'Open navigation' }).click();
			await nav.getByRole('link', { name: 'Savings' }).waitFor({ state: 'visible' });
			await screenshot('mobile-open', mobile);

			await nav.getByRole('link', { name: 'Savings' }).click();
			await mobile.waitForURL(`${BASE_URL}/savings`);
			await expect.poll(() => mobile.locator('main h1').innerText()).toBe('Savings');
			await expect.poll(() => nav.isVisible()).toBe(false);
		} finally {
			await mobile.close();
		}
	});

	it('logged no page errors', () => {
		expect(pageErrors).toEqual([]);
	});
});
