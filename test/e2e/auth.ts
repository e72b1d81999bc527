// Browser sign-in for the e2e suite: signs in through the /login form (the seeded demo user by default).
import type { Page } from 'playwright-core';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../scripts/lib/demo-seed.ts';

export { DEMO_EMAIL, DEMO_PASSWORD };

/**
 * Opens `from` (a page that needs a session), is sent to /login, signs in with the form and
 * waits until the app brought the person back to `from`.
 */
export async function signIn(
	page: Page,
	{ email = DEMO_EMAIL, password = DEMO_PASSWORD, from = '/' }: { email?: string; password?: string; from?: string } = {}
): Promise<void> {
	await page.goto(from, { waitUntil: 'load' });
	await page.waitForURL((url) => url.pathname === '/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => url.pathname === new URL(from, 'http://x').pathname);
	await page.getByTestId('user-menu-button').waitFor();
}
