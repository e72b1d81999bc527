// Action lateness and cloud calls per action (issue 14), end to end on the local stack with the
// simulator's `realistic` durations: BENCH_ACCOUNTS (50) simulated AWS accounts × BENCH_DATABASES
// (20) databases, in BENCH_RUNS (3) groups due a minute apart, so ≥ 1,000 actions over many
// accounts. Lateness is measured from the instant each action was due (the product's schedule
// evaluator lists them) to the simulator receiving that database's Stop/StartDBInstance; an action
// that never arrived is counted missing. See bench/lib/fleet.ts for the method.
// BENCH_CYCLES (1): more cycles change each database back every 12 minutes (at the defaults; once
// the previous changes are confirmed), and `perCycle` reports lateness and calls per action per
// cycle: 1 and 2 are the agent's cold start (a database's first stop, its first start: durations
// are learned per database and action), 3 and 4 repeat them with the durations learned. Calls are
// split into what the actions cost (Stop/Start, state checks) and background (discovery, history,
// metrics; per account-hour too).
// Run: npm run bench (writes bench/results/lateness.json), or node bench/lateness.ts.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ROOT } from "../scripts/lib/process.ts";
import { commit, machine, runFleet } from "./lib/fleet.ts";
import { pollTradeoff } from "./lib/poll-tradeoff.ts";

const accounts = Number(process.env.BENCH_ACCOUNTS ?? 50);
const databases = Number(process.env.BENCH_DATABASES ?? 20);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const cycles = Number(process.env.BENCH_CYCLES ?? 1);
const settleSeconds = Number(process.env.BENCH_SETTLE_SECONDS ?? 75);
const out = process.env.BENCH_OUT ?? "bench/results/lateness.json";

const startedAt = new Date().toISOString();
const commitAtStart = commit(); // the code that ran, not what HEAD is when the run ends
const quietMaxSeconds = Number(process.env.BENCH_QUIET_MAX_SECONDS ?? 1200);
const setupWidth = Number(process.env.BENCH_SETUP_WIDTH ?? 4);
const result = await runFleet({ accounts, databases, runs, settleSeconds, quietMaxSeconds, setupWidth, cycles });
const record = {
  measuredAt: startedAt,
  command: `BENCH_ACCOUNTS=${accounts} BENCH_DATABASES=${databases} BENCH_RUNS=${runs} BENCH_CYCLES=${cycles} node bench/lateness.ts (part of npm run bench)`,
  commit: commitAtStart,
  machine: { ...machine(), stack: "local wrangler dev (workerd) for the app and the cloud simulator on the same machine" },
  target: { latenessP99Ms: 2000, callsPerAction: 1.1 },
  ...result,
  // Computed from the poll policies at the same durations (see bench/lib/poll-tradeoff.ts); the
  // measured callsPerAction above is the "learned per database, cold start" row's point for this
  // bench's wave size (each database changes once per run; runs before it measured "previous"),
  // and with BENCH_CYCLES=3 or 4, perCycle[2] (and [3]) is the learned row's point.
  pollTradeoff: pollTradeoff({ stopSec: result.durations.instanceStopSec, startSec: result.durations.instanceStartSec }, [1, 5, 20]),
};
console.log(JSON.stringify(record, null, 2));
mkdirSync(join(ROOT, "bench/results"), { recursive: true });
writeFileSync(resolve(ROOT, out), JSON.stringify(record, null, 2) + "\n");
