// End-to-end journeys of the Schedules pages in Chromium: the demo's schedules listed with their
// next transitions; a schedule created in the editor (an overnight period drawn with the keyboard,
// a daytime one dragged with the mouse, a holiday) with its matched databases and transitions
// previewed before saving; an Instance Scheduler schedule imported from YAML; the calendar of the
// demo fleet's coming week; all at desktop and phone (390 px) width, with axe checks.
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

describe.skipIf(!chromiumPath())('schedules (Chromium)', () => {
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	const pageErrors: string[] = [];
	const unique = Date.now().toString(36);

	beforeAll(async () => {
		mkdirSync(SCREENSHOT_DIR, { recursive: true });
		browser = await launchBrowser();
		context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: BASE_URL });
		page = await context.newPage();
		page.on('pageerror', (error) => pageErrors.push(error.message));
		page.on('console', (message) => {
			if (message.type() === 'error' && !EXPECTED_RESOURCE_ERROR.test(message.text())) pageErrors.push(message.text());
		});
		await signIn(page, { from: '/schedules' });
	}, 60_000);

	afterAll(async () => {
		await context?.close();
		await browser?.close();
	});

	async function screenshot(name: string, fullPage = true) {
		await page.waitForTimeout(300);
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage });
	}

	it("lists the demo's schedules with their periods, databases and next transitions", async () => {
		const office = page.locator('[data-testid="schedule-row"][data-name="Office hours (dev)"]');
		await office.waitFor({ timeout: 20_000 });
		await expect.poll(async () => office.getByTestId('schedule-next').innerText(), { timeout: 15_000 }).toMatch(/^(Sleep|Wake) /);
		expect(await office.innerText()).toContain('Mon–Fri 08:00–19:00');
		expect(Number((await office.getByTestId('schedule-matched').innerText()).trim().split(/\s/)[0])).toBeGreaterThan(0);
		const cycle = page.locator('[data-testid="schedule-row"][data-name="Demo: 10-minute cycle"]');
		// The 10-minute cycle changes within ten minutes.
		await expect.poll(async () => cycle.getByTestId('schedule-next').innerText(), { timeout: 15_000 }).toMatch(/in \d+ min|in \d+ s|now/);
		await screenshot('schedules-list');
		await expectAccessible(page, 'schedules list');
	});

	it('reads every row of the list with one overview request, not one preview per schedule', async () => {
		const calls: string[] = [];
		const record = (request: { url(): string }) => {
			const url = new URL(request.url());
			if (url.pathname.startsWith('/api/v1/schedules')) calls.push(url.pathname);
		};
		page.on('request', record);
		await page.goto('/schedules');
		await page.locator('[data-testid="schedule-row"][data-name="Office hours (dev)"]').getByTestId('schedule-next').getByText(/^(Sleep|Wake) /).waitFor({ timeout: 20_000 });
		page.off('request', record);
		expect(calls.filter((p) => p.endsWith('/preview'))).toEqual([]);
		expect(calls.filter((p) => p === '/api/v1/schedules/overview')).toHaveLength(1);
	});

	it('creates a schedule in the editor: an overnight period, a dragged period and a holiday, previewed before saving', async () => {
		await page.getByRole('link', { name: 'New schedule' }).click();
		await page.waitForURL((url) => url.pathname === '/schedules/new');
		await page.getByLabel('Name', { exact: true }).fill(`Nightly batch ${unique}`);
		await page.getByLabel('Time zone').fill('Europe/London');
		// Start from an empty week: remove the suggested weekday period.
		await page.getByRole('button', { name: 'Remove period' }).click();

		// Keyboard: Monday 22:00 → Tuesday 06:00 (the cursor starts on Monday 09:00).
		const grid = page.getByTestId('weekly-grid');
		await grid.focus();
		for (let i = 0; i < 13; i++) await page.keyboard.press('ArrowDown');
		await page.keyboard.press('Enter');
		await page.keyboard.press('ArrowRight');
		for (let i = 0; i < 17; i++) await page.keyboard.press('ArrowUp');
		await page.keyboard.press('Enter');
		const periods = page.getByTestId('period-list');
		await expect.poll(async () => periods.innerText()).toContain('Mon 22:00 → 06:00 next day');

		// Mouse: drag on Wednesday from 10:00 to 14:00 (an hour is 18 px, a day a seventh of the width).
		const box = (await grid.boundingBox())!;
		const x = box.x + (box.width / 7) * 2.5;
		await page.mouse.move(x, box.y + 10.5 * 18);
		await page.mouse.down();
		await page.mouse.move(x, box.y + 12 * 18, { steps: 4 });
		await page.mouse.move(x, box.y + 14.5 * 18, { steps: 4 });
		await page.mouse.up();
		await expect.poll(async () => periods.innerText()).toContain('Wed 10:00–15:00');

		// Wake for the databases' maintenance windows when maintenance is pending.
		await page.getByTestId('maintenance-wake').getByRole('checkbox').check();

		// A holiday: asleep all day on 2026-12-25.
		await page.getByRole('button', { name: 'Add date exception' }).click();
		await page.getByTestId('exception').getByLabel('From').fill('2026-12-25');
		await page.getByTestId('exception').getByLabel('Reason').fill('Christmas');

		// The preview: dev databases matched (env=dev is the suggested selector), transitions, savings.
		const matched = page.getByTestId('preview-matched').locator('tbody tr');
		const problem = page.getByTestId('preview-error');
		await expect
			.poll(async () => ((await problem.count()) ? await problem.innerText() : await matched.count()), { timeout: 15_000 })
			.toBeGreaterThan(0);
		await expect.poll(async () => page.getByTestId('preview-transitions').locator('li').count()).toBeGreaterThan(1);
		expect(await page.getByTestId('preview-summary').innerText()).toMatch(/Asleep \d+(\.\d+)? h of 168/);
		await page.getByText(/Not matched \(\d+\)/).click();
		expect(await page.getByTestId('preview-unmatched').innerText()).toContain('fails tag env equals "dev"');
		await screenshot('schedule-editor');
		await expectAccessible(page, 'schedule editor');

		await page.getByRole('button', { name: 'Create schedule' }).click();
		await page.waitForURL((url) => url.pathname === '/schedules');
		const row = page.locator(`[data-testid="schedule-row"][data-name="Nightly batch ${unique}"]`);
		await row.waitFor();
		expect(await row.innerText()).toContain('Mon 22:00 → 06:00 next day');
		expect(await row.innerText()).toContain('1 date exception');
		expect(await row.innerText()).toContain('Maintenance wake');
		await expect.poll(async () => row.getByTestId('schedule-next').innerText(), { timeout: 15_000 }).toMatch(/^(Sleep|Wake) /);
	}, 60_000);

	it('imports an Instance Scheduler schedule from its CloudFormation YAML, with the translation shown first', async () => {
		await page.goto('/schedules/import');
		const yaml = `Type: Custom::ServiceInstanceSchedule
Properties:
  Name: is-office-${unique}
  Timezone: Europe/Amsterdam
  Enforced: 'True'
  RetainRunning: 'True'
  Periods:
    - Description: Weekdays
      BeginTime: '08:00'
      EndTime: '18:00'
      WeekDays: mon-fri
    - Description: First Saturday
      BeginTime: '09:00'
      EndTime: '12:00'
      WeekDays: sat#1`;
		await page.getByTestId('import-text').fill(yaml);
		await page.getByRole('button', { name: 'Translate' }).click();
		const result = page.getByTestId('import-result');
		await result.waitFor();
		expect(await page.getByTestId('import-words').innerText()).toBe('Awake Mon–Fri 08:00–18:00; 1st Sat 09:00–12:00');
		expect(await page.getByTestId('import-warnings').innerText()).toMatch(/retain_running/);
		await screenshot('schedule-import');
		await expectAccessible(page, 'schedule import');
		await page.getByRole('button', { name: 'Save schedule' }).click();
		await page.waitForURL((url) => url.pathname === '/schedules');
		await page.locator(`[data-testid="schedule-row"][data-name="is-office-${unique}"]`).waitFor();
	});

	it("the calendar shows the demo fleet's coming week: which databases sleep when", async () => {
		await page.goto('/schedules/calendar');
		const rows = page.getByTestId('calendar-row');
		await rows.first().waitFor({ timeout: 20_000 });
		expect(await rows.count()).toBeGreaterThan(1);
		// The 10-minute cycle's databases sleep many times a week: too short to draw one by one, they are one
		// hatched band that says how often they cycle and how many sleeps it holds (not a solid week asleep).
		const staging = page.locator('[data-testid="calendar-row"][data-name="orders-staging"]');
		const band = staging.getByTestId('cycle-band').first();
		await band.waitFor();
		expect(await band.textContent()).toMatch(/every 10 min ×\d{2,}/);
		expect(await staging.getByTestId('sleep-interval').count()).toBeLessThan(20);
		// reports-dev has an OS update pending for its Saturday window: the office-hours schedule wakes it for it.
		const reports = page.locator('[data-testid="calendar-row"][data-name="reports-dev"]');
		await expect.poll(async () => reports.getByTestId('maintenance-wake').count()).toBe(1);
		expect(await reports.innerText()).toContain('Sat 05:00–05:30 UTC');
		await screenshot('schedules-calendar');
		await expectAccessible(page, 'schedules calendar');
	});

	it('works at phone width (390 px): list, editor and calendar', async () => {
		const phone = await context.newPage();
		phone.on('pageerror', (error) => pageErrors.push(error.message));
		try {
			await phone.setViewportSize({ width: 390, height: 844 });
			for (const [url, name, ready] of [
				['/schedules', 'schedules-list-phone', 'schedule-row'],
				['/schedules/new', 'schedule-editor-phone', 'preview-matched'],
				['/schedules/calendar', 'schedules-calendar-phone', 'calendar-row']
			] as const) {
				await phone.goto(url, { waitUntil: 'load' });
				await phone.getByTestId(ready).first().waitFor({ timeout: 20_000 });
				await phone.waitForTimeout(300);
				await phone.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
				// Nothing wider than the screen: the page does not scroll sideways.
				const overflow = await sidewaysOverflow(phone);
				expect(overflow.scrollWidth, `${url}: ${overflow.culprits.join(', ')}`).toBeLessThanOrEqual(390);
			}
		} finally {
			await phone.close();
		}
	}, 60_000);

	it('raised no page errors', () => {
		expect(pageErrors).toEqual([]);
	});
});
