// Every page of the dashboard passes axe's WCAG 2.1 A/AA checks with no serious or critical
// violation, signed out (sign-in, sign-up, invitation) and signed in as the demo user, at desktop
// and phone (390 px) widths, once each page has loaded its data.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from './auth.ts';
import { expectAccessible } from './axe.ts';
import { chromiumPath, launchBrowser } from './browser.ts';

const ROUTES = fileURLToPath(new URL('../../web/src/routes', import.meta.url));
const BASE_URL = (process.env.SNOOZEQL_BASE_URL ?? 'http://localhost:8787').replace(/\/+$/, '');

/** Pages anyone may open; every other page needs a session. */
const PUBLIC = new Set(['/login', '/signup', '/invite']);
/** Query strings a page needs to show its usual content. */
const QUERY: Record<string, string> = { '/invite': '?token=not-a-real-token' };

/** Every page of the dashboard without a path parameter, read from web/src/routes (new pages are checked too). */
function pages(dir = ROUTES, prefix = ''): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		if (entry.isFile() && entry.name === '+page.svelte') return [prefix || '/'];
		if (!entry.isDirectory() || entry.name.includes('[')) return [];
		const segment = /^\(.*\)$/.test(entry.name) ? '' : `/${entry.name}`; // (group) folders add no segment
		return pages(join(dir, entry.name), `${prefix}${segment}`);
	});
}

const ALL = pages().sort();
const PUBLIC_PAGES = ALL.filter((path) => PUBLIC.has(path)).map((path) => path + (QUERY[path] ?? ''));
const SIGNED_IN_PAGES = ALL.filter((path) => !PUBLIC.has(path));

/** Opens `path` and waits until its requests are done and no loading indicator is left. */
async function open(page: Page, path: string): Promise<void> {
	await page.goto(path, { waitUntil: 'networkidle' });
	await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 10_000 }).catch(() => {});
	await page.waitForTimeout(200);
}

describe.skipIf(!chromiumPath())('accessibility (axe, WCAG 2.1 A/AA)', () => {
	let browser: Browser;
	let desktop: BrowserContext;
	let phone: BrowserContext;

	beforeAll(async () => {
		browser = await launchBrowser();
		desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: BASE_URL });
		phone = await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL: BASE_URL, isMobile: true, hasTouch: true });
	}, 30_000);

	it('finds the dashboard\'s pages', () => {
		expect(SIGNED_IN_PAGES).toEqual(expect.arrayContaining(['/', '/databases', '/schedules', '/activity', '/savings', '/settings/tokens']));
		expect(PUBLIC_PAGES).toHaveLength(PUBLIC.size);
	});

	afterAll(async () => {
		await desktop?.close();
		await phone?.close();
		await browser?.close();
	});

	it.each(PUBLIC_PAGES)('signed out: %s', async (path) => {
		const page = await desktop.newPage();
		await open(page, path);
		await expectAccessible(page, path);
		await page.close();
	});

	describe('signed in', () => {
		let page: Page;
		let small: Page;

		beforeAll(async () => {
			page = await desktop.newPage();
			await signIn(page);
			small = await phone.newPage();
			await signIn(small);
		}, 60_000);

		it.each(SIGNED_IN_PAGES)('%s', async (path) => {
			await open(page, path);
			await expectAccessible(page, path);
		});

		it.each(SIGNED_IN_PAGES)('%s at 390 px', async (path) => {
			await open(small, path);
			await expectAccessible(small, `${path} (390 px)`);
		});
	});
});
