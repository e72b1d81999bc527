// `npm run bench`: measurements recorded under bench/results/ (figures come from this machine;
// quote them with the command): the deployable Worker bundle size, the CPU of the agent's pure
// pass, the dashboard's initial JS (gzip), then action lateness and cloud calls per action on the
// local stack (50 accounts × 20 databases, realistic durations: ~16 minutes). Opt-in:
// `--fleet` runs fleet scale at 100 accounts × BENCH_DATABASES (default 10) (bench/fleet.ts, ~20
// minutes) and `--fleet-1000` at 1,000 accounts × BENCH_DATABASES (default 1: stops only);
// `--api-load` the API under load (bench/api-load.ts: instances, events, schedule evaluate and the
// savings routes with a year of history for 1,000 databases, ~3 minutes of seeding and ~10 minutes
// of load); `--capacity` the capacity model (bench/capacity.ts) and the cost model (bench/cost.ts).
import { ROOT, runNode } from "../scripts/lib/process.ts";

const apiLoad = process.argv.includes("--api-load");
const capacity = process.argv.includes("--capacity");
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
if (apiLoad) {
  await runNode(new URL("./api-load.ts", import.meta.url).pathname, ["--from-bench-run"], { cwd: ROOT });
  console.log("recorded bench/results/api-load.json");
} else {
  console.log("skipped bench/results/api-load.json (opt-in: npm run bench -- --api-load)");
}
if (capacity) {
  // A simulated week of the demo fleet on the local stack (~10 minutes), then the cost model's
  // metered agent work (test/worker/platform-usage.test.ts) priced per 1,000 databases.
  await runNode(new URL("./capacity.ts", import.meta.url).pathname, [], { cwd: ROOT });
  console.log("recorded bench/results/capacity.json");
  await runNode(new URL("./cost.ts", import.meta.url).pathname, [], { cwd: ROOT });
  console.log("recorded bench/results/platform-usage.json");
} else {
  console.log("skipped bench/results/capacity.json and platform-usage.json (opt-in: npm run bench -- --capacity)");
}
