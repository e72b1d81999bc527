// Action lateness and cloud calls per action, measured end to end on the local stack:
// a schedule flips N simulated databases every minute (stop on even minutes, start on odd);
// lateness = when the simulator received StopDBInstance/StartDBInstance minus the minute boundary
// it was due at. Calls per action = every cloud call the account's agent made in the window
// (actions, confirmations, discovery) divided by the actions taken (the minimum is 1 per action).
// Run: npm run bench (writes bench/results/lateness.json). Options: BENCH_DATABASES, BENCH_MINUTES.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, ROOT } from "../scripts/lib/process.ts";
import { startStack } from "../scripts/lib/stack.ts";

const DATABASES = Number(process.env.BENCH_DATABASES ?? 20);
const MINUTES = Number(process.env.BENCH_MINUTES ?? 4);

const persistTo = join(ROOT, ".wrangler/bench-state");
rmSync(persistTo, { recursive: true, force: true });
rmSync(`${persistTo}-sim`, { recursive: true, force: true });
const stack = await startStack({ port: await freePort(), simPort: await freePort(), persistTo, build: true, ticks: true, log: () => {} });

try {
  const sim = async <T>(path: string, method = "GET", body?: unknown): Promise<T> => {
    const res = await fetch(`${stack.simUrl}/__sim${path}`, { method, headers: { "content-type": "application/json" }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<T>;
  };
  const cloud = await sim<{ accountId: string; accessKeyId: string; secretAccessKey: string }>("/aws/accounts", "POST", { regions: ["us-east-1"], durations: "instant" });
  for (let i = 0; i < DATABASES; i++) {
    await sim(`/aws/accounts/${cloud.accountId}/instances`, "POST", { region: "us-east-1", id: `bench-${String(i).padStart(3, "0")}`, engine: "postgres", tags: { bench: "yes" } });
  }

  const json = { "content-type": "application/json" };
  const signup = await fetch(`${stack.url}/api/v1/auth/signup`, { method: "POST", headers: json, body: JSON.stringify({ email: `bench-${Date.now()}@example.com`, password: "benchmark password", name: "Bench", organization: "Bench" }) });
  const me = (await signup.json()) as { csrfToken: string };
  const headers = { ...json, cookie: (signup.headers.get("set-cookie") ?? "").split(";")[0]!, "x-csrf-token": me.csrfToken };
  const account = (await (await fetch(`${stack.url}/api/v1/accounts`, { method: "POST", headers, body: JSON.stringify({ provider: "aws", connection: "access_keys", name: "bench", regions: ["us-east-1"], accessKeyId: cloud.accessKeyId, secretAccessKey: cloud.secretAccessKey, endpoint: stack.simUrl }) })).json()) as { id: string };
  await fetch(`${stack.url}/api/v1/accounts/${account.id}/sync`, { method: "POST", headers });
  for (let i = 0; i < 60; i++) {
    const page = (await (await fetch(`${stack.url}/api/v1/instances?cloudAccountId=${account.id}&limit=100`, { headers })).json()) as { data: unknown[] };
    if (page.data.length === DATABASES) break;
    await new Promise((r) => setTimeout(r, 1000));
  }

  const created = await fetch(`${stack.url}/api/v1/schedules`, {
    method: "POST",
    headers,
    body: JSON.stringify({ name: "bench flip", timezone: "UTC", periods: [], cronPairs: [{ start: "1-59/2 * * * *", stop: "*/2 * * * *" }], selector: { match: [{ field: "tag", key: "bench", op: "equals", value: "yes" }] }, minimumSleepMinutes: 0 }),
  });
  if (created.status !== 201) throw new Error(`schedule: ${created.status} ${await created.text()}`);

  // Measure from the first whole minute after the schedule's own first (immediate) action.
  const windowStart = Math.ceil((Date.now() + 5_000) / 60_000) * 60_000;
  await new Promise((r) => setTimeout(r, windowStart - Date.now()));
  await sim(`/aws/accounts/${cloud.accountId}/calls`, "DELETE");
  const windowEnd = windowStart + MINUTES * 60_000;
  console.log(`measuring ${MINUTES} transitions of ${DATABASES} databases from ${new Date(windowStart).toISOString()}…`);
  await new Promise((r) => setTimeout(r, windowEnd - Date.now() + 45_000));

  const log = await sim<{ total: number; byOperation: Record<string, number>; calls: { at: string; op: string; status: number }[] }>(`/aws/accounts/${cloud.accountId}/calls?limit=100000`);
  // Transitions due at the boundaries windowStart … windowEnd - 1 min, and everything the agent
  // did for them (confirmations come up to ~40 s after the last boundary).
  const dueAt = (c: { at: string }) => Math.floor(Date.parse(c.at) / 60_000) * 60_000;
  const inWindow = log.calls.filter((c) => dueAt(c) >= windowStart && dueAt(c) < windowEnd);
  const actions = inWindow.filter((c) => (c.op === "StopDBInstance" || c.op === "StartDBInstance") && c.status === 200);
  const lateness = actions.map((c) => Date.parse(c.at) - Math.floor(Date.parse(c.at) / 60_000) * 60_000).sort((a, b) => a - b);
  const pct = (p: number) => lateness[Math.min(lateness.length - 1, Math.ceil((p / 100) * lateness.length) - 1)] ?? NaN;
  const byOp = inWindow.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.op]: (acc[c.op] ?? 0) + 1 }), {});
  const result = {
    measuredAt: new Date().toISOString(),
    command: "npm run bench (bench/lateness.ts)",
    machine: "2 cores, local wrangler dev (workerd) for the app and the simulator",
    databases: DATABASES,
    transitionsPerDatabase: MINUTES,
    expectedActions: DATABASES * MINUTES,
    actions: actions.length,
    latenessMs: { p50: pct(50), p90: pct(90), p99: pct(99), max: lateness[lateness.length - 1] ?? NaN },
    cloudCalls: inWindow.length,
    callsPerAction: Math.round((inWindow.length / Math.max(1, actions.length)) * 100) / 100,
    callsByOperation: byOp,
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync(join(ROOT, "bench/results"), { recursive: true });
  writeFileSync(join(ROOT, "bench/results/lateness.json"), JSON.stringify(result, null, 2) + "\n");
} finally {
  await stack.stop();
}
