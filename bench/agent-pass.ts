// CPU per database per pass of the agent's pure pass (worker/reconcile/pass.ts), without workerd:
// ACCOUNTS accounts × DATABASES databases under one schedule, each account with its own
// transition cache (as each agent has). Two passes are measured per schedule kind:
// - "at a transition": the pass right after a schedule's transition, with a cold cache (each
//   account recomputes the schedule's next transition once) — the worst case, every minute for
//   the cron pair;
// - "between transitions": a pass with the cache warm (a poll, a discovery, a heartbeat).
// Schedules: the cron pair of issue 9 (`*/2` stop, `1-59/2` start) and office hours (periods).
// Run: node bench/agent-pass.ts (part of `npm run bench`); writes bench/results/agent-pass.json.
// Target (issue 9): ≤ 0.5 ms CPU per database per pass whatever the schedule kind.
import { writeFileSync } from "node:fs";
import { cpus, platform, release } from "node:os";
import { EMPTY_MEMORY, planPass, TransitionCache, type AgentMemory, type DatabaseInput, type LoadedSchedule } from "../worker/reconcile/pass.ts";
import type { ScheduleDefinition } from "../worker/schedules/index.ts";

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100);
const DATABASES = Number(process.env.BENCH_DB_PER_ACCOUNT ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const TARGET_MS = 0.5;

const selector = { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] };
const SCHEDULES: Record<string, ScheduleDefinition> = {
  "cron-pair": { name: "Flip", timezone: "Europe/Berlin", enabled: true, periods: [], cronPairs: [{ stop: "*/2 * * * *", start: "1-59/2 * * * *" }], exceptions: [], selector } as unknown as ScheduleDefinition,
  period: { name: "Office", timezone: "Europe/Berlin", enabled: true, periods: [{ begin: "08:00", end: "19:00", weekdays: ["mon-fri"] }], cronPairs: [], exceptions: [], selector } as unknown as ScheduleDefinition,
};

function accountInputs(a: number) {
  const databases: DatabaseInput[] = Array.from({ length: DATABASES }, (_, d) => ({
    id: `db_${a}_${d}`, name: `app-${a}-${d}`, cloudAccountId: `acc_${a}`, provider: "aws", kind: "rds_instance", region: "eu-central-1",
    engine: "postgres", tags: { env: "dev", team: `t${d}` }, state: "running", cloudStatus: "available", eligible: true, ineligibleReason: null,
  }));
  return databases;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

interface Sample {
  schedule: string;
  pass: "at a transition" | "between transitions";
  passes: number;
  databasesPerPass: number;
  cpuMsPerDatabase: number;
  cpuMsPerAccountPass: number;
}

function measure(kind: string, definition: ScheduleDefinition): Sample[] {
  const schedule: LoadedSchedule = { id: "sch_1", version: 1, definition, enforce: false, dryRun: false, minimumSleepMinutes: 0 };
  const accounts = Array.from({ length: ACCOUNTS }, (_, a) => ({ databases: accountInputs(a), cache: new TransitionCache(), memory: new Map<string, AgentMemory>() }));
  // Tuesday 2026-11-24, 18:59:30 UTC + k minutes: each round is one minute boundary later.
  const base = Date.UTC(2026, 10, 24, 18, 0, 30);
  const run = (now: number) => {
    for (const acc of accounts) {
      const plan = planPass({ now, paused: false, databases: acc.databases, schedules: [schedule], overrides: [], memory: acc.memory, queued: [], observations: new Map(), transitions: acc.cache });
      for (const [id, m] of plan.memory) acc.memory.set(id, { ...EMPTY_MEMORY, ...m, pending: null });
    }
  };
  run(base - 60_000); // warm up the JIT and the caches
  let cold = 0;
  let warm = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const boundary = base + r * 60_000;
    for (const acc of accounts) acc.cache = new TransitionCache(); // the transition passed: recompute
    let t = cpuMs();
    run(boundary);
    cold += cpuMs() - t;
    t = cpuMs();
    run(boundary + 10_000);
    warm += cpuMs() - t;
  }
  const dbPasses = ROUNDS * ACCOUNTS * DATABASES;
  const sample = (pass: Sample["pass"], total: number): Sample => ({
    schedule: kind, pass, passes: ROUNDS * ACCOUNTS, databasesPerPass: DATABASES,
    cpuMsPerDatabase: Number((total / dbPasses).toFixed(4)), cpuMsPerAccountPass: Number((total / (ROUNDS * ACCOUNTS)).toFixed(3)),
  });
  return [sample("at a transition", cold), sample("between transitions", warm)];
}

const samples = Object.entries(SCHEDULES).flatMap(([kind, def]) => measure(kind, def));
const worst = Math.max(...samples.map((s) => s.cpuMsPerDatabase));
const result = {
  measuredAt: new Date().toISOString(),
  command: "node bench/agent-pass.ts (npm run bench)",
  machine: { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, platform: `${platform()} ${release()}`, node: process.version },
  accounts: ACCOUNTS,
  databasesPerAccount: DATABASES,
  rounds: ROUNDS,
  targetCpuMsPerDatabase: TARGET_MS,
  worstCpuMsPerDatabase: worst,
  meetsTarget: worst <= TARGET_MS,
  samples,
};
writeFileSync(new URL("./results/agent-pass.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
console.table(samples);
console.log(`worst ${worst} ms per database per pass (target ≤ ${TARGET_MS} ms): ${result.meetsTarget ? "met" : "NOT met"}`);
