// End-to-end check of the Policies page in Chromium on the demo organization: the seeded dry-run
// policy is listed with the history the agents wrote after their first metrics collection (what it
// would have done, with the hourly values that decided it); a policy made with the rule builder is
// refused with the field named while a rule's duration is not whole hours, then saved; and a dry
// evaluation now shows, per database, whether it would fire and the values each rule saw.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POLICY } from '../../scripts/lib/demo-seed.ts';
import { signIn } from './auth.ts';
import { chromiumPath, launchBrowser } from './browser.ts';
import { demoApi, type DemoApi } from './savings-setup.ts';

const BASE_URL = (process.env.SNOOZEQL_BASE_URL ?? 'http://localhost:8787').replace(/\/+$/, '');
const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const EXPECTED_RESOURCE_ERROR = /^Failed to load resource: the server responded with a status of (401|400)\b/;

interface Policy {
	id: string;
	name: string;
	dryRun: boolean;
}

/** The demo policy once the agents have evaluated it at least once (after the 14-day backfill). */
async function demoPolicyWithHistory(api: DemoApi): Promise<{ policy: Policy; firings: number }> {
	const deadline = Date.now() + 180_000;
	for (;;) {
		const policy = (await api.get<{ data: Policy[] }>('/policies?limit=100')).data.find((p) => p.name === DEMO_POLICY.name);
		if (policy) {
			const history = await api.get<{ data: unknown[] }>(`/policies/${policy.id}/history?limit=100`);
			if (history.data.length > 0) return { policy, firings: history.data.length };
		}
		if (Date.now() > deadline) throw new Error('the demo policy has no history within 3 minutes');
		await new Promise((r) => setTimeout(r, 3_000));
	}
}

describe.skipIf(!chromiumPath())('policies (Chromium)', () => {
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	let demo: { policy: Policy; firings: number };
	const created = `Idle dev (e2e ${Date.now().toString(36)})`;
	const pageErrors: string[] = [];

	beforeAll(async () => {
		mkdirSync(SCREENSHOT_DIR, { recursive: true });
		demo = await demoPolicyWithHistory(await demoApi(BASE_URL));
		browser = await launchBrowser();
		context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: BASE_URL, locale: 'en-US' });
		page = await context.newPage();
		page.on('pageerror', (error) => pageErrors.push(error.message));
		page.on('console', (message) => {
			if (message.type() === 'error' && !EXPECTED_RESOURCE_ERROR.test(message.text())) pageErrors.push(message.text());
		});
		await signIn(page, { from: '/policies' });
	}, 330_000);

	afterAll(async () => {
		await context?.close();
		await browser?.close();
	});

	async function screenshot(name: string) {
		await page.waitForTimeout(400);
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
	}

	const rowOf = (name: string) => page.getByTestId('policies-table').getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });

	it('lists the demo policy in dry run, and its history says what it would have done with the values seen', async () => {
		const row = rowOf(DEMO_POLICY.name);
		await row.waitFor();
		await expect(row.textContent()).resolves.toContain('Dry run');
		await expect(row.textContent()).resolves.toContain('connections ≤ 0 for 2h AND cpu < 5 for 2h');
		await row.getByRole('button', { name: 'History' }).click();

		const detail = page.getByTestId('policy-detail');
		await detail.getByRole('heading', { name: `${DEMO_POLICY.name}: history` }).waitFor();
		const firings = detail.locator('.verdict');
		await firings.first().waitFor();
		expect(await firings.count()).toBe(demo.firings);
		const first = firings.first();
		await expect(first.textContent()).resolves.toMatch(/Would act \(dry run\)|Blocked/);
		// Both rules with their hourly values (two hours each: "for 2h").
		const rules = first.getByRole('rowheader');
		expect(await rules.count()).toBe(2);
		await expect(rules.nth(0).textContent()).resolves.toContain('connections ≤ 0 (max) for 2h');
		expect(await first.getByRole('row').first().getByRole('cell').count()).toBe(2);
		await screenshot('policies-history');
	});

	it('builds a policy: a duration that is not whole hours is refused with the field named, then it is saved', async () => {
		const form = page.getByTestId('policy-form');
		await form.getByLabel('Name').fill(created);
		await form.getByLabel('Tag key').fill('env');
		await form.getByLabel('equals').fill('dev');
		await form.getByLabel('Duration of rule 1').fill('90m');
		await form.getByRole('button', { name: 'Add rule' }).click();
		await form.getByLabel('Metric of rule 2').selectOption('cpu');
		await form.getByLabel('Operator of rule 2').selectOption('lt');
		await form.getByLabel('Threshold of rule 2').fill('5');
		await form.getByLabel('Combine rules').selectOption('or');
		await form.getByRole('button', { name: 'Create policy' }).click();

		const problem = form.locator('.problem').filter({ hasText: 'rule 1 duration' });
		await problem.waitFor();
		await expect(problem.textContent()).resolves.toContain('whole hours');
		expect(await rowOf(created).count()).toBe(0);
		await screenshot('policies-validation');

		await form.getByLabel('Duration of rule 1').fill('2h');
		await form.getByRole('button', { name: 'Create policy' }).click();
		const row = rowOf(created);
		await row.waitFor();
		await expect(row.textContent()).resolves.toContain('connections ≤ 0 for 2h OR cpu < 5 for 2h');
		await expect(row.textContent()).resolves.toContain('Dry run');
		expect(await form.locator('.problem').count()).toBe(0);
	});

	it('runs a dry evaluation now and shows, per database, whether it would fire and the values seen', async () => {
		await rowOf(created).getByRole('button', { name: 'Dry run now' }).click();
		const detail = page.getByTestId('policy-detail');
		await detail.getByRole('heading', { name: `${created}: dry run now` }).waitFor();
		const verdicts = detail.locator('.verdict');
		await verdicts.first().waitFor();
		expect(await verdicts.count()).toBeGreaterThan(0);
		const first = verdicts.first();
		await expect(first.textContent()).resolves.toMatch(/would (not )?fire/);
		// Values seen: each rule's row lists its hours as "HH:MM: value" (or — for an hour without data).
		const hours = first.getByRole('row').first().getByRole('cell');
		expect(await hours.count()).toBe(2);
		await expect(hours.first().textContent()).resolves.toMatch(/\d{1,2}:\d{2}\s?(AM|PM)?: (\d|—)/);
		await screenshot('policies-dry-run');

		// Clean up: the policy is deleted from the list.
		await rowOf(created).getByRole('button', { name: 'Delete' }).click();
		await page.waitForFunction((name) => ![...document.querySelectorAll('[data-testid="policies-table"] th[scope="row"]')].some((th) => th.textContent === name), created);
		expect(pageErrors).toEqual([]);
	});
});
