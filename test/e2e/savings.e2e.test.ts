// End-to-end check of the Savings page in Chromium: non-zero demo savings by database and by
// schedule, the price and its source on every row, the storage caveat, a chart per database,
// CSV downloads with the same figures, and a per-database price override set and cleared inline.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from './auth.ts';
import { expectAccessible } from './axe.ts';
import { chromiumPath, launchBrowser } from './browser.ts';
import { countInk, ensureSavingNow, OK_GREEN, type DemoApi } from './savings-setup.ts';

const BASE_URL = (process.env.SNOOZEQL_BASE_URL ?? 'http://localhost:8787').replace(/\/+$/, '');
const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const EXPECTED_RESOURCE_ERROR = /^Failed to load resource: the server responded with a status of 401\b/;

interface ByInstance {
	items: { instanceId: string; name: string; savedCents: number; priceSource: string; hourlyPriceMicros: number | null }[];
}

/** Parses the API's CSV (RFC 4180 quoting, CRLF) into rows of cells. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i]!;
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else cell += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') {
			row.push(cell);
			cell = '';
		} else if (ch === '\n') {
			row.push(cell.replace(/\r$/, ''));
			rows.push(row);
			row = [];
			cell = '';
		} else cell += ch;
	}
	if (cell || row.length) rows.push([...row, cell]);
	return rows;
}

describe.skipIf(!chromiumPath())('savings (Chromium)', () => {
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	let api: DemoApi;
	const pageErrors: string[] = [];

	beforeAll(async () => {
		mkdirSync(SCREENSHOT_DIR, { recursive: true });
		({ api } = await ensureSavingNow(BASE_URL));
		browser = await launchBrowser();
		context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: BASE_URL, locale: 'en-US', acceptDownloads: true });
		page = await context.newPage();
		page.on('pageerror', (error) => pageErrors.push(error.message));
		page.on('console', (message) => {
			if (message.type() === 'error' && !EXPECTED_RESOURCE_ERROR.test(message.text())) pageErrors.push(message.text());
		});
		await signIn(page, { from: '/savings' });
	}, 330_000);

	afterAll(async () => {
		await context?.close();
		await browser?.close();
	});

	async function screenshot(name: string, fullPage = true) {
		await page.waitForTimeout(400);
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage });
	}

	it('shows non-zero savings by database, each with its price and price source, and the storage caveat', async () => {
		const rows = page.getByTestId('savings-row');
		await rows.first().waitFor({ timeout: 20_000 });
		const total = Number(await page.getByTestId('savings-totals').locator('dd[data-cents]').getAttribute('data-cents'));
		expect(total).toBeGreaterThan(0);
		expect(await page.getByTestId('savings-totals').innerText()).toMatch(/\$[\d,]+\.\d\d/);

		const saved = (await rows.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-saved-cents'))))) as number[];
		expect(saved.some((c) => c > 0)).toBe(true);
		// Biggest savers first.
		expect(saved).toEqual([...saved].sort((a, b) => b - a));

		// Every row says where its price comes from; the catalog names its version.
		const sources = await page.getByTestId('price-cell').evaluateAll((els) => els.map((el) => el.getAttribute('data-source')));
		expect(sources.length).toBe(await rows.count());
		expect(sources.some((s) => /^catalog \d{4}-\d{2}$/.test(s ?? ''))).toBe(true);
		const firstCatalog = page.getByTestId('price-cell').filter({ hasText: /catalog \d{4}-\d{2}/ }).first();
		expect(await firstCatalog.innerText()).toMatch(/\$\d+\.\d{2,4}\/h/);
		for (const unknown of await page.locator('[data-testid="price-cell"][data-source="unknown"]').all()) {
			expect(await unknown.innerText()).toContain('price unknown');
		}

		expect(await page.getByTestId('storage-caveat').innerText()).toContain('Storage keeps billing while a database is stopped; SnoozeQL counts compute only.');
		expect(await page.getByTestId('schedule-row').count()).toBeGreaterThan(0);
		await screenshot('savings');
		await expectAccessible(page, 'savings');
	});

	it('opens a database row on a chart of its daily savings', async () => {
		const row = page.locator('[data-testid="savings-row"]').first();
		const name = await row.getAttribute('data-name');
		await row.getByTestId('expand-row').click();
		const detail = page.getByTestId('instance-detail');
		const chart = detail.getByTestId('instance-chart');
		await chart.waitFor({ timeout: 20_000 });
		await page.waitForTimeout(500);
		const ink = await chart.evaluate(countInk, OK_GREEN);
		expect(ink.drawn).toBeGreaterThan(1_000);
		expect(ink.matching).toBeGreaterThan(20);
		expect(await detail.innerText()).toMatch(/Saved in range\s+\$[\d,]+\.\d\d/);
		expect(await page.getByRole('img', { name: /Saved per day/ }).first().getAttribute('aria-label')).toMatch(/\$[\d,]+\.\d\d in total/);
		await screenshot(`savings-${name}`, false);
		await row.getByTestId('expand-row').click();
		expect(await detail.count()).toBe(0);
	});

	it('downloads the tables as CSV with the figures the API reports', async () => {
		const byInstance = await api.get<ByInstance>('/savings/by-instance');
		for (const [testid, header] of [
			['export-by-instance', 'instance_id,name,provider,region,engine,instance_class,hourly_price_micros,price_source,discount_percent,saved_cents,hours_asleep,asleep_now'],
			['export-by-schedule', null],
			['export-daily', null]
		] as const) {
			const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
			expect(download.suggestedFilename()).toMatch(/^snoozeql-savings-.*\.csv$/);
			const file = await download.path();
			const rows = parseCsv(readFileSync(file, 'utf8'));
			expect(rows.length, testid).toBeGreaterThan(1);
			if (header) expect(rows[0]!.join(','), testid).toBe(header);
			if (testid === 'export-by-instance') {
				const col = rows[0]!.indexOf('saved_cents');
				const csvTotal = rows.slice(1).reduce((sum, r) => sum + Number(r[col]), 0);
				const apiTotal = byInstance.items.reduce((sum, i) => sum + i.savedCents, 0);
				// The ongoing sleep keeps accruing between the two requests: never less, never wildly more.
				expect(csvTotal).toBeGreaterThanOrEqual(apiTotal);
				expect(csvTotal).toBeGreaterThan(0);
				expect(rows.slice(1).map((r) => r[1])).toEqual(expect.arrayContaining(byInstance.items.map((i) => i.name)));
			}
		}
	});

	it('lets an owner set a per-database price and go back to the catalog', async () => {
		const catalogRow = page.locator('[data-testid="savings-row"]').filter({ has: page.locator('[data-testid="price-cell"][data-source^="catalog"]') }).first();
		const name = (await catalogRow.getAttribute('data-name'))!;
		const row = page.locator(`[data-testid="savings-row"][data-name="${name}"]`);
		await row.getByRole('button', { name: `Change the price of ${name}` }).click();
		const input = row.getByTestId('price-input');
		await input.fill('abc');
		await row.getByRole('button', { name: 'Save' }).click();
		await row.getByRole('alert').filter({ hasText: 'Enter a price per hour in dollars' }).waitFor();
		await input.fill('1.2345');
		await row.getByRole('button', { name: 'Save' }).click();
		await page.getByText(`${name} is priced at $1.2345/h from now on.`).waitFor({ timeout: 15_000 });

		const same = row;
		await expect.poll(async () => same.getByTestId('price-cell').getAttribute('data-source'), { timeout: 15_000 }).toBe('override');
		expect(await same.getByTestId('price-cell').innerText()).toContain('$1.2345/h');
		const overridden = (await api.get<ByInstance>('/savings/by-instance')).items.find((i) => i.name === name)!;
		expect(overridden).toMatchObject({ priceSource: 'override', hourlyPriceMicros: 1_234_500 });
		await screenshot('savings-price-override', false);
		await expectAccessible(page, 'savings-price-override');

		await same.getByRole('button', { name: `Change the price of ${name}` }).click();
		await same.getByRole('button', { name: 'Use catalog price' }).click();
		await expect.poll(async () => same.getByTestId('price-cell').getAttribute('data-source'), { timeout: 15_000 }).toMatch(/^catalog /);
	});

	it('logged no page errors', () => {
		expect(pageErrors).toEqual([]);
	});
});
