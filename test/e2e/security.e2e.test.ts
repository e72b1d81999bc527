// The browser-facing headers on the real stack: the SPA's static assets carry the CSP (inline
// scripts only by hash) and the security headers, the dashboard works under that CSP without a
// single violation, and /api/docs renders the API reference from same-origin files only.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signIn } from './auth.ts';
import { chromiumPath, launchBrowser } from './browser.ts';

const BASE_URL = inject('baseUrl');

describe('static assets', () => {
	it('carry the CSP with the inline-script hashes and the security headers, deep links included', async () => {
		for (const path of ['/', '/settings/members', '/favicon.svg']) {
			const response = await fetch(`${BASE_URL}${path}`);
			expect(response.status, path).toBe(200);
			const csp = response.headers.get('content-security-policy') ?? '';
			expect(csp, path).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]{44}')+;/);
			expect(csp).toContain("frame-ancestors 'none'");
			expect(csp).not.toMatch(/script-src[^;]*unsafe/);
			expect(response.headers.get('x-content-type-options')).toBe('nosniff');
			expect(response.headers.get('strict-transport-security')).toContain('max-age=');
			expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
		}
	});
});

describe.skipIf(!chromiumPath())('under the CSP (Chromium)', () => {
	let browser: Browser;
	beforeAll(async () => {
		browser = await launchBrowser();
	}, 30_000);
	afterAll(async () => {
		await browser?.close();
	});

	/**
	 * A page that records CSP violations, the origins of every script and API call requested, and
	 * the origins that actually answered (a request the CSP blocked gets no response).
	 */
	async function watchedPage() {
		const context = await browser.newContext({ baseURL: BASE_URL });
		const page = await context.newPage();
		const violations: string[] = [];
		const codeOrigins = new Set<string>();
		const answeredOrigins = new Set<string>();
		page.on('console', (message) => {
			if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
		});
		page.on('request', (request) => {
			if (['script', 'xhr', 'fetch', 'websocket', 'eventsource'].includes(request.resourceType())) codeOrigins.add(new URL(request.url()).origin);
		});
		page.on('response', (response) => {
			const url = new URL(response.url());
			if (url.protocol === 'http:' || url.protocol === 'https:') answeredOrigins.add(url.origin);
		});
		return { page, violations, codeOrigins, answeredOrigins };
	}

	it('the dashboard signs in and renders with no CSP violation', async () => {
		const { page, violations } = await watchedPage();
		await signIn(page);
		await page.goto('/databases', { waitUntil: 'networkidle' });
		await page.getByRole('navigation', { name: 'Main' }).waitFor();
		expect(violations).toEqual([]);
		await page.context().close();
	});

	it('Settings → Sessions lists this browser and signs out the other sessions', async () => {
		const first = await watchedPage();
		const second = await watchedPage();
		await signIn(first.page);
		await signIn(second.page);
		await first.page.goto('/settings/sessions', { waitUntil: 'networkidle' });
		const list = first.page.getByTestId('session-list');
		await expect.poll(() => list.locator('li').count()).toBeGreaterThanOrEqual(2);
		await expect.poll(() => list.getByText('This browser').count()).toBe(1);
		await first.page.getByRole('button', { name: 'Sign out other sessions' }).click();
		await expect.poll(() => list.locator('li').count()).toBe(1);
		const me = await second.page.request.get('/api/v1/me');
		expect(me.status()).toBe(401);
		expect([...first.violations, ...second.violations]).toEqual([]);
		await first.page.context().close();
		await second.page.context().close();
	});

	it('/api/docs renders the API reference from same-origin files only', async () => {
		const { page, violations, codeOrigins, answeredOrigins } = await watchedPage();
		const response = await page.goto('/api/docs', { waitUntil: 'networkidle' });
		expect(response?.status()).toBe(200);
		await page.getByText('SnoozeQL API').first().waitFor({ timeout: 20_000 });
		await expect.poll(() => page.locator('#snoozeql-api-reference .scalar-app, #snoozeql-api-reference [class*="scalar"]').count()).toBeGreaterThan(0);
		const self = new URL(BASE_URL).origin;
		expect([...codeOrigins]).toEqual([self]);
		// Nothing from anywhere else loads: the bundle's web fonts (fonts.scalar.com) are refused by
		// the CSP and the page falls back to local fonts.
		expect([...answeredOrigins]).toEqual([self]);
		expect(violations.filter((v) => !/font/i.test(v))).toEqual([]);
		await page.context().close();
	});
});
