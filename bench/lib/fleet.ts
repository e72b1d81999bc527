// The fleet harness behind bench/lateness.ts and bench/fleet.ts: the local stack (app + cloud
// simulator under wrangler dev), ACCOUNTS simulated AWS accounts with the simulator's `realistic`
// durations spread around RDS's typical stop 240 s / start 420 s (each account's databases take
// 0.6× to 1.5× of them, so the agent's default expectations are wrong for most accounts, as a real
// fleet's would be: worker/reconcile/confirm.ts), DATABASES RDS instances each, half running and half
// stopped, connected to one organization through the public API.
//
// Accounts are split into RUNS groups; group r is due at T0 + r minutes: its running half must
// stop and its stopped half must start (cron pairs, one pair per group and half). The instants
// each database is due are listed by the product's own evaluator (scheduleTransitions), never
// inferred from the calls; each is matched by database to the simulator's call log (which names
// the database of every RDS call). An action that never reached the simulator is reported missing.
//
// Measured: lateness (call received − due instant) p50/p90/p99/max overall and per run group;
// cloud calls per action (every call the agents made between T0 and the end of the window, so
// confirmation polling, discovery and history reads are all counted) and how long each action
// took to be confirmed (the first account listing after the database reached its state); the
// cron tick's wall time, due accounts and D1 rows read (from its log line); the account-ticks
// queue lag; agent passes and databases evaluated (log lines); CPU seconds of the app's and the
// simulator's workerd processes (/proc); the 1-minute load average through the window; and a CPU
// profile of the app's isolate over the same window (bench/lib/cpu-profile.ts): its JavaScript
// time by source file and by entry (agent, events consumer, cron tick, API), hence the agent's
// own JS ms per database evaluated next to the whole process's /proc figure. The raw profile is
// written to .wrangler/cpu-profiles/ (open it in DevTools' Performance panel).
// The harness's own floor (`harnessFloor`): after the window, the largest group's burst again — one
// signed call per database, five in flight per account as the agent sends them, all from one
// instant — but from this Node process straight to the simulator, read-only (DescribeDBInstances
// per database), measured the same way (the simulator's receipt − the instant): what the local
// transport and simulator alone take to receive that many calls, with no SnoozeQL in between.
// With `cycles` > 1, each group changes back every cycleGapMinutes (its changes all confirmed by
// then), and `perCycle` gives lateness and calls per action of each cycle (1 and 2: the agent's
// cold start, a first stop and a first start; 3 on: those durations learned), the calls split
// (`splitCalls`) into action-attributable and background, with each cycle's window so background
// per account-hour can be read.
import { AwsClient } from "aws4fetch";
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join, relative } from "node:path";
import { freePort, ROOT } from "../../scripts/lib/process.ts";
import { startStack } from "../../scripts/lib/stack.ts";
import { attributeProfile, type Attribution } from "./cpu-profile.ts";
import { bundleLocators, startCpuProfile, type RunningProfile } from "./inspector.ts";
import { ScheduleDefinitionSchema, scheduleTransitions, type ScheduleDefinitionInput } from "../../worker/schedules/index.ts";

export interface FleetOptions {
  accounts: number;
  databases: number;
  runs: number;
  /** Seconds to keep watching after the last group's start is due (confirmations of 420 s starts). */
  settleSeconds: number;
  /** The longest to wait for onboarding to go quiet before T0. */
  quietMaxSeconds: number;
  /** Parallel requests while creating and connecting accounts. */
  setupWidth: number;
  /**
   * 1 (default): each database changes once (a cold start for the agent's confirmation rule).
   * More: every `cycleGapMinutes` (once the previous changes are all confirmed) each group's
   * databases change back. The agent learns durations per database and action, so cycles 1 and 2
   * are both cold starts (a first stop, a first start) and cycle 3 on are learned; up to 4 at
   * the defaults (all inside an hour of hourly cron pairs).
   */
  cycles?: number;
  log?: (line: string) => void;
}

const REALISTIC = { stopSec: 240, startSec: 420 };
/** Account i's databases take this multiple of REALISTIC: 0.6, 0.7, … 1.5, round robin. */
export const durationFactor = (i: number) => 0.6 + (i % 10) / 10;
const durationsOf = (i: number) => ({ stopSec: Math.round(REALISTIC.stopSec * durationFactor(i)), startSec: Math.round(REALISTIC.startSec * durationFactor(i)) });
const CLK_TCK = 100;
/** The CPU profile's sampling interval, µs. */
const PROFILE_INTERVAL_US = 1000;

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
export function stats(values: readonly number[]) {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s.at(-1) ?? null };
}
export const median = (values: readonly number[]) => percentile([...values].sort((a, b) => a - b), 50);

export function machine() {
  return { cores: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10 };
}

export function commit(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT }).toString().trim();
    // Recorded results are not code: a changed bench/results/ does not make the run "uncommitted".
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results"], { cwd: ROOT }).toString().trim() !== "";
    return dirty ? `${head}+uncommitted` : head;
  } catch {
    return "unknown";
  }
}

/** CPU seconds (user + system) of every process whose command line mentions `marker`, with descendants. */
function cpuSecondsOf(marker: string): number {
  const procs = new Map<number, { ppid: number; cpu: number; cmd: string }>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      procs.set(Number(name), { ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / CLK_TCK, cmd: readFileSync(`/proc/${name}/cmdline`, "utf8").replaceAll("\0", " ") });
    } catch {
      // gone meanwhile
    }
  }
  const roots = [...procs].filter(([, p]) => p.cmd.includes(marker)).map(([pid]) => pid);
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 20; hops++) {
      if (roots.includes(p)) return true;
      p = procs.get(p)?.ppid ?? 0;
    }
    return false;
  };
  let total = 0;
  for (const [pid, p] of procs) if (inTree(pid)) total += p.cpu;
  return total;
}

async function pool<T>(items: readonly T[], width: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  }));
}

async function retrying(what: string, attempt: () => Promise<Response>): Promise<Response> {
  for (let i = 0; ; i++) {
    const res = await attempt();
    if (res.ok || i >= 8 || (res.status !== 429 && res.status < 500)) {
      if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
      return res;
    }
    await new Promise((r) => setTimeout(r, 500 * 2 ** i));
  }
}

export type Call = { at: string; op: string; status: number; code?: string | null; target: string | null };
type Due = { account: number; db: string; at: number; op: "StopDBInstance" | "StartDBInstance"; run: number; cycle: number };

/**
 * Minutes between a group's cycles: its slowest transition confirmed before the next is due (the cold start's looks go every 15 s, then 30 s, past the default: 90 s of room), so no
 * second-cycle action waits for a confirmation. 12 at the defaults (a 1.5× start: 630 s).
 */
export const cycleGapMinutes = (longestSec: number) => Math.ceil((longestSec + 90) / 60);

export async function runFleet(o: FleetOptions) {
  const say = o.log ?? ((line: string) => console.log(line));
  const persistTo = join(ROOT, ".wrangler/bench-fleet");
  rmSync(persistTo, { recursive: true, force: true });
  rmSync(`${persistTo}-sim`, { recursive: true, force: true });
  const appLines: { at: number; line: string }[] = [];
  const port = await freePort();
  const stackStartedAt = Date.now() - 1_000; // the bundle wrangler dev writes for this run is newer
  const stack = await startStack({
    port, simPort: await freePort(), persistTo, ticks: false, build: !existsWebBuild(),
    log: (line) => {
      if (line.startsWith("[app]")) appLines.push({ at: Date.now(), line });
      else if (/error/i.test(line) && !line.includes("[sim]")) say(line);
    },
  });
  const appMarker = `--port ${port} --persist-to ${persistTo}`;
  const simMarker = `--persist-to ${persistTo}-sim`;
  const loads: number[] = [];
  const loadTimer = setInterval(() => loads.push(loadavg()[0]!), 5_000);
  const ticks: { at: number; ms: number; status: number }[] = [];
  let tickTimer: ReturnType<typeof setTimeout> | undefined;
  let profiling: RunningProfile | string | undefined;
  try {
    const sim = async <T>(path: string, method = "GET", body?: unknown): Promise<T> => {
      const res = await retrying(`sim ${path}`, () => fetch(`${stack.simUrl}/__sim${path}`, { method, headers: { "content-type": "application/json" }, ...(body !== undefined && { body: JSON.stringify(body) }) }));
      return res.json() as Promise<T>;
    };
    // The safety-net tick on every minute boundary, timed (wrangler dev has no Cron Triggers).
    const tickOnce = async () => {
      const t0 = Date.now();
      const res = await fetch(`${stack.url}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("* * * * *")}`).catch(() => null);
      ticks.push({ at: t0, ms: Date.now() - t0, status: res?.status ?? 0 });
    };
    const scheduleTicks = () => {
      tickTimer = setTimeout(() => void tickOnce().finally(scheduleTicks), 60_000 - (Date.now() % 60_000));
    };
    scheduleTicks();

    const setupStart = Date.now();
    say(`creating ${o.accounts} simulated AWS accounts × ${o.databases} databases (realistic durations, ×0.6 to ×1.5 per account)…`);
    const clouds: { accountId: string; accessKeyId: string; secretAccessKey: string }[] = [];
    /** Each simulated account's id in SnoozeQL (its agent's log lines name it). */
    const appAccountIds: string[] = [];
    await pool(Array.from({ length: o.accounts }, (_, i) => i), o.setupWidth, async (i) => {
      const cloud = await sim<{ accountId: string; accessKeyId: string; secretAccessKey: string }>("/aws/accounts", "POST", { regions: ["us-east-1"], durations: "realistic" });
      const own = durationsOf(i);
      await sim(`/aws/accounts/${cloud.accountId}/durations`, "PUT", { instanceStopSec: own.stopSec, instanceStartSec: own.startSec });
      clouds[i] = cloud;
      for (let d = 0; d < o.databases; d++) {
        const half = d % 2 === 0 ? "s" : "t";
        await sim(`/aws/accounts/${cloud.accountId}/instances`, "POST", {
          region: "us-east-1", id: dbName(i, d), engine: "postgres", status: half === "s" ? "available" : "stopped",
          tags: { bench: "fleet", run: String(i % o.runs), half },
        });
      }
    });

    const json = { "content-type": "application/json" };
    // Sign up and confirm the address with the link the simulator's mailbox received (as a user would).
    const email = `fleet-${Date.now()}@example.com`;
    await retrying("signup", () => fetch(`${stack.url}/api/v1/auth/signup`, { method: "POST", headers: json, body: JSON.stringify({ email, password: "benchmark password", name: "Bench", organization: "Fleet bench" }) }));
    let token: string | null = null;
    for (let i = 0; i < 60 && !token; i++) {
      const { messages } = await sim<{ messages: { links: string[] }[] }>(`/mail?to=${encodeURIComponent(email)}`);
      const link = messages.flatMap((m) => m.links).find((l) => new URL(l).pathname === "/verify-email");
      token = link ? new URL(link).searchParams.get("token") : null;
      if (!token) await new Promise((r) => setTimeout(r, 500));
    }
    if (!token) throw new Error(`no confirmation email for ${email} in the simulator's mailbox`);
    const login = await retrying("verify-email", () => fetch(`${stack.url}/api/v1/auth/verify-email`, { method: "POST", headers: json, body: JSON.stringify({ token }) }));
    const me = (await login.json()) as { csrfToken: string };
    const headers = { ...json, cookie: (login.headers.get("set-cookie") ?? "").split(";")[0]!, "x-csrf-token": me.csrfToken };
    const api = (path: string, init: RequestInit = {}) => retrying(`${init.method ?? "GET"} ${path}`, () => fetch(`${stack.url}/api/v1${path}`, { ...init, headers }));

    say("connecting them through the API…");
    await pool(clouds, o.setupWidth, async (cloud, i) => {
      const res = await api("/accounts", { method: "POST", body: JSON.stringify({ provider: "aws", connection: "access_keys", name: `fleet-${i}`, regions: ["us-east-1"], accessKeyId: cloud.accessKeyId, secretAccessKey: cloud.secretAccessKey, endpoint: stack.simUrl }) });
      const { id } = (await res.json()) as { id: string };
      appAccountIds[i] = id;
      await api(`/accounts/${id}/test`, { method: "POST" }); // connected, due at once (onboarding's last step)
    });
    await tickOnce(); // hands every new account to its agent (discovery)
    const expected = o.accounts * o.databases;
    for (let i = 0; ; i++) {
      const seen = await countInstances(api);
      if (seen >= expected) break;
      if (i % 6 === 0) say(`  discovered ${seen}/${expected} databases…`);
      if (i > 120) throw new Error(`only ${seen} of ${expected} databases were discovered in 10 minutes`);
      await new Promise((r) => setTimeout(r, 5_000));
    }
    const setupMs = Date.now() - setupStart;
    // Onboarding is not steady state: each new account backfills 14 days of hourly metrics
    // (~1,300 D1 rows per database) and its power history. Wait until the app is quiet (under a
    // quarter of a core for three 20 s windows in a row) before T0, and report how long that took.
    const quietStart = Date.now();
    for (let quiet = 0; quiet < 3; ) {
      const before = cpuSecondsOf(appMarker);
      await new Promise((r) => setTimeout(r, 20_000));
      const rate = (cpuSecondsOf(appMarker) - before) / 20;
      say(`  app busy with onboarding: ${Math.round(rate * 100)} % of a core`);
      quiet = rate < 0.25 ? quiet + 1 : 0;
      if (Date.now() - quietStart > o.quietMaxSeconds * 1000) break;
    }
    const onboardingMs = Date.now() - quietStart;

    // The simulator's call logs start empty at T0: cleared now, before T0 is chosen (clearing 1,000
    // accounts' logs takes minutes here, and a log cleared after its account's due call loses it).
    await pool(clouds, 8, async (c) => void (await sim(`/aws/accounts/${c.accountId}/calls`, "DELETE")));
    // T0: the first whole minute at least 75 s away (room to create the schedules and settle), and
    // 30 ms more per account (each schedule created re-evaluates every account's agent).
    const t0 = Math.ceil((Date.now() + 75_000 + 30 * o.accounts) / 60_000) * 60_000;
    // One database per account means only the running half (stops): no 420 s starts to wait for.
    const slowest = Math.max(...Array.from({ length: Math.min(o.accounts, 10) }, (_, i) => durationFactor(i)));
    const longest = Math.round((o.databases > 1 ? Math.max(REALISTIC.stopSec, REALISTIC.startSec) : REALISTIC.stopSec) * slowest);
    const cycles = o.cycles ?? 1;
    const gap = cycleGapMinutes(longest);
    // The due instants, from the product's evaluator: every transition in [T0, window end).
    const windowEnd = t0 + (o.runs - 1) * 60_000 + (cycles - 1) * gap * 60_000 + longest * 1000 + o.settleSeconds * 1000;
    // Hourly cron pairs: every cycle inside the hour, before the filler below.
    if (!Number.isInteger(cycles) || cycles < 1 || windowEnd > t0 + 55 * 60_000) throw new Error(`${cycles} cycles ${gap} minutes apart do not fit in an hour`);
    const definitions: { run: number; half: "s" | "t"; def: ScheduleDefinitionInput }[] = [];
    for (let r = 0; r < o.runs; r++) {
      // Cycle k at T0 + r min + k × gap: even cycles do the half's first action (stop the running
      // half, start the stopped one), odd ones change it back. With an odd count, the other cron
      // also fires 5 minutes before T0 (55 after: outside the window), so the pair's state before
      // T0 is the one the databases are in.
      const minutes = (parity: number) => Array.from({ length: cycles }, (_, k) => k).filter((k) => k % 2 === parity).map((k) => new Date(t0 + r * 60_000 + k * gap * 60_000).getUTCMinutes());
      const first = minutes(0).join(",");
      const back = [...minutes(1), ...(cycles % 2 === 1 ? [(new Date(t0 + r * 60_000).getUTCMinutes() + 55) % 60] : [])].join(",");
      for (const half of ["s", "t"] as const) {
        const pair = half === "s" ? { stop: `${first} * * * *`, start: `${back} * * * *` } : { start: `${first} * * * *`, stop: `${back} * * * *` };
        definitions.push({
          run: r, half,
          def: { name: `fleet run ${r} ${half === "s" ? "stop" : "start"}`, timezone: "UTC", periods: [], cronPairs: [pair],
            selector: { match: [{ field: "tag", key: "bench", op: "equals", value: "fleet" }, { field: "tag", key: "run", op: "equals", value: String(r) }, { field: "tag", key: "half", op: "equals", value: half }] } },
        });
      }
    }
    for (const d of definitions) {
      const res = await api("/schedules", { method: "POST", body: JSON.stringify({ ...d.def, minimumSleepMinutes: 0 }) });
      if (res.status !== 201) throw new Error(`schedule: ${res.status}`);
    }

    const dues: Due[] = [];
    for (const d of definitions) {
      const def = ScheduleDefinitionSchema.parse(d.def);
      for (const t of scheduleTransitions(def, t0 - 1, windowEnd)) {
        for (let a = 0; a < o.accounts; a++) {
          if (a % o.runs !== d.run) continue;
          for (let k = 0; k < o.databases; k++) {
            if ((k % 2 === 0 ? "s" : "t") !== d.half) continue;
            dues.push({ account: a, db: dbName(a, k), at: t.at, op: t.state === "stopped" ? "StopDBInstance" : "StartDBInstance", run: d.run, cycle: Math.round((t.at - t0 - d.run * 60_000) / (gap * 60_000)) });
          }
        }
      }
    }

    // A set-up that overran T0 would measure a window it did not watch from its start: refuse it.
    if (Date.now() > t0 - 10_000) throw new Error(`set-up overran T0 (${new Date(t0).toISOString()}) by ${Math.round((Date.now() - t0 + 10_000) / 1000)} s: nothing measured`);
    await new Promise((r) => setTimeout(r, t0 - 10_000 - Date.now()));
    // The profiler runs over the same window as the /proc figures (its own sampling cost is in them).
    profiling = await startCpuProfile(stack.inspectorPort, PROFILE_INTERVAL_US).catch((e: unknown) => `profiler not started: ${errorText(e)}`);
    const cpuBefore = { app: cpuSecondsOf(appMarker), sim: cpuSecondsOf(simMarker), at: Date.now() };
    const loadsFrom = loads.length;
    say(`measuring ${dues.length} due actions from ${new Date(t0).toISOString()} until ${new Date(windowEnd).toISOString()}…`);
    await new Promise((r) => setTimeout(r, windowEnd - Date.now()));
    const cpuAfter = { app: cpuSecondsOf(appMarker), sim: cpuSecondsOf(simMarker), at: Date.now() };
    const windowLoads = loads.slice(loadsFrom);
    // Attributed now, while wrangler's bundle (and its source map) is still on disk.
    let profile: { attribution: Attribution; file: string } | string;
    if (typeof profiling === "string" || profiling === undefined) profile = profiling ?? "profiler not started";
    else {
      try {
        const raw = await profiling.stop();
        const dir = join(ROOT, ".wrangler/cpu-profiles");
        mkdirSync(dir, { recursive: true });
        const file = join(dir, `fleet-${new Date(t0).toISOString().replaceAll(":", "-")}.cpuprofile`);
        writeFileSync(file, JSON.stringify(raw));
        const locators = bundleLocators(raw, join(ROOT, ".wrangler/tmp"), "worker/index.ts", stackStartedAt);
        profile = { attribution: attributeProfile(raw, locators, PROFILE_INTERVAL_US), file: relative(ROOT, file) };
      } catch (e) {
        profile = `profile not taken: ${errorText(e)}`;
      }
    }
    profiling = "stopped";

    // Match every due action to the first successful call for its database at or after it.
    const logs: Call[][] = [];
    await pool(clouds, 8, async (c, i) => {
      logs[i] = (await sim<{ calls: Call[] }>(`/aws/accounts/${c.accountId}/calls?limit=5000`)).calls;
    });
    const lateness: number[] = [];
    const byRun = new Map<number, number[]>();
    const byCycle = Array.from({ length: cycles }, () => ({ lateness: [] as number[], missing: 0, due: 0 }));
    const missing: Due[] = [];
    const confirmation: number[] = [];
    let duplicates = 0;
    for (const due of dues) {
      const calls = logs[due.account]!.filter((c) => c.target === due.db && c.op === due.op);
      const ok = calls.filter((c) => c.status === 200);
      // Within this due's cycle (the same database makes the same call again two cycles on).
      const mine = ok.filter((c) => Date.parse(c.at) >= due.at - 60_000 && Date.parse(c.at) < due.at + (2 * gap - 1) * 60_000);
      if (mine.length > 1) duplicates += mine.length - 1;
      const first = ok.map((c) => Date.parse(c.at)).find((at) => at >= due.at - 60_000);
      byCycle[due.cycle]!.due++;
      if (first === undefined) {
        missing.push(due);
        byCycle[due.cycle]!.missing++;
        continue;
      }
      lateness.push(first - due.at);
      byCycle[due.cycle]!.lateness.push(first - due.at);
      byRun.set(due.run, [...(byRun.get(due.run) ?? []), first - due.at]);
      // Confirmed by the first describe of the account at or after the database reached its state.
      const own = durationsOf(due.account);
      const reached = first + (due.op === "StopDBInstance" ? own.stopSec : own.startSec) * 1000;
      const look = logs[due.account]!.find((c) => c.op === "DescribeDBInstances" && c.status === 200 && Date.parse(c.at) >= reached && (c.target === null || c.target === due.db));
      if (look) confirmation.push(Date.parse(look.at) - reached);
    }
    const allCalls = logs.flat().filter((c) => Date.parse(c.at) >= t0 - 5_000);
    // The floor: the group with the most due actions in its first instant, sent again by the harness.
    const groupSize = (r: number) => dues.filter((d) => d.run === r && d.cycle === 0).length;
    const biggest = Array.from({ length: o.runs }, (_, r) => r).sort((a, b) => groupSize(b) - groupSize(a))[0]!;
    const floorAccounts = Array.from({ length: o.accounts }, (_, a) => a).filter((a) => a % o.runs === biggest);
    const floor = await harnessFloor(stack.simUrl, floorAccounts.map((a) => clouds[a]!), floorAccounts.map((a) => Array.from({ length: o.databases }, (_, k) => dbName(a, k))), async (c) => (await sim<{ calls: Call[] }>(`/aws/accounts/${c.accountId}/calls?limit=5000`)).calls).catch((e: unknown) => ({ error: errorText(e) }));
    const byOperation: Record<string, number> = {};
    for (const c of allCalls) byOperation[c.op] = (byOperation[c.op] ?? 0) + 1;
    const actions = lateness.length;
    const split = splitCalls(logs.map((log) => log.filter((c) => Date.parse(c.at) >= t0 - 5_000)));
    // Per cycle: from its first due instant (− 5 s) to the next cycle's (the last: to the window's end).
    const cycleFrom = (c: number) => t0 + c * gap * 60_000 - 5_000;
    const cycleTo = (c: number) => (c + 1 < cycles ? cycleFrom(c + 1) : windowEnd);
    const perCycle = byCycle.map((k, c) => {
      const inCycle = (x: Call) => Date.parse(x.at) >= cycleFrom(c) && (c + 1 === cycles || Date.parse(x.at) < cycleTo(c));
      const action = split.action.filter(inCycle);
      const background = split.background.filter(inCycle);
      const hours = (cycleTo(c) - cycleFrom(c)) / 3600_000;
      const n = Math.max(1, k.lateness.length);
      return {
        cycle: c + 1,
        what: c === 0
          ? "cold start: each database's first change, nothing learned about its durations"
          : c === 1
            ? "cold start of the other action: each database changes back (the agent learns per database and action)"
            : `learned: each database does what it did in cycle ${c - 1}, whose duration was confirmed and remembered`,
        window: { from: new Date(cycleFrom(c)).toISOString(), to: new Date(cycleTo(c)).toISOString(), seconds: Math.round((cycleTo(c) - cycleFrom(c)) / 1000) },
        dueActions: k.due,
        actions: k.lateness.length,
        missing: k.missing,
        latenessMs: stats(k.lateness),
        cloudCalls: action.length + background.length,
        callsPerAction: round2((action.length + background.length) / n),
        actionCalls: { calls: action.length, perAction: round2(action.length / n), byOperation: countOps(action), stateChecks: action.filter((x) => x.op === "DescribeDBInstances").length },
        backgroundCalls: { calls: background.length, perAction: round2(background.length / n), perAccountHour: round2(background.length / o.accounts / hours), byOperation: countOps(background) },
      };
    });
    const windowHours = (windowEnd - (t0 - 5_000)) / 3600_000;

    // The app's own log lines in the window.
    const inWindow = appLines.filter((l) => l.at >= t0 - 5_000 && l.at <= windowEnd).map((l) => parseLog(l.line)).filter((x) => x !== null);
    const tickLogs = inWindow.filter((x) => x["msg"] === "cron tick");
    const passes = inWindow.filter((x) => x["msg"] === "agent pass");
    const evaluated = passes.reduce((n, x) => n + Number(x["databases"] ?? 0), 0);
    const lags = inWindow.filter((x) => x["msg"] === "account ticks received").map((x) => Number(x["lagMs"]));
    const windowTicks = ticks.filter((t) => t.at >= t0 - 5_000 && t.at <= windowEnd);
    const appCpu = cpuAfter.app - cpuBefore.app;

    const runs = [...byRun].sort(([a], [b]) => a - b).map(([run, v]) => ({ run, dueAt: new Date(t0 + run * 60_000).toISOString(), ...stats(v) }));
    return {
      accounts: o.accounts,
      databasesPerAccount: o.databases,
      durations: { profile: "realistic, scaled per account", instanceStopSec: REALISTIC.stopSec, instanceStartSec: REALISTIC.startSec, perAccountFactors: [...new Set(Array.from({ length: Math.min(o.accounts, 10) }, (_, i) => durationFactor(i)))] },
      setupSeconds: Math.round(setupMs / 1000),
      onboardingQuietAfterSeconds: Math.round(onboardingMs / 1000),
      window: { from: new Date(t0).toISOString(), to: new Date(windowEnd).toISOString() },
      loadAverage1m: { samples: windowLoads.length, min: Math.min(...windowLoads), median: median(windowLoads), max: Math.max(...windowLoads) },
      dueActions: dues.length,
      actions,
      missing: missing.length,
      // What each missing one's account did instead: its calls for the database since the due
      // instant (failed ones included) and its agent's log lines in the window.
      missingSample: missing.slice(0, 10).map((m) => ({
        db: m.db, op: m.op, dueAt: new Date(m.at).toISOString(),
        callsForDatabase: logs[m.account]!.filter((c) => c.target === m.db && Date.parse(c.at) >= m.at - 60_000).map((c) => `${c.at} ${c.op} ${c.status}${c.code ? ` ${c.code}` : ""}`),
        accountCallsInWindow: logs[m.account]!.filter((c) => Date.parse(c.at) >= t0 - 5_000).length,
        agentLog: appLines.filter((l) => l.at >= m.at - 5_000 && appAccountIds[m.account] !== undefined && l.line.includes(appAccountIds[m.account]!)).slice(0, 12).map((l) => `${new Date(l.at).toISOString()} ${l.line.slice(0, 300)}`),
      })),
      duplicateActions: duplicates,
      latenessMs: stats(lateness),
      latenessByRun: runs,
      latenessMedianOfRunP99Ms: median(runs.map((r) => r.p99 ?? 0)),
      harnessFloor: floor,
      cloudCalls: allCalls.length,
      callsPerAction: round2(allCalls.length / Math.max(1, actions)),
      callsByOperation: byOperation,
      // Action-attributable: Stop/Start and the state checks made because a transition was in
      // flight; background: discovery (also a listing that served as a look), history, metrics.
      callsSplit: {
        action: split.action.length,
        actionPerAction: round2(split.action.length / Math.max(1, actions)),
        background: split.background.length,
        backgroundPerAccountHour: round2(split.background.length / o.accounts / windowHours),
        windowSeconds: Math.round(windowHours * 3600),
      },
      cycles,
      cycleGapMinutes: cycles > 1 ? gap : null,
      perCycle,
      confirmationDelayMs: stats(confirmation),
      cronTick: {
        ticks: windowTicks.length,
        wallMs: stats(windowTicks.map((t) => t.ms)),
        due: tickLogs.map((x) => Number(x["due"])),
        rowsRead: tickLogs.map((x) => Number(x["rowsRead"])),
      },
      accountTicksQueueLagMs: stats(lags),
      agent: {
        passes: passes.length,
        databasesEvaluated: evaluated,
        passWallMs: stats(passes.map((x) => Number(x["wallMs"]))),
      },
      cpu: {
        appSeconds: round2(appCpu),
        simulatorSeconds: round2(cpuAfter.sim - cpuBefore.sim),
        windowSeconds: Math.round((cpuAfter.at - cpuBefore.at) / 1000),
        appMsPerDatabaseEvaluated: evaluated > 0 ? round3((appCpu * 1000) / evaluated) : null,
        appMsPerPass: passes.length > 0 ? round3((appCpu * 1000) / passes.length) : null,
      },
      cpuProfile: typeof profile === "string" ? { error: profile } : cpuProfileRecord(profile.attribution, profile.file, evaluated, appCpu),
    };
  } finally {
    if (profiling !== undefined && typeof profiling !== "string") await profiling.stop().catch(() => undefined);
    clearInterval(loadTimer);
    if (tickTimer) clearTimeout(tickTimer);
    await stack.stop();
  }
}

/**
 * Each account's calls, split into those the actions cost (Stop/Start, and the state checks: a
 * DescribeDBInstances that is not discovery's) and background. Discovery's listing is the
 * DescribeDBInstances nearest (within 5 s) to each DescribeDBClusters, which only discovery reads
 * here (a state check of RDS instances skips clusters; the bench has no Aurora), one for one, so a
 * pass that listed twice shows one state check and one discovery listing.
 */
/** One signed call from the harness to the simulator's RDS endpoint, as the agent makes them. */
type SimCloudAccount = { accountId: string; accessKeyId: string; secretAccessKey: string };

/**
 * The local floor under lateness (see the header): `rounds` bursts of one DescribeDBInstances per
 * database of `accounts`, five in flight per account, each burst from a whole second; per burst,
 * the simulator's receipt of each call − that second, read back from its call log.
 */
export async function harnessFloor(simUrl: string, accounts: readonly SimCloudAccount[], databases: readonly (readonly string[])[], callLog: (c: SimCloudAccount) => Promise<Call[]>, rounds = 3) {
  const clients = accounts.map((c) => new AwsClient({ accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, service: "rds", region: "us-east-1", retries: 0 }));
  const send = async (k: number, db: string) => {
    const res = await clients[k]!.fetch(`${simUrl}/`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }, body: `Action=DescribeDBInstances&Version=2014-10-31&DBInstanceIdentifier=${encodeURIComponent(db)}` });
    await res.text();
    return res.status;
  };
  const bursts: { at: number; sent: number; failed: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    const at = Math.ceil((Date.now() + 2_000) / 1000) * 1000;
    await new Promise((res) => setTimeout(res, at - Date.now()));
    let failed = 0;
    await Promise.all(databases.map((dbs, k) => pool(dbs, 5, async (db) => void ((await send(k, db)) !== 200 && failed++))));
    bursts.push({ at, sent: databases.reduce((n, d) => n + d.length, 0), failed });
  }
  const logs = await Promise.all(accounts.map(callLog));
  const byBurst = bursts.map((b, i) => {
    const end = bursts[i + 1]?.at ?? Infinity;
    const received = logs.flatMap((calls, k) => calls.filter((c) => c.op === "DescribeDBInstances" && c.target !== null && databases[k]!.includes(c.target) && Date.parse(c.at) >= b.at && Date.parse(c.at) < end).map((c) => Date.parse(c.at) - b.at));
    return { at: new Date(b.at).toISOString(), sent: b.sent, failed: b.failed, receivedMs: stats(received) };
  });
  return {
    measures: "the simulator's receipt of each call − the burst's instant, for the largest group's databases sent by the harness itself (Node, aws4fetch, 5 in flight per account, read-only DescribeDBInstances): the local transport and simulator with no SnoozeQL in between",
    accounts: accounts.length,
    bursts: byBurst,
    medianOfBurstP99Ms: median(byBurst.map((b) => b.receivedMs.p99 ?? 0)),
  };
}

/** The record's `cpuProfile`: an attributed profile of the window, per database evaluated (also bench/reattribute-profile.ts). */
export function cpuProfileRecord(attribution: Attribution, file: string, evaluated: number, appCpu: number) {
  return {
    measures: "V8 sampling profile of the app Worker's isolate over the window (wrangler dev inspector, CDP Profiler): time its thread was executing the Worker's JavaScript, V8 runtime or GC for it, each sample weighted by the gap to the next one capped at the interval (workerd samples only while the isolate runs). Not the process's CPU: local D1's SQLite, queue plumbing, workerd's C++ and wrangler's own workers are outside it. Categories: the outermost recognised frame of each stack (bench/lib/cpu-profile.ts CATEGORY_RULES); 'other' is mostly async continuations (D1/drizzle, fetch) resumed with no entry frame on the stack, so the agent figure is a lower bound.",
    intervalUs: PROFILE_INTERVAL_US,
    file,
    sampledMs: attribution.totalMs,
    samples: attribution.samples,
    byCategoryMs: attribution.byCategory,
    agentMsPerDatabaseEvaluated: evaluated > 0 ? round3(attribution.byCategory.agent / evaluated) : null,
    appProcMsPerDatabaseEvaluated: evaluated > 0 ? round3((appCpu * 1000) / evaluated) : null,
    selfByFileMs: attribution.selfByFile,
    agentSelfByFileMs: attribution.agentSelfByFile,
    selfByFunctionMs: attribution.selfByFunction,
  };
}

export function splitCalls(logs: readonly (readonly Call[])[]): { action: Call[]; background: Call[] } {
  const action: Call[] = [];
  const background: Call[] = [];
  for (const log of logs) {
    const listings = log.filter((c) => c.op === "DescribeDBInstances" && c.target === null);
    const discoveryListings = new Set<Call>();
    for (const clusters of log.filter((c) => c.op === "DescribeDBClusters")) {
      const at = Date.parse(clusters.at);
      let nearest: Call | null = null;
      for (const l of listings) {
        const d = Math.abs(Date.parse(l.at) - at);
        if (d <= 5_000 && !discoveryListings.has(l) && (!nearest || d < Math.abs(Date.parse(nearest.at) - at))) nearest = l;
      }
      if (nearest) discoveryListings.add(nearest);
    }
    for (const c of log) {
      const isAction = c.op === "StopDBInstance" || c.op === "StartDBInstance" || (c.op === "DescribeDBInstances" && !discoveryListings.has(c));
      (isAction ? action : background).push(c);
    }
  }
  return { action, background };
}

function countOps(calls: readonly Call[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls) out[c.op] = (out[c.op] ?? 0) + 1;
  return out;
}

function dbName(account: number, d: number): string {
  return `fleet-${String(account).padStart(4, "0")}-${String(d).padStart(2, "0")}`;
}

function existsWebBuild(): boolean {
  try {
    return readdirSync(join(ROOT, "web/build")).length > 0;
  } catch {
    return false;
  }
}

async function countInstances(api: (path: string) => Promise<Response>): Promise<number> {
  let n = 0;
  let cursor: string | null = null;
  do {
    const page = (await (await api(`/instances?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`)).json()) as { data: unknown[]; nextCursor: string | null };
    n += page.data.length;
    cursor = page.nextCursor;
  } while (cursor);
  return n;
}

function parseLog(line: string): Record<string, unknown> | null {
  const start = line.indexOf("{");
  if (start < 0) return null;
  try {
    return JSON.parse(line.slice(start)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const round2 = (x: number) => Math.round(x * 100) / 100;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
