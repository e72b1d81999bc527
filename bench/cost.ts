// Cost model: platform usage per managed database per day, from measurements, times Cloudflare's
// published Workers Paid prices -> platform cost per month per 1,000 managed databases.
//
// Measured inputs:
//   - test/worker/platform-usage.test.ts (run here): D1 rows read/written (D1's own `meta`), D1
//     calls and queue messages of each kind of agent work — a pass with nothing due, a discovery
//     pass, a transition through to the savings ledger, an hourly metrics collection, a cron tick;
//   - bench/results/capacity.json (bench/capacity.ts): events and deliveries per database per day,
//     and sleeps (ledger rows) per database per day, from the simulated week;
//   - bench/results/agent-pass.json (bench/agent-pass.ts): agent CPU per database per pass.
// Frequencies come from the agent's own constants (worker/reconcile/pass.ts: discovery every
// 5 minutes; worker/metrics/collect.ts: hourly collection) and, for confirmation passes, the
// product's learned poll rule (worker/reconcile/confirm.ts) replayed at the simulator's `realistic`
// RDS durations (stop 240 s, start 420 s) by bench/lib/poll-tradeoff.ts: looks per stop and start
// once learned (~1.15 each; a cold start takes 1 each at these durations).
// Prices: see PRICES (read 2026-11-29; sources in bench/README.md).
//
// Run: node bench/cost.ts (npm run bench runs it after bench/capacity.ts). Writes
// bench/results/platform-usage.json.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, runNode } from "../scripts/lib/process.ts";
import { DISCOVERY_INTERVAL_MS } from "../worker/reconcile/pass.ts";
import { pollTradeoff } from "./lib/poll-tradeoff.ts";

interface Op { d1Calls: number; rowsRead: number; rowsWritten: number; queueMessages: number; note: string }

const output = await runNode(join(ROOT, "node_modules/vitest/vitest.mjs"), ["run", "--config", "test/vitest.config.ts", "test/worker/platform-usage.test.ts"], { cwd: ROOT, quiet: true });
const line = output.split("\n").find((l) => l.includes("PLATFORM_USAGE "));
if (!line) throw new Error("test/worker/platform-usage.test.ts printed no PLATFORM_USAGE line");
const usage = JSON.parse(line.slice(line.indexOf("PLATFORM_USAGE ") + "PLATFORM_USAGE ".length)) as { databasesPerAccount: number; operations: Record<string, Op> };
const capacity = JSON.parse(readFileSync(join(ROOT, "bench/results/capacity.json"), "utf8")) as { tables: Record<string, { rowsPerDbPerDay: number }> };
const agentPass = JSON.parse(readFileSync(join(ROOT, "bench/results/agent-pass.json"), "utf8")) as { samples: { pass: string; cpuMsPerDatabase: number }[] };

const per = usage.databasesPerAccount;
const op = (name: string) => usage.operations[name]!;
const DAY_MS = 86_400_000;
// Per account per day.
const discoveryPasses = DAY_MS / DISCOVERY_INTERVAL_MS; // 288: the agent's alarm never sleeps longer
const metricsPasses = 24;
const sleepsPerDbPerDay = capacity.tables["savings (ledger)"]!.rowsPerDbPerDay;
/** Confirmation passes per sleep (stop + start): the learned poll rule's looks at realistic RDS durations. */
const learnedPolls = pollTradeoff({ stopSec: 240, startSec: 420 }, [1]).find((r) => r.policy.startsWith("learned per database, learned"))!;
const confirmPassesPerSleep = learnedPolls.stop.polls + learnedPolls.start.polls;
const eventsPerDbPerDay = capacity.tables["events (database history)"]!.rowsPerDbPerDay + capacity.tables["events (account heartbeats)"]!.rowsPerDbPerDay;
const deliveriesPerDbPerDay = capacity.tables["deliveries (per integration)"]!.rowsPerDbPerDay;

// Per database per day (an account's passes shared by its `per` databases; worst case: every
// database's sleeps are its own, not shared with the account's others).
const transitionOp = op("transition");
const perDb = {
  doRequests: (discoveryPasses + metricsPasses) / per + sleepsPerDbPerDay * (2 + confirmPassesPerSleep),
  d1RowsRead:
    (discoveryPasses * op("discovery pass").rowsRead + metricsPasses * op("metrics collection").rowsRead) / per +
    sleepsPerDbPerDay * (2 * (transitionOp.rowsRead / per) + confirmPassesPerSleep * op("pass").rowsRead),
  d1RowsWritten:
    (discoveryPasses * op("discovery pass").rowsWritten + metricsPasses * op("metrics collection").rowsWritten) / per +
    sleepsPerDbPerDay * (2 * (transitionOp.rowsWritten / per) + confirmPassesPerSleep * op("pass").rowsWritten),
  queueMessages: eventsPerDbPerDay + deliveriesPerDbPerDay,
  // Consumer invocations (events, notifications) at worst one per message; the cron tick is fleet-wide.
  workerRequests: eventsPerDbPerDay + deliveriesPerDbPerDay,
  cpuMs: 0,
  doDurationGbS: 0,
};
const cpuBetween = agentPass.samples.filter((s) => s.pass === "between transitions").reduce((m, s) => Math.max(m, s.cpuMsPerDatabase), 0);
const cpuAt = agentPass.samples.filter((s) => s.pass === "at a transition").reduce((m, s) => Math.max(m, s.cpuMsPerDatabase), 0);
/** The pure pass is measured; the pass's I/O glue (parsing cloud XML/JSON, D1 rows) is not: an
 * allowance per pass, stated in bench/README.md. */
const GLUE_CPU_MS_PER_PASS = 2;
/** Wall time a Durable Object is active per pass in production (cloud round trips), assumed. */
const WALL_S_PER_PASS = 0.5;
const passesPerDb = perDb.doRequests;
perDb.cpuMs = passesPerDb * cpuBetween + sleepsPerDbPerDay * 2 * cpuAt + passesPerDb * GLUE_CPU_MS_PER_PASS;
perDb.doDurationGbS = passesPerDb * WALL_S_PER_PASS * 0.128;

// Workers Paid prices (USD), read 2026-11-29 (bench/README.md cites the pages).
const PRICES = {
  base: 5,
  workerRequests: { included: 10e6, perMillion: 0.3 },
  cpuMs: { included: 30e6, perMillion: 0.02 },
  doRequests: { included: 1e6, perMillion: 0.15 },
  doDurationGbS: { included: 400_000, perMillion: 12.5 },
  queueOperations: { included: 1e6, perMillion: 0.4 },
  d1RowsRead: { included: 25e9, perMillion: 0.001 },
  d1RowsWritten: { included: 50e6, perMillion: 1.0 },
  d1StorageGb: { included: 5, perGbMonth: 0.75 },
};
const DAYS = 30;
const fleet = 1000;
const monthly = {
  workerRequests: perDb.workerRequests * DAYS * fleet,
  cpuMs: perDb.cpuMs * DAYS * fleet,
  doRequests: perDb.doRequests * DAYS * fleet,
  doDurationGbS: perDb.doDurationGbS * DAYS * fleet,
  queueOperations: perDb.queueMessages * 3 * DAYS * fleet, // write + read + delete per message
  d1RowsRead: perDb.d1RowsRead * DAYS * fleet,
  d1RowsWritten: perDb.d1RowsWritten * DAYS * fleet,
};
const over = (used: number, p: { included: number; perMillion: number }) => (Math.max(0, used - p.included) / 1e6) * p.perMillion;
const gross = (used: number, p: { perMillion: number }) => (used / 1e6) * p.perMillion;
const cost = Object.fromEntries(
  (Object.keys(monthly) as (keyof typeof monthly)[]).map((k) => [k, { used: Math.round(monthly[k]), afterIncluded: round2(over(monthly[k], PRICES[k])), withoutIncluded: round2(gross(monthly[k], PRICES[k])) }]),
);
function round2(n: number) {
  return Math.round(n * 100) / 100;
}
const usageCost = Object.values(cost).reduce((s, c) => s + c.afterIncluded, 0);
const grossCost = Object.values(cost).reduce((s, c) => s + c.withoutIncluded, 0);

const result = {
  measuredAt: new Date().toISOString(),
  command: "node bench/cost.ts",
  measuredOperations: usage.operations,
  databasesPerAccount: per,
  assumptions: { discoveryPasses, metricsPasses, confirmPassesPerSleep, GLUE_CPU_MS_PER_PASS, WALL_S_PER_PASS, agentCpuMsPerDatabase: { betweenTransitions: cpuBetween, atTransition: cpuAt } },
  perDatabasePerDay: Object.fromEntries(Object.entries(perDb).map(([k, v]) => [k, Math.round(v * 100) / 100])),
  per1000DatabasesPerMonth: { fleet, days: DAYS, cost, usageAfterIncludedUsd: round2(usageCost), usageWithoutIncludedUsd: round2(grossCost), plusPlanBaseUsd: PRICES.base },
  prices: PRICES,
};
writeFileSync(join(ROOT, "bench/results/platform-usage.json"), JSON.stringify(result, null, 2) + "\n");
console.log(JSON.stringify(result.perDatabasePerDay));
console.log(`1,000 databases: $${round2(usageCost)} usage after the plan's included amounts (+ $${PRICES.base} plan); $${round2(grossCost)} if nothing were included`);
