// Control API under /__sim/ for tests, the demo and benchmarks: create/delete simulated AWS
// accounts and GCP projects and their databases, set faults and durations, move clocks, read the
// call log, list every account with its credentials, seed the demo (POST /__sim/seed/demo) and
// write past power history (POST /__sim/history).
import { cloud, registry, type Env } from "./env.ts";
import { tokenUri } from "./gcp/oauth.ts";
import { seedDemo } from "./seed.ts";
import type { CtlResult } from "./state/cloud.ts";
import { InputError, newAwsAccount, newGcpProject } from "./state/factory.ts";
import type { AwsAccountConfig } from "./state/model.ts";
import { json } from "./util.ts";

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
  "access-control-allow-headers": "content-type",
};

function reply(body: unknown, status = 200): Response {
  return json(body, status, CORS);
}

function fail(status: number, error: string): Response {
  return reply({ error }, status);
}

function fromCtl<T>(res: CtlResult<T>, okStatus = 200): Response {
  const r = res as CtlResult<T>;
  return r.ok ? reply(r.value, okStatus) : fail(r.status, r.error);
}

async function body(req: Request): Promise<Record<string, unknown>> {
  const text = await req.text();
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error("not an object");
    return v as Record<string, unknown>;
  } catch {
    throw new InputError("body must be a JSON object");
  }
}

export function awsCredentials(cfg: AwsAccountConfig): Record<string, unknown> {
  const u = cfg.users[0]!;
  const r = cfg.roles[0]!;
  return {
    accountId: cfg.accountId,
    name: cfg.name,
    regions: cfg.regions,
    accessKeyId: u.accessKeyId,
    secretAccessKey: u.secretAccessKey,
    userArn: `arn:aws:iam::${cfg.accountId}:user/${u.userName}`,
    roleArn: r.arn,
    externalId: r.externalId,
  };
}

/** A complete service-account key file, pointing its token_uri at this simulator. */
export async function gcpKeyFile(env: Env, projectId: string, origin: string): Promise<Record<string, unknown> | null> {
  const keys = await cloud(env, `gcp:${projectId}`).serviceAccountKeys();
  const k = keys[0];
  if (!k) return null;
  return {
    type: "service_account",
    project_id: projectId,
    private_key_id: k.keyId,
    private_key: k.privateKeyPem,
    client_email: k.email,
    client_id: k.clientId,
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: tokenUri(origin),
    auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(k.email)}`,
    universe_domain: "googleapis.com",
  };
}

export async function createAws(env: Env, input: Record<string, unknown>): Promise<CtlResult<Record<string, unknown>>> {
  const cfg = newAwsAccount(input, Date.now());
  const key = `aws:${cfg.accountId}`;
  const ok = await registry(env).register(
    { key, kind: "aws", id: cfg.accountId, name: cfg.name, createdAt: cfg.createdAt },
    cfg.users.map((u) => u.accessKeyId),
  );
  if (!ok) return { ok: false, status: 409, error: `AWS account ${cfg.accountId} or its access key already exists` };
  await cloud(env, key).create(cfg);
  return { ok: true, value: awsCredentials(cfg) };
}

export async function createGcp(env: Env, input: Record<string, unknown>, origin: string): Promise<CtlResult<Record<string, unknown>>> {
  const cfg = await newGcpProject(input, Date.now());
  const key = `gcp:${cfg.projectId}`;
  const ok = await registry(env).register({ key, kind: "gcp", id: cfg.projectId, name: cfg.name, createdAt: cfg.createdAt }, []);
  if (!ok) return { ok: false, status: 409, error: `GCP project ${cfg.projectId} already exists` };
  await cloud(env, key).create(cfg);
  return {
    ok: true,
    value: {
      projectId: cfg.projectId,
      projectNumber: cfg.projectNumber,
      name: cfg.name,
      regions: cfg.regions,
      serviceAccountKey: await gcpKeyFile(env, cfg.projectId, origin),
    },
  };
}

async function listAccounts(env: Env, origin: string): Promise<Response> {
  const all = await registry(env).list();
  const aws: unknown[] = [];
  const gcp: unknown[] = [];
  for (const a of all) {
    const cfg = await cloud(env, a.key).config();
    if (!cfg) continue;
    if (cfg.kind === "aws") aws.push(awsCredentials(cfg));
    else
      gcp.push({
        projectId: cfg.projectId,
        projectNumber: cfg.projectNumber,
        name: cfg.name,
        regions: cfg.regions,
        serviceAccountKey: await gcpKeyFile(env, cfg.projectId, origin),
      });
  }
  return reply({ simulator: origin, aws, gcp });
}

const ROUTES = [
  "GET    /__sim/health",
  "GET    /__sim/mail?to=<address>            the mailbox: every email sent through the Postmark API (POST /postmark/email), with its links",
  "GET    /__sim/accounts                       every AWS account (keys, role ARN, ExternalId) and GCP project (service-account key)",
  "POST   /__sim/seed/demo                      idempotent demo data (see sim/README.md)",
  "POST   /__sim/history                        {days (1..400), seed?, account?, instance?}  past stop/start history from usage patterns (RDS events, CloudTrail, Cloud SQL audit log); once per database",
  "POST   /__sim/aws/accounts                   {accountId?, regions?, accessKeyId?, secretAccessKey?, roleName?, externalId?, durations?, faults?, seed?}",
  "GET    /__sim/aws/accounts/:id               DELETE the same to delete the account",
  "POST   /__sim/aws/accounts/:id/instances     {region, id, engine, instanceClass?, status?, multiAZ?, tags?, readReplicaSource?, usage?, maintenanceWindow? ('sun:05:00-sun:05:30'), pendingMaintenanceActions? [{action, description?, optInStatus?, autoAppliedAfterDate?, forcedApplyDate?, currentApplyDate?}], pendingModifiedValues? {DBInstanceClass: ...}, ...}",
  "POST   /__sim/aws/accounts/:id/clusters      {region, id, engine, engineMode?, serverlessV2?, globalClusterId?, members: [{id}], ...}",
  "DELETE /__sim/aws/accounts/:id/instances/:region/:dbid  (and /clusters/:region/:id)",
  "POST   /__sim/aws/accounts/:id/instances/:region/:dbid/advance  {seconds}  move one instance's clock",
  "POST   /__sim/aws/accounts/:id/clusters/:region/:cid/advance    {seconds}",
  "POST   /__sim/gcp/projects                   {projectId?, regions?, durations?, faults?}",
  "GET    /__sim/gcp/projects/:id               DELETE the same to delete the project",
  "POST   /__sim/gcp/projects/:id/instances     {name, region?, databaseVersion?, tier?, activationPolicy?, labels?, masterInstanceName?, usage?, maintenanceWindow? {day 1-7, hour}, scheduledMaintenance? {startTime}}",
  "DELETE /__sim/gcp/projects/:id/instances/:name",
  "GET    /__sim/{aws/accounts|gcp/projects}/:id/resources",
  "PUT    /__sim/{aws/accounts|gcp/projects}/:id/faults      replace; PATCH merges",
  "PUT    /__sim/{aws/accounts|gcp/projects}/:id/durations   profile name ('dev', 'realistic', 'instant') or fields",
  "POST   /__sim/{aws/accounts|gcp/projects}/:id/clock       {advanceSeconds} | {setTo} (stops the clock there)",
  "GET    /__sim/{aws/accounts|gcp/projects}/:id/calls?limit=100   DELETE clears",
];

export async function routeControl(req: Request, url: URL, env: Env): Promise<Response> {
  if (req.method === "OPTIONS") return new Response(null, { status: 204, headers: CORS });
  const parts = url.pathname.split("/").filter((p) => p.length > 0).slice(1).map(decodeURIComponent);
  const m = req.method;
  const origin = url.origin;
  try {
    if (parts.length === 0) return reply({ simulator: "snoozeql-sim", routes: ROUTES });
    if (parts[0] === "health") return reply({ ok: true, now: new Date().toISOString() });
    if (parts[0] === "accounts" && parts.length === 1 && m === "GET") return listAccounts(env, origin);
    if (parts[0] === "seed" && parts[1] === "demo" && m === "POST") return reply(await seedDemo(env, origin));
    if (parts[0] === "history" && parts.length === 1 && m === "POST") return await generateHistory(env, await body(req));

    const [cloudKind, collection, id, sub, ...rest] = parts;
    const isAws = cloudKind === "aws" && collection === "accounts";
    const isGcp = cloudKind === "gcp" && collection === "projects";
    if (!isAws && !isGcp) return fail(404, `no such control route: ${m} ${url.pathname}`);

    if (id === undefined) {
      if (m === "POST") {
        const b = await body(req);
        return fromCtl(isAws ? await createAws(env, b) : await createGcp(env, b, origin), 201);
      }
      if (m === "GET") {
        const all = (await registry(env).list()).filter((a) => a.kind === (isAws ? "aws" : "gcp"));
        return reply(all);
      }
      return fail(405, "method not allowed");
    }

    const key = `${isAws ? "aws" : "gcp"}:${id}`;
    if (!(await registry(env).has(key))) return fail(404, `no simulated ${isAws ? "AWS account" : "GCP project"} ${id}`);
    const stub = cloud(env, key);

    if (sub === undefined) {
      if (m === "GET") return fromCtl(await stub.summary());
      if (m === "DELETE") {
        await stub.destroy();
        await registry(env).unregister(key);
        return reply({ deleted: id });
      }
      return fail(405, "method not allowed");
    }

    switch (sub) {
      case "resources":
        return fromCtl(await stub.resources());
      case "faults":
        if (m === "GET") {
          const s = (await stub.summary()) as CtlResult<Record<string, unknown>>;
          return s.ok ? reply(s.value["faults"]) : fail(s.status, s.error);
        }
        if (m === "PUT" || m === "PATCH") return fromCtl(await stub.setFaults(await body(req), m === "PUT"));
        return fail(405, "method not allowed");
      case "durations": {
        if (m !== "PUT" && m !== "PATCH") return fail(405, "method not allowed");
        const b = await body(req);
        return fromCtl(await stub.setDurations(typeof b["profile"] === "string" && Object.keys(b).length === 1 ? b["profile"] : b));
      }
      case "clock": {
        if (m === "GET") {
          const s = (await stub.summary()) as CtlResult<Record<string, unknown>>;
          return s.ok ? reply(s.value["clock"]) : fail(s.status, s.error);
        }
        if (m !== "POST") return fail(405, "method not allowed");
        const b = await body(req);
        if (b["setTo"] !== undefined) {
          const to = b["setTo"];
          return fromCtl(await stub.setClock(typeof to === "string" ? Date.parse(to) : Number(to)));
        }
        const secs = Number(b["advanceSeconds"] ?? b["seconds"] ?? NaN);
        return fromCtl(await stub.advanceClock(secs));
      }
      case "calls":
        if (m === "DELETE") {
          await stub.clearCallLog();
          return reply({ cleared: true });
        }
        return fromCtl(await stub.callLog(Math.min(5000, Math.max(0, Number(url.searchParams.get("limit") ?? 100)))));
      case "instances":
      case "clusters": {
        if (rest.length === 0 && m === "POST") {
          const b = await body(req);
          if (isGcp) return fromCtl(await stub.addSqlInstance(b), 201);
          return fromCtl(sub === "instances" ? await stub.addDbInstance(b) : await stub.addDbCluster(b), 201);
        }
        const kind = isGcp ? "sql-instance" : sub === "instances" ? "db-instance" : "db-cluster";
        if (isGcp && rest.length === 1 && m === "DELETE") return fromCtl(await stub.removeResource("sql-instance", "-", rest[0]!));
        if (!isGcp && rest.length === 2 && m === "DELETE") return fromCtl(await stub.removeResource(kind as "db-instance" | "db-cluster", rest[0]!, rest[1]!));
        if (!isGcp && rest.length === 3 && rest[2] === "advance" && m === "POST") {
          const b = await body(req);
          return fromCtl(await stub.advanceResource(kind as "db-instance" | "db-cluster", rest[0]!, rest[1]!, Number(b["seconds"] ?? b["advanceSeconds"] ?? NaN)));
        }
        return fail(404, `no such control route: ${m} ${url.pathname}`);
      }
      default:
        return fail(404, `no such control route: ${m} ${url.pathname}`);
    }
  } catch (e) {
    if (e instanceof InputError) return fail(400, e.message);
    throw e;
  }
}

/** POST /__sim/history: every account (or the one named), every database (or the one named). */
async function generateHistory(env: Env, b: Record<string, unknown>): Promise<Response> {
  const days = b["days"];
  if (typeof days !== "number" || !Number.isFinite(days) || days <= 0 || days > 400) throw new InputError("days must be a number between 1 and 400");
  const seed = b["seed"] === undefined ? 1 : b["seed"];
  if (typeof seed !== "number" || !Number.isInteger(seed)) throw new InputError("seed must be an integer");
  const account = b["account"];
  if (account !== undefined && (typeof account !== "string" || account === "")) throw new InputError("account must be an AWS account id or GCP project id");
  const instance = b["instance"];
  if (instance !== undefined && (typeof instance !== "string" || instance === "")) throw new InputError("instance must be a database identifier");
  const all = (await registry(env).list()).filter((a) => account === undefined || a.id === account || a.key === account);
  if (account !== undefined && all.length === 0) return fail(404, `no simulated account or project ${account}`);
  const accounts: Record<string, unknown>[] = [];
  for (const a of all) {
    const res = await cloud(env, a.key).generateHistory({ days, seed: seed >>> 0, only: instance === undefined ? null : [instance] });
    if (!res.ok) return fail(res.status, res.error);
    accounts.push({ account: a.key, ...res.value });
  }
  return reply({ days, seed, accounts });
}
