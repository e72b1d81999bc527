// Launches the system Chromium (headless) through playwright-core for the end-to-end tests.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where Chromium is expected: $CHROME_PATH, else the Debian package's /usr/bin/chromium. */
function configuredPath(): string {
	return process.env.CHROME_PATH ?? '/usr/bin/chromium';
}

/** The Chromium executable if it exists, else null (callers skip loudly or fail in CI). */
export function chromiumPath(): string | null {
	const path = configuredPath();
	return existsSync(path) ? path : null;
}

/** Starts a fresh headless Chromium with background networking and updates disabled. */
export function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: configuredPath(),
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
}
