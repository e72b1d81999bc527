// Connecting cloud accounts through the API: AWS role onboarding (ExternalId, CloudFormation,
// role ARN, test connection against the simulator), access keys, GCP keys, validation, sync with
// Idempotency-Key, and the audit trail of it all (JSON and CSV).
import { describe, expect, inject, it } from "vitest";
import { api, bearer, createOrgDirect, memberWithRole, tokenFor } from "../helpers/auth.ts";

const SIM = inject("simUrl");

async function sim<T>(path: string, method = "GET", body?: unknown): Promise<T> {
  const res = await fetch(`${SIM}/__sim${path}`, { method, headers: { "content-type": "application/json" }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

async function owner() {
  const { orgId } = await createOrgDirect("Accounts");
  return { orgId, headers: bearer(await tokenFor(orgId, "owner")) };
}

describe("AWS role onboarding", () => {
  it("issues a unique ExternalId and a least-privilege CloudFormation template", async () => {
    const { headers } = await owner();
    const created = await api("/accounts", { method: "POST", headers, body: JSON.stringify({ provider: "aws", connection: "assume_role", name: "staging", regions: ["us-east-1"] }) });
    expect(created.status).toBe(201);
    const account = await created.json<any>();
    expect(account).toMatchObject({ status: "pending", connection: "assume_role", credentials: "IAM role", aws: { roleArn: null, externalId: expect.stringMatching(/^snoozeql-[A-Za-z0-9_-]{24}$/) } });
    const other = await (await api("/accounts", { method: "POST", headers, body: JSON.stringify({ provider: "aws", connection: "assume_role", name: "prod-ish", regions: ["us-east-1"] }) })).json<any>();
    expect(other.aws.externalId).not.toBe(account.aws.externalId);

    const template = await api(`/accounts/${account.id}/cloudformation`, { headers });
    expect(template.status).toBe(200);
    expect(template.headers.get("content-type")).toContain("application/yaml");
    const yaml = await template.text();
    expect(yaml).toContain("sts:ExternalId: !Ref ExternalId");
    expect(yaml).toContain("AWS: arn:aws:iam::000000000000:user/snoozeql");
    for (const action of ["rds:StopDBInstance", "rds:StartDBCluster", "rds:ModifyDBCluster", "cloudwatch:GetMetricData"]) expect(yaml).toContain(action);
    expect(yaml).not.toMatch(/(rds|cloudwatch|iam):\*|rds:Delete|rds:Create|rds:Modify(?!DBCluster)/);

    const tested = await (await api(`/accounts/${account.id}/test`, { method: "POST", headers })).json<any>();
    expect(tested.ok).toBe(false);
    expect(tested.checks[0].detail).toMatch(/principal is not configured|role ARN/);
  });

  it("accepts the role ARN afterwards and explains a bad one", async () => {
    const { headers } = await owner();
    const account = await (await api("/accounts", { method: "POST", headers, body: JSON.stringify({ provider: "aws", connection: "assume_role", name: "s", regions: ["us-east-1"] }) })).json<any>();
    const bad = await api(`/accounts/${account.id}`, { method: "PATCH", headers, body: JSON.stringify({ roleArn: "arn:aws:iam::123:user/nope" }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ location: "body", path: "roleArn", message: "must be an IAM role ARN" }] });
    const ok = await api(`/accounts/${account.id}`, { method: "PATCH", headers, body: JSON.stringify({ roleArn: "arn:aws:iam::123456789012:role/SnoozeQLAccess" }) });
    expect(await ok.json()).toMatchObject({ cloudAccountId: "123456789012", aws: { roleArn: "arn:aws:iam::123456789012:role/SnoozeQLAccess" } });
  });
});

describe("access keys and service-account keys", () => {
  it("connects AWS keys and reports in plain words what works (against the simulator)", async () => {
    const cloud = await sim<{ accountId: string; accessKeyId: string; secretAccessKey: string }>("/aws/accounts", "POST", { regions: ["us-east-1"] });
    await sim(`/aws/accounts/${cloud.accountId}/instances`, "POST", { region: "us-east-1", id: "qa-db", engine: "mysql" });
    const { headers } = await owner();
    const account = await (await api("/accounts", { method: "POST", headers, body: JSON.stringify({ provider: "aws", connection: "access_keys", name: "keys", regions: ["us-east-1"], accessKeyId: cloud.accessKeyId, secretAccessKey: cloud.secretAccessKey, endpoint: SIM }) })).json<any>();
    expect(account.credentials).toBe(`access key …${cloud.accessKeyId.slice(-4)}`);
    const report = await (await api(`/accounts/${account.id}/test`, { method: "POST", headers })).json<any>();
    expect(report).toMatchObject({ ok: true, cloudAccountId: cloud.accountId, databases: 1 });
    expect(report.checks.map((c: any) => c.name)).toEqual(["credentials", "list databases"]);
    expect((await (await api(`/accounts/${account.id}`, { headers })).json<any>()).status).toBe("connected");

    const wrong = await (await api("/accounts", { method: "POST", headers, body: JSON.stringify({ provider: "aws", connection: "access_keys", name: "wrong", regions: ["us-east-1"], accessKeyId: cloud.accessKeyId, secretAccessKey: "not-the-secret-at-all-000", endpoint: SIM }) })).json<any>();
    const failed = await (await api(`/accounts/${wrong.id}/test`, { method: "POST", headers })).json<any>();
    expect(failed).toMatchObject({ ok: false, checks: [{ name: "credentials", ok: false, detail: "The secret access key does not match the access key id." }] });
    expect((await (await api(`/accounts/${wrong.id}`, { headers })).json<any>()).status).toBe("error");
  });

  it("connects a GCP service-account key and finds its Cloud SQL instances", async () => {
    const project = await sim<{ projectId: string; serviceAccountKey: Record<string, unknown> }>("/gcp/projects", "POST", {});
    await sim(`/gcp/projects/${project.projectId}/instances`, "POST", { name: "web-dev", region: "us-central1" });
    const { headers } = await owner();
    const account = await (await api("/accounts", { method: "POST", headers, body: JSON.stringify({ provider: "gcp", connection: "service_account", name: "gcp", serviceAccountKey: project.serviceAccountKey, endpoint: SIM }) })).json<any>();
    expect(account).toMatchObject({ provider: "gcp", cloudAccountId: project.projectId, credentials: `service account ${project.serviceAccountKey.client_email}`, aws: null });
    expect(await (await api(`/accounts/${account.id}/test`, { method: "POST", headers })).json()).toMatchObject({ ok: true, databases: 1 });
  });

  it("validates input field by field and refuses duplicate names", async () => {
    const { headers } = await owner();
    const bad = await api("/accounts", { method: "POST", headers, body: JSON.stringify({ provider: "aws", connection: "access_keys", name: "", regions: ["mars-1"], accessKeyId: "lower", secretAccessKey: "x" }) });
    expect(bad.status).toBe(400);
    const paths = (await bad.json<any>()).errors.map((e: any) => e.path).sort();
    expect(paths).toEqual(["accessKeyId", "name", "regions.0", "secretAccessKey"]);
    const unknownKind = await api("/accounts", { method: "POST", headers, body: JSON.stringify({ provider: "azure", connection: "magic" }) });
    expect(unknownKind.status).toBe(400);
    const body = JSON.stringify({ provider: "aws", connection: "assume_role", name: "twice", regions: ["us-east-1"] });
    expect((await api("/accounts", { method: "POST", headers, body })).status).toBe(201);
    expect((await api("/accounts", { method: "POST", headers, body })).status).toBe(409);
  });
});

describe("sync now", () => {
  it("queues the agent, and an Idempotency-Key replays instead of queueing twice", async () => {
    const { headers } = await owner();
    const account = await (await api("/accounts", { method: "POST", headers, body: JSON.stringify({ provider: "aws", connection: "assume_role", name: "s", regions: ["us-east-1"] }) })).json<any>();
    const first = await api(`/accounts/${account.id}/sync`, { method: "POST", headers: { ...headers, "idempotency-key": "sync-123" } });
    expect(first.status).toBe(202);
    const firstBody = await first.json();
    const again = await api(`/accounts/${account.id}/sync`, { method: "POST", headers: { ...headers, "idempotency-key": "sync-123" } });
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(firstBody);
    const other = await (await api("/accounts", { method: "POST", headers, body: JSON.stringify({ provider: "aws", connection: "assume_role", name: "t", regions: ["us-east-1"] }) })).json<any>();
    const misuse = await api(`/accounts/${other.id}/sync`, { method: "POST", headers: { ...headers, "idempotency-key": "sync-123" } });
    expect(misuse.status).toBe(422);
  });
});

describe("audit log", () => {
  it("records who changed what, filters it, and exports CSV", async () => {
    const { orgId, headers } = await owner();
    const admin = await memberWithRole(orgId, "admin");
    const created = await (await api("/accounts", { method: "POST", headers: admin.headers, body: JSON.stringify({ provider: "aws", connection: "assume_role", name: "=HYPERLINK(\"x\")", regions: ["us-east-1"] }) })).json<any>();
    await api(`/accounts/${created.id}`, { method: "PATCH", headers, body: JSON.stringify({ name: "renamed" }) });

    const log = await (await api("/audit-log?action=account.", { headers })).json<any>();
    expect(log.data.map((e: any) => e.action)).toEqual(["account.updated", "account.connected"]);
    expect(log.data[1]).toMatchObject({ actor: { kind: "user", id: admin.userId, label: admin.email }, target: { type: "cloud_account", id: created.id }, requestId: expect.stringMatching(/^req_/) });
    expect(log.data[0].summary).toMatchObject({ changed: ["name"], before: { name: "=HYPERLINK(\"x\")" }, after: { name: "renamed" } });

    const page = await (await api("/audit-log?limit=1", { headers })).json<any>();
    expect(page.data).toHaveLength(1);
    const next = await (await api(`/audit-log?limit=1&cursor=${page.nextCursor}`, { headers })).json<any>();
    expect(next.data[0].id).not.toBe(page.data[0].id);
    expect((await api("/audit-log?cursor=garbage", { headers })).status).toBe(400);

    const csv = await api("/audit-log?format=csv", { headers });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toBe("at,actor_kind,actor_id,actor,action,target_type,target_id,summary,ip,request_id,correlation_id");
    expect(text).toContain('"account.connected"');
    expect(text).not.toMatch(/(^|,)"=HYPERLINK/m); // formula cells are neutralised
  });

  it("is for admins and owners only", async () => {
    const { orgId } = await owner();
    const operator = await memberWithRole(orgId, "operator");
    expect((await api("/audit-log", { headers: operator.headers })).status).toBe(403);
  });
});
