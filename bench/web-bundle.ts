// The dashboard's initial JavaScript: what a browser must download before the Overview page ("/")
// can render, gzipped (issue 11 target: <= 200 KB). Builds the SPA, then follows the static imports
// (not the lazily loaded ones) in Vite's client manifest from the app's entries, the root layout
// and the "/" page, and records raw and gzip bytes per file and in total.
// Run: node bench/web-bundle.ts (part of npm run bench); writes bench/results/web-bundle.json.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT, VITE, runNode } from "../scripts/lib/process.ts";

export const LIMIT_GZIP_BYTES = 200 * 1024;
const WEB = join(ROOT, "web");
const OUTPUT = join(WEB, ".svelte-kit/output/client");
const GENERATED = ".svelte-kit/generated/build/client-optimized";

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  isEntry?: boolean;
}

if (!process.argv.includes("--no-build")) await runNode(VITE, ["build"], { cwd: WEB, quiet: true });

const manifest = JSON.parse(readFileSync(join(OUTPUT, ".vite/manifest.json"), "utf8")) as Record<string, ManifestChunk>;
const app = readFileSync(join(WEB, GENERATED, "app.js"), "utf8");
const rootNodes = /"\/":\s*\[([^\]]*)\]/.exec(app)?.[1]?.split(",").map((n) => Number(n.trim())).filter((n) => Number.isInteger(n) && n >= 0);
if (!rootNodes?.length) throw new Error(`no node list for "/" in ${GENERATED}/app.js`);

// The entries (start + app), the root layout (node 0) and the "/" page, then every static import.
const starts = [
  ...Object.keys(manifest).filter((key) => manifest[key]!.isEntry && !key.includes("/nodes/")),
  `${GENERATED}/nodes/0.js`,
  ...rootNodes.map((n) => `${GENERATED}/nodes/${n}.js`),
];
const seen = new Set<string>();
const queue = [...starts];
while (queue.length) {
  const key = queue.pop()!;
  if (seen.has(key)) continue;
  const chunk = manifest[key];
  if (!chunk) throw new Error(`${key} is not in the client manifest`);
  seen.add(key);
  queue.push(...(chunk.imports ?? []));
}

const files = [...new Set([...seen].map((key) => manifest[key]!.file))].sort();
const css = [...new Set([...seen].flatMap((key) => manifest[key]!.css ?? []))].sort();
const measure = (file: string) => {
  const bytes = readFileSync(join(OUTPUT, file));
  return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
};
const js = files.map(measure).sort((a, b) => b.gzipBytes - a.gzipBytes);
const styles = css.map(measure);
const total = { bytes: js.reduce((n, f) => n + f.bytes, 0), gzipBytes: js.reduce((n, f) => n + f.gzipBytes, 0) };
const result = {
  measuredAt: new Date().toISOString(),
  what: 'JavaScript a browser downloads before the dashboard ("/") renders: entries, root layout and "/" page with their static imports (lazy routes excluded); gzip level 9',
  limitGzipBytes: LIMIT_GZIP_BYTES,
  withinLimit: total.gzipBytes <= LIMIT_GZIP_BYTES,
  initialJs: { files: js.length, ...total },
  initialCss: { files: styles.length, bytes: styles.reduce((n, f) => n + f.bytes, 0), gzipBytes: styles.reduce((n, f) => n + f.gzipBytes, 0) },
  largest: js.slice(0, 10),
};
mkdirSync(join(ROOT, "bench/results"), { recursive: true });
writeFileSync(join(ROOT, "bench/results/web-bundle.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log(`dashboard initial JS: ${js.length} files, ${(total.bytes / 1024).toFixed(1)} KiB raw, ${(total.gzipBytes / 1024).toFixed(1)} KiB gzip (limit ${LIMIT_GZIP_BYTES / 1024} KiB)`);
if (!result.withinLimit) process.exitCode = 1;
