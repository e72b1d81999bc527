// Past power history in the simulator (POST /__sim/history), read back the way the official
// clients read a real account's: RDS DescribeEvents through @aws-sdk/client-rds (14 days kept,
// Marker paging), CloudTrail LookupEvents as awsJson1_1 signed with aws4fetch (90 days, one lookup
// attribute, NextToken), and Cloud SQL's admin-activity audit log through Cloud Logging
// entries:list with google-auth-library. (@aws-sdk/client-cloudtrail is not used: the registry
// reachable here has no release of it in the 3.116x-3.117x line the other AWS clients use.)
import { DescribeEventsCommand, paginateDescribeEvents, StopDBInstanceCommand } from "@aws-sdk/client-rds";
import { AwsClient } from "aws4fetch";
import { describe, expect, it } from "vitest";
import { addCluster, addInstance, addSql, ctl, creds, failure, googleAuthClient, newAwsAccount, newGcpProject, rds, SIM, sleep, sqlAdmin, type AwsAccount, type GcpProject } from "./helpers.ts";

const DAY = 86_400_000;
const INSTANCE_AUTO_START = "DB instance is being started due to it exceeding the maximum allowed time being stopped.";

interface HistoryAnswer {
  accounts: { account: string; now: string; databases: { id: string; kind: string; sleeps: number; autoRestarts: number; skipped?: string }[] }[];
}

const history = (body: Record<string, unknown>, status = 200) => ctl<HistoryAnswer>("POST", "/history", body, status);
const simNow = async (a: AwsAccount) => Date.parse((await ctl<{ now: string }>("GET", `/aws/accounts/${a.accountId}/clock`)).now);

async function lookupEvents(a: AwsAccount, body: Record<string, unknown>, region = "us-east-1"): Promise<{ status: number; json: Record<string, unknown> }> {
  const client = new AwsClient({ accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey, service: "cloudtrail", region, retries: 0 });
  const res = await client.fetch(`${SIM()}/`, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

interface TrailEvent {
  EventId: string;
  EventName: string;
  EventTime: number;
  Resources: { ResourceType: string; ResourceName: string }[];
  CloudTrailEvent: string;
}

describe("POST /__sim/history for AWS", () => {
  it("writes weekday-evening stops and morning starts as RDS events, 14 days of which DescribeEvents returns", async () => {
    const a = await newAwsAccount();
    await addInstance(a, { id: "office", engine: "postgres", usage: "office-hours", createdDaysAgo: 90 });
    const report = await history({ days: 45, seed: 7, account: a.accountId });
    const office = report.accounts[0]!.databases.find((d) => d.id === "office")!;
    // Six to seven weeks of weekdays, minus the edges of the window.
    expect(office.sleeps).toBeGreaterThanOrEqual(25);
    expect(office.autoRestarts).toBe(0);

    const now = await simNow(a);
    const c = rds(creds(a));
    const messages: { m: string; at: number }[] = [];
    for await (const page of paginateDescribeEvents({ client: c, pageSize: 20 }, { SourceType: "db-instance", StartTime: new Date(now - 40 * DAY), EndTime: new Date(now) })) {
      for (const e of page.Events ?? []) messages.push({ m: e.Message!, at: e.Date!.getTime() });
    }
    // RDS keeps 14 days of events, whatever StartTime asks for.
    expect(messages.length).toBeGreaterThanOrEqual(16);
    expect(Math.min(...messages.map((e) => e.at))).toBeGreaterThanOrEqual(now - 14 * DAY);
    // Stopped and started alternate, never two of a kind in a row, and the history ends running.
    for (let i = 1; i < messages.length; i++) expect(messages[i]!.m).not.toBe(messages[i - 1]!.m);
    expect(messages[messages.length - 1]!.m).toBe("DB instance started");
    for (const e of messages.filter((x) => x.m === "DB instance stopped")) {
      const d = new Date(e.at);
      expect([1, 2, 3, 4, 5]).toContain(d.getUTCDay()); // office hours end on weekdays (UTC workload)
      expect(d.getUTCHours()).toBeGreaterThanOrEqual(19);
    }
  });

  it("records AWS's forced start after the maximum stopped time, with no CloudTrail call behind it", async () => {
    // Two days instead of seven, so a 14-day window holds several forced starts.
    const a = await newAwsAccount({ durations: { maxStoppedSec: 2 * 86_400 } });
    await addInstance(a, { id: "idle", engine: "mysql", usage: "always-idle", createdDaysAgo: 90 });
    await addCluster(a, { id: "idle-aurora", engine: "aurora-postgresql", usage: "always-idle", createdDaysAgo: 90, members: [{ id: "idle-aurora-1" }] });
    const report = await history({ days: 30, account: a.accountId });
    const byId = Object.fromEntries(report.accounts[0]!.databases.map((d) => [d.id, d]));
    expect(byId["idle"]!.autoRestarts).toBeGreaterThanOrEqual(3);
    expect(byId["idle-aurora"]!.autoRestarts).toBeGreaterThanOrEqual(3);

    const c = rds(creds(a));
    const now = await simNow(a);
    const ev = await c.send(new DescribeEventsCommand({ SourceType: "db-instance", SourceIdentifier: "idle", StartTime: new Date(now - 13 * DAY), EndTime: new Date(now) }));
    const events = ev.Events ?? [];
    const autos = events.filter((e) => e.Message === INSTANCE_AUTO_START);
    expect(autos.length).toBeGreaterThanOrEqual(2);
    // Each forced start comes exactly the maximum stopped time after the stop before it.
    const gaps = autos.flatMap((auto) => {
      const before = events.filter((e) => e.Date! < auto.Date! && e.Message === "DB instance stopped").pop();
      return before ? [auto.Date!.getTime() - before.Date!.getTime()] : [];
    });
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    expect(new Set(gaps)).toEqual(new Set([2 * DAY]));
    const cluster = await c.send(new DescribeEventsCommand({ SourceType: "db-cluster", StartTime: new Date(now - 13 * DAY), EndTime: new Date(now) }));
    expect(cluster.Events?.map((e) => e.Message)).toContain("DB cluster is being started due to it exceeding the maximum allowed time being stopped.");

    // CloudTrail holds the owner's stop calls but no start for the forced ones.
    const stops = await lookupEvents(a, { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "StopDBInstance" }], StartTime: (now - 29 * DAY) / 1000, EndTime: now / 1000 });
    const starts = await lookupEvents(a, { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "StartDBInstance" }], StartTime: (now - 29 * DAY) / 1000, EndTime: now / 1000 });
    const stopCount = (stops.json["Events"] as TrailEvent[]).length;
    const startCount = (starts.json["Events"] as TrailEvent[]).length;
    expect(stopCount).toBeGreaterThan(startCount);
  });

  it("skips databases that cannot be stopped, leaves the present alone, and generates once", async () => {
    const a = await newAwsAccount();
    await addInstance(a, { id: "src", engine: "postgres", usage: "office-hours", createdDaysAgo: 90 });
    await addInstance(a, { id: "src-replica", readReplicaSource: "src", usage: "office-hours", createdDaysAgo: 90 });
    await addInstance(a, { id: "sleeping", engine: "mysql", status: "stopped", stoppedHoursAgo: 50, usage: "nightly-batch", createdDaysAgo: 90 });
    await addCluster(a, { id: "global-member", engine: "aurora-postgresql", globalClusterId: "g", usage: "office-hours", members: [{ id: "gm-1" }], createdDaysAgo: 90 });
    const first = await history({ days: 20, account: a.accountId });
    const byId = Object.fromEntries(first.accounts[0]!.databases.map((d) => [d.id, d]));
    expect(byId["src"]!.skipped).toBe("source of read replicas");
    expect(byId["src-replica"]!.skipped).toBe("read replica");
    expect(byId["global-member"]!.skipped).toBe("global database member");
    expect(byId["sleeping"]!.sleeps).toBeGreaterThan(5);

    const now = await simNow(a);
    const c = rds(creds(a));
    const all = async () => (await c.send(new DescribeEventsCommand({ SourceType: "db-instance", SourceIdentifier: "sleeping", StartTime: new Date(now - 13 * DAY), EndTime: new Date(now) }))).Events ?? [];
    const events = await all();
    // The history ends running an hour before the stop that put it in its present state.
    const stoppedAt = now - 50 * 3_600_000;
    expect(events[events.length - 1]!.Message).toBe("DB instance started");
    expect(events[events.length - 1]!.Date!.getTime()).toBeLessThanOrEqual(stoppedAt - 3_600_000);
    expect(((await ctl<{ instances: { id: string; status: string }[] }>("GET", `/aws/accounts/${a.accountId}/resources`)).instances.find((i) => i.id === "sleeping"))?.status).toBe("stopped");

    const again = await history({ days: 20, account: a.accountId });
    expect(again.accounts[0]!.databases.find((d) => d.id === "sleeping")).toMatchObject({ sleeps: 0, skipped: "history already generated" });
    expect(await all()).toHaveLength(events.length);
  });

  it("refuses a bad request", async () => {
    await history({ days: 0 }, 400);
    await history({ days: 401 }, 400);
    await history({ days: 5, seed: "x" }, 400);
    await history({ days: 5, account: "000000000000" }, 404);
  });
});

describe("CloudTrail LookupEvents", () => {
  it("answers 90 days of stop/start calls newest first, paged, with one lookup attribute", async () => {
    const a = await newAwsAccount();
    await addInstance(a, { id: "nightly", engine: "postgres", usage: "nightly-batch", createdDaysAgo: 200 });
    await history({ days: 120, account: a.accountId });
    const now = await simNow(a);
    const attr = { LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: "nightly" }] };
    const seen: TrailEvent[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await lookupEvents(a, { ...attr, StartTime: (now - 200 * DAY) / 1000, EndTime: now / 1000, MaxResults: 50, ...(token && { NextToken: token }) });
      expect(res.status).toBe(200);
      seen.push(...(res.json["Events"] as TrailEvent[]));
      token = res.json["NextToken"] as string | undefined;
      pages += 1;
    } while (token);
    expect(pages).toBeGreaterThan(2);
    // Only 90 days are kept, even though 120 days were written.
    expect(Math.min(...seen.map((e) => e.EventTime * 1000))).toBeGreaterThanOrEqual(now - 90 * DAY - 1000);
    expect(Math.min(...seen.map((e) => e.EventTime * 1000))).toBeLessThan(now - 80 * DAY);
    const times = seen.map((e) => e.EventTime);
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    expect(new Set(seen.map((e) => e.EventId)).size).toBe(seen.length);
    const record = JSON.parse(seen[0]!.CloudTrailEvent) as Record<string, unknown>;
    expect(record).toMatchObject({ eventSource: "rds.amazonaws.com", eventName: seen[0]!.EventName, requestParameters: { dBInstanceIdentifier: "nightly" }, readOnly: false });
    expect(seen[0]!.Resources).toEqual([{ ResourceType: "AWS::RDS::DBInstance", ResourceName: "nightly" }]);

    const two = await lookupEvents(a, { LookupAttributes: [...attr.LookupAttributes, { AttributeKey: "EventName", AttributeValue: "StopDBInstance" }] });
    expect(two.status).toBe(400);
    expect(two.json["__type"]).toBe("InvalidLookupAttributesException");
    const bad = await lookupEvents(a, { MaxResults: 51 });
    expect(bad.json["__type"]).toBe("InvalidMaxResultsException");
    const backwards = await lookupEvents(a, { StartTime: now / 1000, EndTime: (now - DAY) / 1000 });
    expect(backwards.json["__type"]).toBe("InvalidTimeRangeException");
  });

  it("records a live StopDBInstance call at its request time, by its caller", async () => {
    const a = await newAwsAccount();
    await addInstance(a, { id: "live", engine: "postgres" });
    const before = Date.now();
    await rds(creds(a)).send(new StopDBInstanceCommand({ DBInstanceIdentifier: "live" }));
    const res = await lookupEvents(a, { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "StopDBInstance" }] });
    const events = res.json["Events"] as TrailEvent[];
    expect(events).toHaveLength(1);
    expect(events[0]!.EventTime * 1000).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    const record = JSON.parse(events[0]!.CloudTrailEvent) as { userIdentity: { type: string; arn: string } };
    expect(record.userIdentity).toMatchObject({ type: "IAMUser", arn: a.userArn });
  });
});

describe("Cloud SQL audit log through Cloud Logging entries:list", () => {
  async function entries(p: GcpProject, body: Record<string, unknown>): Promise<{ status: number; data: Record<string, unknown> }> {
    const client = await googleAuthClient(p.serviceAccountKey);
    try {
      const res = await client.request<Record<string, unknown>>({ url: `${SIM()}/v2/entries:list`, method: "POST", data: { resourceNames: [`projects/${p.projectId}`], ...body } });
      return { status: res.status, data: res.data };
    } catch (e) {
      const r = (e as { response?: { status: number; data: Record<string, unknown> } }).response;
      if (!r) throw e;
      return { status: r.status, data: r.data };
    }
  }

  interface LogEntry {
    timestamp: string;
    operation: { id: string; first?: boolean; last?: boolean };
    protoPayload: { methodName: string; resourceName: string; request?: { body: { settings: { activationPolicy: string } } } };
    resource: { type: string; labels: Record<string, string> };
  }

  it("holds a first entry with the new activation policy and a last entry when the operation finished", async () => {
    const p = await newGcpProject();
    await addSql(p, { name: "web-dev", region: "us-central1", usage: "office-hours", createdDaysAgo: 60 });
    await addSql(p, { name: "web-dev-replica", masterInstanceName: "web-dev", createdDaysAgo: 60 });
    const report = await history({ days: 30, account: p.projectId });
    expect(report.accounts[0]!.databases.find((d) => d.id === "web-dev-replica")!.skipped).toBe("read replica");
    const filter = `logName="projects/${p.projectId}/logs/cloudaudit.googleapis.com%2Factivity" AND protoPayload.serviceName="cloudsql.googleapis.com" AND protoPayload.methodName=("cloudsql.instances.update" OR "cloudsql.instances.patch")`;
    const all: LogEntry[] = [];
    let pageToken: string | undefined;
    do {
      const res = await entries(p, { filter, orderBy: "timestamp asc", pageSize: 25, ...(pageToken && { pageToken }) });
      expect(res.status).toBe(200);
      all.push(...((res.data["entries"] as LogEntry[] | undefined) ?? []));
      pageToken = res.data["nextPageToken"] as string | undefined;
    } while (pageToken);
    expect(all.length).toBeGreaterThanOrEqual(4 * 18);
    const firsts = all.filter((e) => e.operation.first);
    const lasts = all.filter((e) => e.operation.last);
    expect(firsts).toHaveLength(lasts.length);
    for (const f of firsts) {
      const l = lasts.find((x) => x.operation.id === f.operation.id)!;
      expect(Date.parse(l.timestamp)).toBeGreaterThan(Date.parse(f.timestamp));
      expect(["NEVER", "ALWAYS"]).toContain(f.protoPayload.request!.body.settings.activationPolicy);
      expect(f.resource).toMatchObject({ type: "cloudsql_database", labels: { database_id: `${p.projectId}:web-dev`, region: "us-central1" } });
    }
    const policies = firsts.map((f) => f.protoPayload.request!.body.settings.activationPolicy);
    for (let i = 1; i < policies.length; i++) expect(policies[i]).not.toBe(policies[i - 1]);
    expect(policies[0]).toBe("NEVER");
    expect(policies[policies.length - 1]).toBe("ALWAYS");

    const recent = await entries(p, { filter: `${filter} AND timestamp>="${new Date(Date.now() - 3 * DAY).toISOString()}"`, orderBy: "timestamp desc" });
    const times = ((recent.data["entries"] as LogEntry[] | undefined) ?? []).map((e) => Date.parse(e.timestamp));
    expect(times.every((t) => t >= Date.now() - 3 * DAY - 60_000)).toBe(true);
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  it("logs a live activation-policy patch: first at once, last when the operation is done", async () => {
    const p = await newGcpProject();
    await addSql(p, { name: "live-pg" });
    const api = await sqlAdmin(p.serviceAccountKey);
    await api.instances.patch({ project: p.projectId, instance: "live-pg", requestBody: { settings: { activationPolicy: "NEVER" } } });
    const filter = `protoPayload.resourceName="projects/${p.projectId}/instances/live-pg"`;
    const now = (await entries(p, { filter })).data["entries"] as LogEntry[];
    expect(now.map((e) => [e.operation.first ?? false, e.operation.last ?? false])).toEqual([[true, false]]);
    expect(now[0]!.protoPayload.request!.body.settings.activationPolicy).toBe("NEVER");
    await sleep(5_500); // dev durations: 1 s pending + 4 s running
    const later = (await entries(p, { filter })).data["entries"] as LogEntry[];
    expect(later.map((e) => e.operation.last ?? false)).toEqual([false, true]);
    expect(later[1]!.operation.id).toBe(later[0]!.operation.id);
  });

  it("answers Google's errors for another project, a bad order and a bad filter", async () => {
    const p = await newGcpProject();
    const other = await entries(p, { resourceNames: ["projects/someone-else"] });
    expect(other.status).toBe(403);
    expect((await entries(p, { orderBy: "severity" })).status).toBe(400);
    expect((await entries(p, { filter: "timestamp>=yesterday" })).status).toBe(400);
    expect((await entries(p, { pageSize: 5000 })).status).toBe(400);
  });
});

describe("the simulator's own 7-day restart is on record", () => {
  it("leaves RDS-EVENT-0154's message for an instance left stopped", async () => {
    const a = await newAwsAccount({ durations: { instanceStopSec: 0, instanceStartSec: 0 } });
    await addInstance(a, { id: "forgotten", engine: "postgres" });
    await rds(creds(a)).send(new StopDBInstanceCommand({ DBInstanceIdentifier: "forgotten" }));
    await ctl("POST", `/aws/accounts/${a.accountId}/clock`, { advanceSeconds: 7 * 86_400 + 30 });
    const ev = await rds(creds(a)).send(new DescribeEventsCommand({ SourceType: "db-instance", SourceIdentifier: "forgotten", Duration: 8 * 24 * 60 }));
    expect(ev.Events?.map((e) => e.Message)).toEqual(["DB instance stopped", INSTANCE_AUTO_START, "DB instance started"]);
    const bad = await failure(() => rds(creds(a)).send(new DescribeEventsCommand({ MaxRecords: 10 })));
    expect(bad.name).toBe("InvalidParameterValue");
  });
});
