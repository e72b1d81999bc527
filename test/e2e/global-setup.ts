// Starts the local stack for the e2e suite on free ports with fresh state, and stops it after.
// Browser tests need Chromium: without it they are skipped with a loud notice, except on CI
// (CI=true), where a missing browser fails the run instead of passing silently.
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { freePort, ROOT } from "../../scripts/lib/process.ts";
import { startStack, type Stack } from "../../scripts/lib/stack.ts";
import { chromiumPath } from "./browser.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    simUrl: string;
    persistTo: string;
  }
}

let stack: Stack | undefined;

export async function setup(project: TestProject) {
  if (!chromiumPath()) {
    const where = process.env.CHROME_PATH ?? "/usr/bin/chromium";
    if (process.env.CI === "true") {
      throw new Error(`CI=true but Chromium was not found at ${where}: install it (apt-get install -y chromium) or set CHROME_PATH.`);
    }
    const bar = "!".repeat(78);
    console.warn(`\n${bar}\n  BROWSER TESTS SKIPPED: Chromium not found at ${where}.\n  Install it with 'apt-get install -y chromium' or set CHROME_PATH.\n${bar}\n`);
  }

  const persistTo = join(ROOT, ".wrangler/e2e-state");
  rmSync(persistTo, { recursive: true, force: true });
  rmSync(`${persistTo}-sim`, { recursive: true, force: true });
  const logs: string[] = [];
  const started = Date.now();
  try {
    stack = await startStack({
      port: await freePort(),
      simPort: await freePort(),
      persistTo,
      build: true,
      ticks: false,
      log: (line) => logs.push(line),
    });
  } catch (error) {
    console.error(logs.slice(-80).join("\n"));
    throw error;
  }
  console.log(`e2e: stack ready at ${stack.url} (simulator ${stack.simUrl}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.env.SNOOZEQL_BASE_URL = stack.url;
  project.provide("baseUrl", stack.url);
  project.provide("simUrl", stack.simUrl);
  project.provide("persistTo", persistTo);
}

export async function teardown() {
  await stack?.stop();
}
