// The demo organization for local development, created through the product's own API (the same
// sign-up, emailed address confirmation and cloud-account onboarding a user goes through), so it is safe to run on every start.
// Dev only — the demo password is public. Its sandbox AWS and GCP accounts live in the simulator,
// with 45 days of past power history written there first (POST /__sim/history).

export const DEMO_EMAIL = "demo@snoozeql.dev";
export const DEMO_PASSWORD = "snoozeql-demo";
/** Days of past power history the simulator writes for the demo fleet (the Savings pages show 30). */
export const DEMO_HISTORY_DAYS = 45;

/** What the simulator's GET /__sim/accounts reports (the fields the seed uses). */
export interface SimAccounts {
  aws: { accountId: string; name?: string; regions: string[]; accessKeyId: string; secretAccessKey: string }[];
  gcp: { projectId: string; serviceAccountKey: Record<string, unknown> | null }[];
}

interface Account {
  id: string;
  name: string;
  endpoint: string | null;
  status: string;
}

export interface SeedResult {
  accounts: { name: string; status: string; databases: number | null }[];
}

export async function seedDemo(appUrl: string, simUrl: string, sim: SimAccounts, log: (line: string) => void): Promise<SeedResult> {
  const call = async (path: string, init: RequestInit & { expect: number[] }) => {
    const res = await fetch(`${appUrl}/api/v1${path}`, init);
    if (!init.expect.includes(res.status)) throw new Error(`demo seed: ${init.method ?? "GET"} ${path} answered ${res.status}: ${await res.text()}`);
    return res;
  };
  const json = { "content-type": "application/json" };

  // Sign-up answers 202 for a new and an existing address alike; a new account confirms its
  // address with the link mailed to it, read from the simulator's mailbox (in development the
  // app's mail goes to the simulator's Postmark API: scripts/lib/stack.ts).
  const signIn = () => call("/auth/login", { method: "POST", headers: json, body: JSON.stringify({ email: DEMO_EMAIL, password: DEMO_PASSWORD }), expect: [200, 401, 403] });
  let login = await signIn();
  if (login.status !== 200) {
    await call("/auth/signup", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ email: DEMO_EMAIL, password: DEMO_PASSWORD, name: "Demo User", organization: "Demo Co" }),
      expect: [202],
    });
    const token = await confirmationToken(simUrl);
    login = await call("/auth/verify-email", { method: "POST", headers: json, body: JSON.stringify({ token }), expect: [200] });
    log(`demo user ${DEMO_EMAIL}: address confirmed with the emailed link (mailbox: GET ${simUrl}/__sim/mail)`);
  }
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { ...json, cookie: (login.headers.get("set-cookie") ?? "").split(";")[0]!, "x-csrf-token": csrfToken };

  const existing = ((await (await call("/accounts?limit=100", { headers, expect: [200] })).json()) as { data: Account[] }).data;
  const wanted = [
    // "snoozeql-platform" is the simulated AWS account standing for SnoozeQL's own principal, not a customer's.
    ...sim.aws.filter((a) => a.name !== "snoozeql-platform").map((a) => ({
      name: `AWS sandbox ${a.accountId}`,
      body: { provider: "aws", connection: "access_keys", regions: a.regions, accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey, endpoint: simUrl },
    })),
    ...sim.gcp
      .filter((p) => p.serviceAccountKey)
      .map((p) => ({ name: `GCP sandbox ${p.projectId}`, body: { provider: "gcp", connection: "service_account", serviceAccountKey: p.serviceAccountKey, endpoint: simUrl } })),
  ];

  // Past power history (45 days, from each database's usage pattern) is written into the
  // simulator's RDS events, CloudTrail and Cloud SQL audit log before the accounts are connected,
  // so the agent ingests it the way it would a real account's (once per database: idempotent).
  const history = await fetch(`${simUrl}/__sim/history`, { method: "POST", headers: json, body: JSON.stringify({ days: DEMO_HISTORY_DAYS, seed: 1 }) });
  if (!history.ok) throw new Error(`demo seed: simulator history answered ${history.status}: ${await history.text()}`);
  const written = ((await history.json()) as { accounts: { databases: { sleeps: number }[] }[] }).accounts.flatMap((a) => a.databases).reduce((n, d) => n + d.sleeps, 0);
  if (written > 0) log(`simulator: ${DEMO_HISTORY_DAYS} days of power history written (${written} past sleeps)`);

  const result: SeedResult = { accounts: [] };
  for (const account of wanted) {
    let current = existing.find((e) => e.name === account.name);
    if (current && current.endpoint !== simUrl) {
      // The simulator moved (another SIM_PORT): reconnect rather than point at a dead origin.
      await call(`/accounts/${current.id}`, { method: "DELETE", headers, expect: [204] });
      current = undefined;
    }
    if (!current) {
      const res = await call("/accounts", { method: "POST", headers, body: JSON.stringify({ name: account.name, ...account.body }), expect: [201] });
      current = (await res.json()) as Account;
    }
    const report = (await (await call(`/accounts/${current.id}/test`, { method: "POST", headers, expect: [200] })).json()) as { ok: boolean; databases: number | null; checks: { name: string; ok: boolean; detail: string }[] };
    if (!report.ok) log(`demo account ${account.name}: ${report.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`).join("; ")}`);
    result.accounts.push({ name: account.name, status: report.ok ? "connected" : "error", databases: report.databases });
  }
  // Demo schedules: office hours for every dev database, and a fast cycle on two databases so the
  // transitions can be watched happening on the simulator within minutes.
  for (const schedule of DEMO_SCHEDULES) {
    await call("/schedules", { method: "POST", headers, body: JSON.stringify(schedule), expect: [201, 409] });
  }
  await installSlack(call, headers, appUrl, simUrl, log);
  // A demo policy in dry run: the agents evaluate it after their first metrics collection (the
  // backfill's newest day), so the Policies page shows its history of what it would have done.
  await call("/policies", { method: "POST", headers, body: JSON.stringify(DEMO_POLICY), expect: [201, 409] });
  // Recommendations need the 14-day metrics backfill the agents collect a day per collection on
  // their first passes (alarms a few seconds apart): wait for it in the background, then analyse once.
  void analyzeAfterBackfill(call, headers, log).catch((e: unknown) => log(`recommendations: ${e instanceof Error ? e.message : String(e)}`));
  return result;
}

/** The demo's Slack: the app installed in the simulated workspace (demo user = Slack user U0DEMO). */
async function installSlack(call: (path: string, init: RequestInit & { expect: number[] }) => Promise<Response>, headers: Record<string, string>, appUrl: string, simUrl: string, log: (line: string) => void) {
  await fetch(`${simUrl}/__sim/slack/users`, { method: "PUT", body: JSON.stringify({ users: [{ id: "U0DEMO", email: DEMO_EMAIL }] }) });
  const integrations = ((await (await call("/integrations", { headers, expect: [200] })).json()) as { data: { kind: string }[] }).data;
  if (integrations.some((i) => i.kind === "slack_app")) return;
  const { url } = (await (await call("/integrations/slack/install", { headers, expect: [200] })).json()) as { url: string };
  const consent = await fetch(url, { redirect: "manual" });
  const callback = new URL(consent.headers.get("location") ?? "", appUrl);
  const back = await fetch(`${appUrl}${callback.pathname}${callback.search}`, { headers, redirect: "manual" });
  log(`simulated Slack workspace: ${back.headers.get("location")?.includes("slack=installed") ? "SnoozeQL app installed (messages: GET " + simUrl + "/__sim/slack/messages)" : `install failed (${back.status} ${back.headers.get("location") ?? ""})`}`);
}


type Call = (path: string, init: RequestInit & { expect: number[] }) => Promise<Response>;

/**
 * Polls each demo database's metrics until its backfill has reached the oldest days of the 14
 * (the agents read a day per collection, newest first: worker/metrics/collect.ts), or three
 * minutes pass, then POST /recommendations/analyze.
 */
async function analyzeAfterBackfill(call: Call, headers: Record<string, string>, log: (line: string) => void): Promise<void> {
  const { data } = (await (await call("/instances?limit=100", { headers, expect: [200] })).json()) as { data: { id: string }[] };
  const pending = new Set(data.map((d) => d.id));
  const deadline = Date.now() + 180_000;
  while (pending.size > 0 && Date.now() < deadline) {
    // The oldest two days of the 14: a database asleep for one of them still shows the other.
    const from = new Date(Date.now() - 14 * 86_400_000).toISOString();
    const to = new Date(Date.now() - 12 * 86_400_000).toISOString();
    for (const id of [...pending]) {
      const res = await call(`/instances/${id}/metrics?metric=cpu&from=${from}&to=${to}`, { headers, expect: [200, 404] });
      const body = (await res.json()) as { series?: { points: unknown[] }[] };
      if (res.status === 404 || (body.series?.[0]?.points.length ?? 0) > 0) pending.delete(id);
    }
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 5_000));
  }
  const res = await call("/recommendations/analyze", { method: "POST", headers, body: "{}", expect: [200] });
  const r = (await res.json()) as { analyzed: number; proposed: number; skipped: number; waiting: number };
  log(`recommendations: ${r.proposed} proposed, ${r.skipped} without a proposal, ${r.waiting} waiting for data (of ${r.analyzed} databases)`);
}

export const DEMO_POLICY = {
  name: "Idle QA databases",
  description: "Demo: stop QA databases with no connections and CPU under 5 % for 2 hours (dry run: records only).",
  selector: { match: [{ field: "tag", key: "env", op: "equals", value: "qa" }] },
  rules: [
    { metric: "connections", operator: "lte", threshold: 0, duration: "2h" },
    { metric: "cpu", operator: "lt", threshold: 5, duration: "2h" },
  ],
  combine: "and",
  cooldown: "6h",
  actions: [{ type: "stop" }, { type: "notify" }],
  dryRun: true,
};

export const DEMO_SCHEDULES = [
  {
    name: "Office hours (dev)",
    description: "Dev databases run 08:00–19:00 on weekdays, Berlin time; asleep nights and weekends.",
    timezone: "Europe/Berlin",
    periods: [{ begin: "08:00", end: "19:00", weekdays: ["mon-fri"] }],
    exceptions: [{ from: "2026-12-24", to: "2026-12-26", state: "stopped", reason: "Holidays" }],
    selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] },
    // reports-dev has an OS update pending for its Saturday window: woken for it, asleep again after.
    maintenanceWake: true,
  },
  {
    name: "Demo: 10-minute cycle",
    description: "Local demo only: sleeps two databases at :00, :10, :20… and wakes them five minutes later.",
    timezone: "UTC",
    periods: [],
    cronPairs: [{ start: "5,15,25,35,45,55 * * * *", stop: "0,10,20,30,40,50 * * * *" }],
    selector: { match: [{ field: "name", op: "regex", value: "^(orders-staging|web-staging-pg)$" }] },
    minimumSleepMinutes: 0,
  },
];

/** The token of the newest confirmation link mailed to the demo user (the simulator's mailbox). */
async function confirmationToken(simUrl: string): Promise<string> {
  const res = await fetch(`${simUrl}/__sim/mail?to=${encodeURIComponent(DEMO_EMAIL)}`);
  if (!res.ok) throw new Error(`demo seed: simulator mailbox answered ${res.status}: ${await res.text()}`);
  const { messages } = (await res.json()) as { messages: { links: string[] }[] };
  const link = messages.flatMap((m) => m.links).filter((l) => new URL(l).pathname === "/verify-email").at(-1);
  if (!link) throw new Error(`demo seed: no confirmation email for ${DEMO_EMAIL} in the simulator's mailbox (is MAIL_API_BASE_URL the simulator's /postmark?)`);
  return new URL(link).searchParams.get("token")!;
}
