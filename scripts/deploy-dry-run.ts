// `npm run check:deploy`: bundles the Worker exactly as `wrangler deploy` would (without
// uploading), fails if it cannot deploy, and prints the bundle size against Cloudflare's limits.
// With --record it also writes the figures to bench/results/bundle-size.json.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT, runNode, WRANGLER } from "./lib/process.ts";

const outdir = join(ROOT, "dist/worker");
rmSync(outdir, { recursive: true, force: true });
await runNode(WRANGLER, ["deploy", "--dry-run", "--outdir", outdir], { quiet: true });

let raw = 0;
let gzip = 0;
const files: { file: string; bytes: number }[] = [];
for (const file of readdirSync(outdir)) {
  if (!/\.(js|mjs|wasm)$/.test(file)) continue;
  const bytes = statSync(join(outdir, file)).size;
  raw += bytes;
  gzip += gzipSync(readFileSync(join(outdir, file))).length;
  files.push({ file, bytes });
}
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
// Workers Free allows 3 MiB compressed, Paid 10 MiB; startup time matters long before that.
console.log(`wrangler deploy --dry-run: OK — Worker bundle ${kib(raw)} raw, ${kib(gzip)} gzip (limit 3 MiB gzip on Free, 10 MiB on Paid)`);

if (process.argv.includes("--record")) {
  mkdirSync(join(ROOT, "bench/results"), { recursive: true });
  const record = { measuredAt: new Date().toISOString(), command: "npm run bench (wrangler deploy --dry-run)", rawBytes: raw, gzipBytes: gzip, files };
  writeFileSync(join(ROOT, "bench/results/bundle-size.json"), JSON.stringify(record, null, 2) + "\n");
}
