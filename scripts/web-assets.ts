// Post-build step of the dashboard (`npm run build:web`, and the local stack after `vite build`):
// copies the pinned API-reference bundle from node_modules into web/build (served same-origin at
// /vendor/scalar-api-reference.js, so /api/docs loads no CDN script), and writes web/build/_headers
// with the security headers and a CSP that allows exactly the inline scripts SvelteKit emitted,
// by their SHA-256 hashes (worker/security/headers.ts).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ROOT } from "./lib/process.ts";
import { API_REFERENCE_BUNDLE, assetHeadersFile, inlineScriptHashes } from "../worker/security/headers.ts";

const BUILD = join(ROOT, "web/build");

export async function finishWebBuild(build = BUILD): Promise<{ scriptHashes: string[] }> {
  const bundle = join(build, API_REFERENCE_BUNDLE);
  mkdirSync(dirname(bundle), { recursive: true });
  copyFileSync(join(ROOT, "node_modules/@scalar/api-reference/dist/browser/standalone.js"), bundle);

  const scriptHashes: string[] = [];
  for (const file of htmlFiles(build)) {
    for (const hash of await inlineScriptHashes(readFileSync(file, "utf8"))) {
      if (!scriptHashes.includes(hash)) scriptHashes.push(hash);
    }
  }
  writeFileSync(join(build, "_headers"), assetHeadersFile({ scriptHashes }));
  return { scriptHashes };
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "vendor" ? [] : htmlFiles(path);
    return entry.name.endsWith(".html") ? [path] : [];
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { scriptHashes } = await finishWebBuild();
  console.log(`web/build: API reference bundle copied; _headers written (${scriptHashes.length} inline script hash(es))`);
}
