// Launches the system Chromium (headless) through playwright-core for the end-to-end tests.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

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

/** The page's width, and the outermost elements reaching past the screen's right edge (to name in a failure). */
export async function sidewaysOverflow(page: Page): Promise<{ scrollWidth: number; culprits: string[] }> {
	return page.evaluate(() => {
		const width = window.innerWidth;
		const culprits: string[] = [];
		for (const el of Array.from(document.querySelectorAll('body *'))) {
			const r = el.getBoundingClientRect();
			if (r.right > width + 1 && r.width > 0 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1)) {
				culprits.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (${Math.round(r.right)} px)`);
			}
		}
		return { scrollWidth: document.documentElement.scrollWidth, culprits: culprits.slice(0, 5) };
	});
}
