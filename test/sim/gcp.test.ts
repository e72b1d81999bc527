// GCP through google-auth-library and @googleapis/sqladmin (rootUrl = simulator, key token_uri =
// simulator): the JWT-bearer token endpoint and its refusals, Cloud SQL instances list/get/patch,
// operations PENDING -> RUNNING -> DONE, replica refusal, Google's error shapes (401, 403, 404,
// 409, 429 RESOURCE_EXHAUSTED / rateLimitExceeded), and Cloud Monitoring timeSeries.list.
import { createSign, generateKeyPairSync } from "node:crypto";
import type { GaxiosError } from "gaxios";
import { describe, expect, it } from "vitest";
import {
  addSql,
  advanceGcp,
  ctl,
  failure,
  gcpCalls,
  googleAuthClient,
  newGcpProject,
  setGcpFaults,
  SIM,
  sleep,
  sqlAdmin,
  type GcpProject,
  type ServiceAccountKey,
} from "./helpers.ts";

const CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

function signJwt(payload: Record<string, unknown>, privateKeyPem: string): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const input = `${enc({ alg: "RS256", typ: "JWT" })}.${enc(payload)}`;
  const sig = createSign("RSA-SHA256").update(input).sign(privateKeyPem).toString("base64url");
  return `${input}.${sig}`;
}

async function token(key: ServiceAccountKey, payload: Record<string, unknown>, pem = key.private_key) {
  const res = await fetch(key.token_uri, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion: signJwt(payload, pem) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function claims(key: ServiceAccountKey, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = Math.floor(Date.now() / 1000);
  return { iss: key.client_email, scope: CLOUD_PLATFORM, aud: "https://oauth2.googleapis.com/token", iat, exp: iat + 3600, ...extra };
}

function gerr(e: unknown): { status: number; data: { error: { code: number; message: string; status: string; errors?: { reason: string; domain: string }[]; details?: Record<string, unknown>[] } } } {
  const g = e as GaxiosError;
  return { status: g.response!.status, data: g.response!.data as never };
}

async function project(): Promise<GcpProject> {
  const p = await newGcpProject({ durations: { sqlPendingSec: 0.4, sqlRunningSec: 0.8 } });
  await addSql(p, { name: "app-dev", databaseVersion: "POSTGRES_16", labels: { env: "dev", team: "web" }, usage: "always-busy" });
  await addSql(p, { name: "app-dev-replica", masterInstanceName: "app-dev" });
  await addSql(p, { name: "crm-qa", databaseVersion: "MYSQL_8_0", labels: { env: "qa" }, usage: "always-idle" });
  return p;
}

describe("service-account keys and the token endpoint", () => {
  it("hands out a complete key file whose token_uri points at the simulator", async () => {
    const p = await newGcpProject();
    const k = p.serviceAccountKey;
    expect(k.type).toBe("service_account");
    expect(k.project_id).toBe(p.projectId);
    expect(k.client_email).toBe(`snoozeql@${p.projectId}.iam.gserviceaccount.com`);
    expect(k.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(k.private_key_id).toMatch(/^[0-9a-f]{40}$/);
    expect(k.token_uri).toBe(`${SIM()}/token`);
    const listed = await ctl<{ gcp: { projectId: string; serviceAccountKey: ServiceAccountKey }[] }>("GET", "/accounts");
    expect(listed.gcp.find((x) => x.projectId === p.projectId)?.serviceAccountKey).toEqual(k);
  });

  it("issues 1-hour bearer tokens for a valid RS256 assertion and refuses bad ones like Google", async () => {
    const p = await newGcpProject();
    const k = p.serviceAccountKey;
    const ok = await token(k, claims(k));
    expect(ok.status).toBe(200);
    expect(ok.body["token_type"]).toBe("Bearer");
    expect(ok.body["expires_in"]).toBe(3599);
    expect(String(ok.body["access_token"])).toMatch(/^ya29\./);
    const ownAud = await token(k, claims(k, { aud: k.token_uri }));
    expect(ownAud.status).toBe(200);

    const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const badSig = await token(k, claims(k), otherKey);
    expect(badSig).toEqual({ status: 400, body: { error: "invalid_grant", error_description: "Invalid JWT Signature." } });
    const long = await token(k, claims(k, { exp: Math.floor(Date.now() / 1000) + 7200 }));
    expect(long.status).toBe(400);
    expect(long.body["error"]).toBe("invalid_grant");
    expect(String(long.body["error_description"])).toContain("short-lived token (60 minutes)");
    const expired = await token(k, claims(k, { iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }));
    expect(expired.body["error"]).toBe("invalid_grant");
    const badAud = await token(k, claims(k, { aud: "https://example.com/token" }));
    expect(badAud.body["error"]).toBe("invalid_grant");
    expect(String(badAud.body["error_description"])).toContain("audience");
    const noScope = await token(k, claims(k, { scope: undefined }));
    expect(noScope).toEqual({ status: 400, body: { error: "invalid_scope", error_description: "Invalid OAuth scope or ID token audience provided." } });
    const unknown = await token(k, claims(k, { iss: `ghost@${p.projectId}.iam.gserviceaccount.com` }));
    expect(unknown.body).toEqual({ error: "invalid_grant", error_description: "Invalid grant: account not found" });
    const grant = await fetch(k.token_uri, { method: "POST", body: new URLSearchParams({ grant_type: "password" }) });
    expect(grant.status).toBe(400);
  });
});

describe("Cloud SQL Admin v1 through @googleapis/sqladmin", () => {
  it("lists and gets instances with the fields the real API reports", async () => {
    const p = await project();
    const sql = await sqlAdmin(p.serviceAccountKey);
    const list = await sql.instances.list({ project: p.projectId });
    expect(list.status).toBe(200);
    expect(list.data.kind).toBe("sql#instancesList");
    expect(list.data.items?.map((i) => i.name)).toEqual(["app-dev", "app-dev-replica", "crm-qa"]);
    const primary = list.data.items![0]!;
    expect(primary.state).toBe("RUNNABLE");
    expect(primary.settings?.activationPolicy).toBe("ALWAYS");
    expect(primary.settings?.userLabels).toEqual({ env: "dev", team: "web" });
    expect(primary.instanceType).toBe("CLOUD_SQL_INSTANCE");
    expect(primary.replicaNames).toEqual(["app-dev-replica"]);
    expect(primary.connectionName).toBe(`${p.projectId}:us-central1:app-dev`);
    expect(primary.settings?.settingsVersion).toBe("1");
    const replica = await sql.instances.get({ project: p.projectId, instance: "app-dev-replica" });
    expect(replica.data.instanceType).toBe("READ_REPLICA_INSTANCE");
    expect(replica.data.masterInstanceName).toBe(`${p.projectId}:app-dev`);
    const filtered = await sql.instances.list({ project: p.projectId, filter: "settings.userLabels.env:qa" });
    expect(filtered.data.items?.map((i) => i.name)).toEqual(["crm-qa"]);
    const paged = await sql.instances.list({ project: p.projectId, maxResults: 2 });
    expect(paged.data.items).toHaveLength(2);
    const rest = await sql.instances.list({ project: p.projectId, maxResults: 2, pageToken: paged.data.nextPageToken! });
    expect(rest.data.items?.map((i) => i.name)).toEqual(["crm-qa"]);
    expect(rest.data.nextPageToken).toBeUndefined();
    const missing = await failure(() => sql.instances.get({ project: p.projectId, instance: "nope" }, { retry: false }));
    const m = gerr(missing);
    expect(m.status).toBe(404);
    expect(m.data.error.errors?.[0]?.reason).toBe("instanceDoesNotExist");
  });

  it("stops an instance with activationPolicy NEVER through an operation PENDING -> RUNNING -> DONE", async () => {
    const p = await project();
    const sql = await sqlAdmin(p.serviceAccountKey);
    const op = await sql.instances.patch({ project: p.projectId, instance: "app-dev", requestBody: { settings: { activationPolicy: "NEVER" } } });
    expect(op.data.kind).toBe("sql#operation");
    expect(op.data.status).toBe("PENDING");
    expect(op.data.operationType).toBe("UPDATE");
    expect(op.data.targetId).toBe("app-dev");
    expect(op.data.user).toBe(p.serviceAccountKey.client_email);
    expect(op.data.selfLink).toBe(`${SIM()}/v1/projects/${p.projectId}/operations/${op.data.name}`);
    const busy = await failure(() => sql.instances.patch({ project: p.projectId, instance: "app-dev", requestBody: { settings: { activationPolicy: "ALWAYS" } } }, { retry: false }));
    expect(gerr(busy).status).toBe(409);
    expect(gerr(busy).data.error.errors?.[0]?.reason).toBe("operationInProgress");
    const seen: string[] = [];
    for (let i = 0; i < 40; i++) {
      const o = await sql.operations.get({ project: p.projectId, operation: op.data.name! });
      if (seen[seen.length - 1] !== o.data.status) seen.push(o.data.status!);
      if (o.data.status === "DONE") {
        expect(o.data.startTime).toBeTruthy();
        expect(o.data.endTime).toBeTruthy();
        break;
      }
      await sleep(100);
    }
    expect(seen).toEqual(["PENDING", "RUNNING", "DONE"]);
    const after = await sql.instances.get({ project: p.projectId, instance: "app-dev" });
    expect(after.data.settings?.activationPolicy).toBe("NEVER");
    expect(after.data.state).toBe("RUNNABLE");
    expect(after.data.settings?.settingsVersion).toBe("2");
    const ops = await sql.operations.list({ project: p.projectId, instance: "app-dev" });
    expect(ops.data.items?.map((o) => o.status)).toEqual(["DONE"]);
  });

  it("refuses NEVER on a read replica", async () => {
    const p = await project();
    const sql = await sqlAdmin(p.serviceAccountKey);
    const e = await failure(() => sql.instances.patch({ project: p.projectId, instance: "app-dev-replica", requestBody: { settings: { activationPolicy: "NEVER" } } }, { retry: false }));
    const g = gerr(e);
    expect(g.status).toBe(400);
    expect(g.data.error.code).toBe(400);
    expect(g.data.error.message).toContain("read replica");
    expect(g.data.error.errors?.[0]).toMatchObject({ domain: "global", reason: "invalidFlagValue" });
  });

  it("answers 429 RESOURCE_EXHAUSTED / rateLimitExceeded, which the client retries by default", async () => {
    const p = await project();
    const sql = await sqlAdmin(p.serviceAccountKey);
    await setGcpFaults(p, { throttleNext: 1 });
    const e = await failure(() => sql.instances.list({ project: p.projectId }, { retry: false }));
    const g = gerr(e);
    expect(g.status).toBe(429);
    expect(g.data.error.code).toBe(429);
    expect(g.data.error.status).toBe("RESOURCE_EXHAUSTED");
    expect(g.data.error.errors?.[0]).toMatchObject({ domain: "global", reason: "rateLimitExceeded" });
    expect(g.data.error.message).toMatch(/^Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'sqladmin\.googleapis\.com'/);
    expect(g.data.error.details?.[0]).toMatchObject({ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "RATE_LIMIT_EXCEEDED", domain: "googleapis.com" });
    await setGcpFaults(p, { throttleNext: 1 });
    const retried = await sql.instances.list({ project: p.projectId });
    expect(retried.status).toBe(200);
    const log = await gcpCalls(p);
    expect(log.errorsByOperation["sql.instances.list"]).toBe(2);
  });

  it("enforces a per-minute quota when rate limits are on, and 5xx faults", async () => {
    const p = await project();
    const sql = await sqlAdmin(p.serviceAccountKey);
    await setGcpFaults(p, { rateLimit: true, gcpPerMinute: 3 });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      codes.push(await sql.instances.get({ project: p.projectId, instance: "crm-qa" }, { retry: false }).then((r) => r.status, (e: unknown) => gerr(e).status));
    }
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    await setGcpFaults(p, { errorNext: 1, errorStatus: 503 });
    const e = await failure(() => sql.instances.get({ project: p.projectId, instance: "crm-qa" }, { retry: false }));
    expect(gerr(e).status).toBe(503);
    expect(gerr(e).data.error.status).toBe("UNAVAILABLE");
  });

  it("answers 401 to a bad token, 403 to another project's service account or too narrow a scope", async () => {
    const p = await project();
    const other = await newGcpProject();
    const res = await fetch(`${SIM()}/v1/projects/${p.projectId}/instances`, { headers: { authorization: "Bearer ya29.not-a-token" } });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { status: string; errors: { reason: string }[] } };
    expect(body.error.status).toBe("UNAUTHENTICATED");
    expect(body.error.errors[0]?.reason).toBe("authError");
    expect(res.headers.get("www-authenticate")).toContain("invalid_token");
    const foreign = await sqlAdmin(other.serviceAccountKey);
    const f = await failure(() => foreign.instances.list({ project: p.projectId }, { retry: false }));
    expect(gerr(f).status).toBe(403);
    expect(gerr(f).data.error.errors?.[0]?.reason).toBe("notAuthorized");
    const narrow = await sqlAdmin(p.serviceAccountKey, ["https://www.googleapis.com/auth/monitoring.read"]);
    const n = await failure(() => narrow.instances.list({ project: p.projectId }, { retry: false }));
    expect(gerr(n).status).toBe(403);
    expect(gerr(n).data.error.errors?.[0]?.reason).toBe("insufficientPermissions");
  });
});

describe("Cloud Monitoring timeSeries.list", () => {
  async function series(p: GcpProject, metric: string, instance: string, hours: number, extra: Record<string, string> = {}) {
    const client = await googleAuthClient(p.serviceAccountKey);
    const { token: tok } = await client.getAccessToken();
    const end = new Date(Date.now() + (Number(extra["advanceMs"] ?? 0)));
    delete extra["advanceMs"];
    const q = new URLSearchParams({
      filter: `metric.type = "${metric}" AND resource.labels.database_id = "${p.projectId}:${instance}"`,
      "interval.startTime": new Date(end.getTime() - hours * 3_600_000).toISOString(),
      "interval.endTime": end.toISOString(),
      "aggregation.alignmentPeriod": "300s",
      "aggregation.perSeriesAligner": "ALIGN_MEAN",
      ...extra,
    });
    const res = await fetch(`${SIM()}/v3/projects/${p.projectId}/timeSeries?${q}`, { headers: { authorization: `Bearer ${tok}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { timeSeries?: { resource: { labels: Record<string, string> }; valueType: string; points: { interval: { endTime: string }; value: { doubleValue?: number; int64Value?: string } }[] }[] } };
  }

  it("reports CPU utilization and connections of Cloud SQL instances, newest first", async () => {
    const p = await project();
    const cpu = await series(p, "cloudsql.googleapis.com/database/cpu/utilization", "app-dev", 2);
    expect(cpu.status).toBe(200);
    expect(cpu.body["unit"]).toBe("10^2.%");
    const ts = cpu.body.timeSeries![0]!;
    expect(ts.valueType).toBe("DOUBLE");
    expect(ts.resource.labels).toEqual({ project_id: p.projectId, database_id: `${p.projectId}:app-dev`, region: "us-central1" });
    expect(ts.points.length).toBeGreaterThanOrEqual(23);
    expect(ts.points.every((pt) => pt.value.doubleValue! > 0.5 && pt.value.doubleValue! <= 1)).toBe(true);
    const times = ts.points.map((pt) => Date.parse(pt.interval.endTime));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const conns = await series(p, "cloudsql.googleapis.com/database/network/connections", "crm-qa", 2);
    const c = conns.body.timeSeries![0]!;
    expect(c.valueType).toBe("INT64");
    expect(c.points.every((pt) => pt.value.int64Value === "0")).toBe(true);
    const bad = await series(p, "", "app-dev", 1, { filter: "" });
    expect(bad.status).toBe(400);
  });

  it("has no points while an instance is stopped", async () => {
    const p = await project();
    const sql = await sqlAdmin(p.serviceAccountKey);
    const stopAt = Date.now();
    await sql.instances.patch({ project: p.projectId, instance: "app-dev", requestBody: { settings: { activationPolicy: "NEVER" } } });
    await advanceGcp(p, 2 * 3600);
    const cpu = await series(p, "cloudsql.googleapis.com/database/cpu/utilization", "app-dev", 4, { advanceMs: String(2 * 3_600_000) });
    const pts = cpu.body.timeSeries![0]!.points;
    const newest = Date.parse(pts[0]!.interval.endTime);
    expect(newest).toBeLessThanOrEqual(stopAt + 10 * 60_000);
    expect(newest).toBeGreaterThan(stopAt - 10 * 60_000);
  });
});
