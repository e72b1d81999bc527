// `npm run bench`: measurements recorded under bench/results/ (figures come from this machine;
// quote them with the command): the deployable Worker bundle size, the CPU of the agent's pure
// pass, the dashboard's initial JS (gzip), then action lateness and cloud calls per action on the
// local stack (50 accounts × 20 databases, realistic durations: ~13 minutes). Opt-in:
// `--savings` runs the savings routes under load (bench/savings.ts: seeding a year for 1,000
// databases takes ~2–4 minutes here); `--fleet` runs fleet scale at 100 accounts × BENCH_DATABASES (default 10)
// (bench/fleet.ts, ~20 minutes) and `--fleet-1000` at 1,000 accounts × BENCH_DATABASES (default 1: stops only).
import { ROOT, runNode } from "../scripts/lib/process.ts";

const savings = process.argv.includes("--savings");
const fleets = [...(process.argv.includes("--fleet") ? [{ accounts: 100, databases: Number(process.env.BENCH_DATABASES ?? 10) }] : []), ...(process.argv.includes("--fleet-1000") ? [{ accounts: 1000, databases: Number(process.env.BENCH_DATABASES ?? 1) }] : [])];

await runNode(new URL("../scripts/deploy-dry-run.ts", import.meta.url).pathname, ["--record"], { cwd: ROOT });
console.log("recorded bench/results/bundle-size.json");
await runNode(new URL("./agent-pass.ts", import.meta.url).pathname, [], { cwd: ROOT });
console.log("recorded bench/results/agent-pass.json");
await runNode(new URL("./web-bundle.ts", import.meta.url).pathname, [], { cwd: ROOT });
console.log("recorded bench/results/web-bundle.json");
await runNode(new URL("./lateness.ts", import.meta.url).pathname, [], { cwd: ROOT });
console.log("recorded bench/results/lateness.json");
for (const f of fleets) {
  await runNode(new URL("./fleet.ts", import.meta.url).pathname, ["--accounts", String(f.accounts), "--databases", String(f.databases)], { cwd: ROOT });
  console.log(`recorded bench/results/fleet-${f.accounts}.json`);
}
if (fleets.length === 0) console.log("skipped bench/results/fleet-*.json (opt-in: npm run bench -- --fleet / --fleet-1000)");
if (savings) {
  await runNode(new URL("./savings.ts", import.meta.url).pathname, ["--from-bench-run"], { cwd: ROOT });
  console.log("recorded bench/results/savings.json");
} else {
  console.log("skipped bench/results/savings.json (opt-in: npm run bench -- --savings)");
}
