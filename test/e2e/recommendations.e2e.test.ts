// End-to-end check of the Recommendations page in Chromium on the demo fleet: the agents backfill
// 14 days of metrics from the simulator, the analysis proposes schedules; the page shows at least
// one with its hour-of-week heat map and 14-day metric charts, says why other databases have none,
// and Apply creates a schedule for that database.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from './auth.ts';
import { chromiumPath, launchBrowser } from './browser.ts';
import { demoApi, type DemoApi } from './savings-setup.ts';

const BASE_URL = (process.env.SNOOZEQL_BASE_URL ?? 'http://localhost:8787').replace(/\/+$/, '');
const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const EXPECTED_RESOURCE_ERROR = /^Failed to load resource: the server responded with a status of 401\b/;

interface Rec {
	id: string;
	status: string;
	instance: { name: string };
	summary: string;
	reason: string | null;
	proposedSchedule: { name: string } | null;
}

/** Waits for the demo's proposals: the seed analyses once the backfill lands; analyse again if needed. */
async function demoRecommendations(api: DemoApi): Promise<{ items: Rec[]; skipped: Rec[] }> {
	const deadline = Date.now() + 180_000;
	let lastAnalysis = 0;
	for (;;) {
		const list = await api.get<{ items: Rec[]; skipped: Rec[] }>('/recommendations');
		// Every demo database is months old: once both accounts' backfills are in, none is waiting.
		const waiting = list.skipped.filter((r) => r.reason === 'not-enough-data');
		if (list.items.some((r) => r.status === 'open') && waiting.length === 0) return list;
		if (Date.now() > deadline) throw new Error(`demo recommendations not ready within 3 minutes: ${JSON.stringify(list.skipped.map((s) => [s.instance.name, s.reason]))}`);
		if (Date.now() - lastAnalysis > 20_000) {
			lastAnalysis = Date.now();
			await api.post('/recommendations/analyze');
		}
		await new Promise((r) => setTimeout(r, 3_000));
	}
}

describe.skipIf(!chromiumPath())('recommendations (Chromium)', () => {
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	let api: DemoApi;
	let list: { items: Rec[]; skipped: Rec[] };
	const pageErrors: string[] = [];

	beforeAll(async () => {
		mkdirSync(SCREENSHOT_DIR, { recursive: true });
		api = await demoApi(BASE_URL);
		list = await demoRecommendations(api);
		browser = await launchBrowser();
		context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: BASE_URL, locale: 'en-US' });
		page = await context.newPage();
		page.on('pageerror', (error) => pageErrors.push(error.message));
		page.on('console', (message) => {
			if (message.type() === 'error' && !EXPECTED_RESOURCE_ERROR.test(message.text())) pageErrors.push(message.text());
		});
		await signIn(page, { from: '/recommendations' });
	}, 330_000);

	afterAll(async () => {
		await context?.close();
		await browser?.close();
	});

	async function screenshot(name: string, fullPage = true) {
		await page.waitForTimeout(400);
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage });
	}

	it('lists the demo proposals with confidence and projected savings, and the databases skipped with the reason', async () => {
		const rows = page.getByTestId('recommendation-row');
		await rows.first().waitFor();
		expect(await rows.count()).toBe(list.items.filter((r) => r.status !== 'dismissed').length);
		const first = rows.first();
		await expect.poll(() => first.getByTestId('projected').textContent()).toMatch(/\$[\d,]+\.\d{2}\/mo|price unknown/);
		expect(await first.textContent()).toMatch(/(high|medium|low) · \d+%/);
		// The always-busy and irregular demo databases say why they have no proposal.
		const skipped = page.getByTestId('skipped-row');
		expect(await skipped.count()).toBe(list.skipped.length);
		expect(await page.locator('[data-testid="skipped-row"][data-name="perf-test-staging"]').getAttribute('data-reason')).toBe('busy');
		// Dev databases already follow the demo's "Office hours (dev)" schedule; replicas cannot be stopped.
		expect(await page.locator('[data-testid="skipped-row"][data-name="orders-dev"]').getAttribute('data-reason')).toBe('scheduled');
		expect(await page.locator('[data-testid="skipped-row"][data-name="analytics-staging-replica"]').getAttribute('data-reason')).toBe('ineligible');
		for (const text of await skipped.locator('.why').allTextContents()) expect(text.length).toBeGreaterThan(20);
		await screenshot('recommendations-list');
	});

	it('opens a proposal’s evidence: the hour-of-week heat map and 14 days of CPU and connections', async () => {
		// An office-hours database (the demo has several): busy weekdays, asleep nights and weekends.
		const office = list.items.find((r) => r.summary.includes('Mon–Fri'));
		expect(office, JSON.stringify(list.items.map((r) => r.summary))).toBeDefined();
		const row = page.locator(`[data-testid="recommendation-row"][data-name="${office!.instance.name}"]`);
		await row.getByTestId('expand-row').click();
		const detail = page.getByTestId('recommendation-detail');
		const heatmap = detail.getByTestId('heatmap');
		await heatmap.waitFor();
		expect(await heatmap.locator('td.cell').count()).toBe(168);
		// Some hours active, some asleep in the proposal: the map carries the evidence.
		expect(await heatmap.locator('td.cell[data-active="100"]').count()).toBeGreaterThan(0);
		expect(await heatmap.locator('td.cell.asleep').count()).toBeGreaterThan(10);
		await detail.getByTestId('metric-chart-cpu').waitFor();
		await detail.getByTestId('metric-chart-connections').waitFor();
		await detail.scrollIntoViewIfNeeded();
		await screenshot('recommendations-evidence', false);
	});

	it('applies a proposal: a schedule for that database is created and the row shows Applied', async () => {
		const row = page.locator('[data-testid="recommendation-row"][data-status="open"]').first();
		const name = (await row.getAttribute('data-name'))!;
		const proposal = list.items.find((r) => r.instance.name === name)!;
		await row.getByTestId('apply').click();
		await page.getByTestId('notice').waitFor();
		expect(await page.getByTestId('notice').textContent()).toContain(name);
		await page.locator(`[data-testid="recommendation-row"][data-name="${name}"][data-status="applied"]`).waitFor();

		const schedules = await api.get<{ data: { id: string; name: string; definition: { selector: { match: { field: string; value?: string }[] } } }[] }>('/schedules?limit=100');
		const created = schedules.data.find((s) => s.name === proposal.proposedSchedule!.name);
		expect(created, `schedule ${proposal.proposedSchedule!.name}`).toBeDefined();
		expect(created!.definition.selector.match).toContainEqual(expect.objectContaining({ field: 'name', value: name }));
		const after = await api.get<{ items: Rec[] }>('/recommendations');
		expect(after.items.find((r) => r.id === proposal.id)?.status).toBe('applied');
		await screenshot('recommendations-applied');
		expect(pageErrors).toEqual([]);
	});
});
