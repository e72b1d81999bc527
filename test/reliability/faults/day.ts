// A day of schedules for the reliability suites, compressed in time (see SCHEDULES): one simulator AWS account
// (RDS instances with the `dev` transition durations: stop 4 s, start 6 s) connected to a new
// organization, two schedules whose transitions fall through one UTC Monday, and a driver that
// moves ONE clock for both sides: the AccountAgent reads the time from `agent.clock` (replaced here),
// and the simulator's clock is stopped at the same instant (`POST …/clock {setTo}`). The driver jumps
// from one alarm the agent set to the next and fires it with `runDurableObjectAlarm` — the agent's
// real alarm handler, storage, outbox, queues, D1 and the simulator over HTTP; only the waiting is
// skipped. Time stands still while a pass runs, so retries and injected latency cost real seconds
// but no simulated ones: an action that lands late did so because all its attempts failed.
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { expect } from "vitest";
import type { AccountAgent } from "../../../durable-objects/account-agent.ts";
import { accountAgent } from "../../../worker/accounts/agent.ts";
import { events, instances, savings } from "../../../worker/db/schema.ts";
import type { EventMessage } from "../../../worker/events/event.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../../helpers/auth.ts";
import { eventually } from "../../helpers/fixtures.ts";
import { SIM, sim, type SandboxAccount } from "../../helpers/simulator.ts";

const HOUR = 3_600_000;
const db = drizzle(env.DB);

/** Office hours on team=web, a nightly batch and a lunch-time job on team=data; team=ops has no schedule. */
export const FLEET = [
  { id: "web-a", team: "web", engine: "postgres" },
  { id: "web-b", team: "web", engine: "mysql" },
  { id: "web-c", team: "web", engine: "postgres" },
  { id: "etl-a", team: "data", engine: "postgres" },
  { id: "etl-b", team: "data", engine: "mariadb" },
  { id: "ops-always-on", team: "ops", engine: "postgres" },
] as const;

/**
 * A day's schedules compressed twelvefold, so one "hour" of the day is five minutes of the clock:
 * office hours 08–18 become 00:40–01:30, the nightly batch 01–03 becomes 00:05–00:15 and the
 * lunch-time job 12–13 becomes 01:00–01:05. The whole day is two hours of the clock (~45 passes
 * with discovery every 5 minutes, instead of ~300), every transition of the day still happens, and
 * sleeps are at least 5 minutes (the schedules' minimum sleep).
 */
export const DAY_MS = 2 * HOUR;
const everyDay = ["mon-sun"];
export const SCHEDULES = [
  { name: "Office hours", timezone: "UTC", minimumSleepMinutes: 5, periods: [{ begin: "00:40", end: "01:30", weekdays: everyDay }], selector: { match: [{ field: "tag", key: "team", op: "equals", value: "web" }] } },
  {
    name: "Batch windows",
    timezone: "UTC",
    minimumSleepMinutes: 5,
    periods: [{ begin: "00:05", end: "00:15", weekdays: everyDay }, { begin: "01:00", end: "01:05", weekdays: everyDay }],
    selector: { match: [{ field: "tag", key: "team", op: "equals", value: "data" }] },
  },
];

/** The power changes the day must produce, per database: [minute of the request, up?]. */
export const EXPECTED: Record<string, [number, boolean][]> = {
  "web-a": [[0, false], [40, true], [90, false]],
  "web-b": [[0, false], [40, true], [90, false]],
  "web-c": [[0, false], [40, true], [90, false]],
  "etl-a": [[0, false], [5, true], [15, false], [60, true], [65, false]],
  "etl-b": [[0, false], [5, true], [15, false], [60, true], [65, false]],
  "ops-always-on": [],
};
export const EXPECTED_STOPS = Object.values(EXPECTED).flat().filter(([, up]) => !up).length;
export const EXPECTED_STARTS = Object.values(EXPECTED).flat().filter(([, up]) => up).length;

/** A Monday 00:00 UTC at least two days ahead: alarms set in this "future" never fire on their own. */
export function virtualMonday(): number {
  const d = new Date(Date.now() + 2 * 24 * HOUR);
  d.setUTCHours(0, 0, 0, 0);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  return d.getTime();
}

export interface DayRun {
  label: string;
  cloud: SandboxAccount;
  orgId: string;
  accountId: string;
  agent: DurableObjectStub<AccountAgent>;
  /** The one clock of this run (the agent's and the simulator's). */
  clock: { now: number };
  /** Ids of every event the agent handed to the events queue. */
  sent: string[];
  /** Alarms fired by the driver. */
  alarms: number;
}

/** Sets the simulator account's (stopped) clock. */
export const setSimClock = (cloud: SandboxAccount, at: number) => sim(`/aws/accounts/${cloud.accountId}/clock`, "POST", { setTo: at });

/** Gives the agent the run's clock and records what it sends (again after an eviction: a new object). */
export async function instrument(run: DayRun, extra?: (agent: AccountAgent) => void): Promise<void> {
  await runInDurableObject(run.agent, (agent: AccountAgent) => {
    agent.clock = () => run.clock.now;
    // The wait for a timed action after an early alarm moves the run's clock, not real time.
    agent.sleep = async (ms: number) => {
      run.clock.now += ms;
      await setSimClock(run.cloud, run.clock.now);
    };
    const send = agent.sendEvents;
    agent.sendEvents = async (batch: EventMessage[]) => {
      await send(batch);
      run.sent.push(...batch.map((e) => e.id));
    };
    extra?.(agent);
  });
}

/** A fresh simulator account with the fleet, connected to a new organization with the schedules. */
export async function setUpDay(label: string, start: number): Promise<DayRun> {
  const cloud = await sim<SandboxAccount>("/aws/accounts", "POST", { regions: ["us-east-1"], durations: "dev" });
  for (const d of FLEET) await sim(`/aws/accounts/${cloud.accountId}/instances`, "POST", { region: "us-east-1", engine: d.engine, id: d.id, instanceClass: "db.t3.medium", tags: { team: d.team, env: "dev" } });
  await setSimClock(cloud, start);
  const { orgId } = await createOrgDirect(`Reliability ${label}`);
  const headers = bearer(await tokenFor(orgId, "owner"));
  const res = await api("/accounts", { method: "POST", headers, body: JSON.stringify({ provider: "aws", connection: "access_keys", name: label, regions: ["us-east-1"], accessKeyId: cloud.accessKeyId, secretAccessKey: cloud.secretAccessKey, endpoint: SIM }) });
  expect(res.status).toBe(201);
  const { id: accountId } = await res.json<{ id: string }>();
  const run: DayRun = { label, cloud, orgId, accountId, agent: accountAgent(env, accountId), clock: { now: start }, sent: [], alarms: 0 };
  await instrument(run);
  // The first pass discovers the fleet (the alarm "now" fires on its own; the driver waits for it).
  await run.agent.reschedule(accountId, orgId);
  await run.agent.runNow({ forceDiscovery: true });
  for (const s of SCHEDULES) expect((await api("/schedules", { method: "POST", headers, body: JSON.stringify(s) })).status).toBe(201);
  return run;
}

/** The agent's next alarm, or null. */
export const nextAlarm = (run: DayRun) => runInDurableObject(run.agent, (_a: AccountAgent, state) => state.storage.getAlarm());

/**
 * Drives the run from its clock to `until`: sets both clocks to the agent's next alarm (never
 * backwards) and fires it. `beforeAlarm` may interfere (evict, duplicate) before each one.
 */
export async function driveUntil(run: DayRun, until: number, beforeAlarm?: (run: DayRun, at: number) => Promise<void>): Promise<void> {
  for (;;) {
    const at = await nextAlarm(run);
    if (at === null) throw new Error(`${run.label}: the agent has no alarm at ${new Date(run.clock.now).toISOString()}`);
    const next = Math.max(at, run.clock.now);
    if (next > until) return;
    run.clock.now = next;
    await setSimClock(run.cloud, next);
    await beforeAlarm?.(run, next);
    await runDurableObjectAlarm(run.agent);
    run.alarms++;
  }
}

/** Waits until the agent's outbox is empty and every event it sent is in D1; returns them. */
export async function settle(run: DayRun) {
  await eventually(async () => (await run.agent.status()).outbox === 0, 30_000);
  return eventually(async () => {
    const rows = await db.select({ id: events.id, type: events.type, instanceId: events.instanceId, toState: events.toState, occurredAt: events.occurredAt, detail: events.detail }).from(events).where(eq(events.orgId, run.orgId));
    const have = new Set(rows.map((r) => r.id));
    return run.sent.every((id) => have.has(id)) && rows;
  }, 60_000);
}

/** Database id → name in this run's organization. */
export async function names(run: DayRun): Promise<Map<string, string>> {
  const rows = await db.select({ id: instances.id, name: instances.externalId }).from(instances).where(and(eq(instances.orgId, run.orgId), eq(instances.cloudAccountId, run.accountId)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The savings ledger of the run, by database name, in a form two runs can be compared in. */
export async function ledger(run: DayRun) {
  const byId = await names(run);
  const rows = await db.select().from(savings).where(eq(savings.orgId, run.orgId));
  return rows
    .map((r) => ({ db: byId.get(r.instanceId)!, from: r.from.toISOString(), until: r.until?.toISOString() ?? null, cause: r.causeKind, hourlyMicros: r.hourlyMicros, savedMicros: r.savedMicros, penaltyMicros: r.penaltyMicros, endedBy: r.endedBy }))
    .sort((a, b) => a.db.localeCompare(b.db) || a.from.localeCompare(b.from));
}

export interface SimInstance {
  id: string;
  status: string;
  power: { at: number; up: boolean }[];
}

/** The simulator's ground truth: each database's status and power changes since `since`. */
export async function truth(run: DayRun, since: number): Promise<Record<string, { status: string; power: { at: string; up: boolean }[] }>> {
  const { instances: list } = await sim<{ instances: SimInstance[] }>(`/aws/accounts/${run.cloud.accountId}/resources`);
  return Object.fromEntries(list.map((i) => [i.id, { status: i.status, power: i.power.filter((p) => p.at >= since).map((p) => ({ at: new Date(p.at).toISOString(), up: p.up })) }]));
}

export interface SimCall {
  at: string;
  op: string;
  status: number;
  code: string | null;
}

/** The simulator's call log for the run's account. */
export const calls = async (run: DayRun) => (await sim<{ calls: SimCall[] }>(`/aws/accounts/${run.cloud.accountId}/calls?limit=5000`)).calls;

/** Stop/start calls the cloud performed (answered, or hung after performing) and refused as being in the wrong state. */
export function actionCalls(log: SimCall[]) {
  const action = log.filter((c) => c.op === "StopDBInstance" || c.op === "StartDBInstance");
  return {
    performedStops: action.filter((c) => c.op === "StopDBInstance" && c.status === 200).length,
    performedStarts: action.filter((c) => c.op === "StartDBInstance" && c.status === 200).length,
    hung: action.filter((c) => c.status === 200 && c.code === "Hang").length,
    refused: action.filter((c) => c.code === "InvalidDBInstanceState").length,
  };
}
