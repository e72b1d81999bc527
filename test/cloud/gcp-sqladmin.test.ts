import { describe, expect, it } from "vitest";
import { CloudError } from "../../worker/cloud/errors.ts";
import { cloudSqlState } from "../../worker/cloud/gcp/eligibility.ts";
import { GcpProvider } from "../../worker/cloud/gcp/provider.ts";
import type { PowerState } from "../../worker/cloud/provider.ts";
import {
  googleError,
  instancesList,
  operation,
  sqlInstance,
  timeSeriesList,
  tokenResponse,
  type SqlInstanceSpec,
} from "./fixtures/gcp.ts";
import { fakeFetch, generateServiceAccount, jsonResponse, rejection, testDeps, type Handler, type Recorded } from "./helpers.ts";

const { key } = await generateServiceAccount();
const TOKEN = "ya29.sqladmin-test-token-0123456789";

/** Answers the token endpoint itself and hands API calls to `api`. */
function setup(api: Handler, regions?: string[]) {
  const fake = fakeFetch((req, i) =>
    req.url.pathname === "/token" ? jsonResponse(tokenResponse(TOKEN)) : api(req, i),
  );
  const t = testDeps(fake.fetch);
  const provider = new GcpProvider({ provider: "gcp", serviceAccountKey: key, regions }, t.deps);
  const apiCalls = () => fake.calls.filter((c) => c.url.pathname !== "/token");
  return { provider, ...fake, ...t, apiCalls };
}

const listOf = (specs: SqlInstanceSpec[]): Handler => () => jsonResponse(instancesList(specs.map(sqlInstance)));
const ref = { kind: "cloudsql_instance" as const, externalId: "pg-1", region: "us-central1" };

describe("Cloud SQL Admin", () => {
  it("reads settings.maintenanceWindow (day 1-7 = Monday-Sunday, UTC) and scheduled maintenance as pending", async () => {
    const p = setup(
      listOf([
        { name: "patched-pg", maintenanceWindow: { day: 7, hour: 5 }, scheduledMaintenance: "2026-12-06T05:00:00.000Z" },
        { name: "any-day-pg", maintenanceWindow: { day: 0, hour: 0 } },
      ]),
    );
    const dbs = new Map((await p.provider.listDatabases()).databases.map((d) => [d.externalId, d]));
    expect(dbs.get("patched-pg")?.maintenance).toEqual({
      window: { startMinute: 6 * 1440 + 5 * 60, durationMinutes: 60 },
      pending: ["scheduled maintenance at 2026-12-06T05:00:00.000Z"],
      scheduledAt: Date.parse("2026-12-06T05:00:00Z"),
    });
    expect(dbs.get("any-day-pg")?.maintenance).toEqual({ window: null, pending: [], scheduledAt: null });
  });

  it("lists instances across pageToken pages", async () => {
    const p = setup((req) =>
      req.url.searchParams.get("pageToken") === "page-2"
        ? jsonResponse(instancesList([sqlInstance({ name: "c" })]))
        : jsonResponse(instancesList([sqlInstance({ name: "a" }), sqlInstance({ name: "b" })], "page-2")),
    );
    const list = await p.provider.listDatabases();
    expect(list.databases.map((d) => d.externalId)).toEqual(["a", "b", "c"]);
    expect(p.apiCalls().map((c) => `${c.method} ${c.url.pathname}${c.url.search}`)).toEqual([
      "GET /v1/projects/acme-dev/instances",
      "GET /v1/projects/acme-dev/instances?pageToken=page-2",
    ]);
    expect(p.apiCalls().every((c) => c.headers.get("authorization") === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("normalizes a DatabaseInstance", async () => {
    const p = setup(
      listOf([
        {
          name: "billing-pg",
          region: "europe-west1",
          databaseVersion: "POSTGRES_15",
          tier: "db-custom-4-16384",
          availabilityType: "REGIONAL",
          labels: { env: "staging", team: "billing" },
        },
      ]),
    );
    const [db] = (await p.provider.listDatabases()).databases;
    expect(db).toEqual({
      provider: "gcp",
      kind: "cloudsql_instance",
      externalId: "billing-pg",
      resourceName: "https://sqladmin.googleapis.com/v1/projects/acme-dev/instances/billing-pg",
      region: "europe-west1",
      name: "billing-pg",
      engine: "postgres",
      engineVersion: "POSTGRES_15",
      instanceClass: "db-custom-4-16384",
      cloudStatus: "RUNNABLE",
      state: "running",
      tags: { env: "staging", team: "billing" },
      eligible: true,
      multiAz: true,
      activationPolicy: "ALWAYS",
      edition: "ENTERPRISE",
      maintenance: { window: null, pending: [], scheduledAt: null },
    });
  });

  it("maps every Cloud SQL state together with the activation policy", () => {
    const table: [string, string | undefined, PowerState][] = [
      ["RUNNABLE", "ALWAYS", "running"],
      ["RUNNABLE", "NEVER", "stopped"],
      ["RUNNABLE", undefined, "running"],
      ["SUSPENDED", "ALWAYS", "unavailable"],
      ["PENDING_CREATE", "ALWAYS", "starting"],
      ["MAINTENANCE", "ALWAYS", "unavailable"],
      ["FAILED", "ALWAYS", "unavailable"],
      ["PENDING_DELETE", "ALWAYS", "unavailable"],
      ["REPAIRING", "ALWAYS", "unavailable"],
      ["ONLINE_MAINTENANCE", "ALWAYS", "running"],
      ["SQL_INSTANCE_STATE_UNSPECIFIED", "ALWAYS", "unknown"],
      ["SOMETHING_NEW", "NEVER", "unknown"],
    ];
    for (const [state, activationPolicy, expected] of table) {
      expect(cloudSqlState({ state, activationPolicy }), `${state}/${activationPolicy}`).toBe(expected);
    }
  });

  it("marks replicas and external primaries ineligible with a reason, primaries with replicas eligible", async () => {
    const p = setup(
      listOf([
        { name: "primary", replicaNames: ["replica-1"] },
        { name: "replica-1", instanceType: "READ_REPLICA_INSTANCE", masterInstanceName: "acme-dev:primary" },
        { name: "replica-legacy", masterInstanceName: "acme-dev:primary" },
        { name: "onprem", instanceType: "ON_PREMISES_INSTANCE", backendType: "EXTERNAL" },
        { name: "stopped", activationPolicy: "NEVER" },
      ]),
    );
    const dbs = new Map((await p.provider.listDatabases()).databases.map((d) => [d.externalId, d]));
    expect(dbs.get("primary")).toMatchObject({ eligible: true });
    expect(dbs.get("replica-1")).toMatchObject({
      eligible: false,
      ineligibleReason: 'It is a read replica of "acme-dev:primary"; SnoozeQL only stops and starts primary Cloud SQL instances.',
    });
    expect(dbs.get("replica-legacy")).toMatchObject({ eligible: false, ineligibleReason: expect.stringMatching(/read replica/) });
    expect(dbs.get("onprem")).toMatchObject({ eligible: false, ineligibleReason: expect.stringMatching(/outside Google Cloud/) });
    expect(dbs.get("stopped")).toMatchObject({ eligible: true, state: "stopped", cloudStatus: "RUNNABLE", activationPolicy: "NEVER" });
  });

  it("filters by the account's regions and reports unreachable regions as incomplete", async () => {
    const p = setup(
      () =>
        jsonResponse(
          instancesList(
            [sqlInstance({ name: "us", region: "us-central1" }), sqlInstance({ name: "eu", region: "europe-west1" })],
            undefined,
            [{ code: "REGION_UNREACHABLE", message: "asia-east1 is temporarily unreachable", region: "asia-east1" }],
          ),
        ),
      ["europe-west1"],
    );
    const list = await p.provider.listDatabases();
    expect(list.databases.map((d) => d.externalId)).toEqual(["eu"]);
    expect(list.incomplete).toHaveLength(1);
    expect(list.incomplete[0]).toMatchObject({ region: "asia-east1", error: { code: "REGION_UNREACHABLE", retryable: true } });
  });

  it("stops and starts by PATCHing settings.activationPolicy and returns the operation", async () => {
    const p = setup((req) => {
      const body = JSON.parse(req.body) as { settings: { activationPolicy: string } };
      return jsonResponse(operation({ name: `op-${body.settings.activationPolicy}`, status: "PENDING", target: "pg-1" }));
    });
    const stopped = await p.provider.stop(ref);
    const started = await p.provider.start(ref);
    const [stopCall, startCall] = p.apiCalls() as [Recorded, Recorded];
    expect(stopCall.method).toBe("PATCH");
    expect(stopCall.url.toString()).toBe("https://sqladmin.googleapis.com/v1/projects/acme-dev/instances/pg-1");
    expect(stopCall.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(stopCall.body)).toEqual({ settings: { activationPolicy: "NEVER" } });
    expect(JSON.parse(startCall.body)).toEqual({ settings: { activationPolicy: "ALWAYS" } });
    expect(stopped.operation).toEqual({
      id: "op-NEVER",
      status: "pending",
      operationType: "UPDATE",
      startedAt: Date.parse("2026-11-20T12:00:00.200Z"),
    });
    expect(started.operation?.id).toBe("op-ALWAYS");
  });

  it("polls operations", async () => {
    const p = setup((req) =>
      req.url.pathname.endsWith("/op-ok")
        ? jsonResponse(operation({ name: "op-ok", status: "DONE", target: "pg-1" }))
        : jsonResponse(
            operation({
              name: "op-bad",
              status: "DONE",
              target: "pg-1",
              error: { code: "INTERNAL_ERROR", message: "An internal error occurred. Please try again." },
            }),
          ),
    );
    expect(await p.provider.getOperation({ id: "op-ok" })).toMatchObject({ id: "op-ok", status: "done", endedAt: Date.parse("2026-11-20T12:02:00.000Z") });
    expect(await p.provider.getOperation({ id: "op-bad" })).toMatchObject({
      status: "done",
      error: { code: "INTERNAL_ERROR", message: "An internal error occurred. Please try again." },
    });
    expect(p.apiCalls().map((c) => c.url.pathname)).toEqual([
      "/v1/projects/acme-dev/operations/op-ok",
      "/v1/projects/acme-dev/operations/op-bad",
    ]);
  });

  it("retries RESOURCE_EXHAUSTED / 429 with backoff, then succeeds", async () => {
    let calls = 0;
    const p = setup(() =>
      ++calls <= 2
        ? jsonResponse(googleError(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Queries'", "rateLimitExceeded"), 429)
        : jsonResponse(instancesList([sqlInstance({ name: "a" })])),
    );
    expect((await p.provider.listDatabases()).databases).toHaveLength(1);
    expect(p.sleeps).toEqual([250, 500]);
  });

  it("surfaces Google's code, message and reason when an action is refused", async () => {
    const p = setup(() =>
      jsonResponse(
        googleError(409, "ABORTED", "Operation failed because another operation was already in progress.", "operationInProgress"),
        409,
      ),
    );
    const error = (await rejection(() => p.provider.stop(ref))) as CloudError;
    expect(error).toBeInstanceOf(CloudError);
    expect(error.toJSON()).toMatchObject({
      provider: "gcp",
      code: "ABORTED",
      reason: "operationInProgress",
      message: "Operation failed because another operation was already in progress.",
      httpStatus: 409,
      category: "invalid_state",
      retryable: false,
      operation: "sqladmin:instances.patch",
    });
    expect(p.apiCalls()).toHaveLength(1);
  });

  it("returns null for an instance Google says does not exist", async () => {
    const p = setup(() => jsonResponse(googleError(404, "NOT_FOUND", "The Cloud SQL instance does not exist.", "instanceDoesNotExist"), 404));
    expect(await p.provider.getDatabase(ref)).toBeNull();
  });

  it("has no capacity to set", async () => {
    const p = setup(listOf([]));
    await expect(p.provider.setCapacity(ref, { minCapacity: 0, maxCapacity: 1 })).rejects.toMatchObject({ category: "unsupported" });
    expect(p.calls).toHaveLength(0);
  });
});

describe("Cloud Monitoring", () => {
  const START = Date.UTC(2026, 10, 20, 11, 0, 0);
  const END = Date.UTC(2026, 10, 20, 12, 0, 0);

  it("queries timeSeries with the documented filter, interval and aggregation, following pageToken", async () => {
    const p = setup((req) => {
      const type = /metric\.type="([^"]+)"/.exec(req.url.searchParams.get("filter") ?? "")![1]!;
      if (type.endsWith("cpu/utilization")) {
        return req.url.searchParams.get("pageToken")
          ? jsonResponse(timeSeriesList([{ metricType: type, databaseId: "acme-dev:pg-1", points: [{ end: "2026-11-20T11:05:00Z", double: 0.125 }] }]))
          : jsonResponse(
              timeSeriesList(
                [{ metricType: type, databaseId: "acme-dev:pg-1", points: [{ end: "2026-11-20T11:10:00Z", double: 0.5 }] }],
                "ts-page-2",
              ),
            );
      }
      // two series for one database (e.g. per-database connections) are summed point-wise
      return jsonResponse(
        timeSeriesList([
          { metricType: type, databaseId: "acme-dev:pg-1", points: [{ end: "2026-11-20T11:05:00Z", int64: "3" }] },
          { metricType: type, databaseId: "acme-dev:pg-1", points: [{ end: "2026-11-20T11:05:00Z", double: 2 }] },
        ]),
      );
    });
    const series = await p.provider.getMetrics(ref, { start: START, end: END, periodSeconds: 300 });
    const calls = p.apiCalls();
    expect(calls.map((c) => c.url.origin + c.url.pathname)).toEqual(Array(3).fill("https://monitoring.googleapis.com/v3/projects/acme-dev/timeSeries"));
    const first = Object.fromEntries(calls.find((c) => !c.url.searchParams.has("pageToken"))!.url.searchParams);
    expect(first).toEqual({
      filter: 'metric.type="cloudsql.googleapis.com/database/cpu/utilization" AND resource.labels.database_id="acme-dev:pg-1"',
      "interval.startTime": "2026-11-20T11:00:00.000Z",
      "interval.endTime": "2026-11-20T12:00:00.000Z",
      "aggregation.alignmentPeriod": "300s",
      "aggregation.perSeriesAligner": "ALIGN_MEAN",
    });
    expect(calls.some((c) => c.url.searchParams.get("pageToken") === "ts-page-2")).toBe(true);
    expect(
      calls.some(
        (c) =>
          c.url.searchParams.get("filter") ===
          'metric.type="cloudsql.googleapis.com/database/network/connections" AND resource.labels.database_id="acme-dev:pg-1"',
      ),
    ).toBe(true);
    expect(series).toEqual([
      {
        metric: "cpu_utilization",
        cloudMetric: "cloudsql.googleapis.com/database/cpu/utilization",
        unit: "percent",
        points: [
          { timestamp: Date.parse("2026-11-20T11:05:00Z"), value: 12.5 },
          { timestamp: Date.parse("2026-11-20T11:10:00Z"), value: 50 },
        ],
      },
      {
        metric: "connections",
        cloudMetric: "cloudsql.googleapis.com/database/network/connections",
        unit: "count",
        points: [{ timestamp: Date.parse("2026-11-20T11:05:00Z"), value: 5 }],
      },
    ]);
  });

  it("uses ALIGN_MAX for the maximum statistic and skips metrics Cloud SQL does not have", async () => {
    const p = setup(() => jsonResponse({}));
    const series = await p.provider.getMetrics(ref, {
      start: START,
      end: END,
      periodSeconds: 60,
      statistic: "maximum",
      metrics: ["connections", "read_iops"],
    });
    expect(series.map((s) => s.metric)).toEqual(["connections"]);
    expect(series[0]!.points).toEqual([]);
    expect(p.apiCalls()).toHaveLength(1);
    expect(p.apiCalls()[0]!.url.searchParams.get("aggregation.perSeriesAligner")).toBe("ALIGN_MAX");
    expect(p.apiCalls()[0]!.url.searchParams.get("aggregation.alignmentPeriod")).toBe("60s");
  });
});
