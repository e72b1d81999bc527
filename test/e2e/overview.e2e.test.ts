// End-to-end check of the Overview in Chromium: the demo's savings in dollars (this month, all time,
// right now), the savings and cost charts drawn from real data, the fleet's state, the next
// transitions and the top savers.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from './auth.ts';
import { expectAccessible } from './axe.ts';
import { chromiumPath, launchBrowser } from './browser.ts';
import { BRAND_INDIGO, countInk, ensureSavingNow, OK_GREEN, type DemoApi, type Summary } from './savings-setup.ts';

const BASE_URL = (process.env.SNOOZEQL_BASE_URL ?? 'http://localhost:8787').replace(/\/+$/, '');
const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
/** "Who am I" while signed out answers 401, which the browser logs as an error. */
const EXPECTED_RESOURCE_ERROR = /^Failed to load resource: the server responded with a status of 401\b/;

/** "$1,234.56" → 123456 (cents), as shown on the page. */
function cents(text: string): number {
	const match = /\$([\d,]+)\.(\d{2})/.exec(text);
	if (!match) throw new Error(`no dollar amount in ${JSON.stringify(text)}`);
	return Number(match[1]!.replaceAll(',', '')) * 100 + Number(match[2]);
}

describe.skipIf(!chromiumPath())('overview (Chromium)', () => {
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	let api: DemoApi;
	let before: Summary;
	const pageErrors: string[] = [];

	beforeAll(async () => {
		mkdirSync(SCREENSHOT_DIR, { recursive: true });
		({ api, summary: before } = await ensureSavingNow(BASE_URL));
		browser = await launchBrowser();
		context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: BASE_URL, locale: 'en-US', timezoneId: 'America/New_York' });
		page = await context.newPage();
		page.on('pageerror', (error) => pageErrors.push(error.message));
		page.on('console', (message) => {
			if (message.type() === 'error' && !EXPECTED_RESOURCE_ERROR.test(message.text())) pageErrors.push(message.text());
		});
		await signIn(page, { from: '/' });
	}, 330_000);

	afterAll(async () => {
		await context?.close();
		await browser?.close();
	});

	async function screenshot(name: string, fullPage = true) {
		await page.waitForTimeout(400);
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage });
	}

	it('shows the demo savings in dollars: this month, all time and right now', async () => {
		const now = page.getByTestId('kpi-now');
		await now.waitFor({ timeout: 20_000 });
		const nowText = await now.innerText();
		expect(cents(nowText)).toBeGreaterThan(0);
		expect(nowText).toMatch(/\/hour/);
		expect(nowText).toMatch(/[1-9]\d* databases? asleep/);

		// The figures are the API's, formatted with the currency.
		const allTime = cents(await page.getByTestId('kpi-all-time').innerText());
		const month = cents(await page.getByTestId('kpi-month').innerText());
		expect(allTime).toBeGreaterThan(0);
		expect(allTime).toBeGreaterThanOrEqual(before.allTimeCents);
		expect(month).toBeLessThanOrEqual(allTime);
		const fresh = await api.get<Summary & { monthToDateCents: number }>('/savings');
		expect(month).toBeLessThanOrEqual(fresh.monthToDateCents);
		expect(month).toBeGreaterThan(0);

		// No placeholder or promise: the getting-started text is gone once there is data.
		expect(await page.getByText('Nothing to summarize yet').count()).toBe(0);
		expect(await page.getByText('every hour asleep is priced and recorded').count()).toBe(0);
	});

	it('draws the savings chart and the actual-vs-projected chart from the data', async () => {
		const savings = page.getByTestId('savings-chart');
		await savings.waitFor({ timeout: 20_000 });
		await page.waitForTimeout(500); // the chart's entry animation
		const bars = await savings.evaluate(countInk, OK_GREEN);
		expect(bars.width).toBeGreaterThan(300);
		expect(bars.drawn).toBeGreaterThan(1_000);
		// Green bars: at least one day with money saved.
		expect(bars.matching).toBeGreaterThan(50);

		const cost = page.getByTestId('cost-chart');
		const lines = await cost.evaluate(countInk, BRAND_INDIGO);
		expect(lines.matching).toBeGreaterThan(50);
		await expect.poll(async () => (await page.getByRole('img', { name: /Compute cost per day/ }).getAttribute('aria-label')) ?? '').toMatch(/\$[\d,]+\.\d\d actual against \$[\d,]+\.\d\d if running 24\/7/);

		// Another range redraws the same canvas with seven bars' worth of days.
		await page.getByRole('group', { name: 'Savings range' }).getByRole('button', { name: '7 days' }).click();
		await expect.poll(() => page.getByText('saved in the last 7 days').count()).toBe(1);
		await page.waitForTimeout(500);
		expect((await savings.evaluate(countInk, OK_GREEN)).drawn).toBeGreaterThan(1_000);

		// A custom range: both days, applied.
		await page.getByRole('group', { name: 'Savings range' }).getByRole('button', { name: 'Custom' }).click();
		const form = page.getByRole('form', { name: 'Custom range' });
		await form.getByLabel('From').fill('2026-11-01');
		await form.getByRole('button', { name: 'Apply' }).click();
		await expect.poll(() => page.getByText(/saved in the Nov 1, 2026 – /).count()).toBe(1);
		await page.getByRole('group', { name: 'Savings range' }).getByRole('button', { name: '30 days' }).click();
		await screenshot('overview');
		await expectAccessible(page, 'overview');
	});

	it('counts the fleet by state and lists the next transitions and the top savers', async () => {
		const fleet = page.getByTestId('fleet-counts');
		const numbers = await fleet.locator('dd').allInnerTexts();
		expect(numbers).toHaveLength(4);
		const [asleep, awake, changing] = numbers.map(Number) as [number, number, number, number];
		expect(asleep).toBeGreaterThan(0);
		const instances = await api.get<{ data: { state: string }[] }>('/instances?limit=100');
		expect(asleep + awake + changing).toBeLessThanOrEqual(instances.data.length);

		// The demo's 10-minute cycle puts two databases to sleep and wakes them several times an hour.
		const next = page.getByTestId('upcoming-transition');
		await next.first().waitFor({ timeout: 20_000 });
		const first = await next.first().innerText();
		expect(first).toMatch(/orders-staging|web-staging-pg|-dev/);
		expect(first).toMatch(/Sleeps|Wakes/);

		const savers = page.getByTestId('top-savers').locator('li');
		expect(await savers.count()).toBeGreaterThan(0);
		expect(cents(await savers.first().innerText())).toBeGreaterThan(0);
	});

	it('fits a phone screen without scrolling sideways', async () => {
		const phone = await context.newPage();
		try {
			await phone.setViewportSize({ width: 390, height: 844 });
			await phone.goto('/', { waitUntil: 'load' });
			await phone.getByTestId('savings-chart').waitFor({ timeout: 20_000 });
			await phone.waitForTimeout(500);
			const { scrollWidth, innerWidth } = await phone.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
			expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
			const chart = phone.getByTestId('savings-chart');
			await chart.scrollIntoViewIfNeeded();
			await phone.waitForTimeout(500);
			expect((await chart.evaluate(countInk, OK_GREEN)).matching).toBeGreaterThan(10);
			await phone.screenshot({ path: path.join(SCREENSHOT_DIR, 'overview-phone.png') });
		} finally {
			await phone.close();
		}
	});

	it('logged no page errors', () => {
		expect(pageErrors).toEqual([]);
	});
});
