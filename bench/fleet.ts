// Fleet scale (issue 14): the lateness harness (bench/lib/fleet.ts) at 100 or 1,000 simulated AWS
// accounts, with what a fleet costs the service: the cron tick's wall time, due accounts and D1
// rows read per tick, the account-ticks queue lag, agent passes and databases evaluated, CPU of
// the app's workerd per database evaluated (the whole agent path plus everything else the app
// did in the window: an upper bound), and lateness at scale.
// Run: npm run bench -- --fleet (100 accounts) / --fleet-1000, or
//   node bench/fleet.ts --accounts 100 --databases 20 (or BENCH_ACCOUNTS, BENCH_DATABASES, BENCH_RUNS,
//   BENCH_CYCLES)
//   → bench/results/fleet-100.json
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../scripts/lib/process.ts";
import { commit, machine, runFleet } from "./lib/fleet.ts";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const accounts = Number(arg("accounts") ?? process.env.BENCH_ACCOUNTS ?? 100);
const databases = Number(arg("databases") ?? process.env.BENCH_DATABASES ?? 20);
const runs = Number(process.env.BENCH_RUNS ?? 3);
// BENCH_CYCLES=3: each group changes back twice, 3 is the first cycle whose durations the agent has
// learned (per database and action), so the calls per action of a learned fleet can be read.
const cycles = Number(process.env.BENCH_CYCLES ?? 1);
const settleSeconds = Number(process.env.BENCH_SETTLE_SECONDS ?? 75);

const startedAt = new Date().toISOString();
const commitAtStart = commit(); // the code that ran, not what HEAD is when the run ends
const quietMaxSeconds = Number(process.env.BENCH_QUIET_MAX_SECONDS ?? 1200);
const setupWidth = Number(process.env.BENCH_SETUP_WIDTH ?? 4);
const result = await runFleet({ accounts, databases, runs, settleSeconds, quietMaxSeconds, setupWidth, cycles });
const record = {
  measuredAt: startedAt,
  command: `BENCH_RUNS=${runs} BENCH_CYCLES=${cycles} node bench/fleet.ts --accounts ${accounts} --databases ${databases}`,
  commit: commitAtStart,
  machine: { ...machine(), stack: "local wrangler dev (workerd) for the app and the cloud simulator on the same machine" },
  target: { latenessP99Ms: accounts <= 100 ? 1000 : 2000, agentCpuMsPerDatabase: 0.5, rowsReadPerTick: "O(due accounts)" },
  ...result,
};
console.log(JSON.stringify(record, null, 2));
mkdirSync(join(ROOT, "bench/results"), { recursive: true });
writeFileSync(join(ROOT, `bench/results/fleet-${accounts}.json`), JSON.stringify(record, null, 2) + "\n");
