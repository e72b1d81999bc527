/**
 * Where the CLI keeps its credentials: `<config dir>/snoozeql/config.json` ($XDG_CONFIG_HOME or
 * ~/.config; %APPDATA% on Windows), written with mode 0600 inside a 0700 directory because it holds
 * an API token. SNOOZEQL_TOKEN and SNOOZEQL_URL override what is stored, so scripts and CI need no
 * file at all. This module never prints a token.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_URL = 'http://localhost:8787';

export interface StoredConfig {
	url?: string;
	token?: string;
}

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
	if (env.SNOOZEQL_CONFIG_DIR) return env.SNOOZEQL_CONFIG_DIR;
	const base = process.platform === 'win32' && env.APPDATA ? env.APPDATA : env.XDG_CONFIG_HOME || join(homedir(), '.config');
	return join(base, 'snoozeql');
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
	return join(configDir(env), 'config.json');
}

export async function readConfig(env: NodeJS.ProcessEnv = process.env): Promise<StoredConfig> {
	try {
		const data: unknown = JSON.parse(await readFile(configPath(env), 'utf8'));
		if (typeof data !== 'object' || data === null) return {};
		const { url, token } = data as Record<string, unknown>;
		return { ...(typeof url === 'string' && { url }), ...(typeof token === 'string' && { token }) };
	} catch {
		return {};
	}
}

export async function writeConfig(config: StoredConfig, env: NodeJS.ProcessEnv = process.env): Promise<string> {
	const dir = configDir(env);
	await mkdir(dir, { recursive: true, mode: 0o700 });
	const path = configPath(env);
	await writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
	await chmod(path, 0o600); // an existing file keeps its old mode on write
	return path;
}

/** The API to talk to and the token to use: environment first, then the stored config. */
export async function resolveSettings(env: NodeJS.ProcessEnv = process.env): Promise<{ url: string; token: string | undefined }> {
	const stored = await readConfig(env);
	const url = (env.SNOOZEQL_URL || stored.url || DEFAULT_URL).replace(/\/+$/, '');
	return { url, token: env.SNOOZEQL_TOKEN || stored.token };
}
