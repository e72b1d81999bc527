// End-to-end check of capacity windows in the schedule editor (Chromium, demo organization): the
// fields for the in-period and out-of-period ACU ranges, the preview listing the capacity changes
// and a note per matched database (not serverless v2; scaled instead of stopped), an inverted range
// refused with its field named, and the schedule saved and re-opened with its capacity.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from './auth.ts';
import { chromiumPath, launchBrowser } from './browser.ts';

const BASE_URL = (process.env.SNOOZEQL_BASE_URL ?? 'http://localhost:8787').replace(/\/+$/, '');
const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const EXPECTED_RESOURCE_ERROR = /^Failed to load resource: the server responded with a status of (401|400)\b/;

describe.skipIf(!chromiumPath())('schedule capacity windows (Chromium)', () => {
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	const name = `Serverless nights ${Date.now().toString(36)}`;
	const pageErrors: string[] = [];

	beforeAll(async () => {
		mkdirSync(SCREENSHOT_DIR, { recursive: true });
		browser = await launchBrowser();
		context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: BASE_URL, locale: 'en-US', timezoneId: 'UTC' });
		page = await context.newPage();
		page.on('pageerror', (error) => pageErrors.push(error.message));
		page.on('console', (message) => {
			if (message.type() === 'error' && !EXPECTED_RESOURCE_ERROR.test(message.text())) pageErrors.push(message.text());
		});
		await signIn(page, { from: '/schedules/new' });
	}, 330_000);

	afterAll(async () => {
		await context?.close();
		await browser?.close();
	});

	it('sets "0–2 ACU out of period, 2–16 by day", previews the changes and notes, refuses an inverted range, and saves', async () => {
		await page.getByLabel('Name', { exact: true }).fill(name);
		await page.getByLabel('Set capacity windows').check();
		const inPeriod = page.getByTestId('capacity-inPeriod');
		const outOfPeriod = page.getByTestId('capacity-outOfPeriod');
		await expect(inPeriod.getByLabel('Max ACU').inputValue()).resolves.toBe('16');
		await expect(outOfPeriod.getByLabel('Min ACU').inputValue()).resolves.toBe('0');

		// The preview lists the ranges over the week, and says what they mean per matched database.
		const steps = page.getByTestId('preview-capacity');
		await steps.waitFor();
		await expect.poll(async () => steps.innerText(), { timeout: 15_000 }).toMatch(/2–16 ACU \(in period\)|0–2 ACU \(out of period\)/);
		expect(await steps.getByRole('listitem').count()).toBeGreaterThanOrEqual(2);
		const notes = page.getByTestId('capacity-note');
		await notes.first().waitFor();
		const texts = await notes.allInnerTexts();
		expect(texts.some((t) => t.startsWith('Not an Aurora Serverless v2 cluster'))).toBe(true);
		await page.waitForTimeout(300);
		await page.getByRole('heading', { name: 'Capacity (Aurora Serverless v2)' }).scrollIntoViewIfNeeded();
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'schedule-capacity.png'), fullPage: true });

		// max below min: the preview says which field, and the field is marked.
		await inPeriod.getByLabel('Min ACU').fill('32');
		const error = page.locator('.error').filter({ hasText: 'capacity.inPeriod.maxAcu' });
		await error.waitFor();
		await expect(error.innerText()).resolves.toContain('maxAcu must be at least minAcu');
		await expect(inPeriod.getByLabel('Max ACU').getAttribute('aria-invalid')).resolves.toBe('true');
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'schedule-capacity-invalid.png'), fullPage: false });

		await inPeriod.getByLabel('Min ACU').fill('2');
		await error.waitFor({ state: 'detached' });
		await page.getByRole('button', { name: 'Create schedule' }).click();
		await page.waitForURL((url) => url.pathname === '/schedules');
		await page.getByRole('link', { name }).click();
		await page.waitForURL((url) => /^\/schedules\/[^/]+$/.test(url.pathname));
		await expect(page.getByLabel('Set capacity windows').isChecked()).resolves.toBe(true);
		await expect(page.getByTestId('capacity-outOfPeriod').getByLabel('Max ACU').inputValue()).resolves.toBe('2');
		expect(pageErrors).toEqual([]);
	});
});
