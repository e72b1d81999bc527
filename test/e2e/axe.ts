// Accessibility checks for the browser tests: runs axe-core (injected into the page by
// @axe-core/playwright, no browser download) against WCAG 2.1 A/AA rules and fails on any serious
// or critical violation, naming the rule, the elements and axe's own help text.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeFinding {
	rule: string;
	impact: string;
	help: string;
	targets: string[];
	/** axe's explanation for the first element (e.g. the measured contrast ratio). */
	detail: string;
}

/** Serious and critical WCAG violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
	const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	return results.violations
		.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
		.map((violation) => ({
			rule: violation.id,
			impact: violation.impact ?? 'unknown',
			help: violation.help,
			targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
			detail: violation.nodes[0]?.failureSummary ?? ''
		}));
}

/** Fails the test when the page has serious or critical accessibility violations. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
	expect(await seriousViolations(page), `axe: serious/critical violations on ${where}`).toEqual([]);
}
