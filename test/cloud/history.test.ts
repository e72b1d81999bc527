// Power history through the product's own clients, inside workerd, against the simulator: what
// AWS (RDS events, then CloudTrail beyond their 14 days) and GCP (Cloud SQL's audit log) recorded,
// read for a whole account in one paged read per region, and turned into deterministic events.
import { describe, expect, inject, it } from "vitest";
import { providerFor, type CloudProvider } from "../../worker/cloud/index.ts";
import type { PowerHistoryEntry } from "../../worker/cloud/provider.ts";
import { historyEvents, ingestHistory, type KnownInstance } from "../../worker/discovery/history.ts";

const SIM = inject("simUrl");
const DAY = 86_400_000;
const HOUR = 3_600_000;

async function control<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${SIM}/__sim${path}`, {
    method: init.method ?? "GET",
    headers: { "content-type": "application/json" },
    ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
  });
  if (!res.ok) throw new Error(`sim ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

interface SimAws {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

interface CallLog {
  byOperation: Record<string, number>;
  errorsByOperation: Record<string, number>;
}

async function awsAccount(body: Record<string, unknown> = {}): Promise<SimAws> {
  return control<SimAws>("/aws/accounts", { method: "POST", body: { regions: ["us-east-1", "eu-west-1"], ...body } });
}

const addInstance = (a: SimAws, body: Record<string, unknown>) =>
  control(`/aws/accounts/${a.accountId}/instances`, { method: "POST", body: { region: "us-east-1", engine: "postgres", createdDaysAgo: 120, ...body } });

function aws(a: SimAws, regions = ["us-east-1", "eu-west-1"]): CloudProvider {
  return providerFor(
    { provider: "aws", authKind: "access_keys", regions, endpoint: SIM, accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey },
    { retry: { maxAttempts: 5, throttlingBaseDelayMs: 20, baseDelayMs: 20 } },
  );
}

/**
 * Stopped and running alternate. Allowed repeats: AWS's forced start followed by "started", and
 * the hand-over from CloudTrail (request time) to RDS events (true time) minutes apart.
 */
function alternates(entries: PowerHistoryEntry[]): boolean {
  return entries.every((e, i) => {
    const prev = entries[i - 1];
    if (!prev || e.state !== prev.state) return true;
    if (e.autoRestart || prev.autoRestart) return true;
    return prev.source === "cloudtrail" && e.source === "rds-event" && e.at - prev.at < 15 * 60_000;
  });
}

describe("AWS power history", () => {
  it("reads 45 days for the whole account: RDS events for 14 days, CloudTrail (approximate) before", async () => {
    const a = await awsAccount();
    await addInstance(a, { id: "orders-dev", usage: "office-hours" });
    await addInstance(a, { region: "eu-west-1", id: "eu-reports", engine: "mysql", usage: "nightly-batch" });
    await control(`/aws/accounts/${a.accountId}/clusters`, { method: "POST", body: { region: "us-east-1", id: "pay", engine: "aurora-postgresql", usage: "office-hours", createdDaysAgo: 120, members: [{ id: "pay-1" }] } });
    await control("/history", { method: "POST", body: { days: 45, account: a.accountId } });
    await control(`/aws/accounts/${a.accountId}/calls`, { method: "DELETE" });

    const now = Date.now();
    const history = await aws(a).powerHistory(null, { since: now - 45 * DAY, until: now });
    expect(history.incomplete).toEqual([]);
    const rdsFrom = now - 14 * DAY + HOUR;
    const of = (id: string) => history.entries.filter((e) => e.externalId === id);

    for (const id of ["orders-dev", "eu-reports", "pay"]) {
      const entries = of(id);
      const recent = entries.filter((e) => e.at >= rdsFrom + 10 * 60_000);
      const old = entries.filter((e) => e.at < rdsFrom - 10 * 60_000);
      expect(recent.length).toBeGreaterThan(8);
      expect(old.length).toBeGreaterThan(8);
      expect(recent.every((e) => e.source === "rds-event" && e.approximate === undefined)).toBe(true);
      expect(old.every((e) => e.source === "cloudtrail" && e.approximate === true)).toBe(true);
      expect(alternates(entries)).toBe(true);
      expect(Math.min(...entries.map((e) => e.at))).toBeLessThan(now - 30 * DAY);
    }
    expect(of("pay").every((e) => e.kind === "aurora_cluster")).toBe(true);
    expect(of("eu-reports").every((e) => e.region === "eu-west-1" && e.kind === "rds_instance")).toBe(true);
    const times = history.entries.map((e) => e.at);
    expect([...times].sort((x, y) => x - y)).toEqual(times);

    // One DescribeEvents per region (a page holds 100), four LookupEvents (one per power call) per region.
    const log = await control<CallLog>(`/aws/accounts/${a.accountId}/calls`);
    expect(log.byOperation).toEqual({ DescribeEvents: 2, LookupEvents: 8 });
  });

  it("sees AWS's forced start after the maximum stopped time as an auto restart", async () => {
    const a = await awsAccount({ durations: { maxStoppedSec: 2 * 86_400 } });
    await addInstance(a, { id: "idle", usage: "always-idle" });
    await control("/history", { method: "POST", body: { days: 30, account: a.accountId } });
    const now = Date.now();
    const { entries } = await aws(a, ["us-east-1"]).powerHistory({ kind: "rds_instance", externalId: "idle", region: "us-east-1" }, { since: now - 13 * DAY, until: now });
    const autos = entries.filter((e) => e.autoRestart);
    expect(autos.length).toBeGreaterThanOrEqual(2);
    for (const auto of autos) {
      const stop = entries.filter((e) => e.at < auto.at && e.state === "stopped").pop();
      // The stop before it may be older than the window; when it is in it, it is exactly 2 days older.
      if (stop) expect(auto.at - stop.at).toBe(2 * DAY);
      expect(auto).toMatchObject({ state: "running", source: "rds-event", cloudEventId: expect.stringMatching(/^RDS-EVENT-0154:arn:aws:rds:us-east-1:\d+:db:idle:\d+$/) });
    }
  });

  it("pages DescribeEvents and rides out a throttled page", async () => {
    const a = await awsAccount({ regions: ["us-east-1"] });
    for (let i = 0; i < 5; i++) await addInstance(a, { id: `batch-${i}`, usage: "nightly-batch" });
    await control("/history", { method: "POST", body: { days: 13, account: a.accountId } });
    await control(`/aws/accounts/${a.accountId}/calls`, { method: "DELETE" });
    await control(`/aws/accounts/${a.accountId}/faults`, { method: "PUT", body: { throttleNext: 1, operations: ["DescribeEvents"] } });
    // Asked through a second page's throttle too: throttleNext counts only DescribeEvents calls.
    const now = Date.now();
    const { entries, incomplete } = await aws(a, ["us-east-1"]).powerHistory(null, { since: now - 12 * DAY, until: now });
    expect(incomplete).toEqual([]);
    // Five databases, two records a night for about twelve nights: more than one page of 100.
    expect(entries.length).toBeGreaterThan(100);
    const log = await control<CallLog>(`/aws/accounts/${a.accountId}/calls`);
    expect(log.byOperation["DescribeEvents"]).toBeGreaterThanOrEqual(3);
    expect(log.errorsByOperation).toEqual({ DescribeEvents: 1 });
    expect(new Set(entries.map((e) => e.cloudEventId)).size).toBe(entries.length);
  });

  it("reports a region it could not read as incomplete and keeps the others", async () => {
    const a = await awsAccount();
    await addInstance(a, { id: "orders-dev", usage: "office-hours" });
    await addInstance(a, { region: "eu-west-1", id: "eu-orders", usage: "office-hours" });
    await control("/history", { method: "POST", body: { days: 10, account: a.accountId } });
    // The first DescribeEvents (whichever region sends it first) is throttled and not retried.
    await control(`/aws/accounts/${a.accountId}/faults`, { method: "PUT", body: { throttleNext: 1, operations: ["DescribeEvents"] } });
    const once = providerFor(
      { provider: "aws", authKind: "access_keys", regions: ["us-east-1", "eu-west-1"], endpoint: SIM, accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey },
      { retry: { maxAttempts: 1 } },
    );
    const now = Date.now();
    const { entries, incomplete } = await once.powerHistory(null, { since: now - 5 * DAY, until: now });
    expect(incomplete).toHaveLength(1);
    expect(incomplete[0]!.error).toMatchObject({ code: "Throttling", category: "throttled" });
    const failed = incomplete[0]!.region;
    const other = failed === "us-east-1" ? "eu-west-1" : "us-east-1";
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.region === other)).toBe(true);
    // The checkpoint of an ingest stays where it was, so the failed region is read again next time.
    const known: KnownInstance[] = [{ id: "i1", kind: "rds_instance", externalId: "orders-dev" }, { id: "i2", kind: "rds_instance", externalId: "eu-orders" }];
    await control(`/aws/accounts/${a.accountId}/faults`, { method: "PUT", body: { throttleNext: 1, operations: ["DescribeEvents"] } });
    const ingest = await ingestHistory(once, { id: "acc", orgId: "org" }, known, now - 5 * DAY, now);
    expect(ingest.checkpoint).toBe(now - 5 * DAY);
    await expect(aws(a).powerHistory(null, { since: now, until: now - DAY })).rejects.toMatchObject({ category: "invalid_request" });
  });
});

describe("GCP power history", () => {
  it("pairs the audit log's first (new policy) and last (finished) entries, at the finish time", { timeout: 60_000 }, async () => {
    const project = await control<{ projectId: string; serviceAccountKey: Record<string, unknown> }>("/gcp/projects", { method: "POST", body: { durations: "dev", regions: ["us-central1", "europe-west1"] } });
    await control(`/gcp/projects/${project.projectId}/instances`, { method: "POST", body: { name: "web-dev-pg", region: "us-central1", usage: "office-hours", createdDaysAgo: 120 } });
    await control(`/gcp/projects/${project.projectId}/instances`, { method: "POST", body: { name: "ml-dev-pg", region: "europe-west1", usage: "weekly-only", createdDaysAgo: 120 } });
    await control("/history", { method: "POST", body: { days: 45, account: project.projectId } });
    const gcp = providerFor({ provider: "gcp", serviceAccountKey: project.serviceAccountKey as never, endpoint: SIM });
    const now = Date.now();
    const history = await gcp.powerHistory(null, { since: now - 45 * DAY, until: now });
    const web = history.entries.filter((e) => e.externalId === "web-dev-pg");
    const ml = history.entries.filter((e) => e.externalId === "ml-dev-pg");
    expect(web.length).toBeGreaterThan(40);
    expect(ml.length).toBeGreaterThanOrEqual(8);
    expect(alternates(web)).toBe(true);
    expect(web[0]).toMatchObject({ kind: "cloudsql_instance", region: "us-central1", state: "stopped", source: "gcp-audit-log" });
    expect(ml.every((e) => e.region === "europe-west1")).toBe(true);
    expect(history.entries.every((e) => e.approximate === undefined)).toBe(true);

    // A live stop: nothing until the operation has finished, then one entry at its end.
    const primary = (await gcp.listDatabases()).databases.find((d) => d.externalId === "web-dev-pg")!;
    const op = (await gcp.stop(primary)).operation!;
    const during = await gcp.powerHistory(primary, { since: Date.now() - HOUR, until: Date.now() + 1 });
    expect(during.entries).toEqual([]);
    let done = op;
    for (let i = 0; i < 60 && done.status !== "done"; i++) {
      await new Promise((r) => setTimeout(r, 250));
      done = await gcp.getOperation(op);
    }
    const after = await gcp.powerHistory(primary, { since: Date.now() - HOUR, until: Date.now() + 1 });
    expect(after.entries).toEqual([
      { kind: "cloudsql_instance", externalId: "web-dev-pg", region: "us-central1", at: done.endedAt, state: "stopped", source: "gcp-audit-log", cloudEventId: `gcp-audit:${project.projectId}:${op.id}` },
    ]);
  });
});

describe("history into events", () => {
  const account = { id: "acc_1", orgId: "org_1" };
  const known: KnownInstance[] = [
    { id: "ins_a", kind: "rds_instance", externalId: "orders-dev" },
    { id: "ins_b", kind: "aurora_cluster", externalId: "pay" },
  ];
  const at = Date.UTC(2026, 10, 2, 19, 4);
  const entries: PowerHistoryEntry[] = [
    { kind: "rds_instance", externalId: "orders-dev", region: "us-east-1", at, state: "stopped", source: "rds-event", cloudEventId: "RDS-EVENT-0087:arn:x:1" },
    { kind: "rds_instance", externalId: "orders-dev", region: "us-east-1", at: at + 7 * DAY, state: "running", autoRestart: true, source: "rds-event", cloudEventId: "RDS-EVENT-0154:arn:x:2" },
    { kind: "aurora_cluster", externalId: "pay", region: "us-east-1", at: at - 20 * DAY, state: "running", source: "cloudtrail", approximate: true, cloudEventId: "cloudtrail:e1" },
    { kind: "rds_instance", externalId: "deleted-long-ago", region: "us-east-1", at, state: "stopped", source: "rds-event", cloudEventId: "RDS-EVENT-0087:arn:y:1" },
  ];

  it("says stopped / auto-restarted / started at the cloud's time, with the record it came from", async () => {
    const { events, unmatched } = await historyEvents(account, known, entries);
    expect(unmatched).toBe(1);
    expect(events.map((e) => [e.instanceId, e.type, e.causeKind, e.toState, e.occurredAt])).toEqual([
      ["ins_a", "instance.stopped", "cloud", "stopped", at],
      ["ins_a", "instance.auto_restarted", "aws_auto_restart", "starting", at + 7 * DAY],
      ["ins_b", "instance.started", "cloud", "running", at - 20 * DAY],
    ]);
    expect(events[0]!.detail).toEqual({ source: "rds-event", cloudEventId: "RDS-EVENT-0087:arn:x:1", externalId: "orders-dev", region: "us-east-1" });
    expect(events[2]!.detail).toMatchObject({ source: "cloudtrail", approximate: true });
  });

  it("gives the same ids to the same records, whatever else is read with them", async () => {
    const once = await historyEvents(account, known, entries);
    const again = await historyEvents(account, known, [entries[1]!, entries[0]!, entries[0]!]);
    expect(again.events.map((e) => e.id).sort()).toEqual(once.events.slice(0, 2).map((e) => e.id).sort());
    expect(new Set(once.events.map((e) => e.id)).size).toBe(3);
  });

  it("ingests an account's history and moves the checkpoint; reading again yields the same events", async () => {
    const a = await awsAccount({ regions: ["us-east-1"] });
    await addInstance(a, { id: "orders-dev", usage: "office-hours" });
    await control("/history", { method: "POST", body: { days: 20, account: a.accountId } });
    const provider = aws(a, ["us-east-1"]);
    const mine: KnownInstance[] = [{ id: "ins_orders", kind: "rds_instance", externalId: "orders-dev" }];
    const now = Date.now();
    const first = await ingestHistory(provider, account, mine, now - 90 * DAY, now);
    expect(first.events.length).toBeGreaterThan(20);
    expect(first.checkpoint).toBe(now - 20 * 60_000);
    expect(first.coveredFrom).toBeGreaterThan(now - 90 * DAY);
    const second = await ingestHistory(provider, account, mine, now - 90 * DAY, now + 1000);
    expect(second.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
    const later = await ingestHistory(provider, account, mine, first.checkpoint, now + 1000);
    expect(later.events).toEqual([]);
  });
});
