// `npm run check:deploy`: bundles the Worker exactly as `wrangler deploy` would (without
// uploading; `minify = true` in wrangler.toml), fails if it cannot deploy, prints the bundle size
// and what each dependency costs in it (from esbuild's metafile: bytes of the minified output per
// package), and FAILS (exit 1) when the gzip size is over the budget (issue 14: 1 MB gzip).
// With --record it also writes the figures to bench/results/bundle-size.json.
// The budget can be lowered for one run to see it trip: `WORKER_GZIP_BUDGET=100000 node
// scripts/deploy-dry-run.ts` exits 1 with the message below (checked on every `npm run bench`; the rule itself: test/worker/bundle-budget.test.ts).
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT, runNode, WRANGLER } from "./lib/process.ts";
import { bytesByPackage, overBudget, WORKER_GZIP_BUDGET, type Metafile } from "./lib/bundle-budget.ts";

const budget = Number(process.env.WORKER_GZIP_BUDGET ?? WORKER_GZIP_BUDGET);
const outdir = join(ROOT, "dist/worker");
const metafile = join(outdir, "bundle-meta.json");
rmSync(outdir, { recursive: true, force: true });
await runNode(WRANGLER, ["deploy", "--dry-run", "--outdir", outdir, "--metafile", metafile], { quiet: true });

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
const packages = bytesByPackage(JSON.parse(readFileSync(metafile, "utf8")) as Metafile);
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
// Workers Free allows 3 MiB compressed, Paid 10 MiB; startup time matters long before that.
console.log(`wrangler deploy --dry-run (minified): OK — Worker bundle ${kib(raw)} raw, ${kib(gzip)} gzip; budget ${kib(budget)} gzip (limits: 3 MiB on Free, 10 MiB on Paid)`);
console.log("largest contributors (minified bytes in the bundle):");
for (const p of packages.slice(0, 12)) console.log(`  ${p.name.padEnd(28)} ${kib(p.bytes).padStart(11)}  ${((100 * p.bytes) / raw).toFixed(1)} %`);

if (process.argv.includes("--record")) {
  mkdirSync(join(ROOT, "bench/results"), { recursive: true });
  const record = {
    measuredAt: new Date().toISOString(),
    command: "npm run bench (wrangler deploy --dry-run --metafile, minify = true)",
    minified: true,
    rawBytes: raw,
    gzipBytes: gzip,
    gzipBudgetBytes: budget,
    files,
    byPackage: packages.slice(0, 20),
  };
  writeFileSync(join(ROOT, "bench/results/bundle-size.json"), JSON.stringify(record, null, 2) + "\n");
}

const problem = overBudget(gzip, budget);
if (problem) {
  console.error(problem);
  process.exit(1);
}
