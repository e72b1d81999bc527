// The OpenAPI document the running Worker serves passes `redocly lint` with the recommended rules
// without errors, and every operation has an operationId (generated clients and SDKs rely on both).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';

const REDOCLY = fileURLToPath(new URL('../../node_modules/@redocly/cli/bin/cli.js', import.meta.url));

interface LintReport {
	totals: { errors: number; warnings: number };
	problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
}

function redoclyLint(file: string): Promise<LintReport> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [REDOCLY, 'lint', '--extends=recommended', '--format=json', file], { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
		let out = '';
		child.stdout.on('data', (chunk) => (out += String(chunk)));
		child.on('error', reject);
		child.on('close', () => {
			try {
				resolve(JSON.parse(out.slice(out.indexOf('{'))) as LintReport);
			} catch (error) {
				reject(new Error(`redocly printed no JSON report: ${out.slice(0, 500)}`, { cause: error }));
			}
		});
	});
}

describe('the served OpenAPI document', () => {
	it('passes redocly lint (recommended) with no errors', async () => {
		const res = await fetch(`${inject('baseUrl')}/api/v1/openapi.json`);
		expect(res.status).toBe(200);
		const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
		try {
			const file = join(dir, 'openapi.json');
			writeFileSync(file, await res.text());
			const report = await redoclyLint(file);
			const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
			expect(errors).toEqual([]);
			expect(report.totals.errors).toBe(0);
			expect(report.problems.some((p) => p.ruleId === 'operation-operationId')).toBe(false);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 60_000);
});
