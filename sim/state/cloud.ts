// SimCloud: the Durable Object holding one simulated AWS account ("aws:<id>") or GCP project
// ("gcp:<id>"), so concurrent calls see one truth. It runs the AWS pipeline and the GCP APIs
// against its SQLite state and serves the control API's per-account operations.
import { DurableObject } from "cloudflare:workers";
import { AwsError, queryErrorResponse } from "../aws/errors.ts";
import { RDS_XMLNS } from "../aws/rds.ts";
import { handleAws, type AwsOutcome, type AwsWireRequest } from "../aws/handler.ts";
import { type AssumeRoleArgs, type IssuedSession, issueSession } from "../aws/sts.ts";
import { cloud, registry, type Env } from "../env.ts";
import { armNext, decideFault } from "../faults.ts";
import { backendError, GcpError, insufficientScopes, notAuthorized, rateLimited, renderGcpError, type GcpWire } from "../gcp/errors.ts";
import { listEntries, LOGGING_READ_SCOPES } from "../gcp/logging.ts";
import { listTimeSeries } from "../gcp/monitoring.ts";
import { type BearerIdentity, checkBearer, issueToken, SCOPES } from "../gcp/oauth.ts";
import { getInstanceHandler, getOperation, listInstances, listOperations, patchInstance, renderInstance, type SqlCtx } from "../gcp/sqladmin.ts";
import { isoMillis } from "../util.ts";
import { durations, faults, InputError, newDbCluster, newDbInstance, newSqlInstance } from "./factory.ts";
import { generateAwsHistory, generateGcpHistory, type HistoryReport, type HistoryRequest } from "./history.ts";
import { clusterArn, instanceArn, settleAws, settleGcp, wakeAt } from "./lifecycle.ts";
import { simulatedNow, type AwsAccountConfig, type CloudConfig, type DbCluster, type DbInstance, type GcpProjectConfig, type SqlInstance } from "./model.ts";
import { resKey, SQL_REGION, Store } from "./store.ts";

export type AssumeResult = { ok: true; session: IssuedSession } | { ok: false; code: string; message: string; status: number };

export interface GcpWireRequest {
  method: string;
  path: string;
  query: string;
  body: string;
  origin: string;
  receivedAt: number;
}

export interface GcpOutcome extends GcpWire {
  latencyMs: number;
  hangMs: number | null;
}

/** Control-API results: ok with a value, or an HTTP-ish error. */
export type CtlResult<T> = { ok: true; value: T } | { ok: false; status: number; error: string };

function ctlError(e: unknown): { ok: false; status: number; error: string } {
  if (e instanceof InputError) return { ok: false, status: 400, error: e.message };
  if (e instanceof CtlError) return { ok: false, status: e.status, error: e.message };
  throw e;
}

class CtlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class SimCloud extends DurableObject<Env> {
  private readonly store: Store;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new Store(ctx.storage.sql);
  }

  private requireConfig(): CloudConfig {
    const c = this.store.config();
    if (!c) throw new CtlError(404, "no such simulated account");
    return c;
  }

  private aws(): AwsAccountConfig {
    const c = this.requireConfig();
    if (c.kind !== "aws") throw new CtlError(400, "not an AWS account");
    return c;
  }

  private gcp(): GcpProjectConfig {
    const c = this.requireConfig();
    if (c.kind !== "gcp") throw new CtlError(400, "not a GCP project");
    return c;
  }

  private now(c: CloudConfig): number {
    return simulatedNow(c, Date.now());
  }

  private settle(c: CloudConfig): void {
    if (c.kind === "aws") settleAws(this.store, c, this.now(c));
    else settleGcp(this.store, c, this.now(c));
  }

  // ---- lifecycle of the account itself -----------------------------------------------------------

  create(cfg: CloudConfig): boolean {
    if (this.store.config()) return false;
    this.store.saveConfig(cfg);
    if (cfg.kind === "aws") {
      for (const u of cfg.users) {
        this.store.putCredential({
          akid: u.accessKeyId,
          secret: u.secretAccessKey,
          token: null,
          expires: null,
          principal: `arn:aws:iam::${cfg.accountId}:user/${u.userName}`,
          userId: u.userId,
        });
      }
    }
    armNext(this.store, cfg.faults);
    return true;
  }

  config(): CloudConfig | null {
    return this.store.config();
  }

  async destroy(): Promise<void> {
    this.store.wipe();
    await this.ctx.storage.deleteAll();
  }

  // ---- AWS ----------------------------------------------------------------------------------------

  async handleAws(req: AwsWireRequest): Promise<AwsOutcome> {
    const cfg = this.store.config();
    if (!cfg || cfg.kind !== "aws") {
      // The account was deleted after the key was looked up.
      const err = queryErrorResponse(new AwsError("InvalidClientTokenId", "The security token included in the request is invalid.", 403), RDS_XMLNS, crypto.randomUUID());
      return { ...err, latencyMs: 0, hangMs: null };
    }
    return handleAws(
      {
        store: this.store,
        cfg,
        assumeRole: async (args) => {
          const target = /^arn:aws:iam::(\d{12}):/.exec(args.roleArn)?.[1] ?? "";
          const res: AssumeResult =
            target === cfg.accountId ? await this.assumeRoleHere(args) : await cloud(this.env, `aws:${target}`).assumeRoleHere(args);
          if (!res.ok) throw new AwsError(res.code, res.message, res.status);
          return res.session;
        },
      },
      req,
    );
  }

  async assumeRoleHere(args: AssumeRoleArgs): Promise<AssumeResult> {
    const cfg = this.store.config();
    try {
      if (!cfg || cfg.kind !== "aws") {
        throw new AwsError("AccessDenied", `User: ${args.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${args.roleArn}`, 403);
      }
      const session = issueSession(this.store, cfg, args, Date.now());
      await registry(this.env).registerKey(session.accessKeyId, `aws:${cfg.accountId}`, session.expiration);
      return { ok: true, session };
    } catch (e) {
      if (e instanceof AwsError) return { ok: false, code: e.code, message: e.message, status: e.status };
      throw e;
    }
  }

  // ---- GCP ----------------------------------------------------------------------------------------

  async oauthToken(form: string, ownTokenUri: string, receivedAt: number): Promise<GcpWire> {
    const cfg = this.gcp();
    const out = await issueToken(this.store, cfg, new URLSearchParams(form), receivedAt, ownTokenUri);
    this.store.logCall(this.now(cfg), "oauth2", "oauth2.token", out.status, out.status >= 400 ? (JSON.parse(out.body) as { error: string }).error : null, null);
    return out;
  }

  async checkBearerHere(token: string, receivedAt: number): Promise<BearerIdentity | null> {
    const cfg = this.store.config();
    if (!cfg || cfg.kind !== "gcp") return null;
    return checkBearer(this.store, cfg, token, receivedAt);
  }

  async handleGcp(req: GcpWireRequest, identity: BearerIdentity): Promise<GcpOutcome> {
    const cfg = this.gcp();
    const now = this.now(cfg);
    const q = new URLSearchParams(req.query);
    const parts = req.path.split("/").filter((p) => p.length > 0);
    let op = "unknown";
    let latencyMs = 0;
    let hangMs: number | null = null;
    let out: GcpWire;
    try {
      // /v1/projects/P/...   /sql/v1beta4/projects/P/...   /v3/projects/P/timeSeries
      const base = parts[0] === "sql" ? "sql/v1beta4" : (parts[0] ?? "");
      const rest = parts[0] === "sql" ? parts.slice(4) : parts.slice(3);
      let handler: () => unknown;
      let scopes: string[];
      const sqlCtx = (): SqlCtx => ({ store: this.store, cfg, now, origin: req.origin, user: identity.email, base });
      if (base === "v3") {
        if (rest.length === 1 && rest[0] === "timeSeries" && req.method === "GET") {
          op = "monitoring.timeSeries.list";
          scopes = SCOPES.monitoringRead;
          handler = () => listTimeSeries(this.store, cfg, now, q);
        } else throw new GcpError(404, "NOT_FOUND", "notFound", `Requested entity was not found.`);
      } else if (base === "v2") {
        // Cloud Logging entries:list (the router addressed it to this project from resourceNames).
        if (rest.length === 1 && rest[0] === "entries:list" && req.method === "POST") {
          op = "logging.entries.list";
          scopes = LOGGING_READ_SCOPES;
          handler = () => {
            let body: unknown;
            try {
              body = JSON.parse(req.body || "{}");
            } catch {
              throw new GcpError(400, "INVALID_ARGUMENT", "parseError", "Invalid JSON payload received.");
            }
            if (typeof body !== "object" || body === null || Array.isArray(body)) throw new GcpError(400, "INVALID_ARGUMENT", "parseError", "Invalid JSON payload received.");
            settleGcp(this.store, cfg, now);
            return listEntries(this.store, cfg, now, body as Record<string, unknown>);
          };
        } else throw new GcpError(404, "NOT_FOUND", "notFound", "The requested URL was not found on this server.");
      } else if (rest[0] === "instances" && rest.length === 1 && req.method === "GET") {
        op = "sql.instances.list";
        scopes = SCOPES.sqladminRead;
        handler = () => listInstances(sqlCtx(), q);
      } else if (rest[0] === "instances" && rest.length === 2 && req.method === "GET") {
        op = "sql.instances.get";
        scopes = SCOPES.sqladminRead;
        handler = () => getInstanceHandler(sqlCtx(), rest[1]!);
      } else if (rest[0] === "instances" && rest.length === 2 && req.method === "PATCH") {
        op = "sql.instances.patch";
        scopes = SCOPES.sqladmin;
        handler = () => {
          let body: unknown;
          try {
            body = JSON.parse(req.body || "{}");
          } catch {
            throw new GcpError(400, "INVALID_ARGUMENT", "parseError", "Invalid JSON payload received.");
          }
          return patchInstance(sqlCtx(), rest[1]!, body);
        };
      } else if (rest[0] === "operations" && rest.length === 2 && req.method === "GET") {
        op = "sql.operations.get";
        scopes = SCOPES.sqladminRead;
        handler = () => getOperation(sqlCtx(), rest[1]!);
      } else if (rest[0] === "operations" && rest.length === 1 && req.method === "GET") {
        op = "sql.operations.list";
        scopes = SCOPES.sqladminRead;
        handler = () => listOperations(sqlCtx(), q);
      } else {
        throw new GcpError(404, "NOT_FOUND", "notFound", "The requested URL was not found on this server.");
      }
      if (!cfg.serviceAccounts.some((s) => s.email === identity.email)) throw notAuthorized();
      if (!identity.scopes.some((s) => scopes.includes(s))) throw insufficientScopes();
      const service = base === "v3" ? "monitoring.googleapis.com" : base === "v2" ? "logging.googleapis.com" : "sqladmin.googleapis.com";
      const fault = decideFault(this.store, cfg.faults, "gcp", op, service, req.receivedAt);
      latencyMs = fault.latencyMs;
      if (fault.kind === "throttle") throw rateLimited(service, cfg.projectNumber, cfg.faults.gcpPerMinute);
      if (fault.kind === "error") throw backendError(cfg.faults.errorStatus);
      if (fault.kind === "hang") hangMs = fault.hangMs;
      const body = handler();
      out = { status: 200, headers: { "content-type": "application/json; charset=UTF-8" }, body: JSON.stringify(body, null, 2) };
    } catch (e) {
      if (!(e instanceof GcpError)) {
        console.error("sim gcp internal error", e);
      }
      const err = e instanceof GcpError ? e : backendError(500);
      out = renderGcpError(err, !op.startsWith("monitoring") && !op.startsWith("logging"));
    }
    const code = out.status >= 400 ? ((JSON.parse(out.body) as { error?: { status?: string } }).error?.status ?? null) : null;
    this.store.logCall(now, op.startsWith("monitoring") ? "monitoring" : op.startsWith("logging") ? "logging" : "sqladmin", op, out.status, code, identity.email);
    return { ...out, latencyMs, hangMs };
  }

  // ---- control ------------------------------------------------------------------------------------

  /** Public view of the account: config without private keys, clock, resource counts. */
  summary(): CtlResult<Record<string, unknown>> {
    try {
      const c = this.requireConfig();
      this.settle(c);
      const base: Record<string, unknown> = {
        kind: c.kind,
        name: c.name,
        seed: c.seed,
        durations: c.durations,
        faults: c.faults,
        clock: { offsetMs: c.clockOffsetMs, frozen: c.clockFrozenAt != null, now: isoMillis(this.now(c)) },
      };
      if (c.kind === "aws") {
        return {
          ok: true,
          value: {
            ...base,
            accountId: c.accountId,
            regions: c.regions,
            users: c.users,
            roles: c.roles,
            counts: { instances: this.store.list("db-instance", null).length, clusters: this.store.list("db-cluster", null).length },
          },
        };
      }
      return {
        ok: true,
        value: {
          ...base,
          projectId: c.projectId,
          projectNumber: c.projectNumber,
          regions: c.regions,
          serviceAccounts: c.serviceAccounts.map((s) => ({ email: s.email, clientId: s.clientId, keyId: s.keyId })),
          counts: { instances: this.store.list("sql-instance", null).length },
        },
      };
    } catch (e) {
      return ctlError(e);
    }
  }

  /** Service-account keys (with private keys) for the accounts listing. */
  serviceAccountKeys(): { email: string; clientId: string; keyId: string; privateKeyPem: string }[] {
    const c = this.store.config();
    if (!c || c.kind !== "gcp") return [];
    return c.serviceAccounts.map((s) => ({ email: s.email, clientId: s.clientId, keyId: s.keyId, privateKeyPem: s.privateKeyPem }));
  }

  setFaults(input: unknown, replace: boolean): CtlResult<unknown> {
    try {
      const c = this.requireConfig();
      c.faults = faults(input, replace ? undefined : c.faults);
      this.store.saveConfig(c);
      armNext(this.store, c.faults);
      return { ok: true, value: c.faults };
    } catch (e) {
      return ctlError(e);
    }
  }

  setDurations(input: unknown): CtlResult<unknown> {
    try {
      const c = this.requireConfig();
      c.durations = durations(input, c.durations);
      this.store.saveConfig(c);
      return { ok: true, value: c.durations };
    } catch (e) {
      return ctlError(e);
    }
  }

  /**
   * Stops the account's clock at `at` (epoch ms, never before its current time): it stands still
   * there until set or advanced again. Lets a test that drives the app with its own clock compress
   * a day into seconds while the cloud sees the same instants as the app.
   */
  setClock(at: number): CtlResult<unknown> {
    try {
      const c = this.requireConfig();
      if (!Number.isFinite(at)) throw new InputError("setTo must be an instant (epoch ms or ISO 8601)");
      if (at < this.now(c)) throw new InputError("the clock cannot go backwards");
      c.clockFrozenAt = Math.round(at);
      this.store.saveConfig(c);
      this.settle(c);
      return { ok: true, value: { offsetMs: c.clockOffsetMs, frozen: true, now: isoMillis(this.now(c)) } };
    } catch (e) {
      return ctlError(e);
    }
  }

  /** Moves the account's clock forward; pending transitions and the 7-day restart fire lazily. */
  advanceClock(seconds: number): CtlResult<unknown> {
    try {
      const c = this.requireConfig();
      if (!Number.isFinite(seconds) || seconds < 0) throw new InputError("seconds must be a non-negative number");
      if (c.clockFrozenAt != null) c.clockFrozenAt += Math.round(seconds * 1000);
      else c.clockOffsetMs += Math.round(seconds * 1000);
      this.store.saveConfig(c);
      this.settle(c);
      return { ok: true, value: { offsetMs: c.clockOffsetMs, now: isoMillis(this.now(c)) } };
    } catch (e) {
      return ctlError(e);
    }
  }

  /** Moves one instance's or cluster's own timeline forward (as if `seconds` had passed for it alone). */
  advanceResource(kind: "db-instance" | "db-cluster", region: string, id: string, seconds: number): CtlResult<unknown> {
    try {
      const c = this.aws();
      if (!Number.isFinite(seconds) || seconds < 0) throw new InputError("seconds must be a non-negative number");
      const r = this.store.get<DbInstance | DbCluster>(kind, region, id);
      if (!r) throw new CtlError(404, `${kind} ${id} not found in ${region}`);
      if (r.kind === "db-instance" && r.clusterId) throw new InputError(`${id} is a cluster member; advance its cluster ${r.clusterId}`);
      const ms = Math.round(seconds * 1000);
      if (r.transition) {
        r.transition.startedAt -= ms;
        r.transition.doneAt -= ms;
        wakeAt(this.store, r.transition.doneAt);
      }
      if (r.stoppedAt !== null) r.stoppedAt -= ms;
      if (r.autoRestartAt !== null) {
        r.autoRestartAt -= ms;
        wakeAt(this.store, r.autoRestartAt);
      }
      this.store.put(r);
      this.settle(c);
      return { ok: true, value: this.resourceView(c, kind, region, id) };
    } catch (e) {
      return ctlError(e);
    }
  }

  private resourceView(c: AwsAccountConfig, kind: "db-instance" | "db-cluster", region: string, id: string): unknown {
    const r = this.store.get<DbInstance | DbCluster>(kind, region, id);
    if (!r) return null;
    return { ...r, arn: kind === "db-instance" ? instanceArn(c, region, id) : clusterArn(c, region, id) };
  }

  addDbInstance(input: Record<string, unknown>): CtlResult<unknown> {
    try {
      const c = this.aws();
      this.settle(c);
      const inst = newDbInstance(input, this.now(c));
      if (this.store.get("db-instance", inst.region, inst.id)) throw new CtlError(409, `DB instance ${inst.id} already exists in ${inst.region}`);
      if (inst.readReplicaSource) {
        const src = this.store.get<DbInstance>("db-instance", inst.region, inst.readReplicaSource);
        if (!src) throw new InputError(`replica source ${inst.readReplicaSource} not found in ${inst.region}`);
        inst.engine = src.engine;
        inst.engineVersion = src.engineVersion;
        src.readReplicas.push(inst.id);
        this.store.put(src);
      }
      if (inst.clusterId) {
        const cl = this.store.get<DbCluster>("db-cluster", inst.region, inst.clusterId);
        if (!cl) throw new InputError(`cluster ${inst.clusterId} not found in ${inst.region}`);
        inst.engine = cl.engine;
        inst.engineVersion = cl.engineVersion;
        inst.status = cl.status === "stopped" ? "stopped" : "available";
        inst.stoppedAt = null;
        inst.autoRestartAt = null;
        if (cl.members.length === 0) inst.isClusterWriter = true;
        cl.members.push({ id: inst.id, writer: inst.isClusterWriter });
        this.store.put(cl);
      }
      this.store.put(inst);
      const key = resKey("db-instance", inst.region, inst.id);
      this.store.addPower(key, inst.createdAt, true);
      if (inst.status === "stopped" && inst.stoppedAt !== null) this.store.addPower(key, inst.stoppedAt, false);
      if (inst.autoRestartAt !== null) wakeAt(this.store, inst.autoRestartAt);
      if (inst.pendingMaintenance?.length || Object.keys(inst.pendingModified ?? {}).length) wakeAt(this.store, this.now(c)); // settle watches its window
      return { ok: true, value: this.resourceView(c, "db-instance", inst.region, inst.id) };
    } catch (e) {
      return ctlError(e);
    }
  }

  addDbCluster(input: Record<string, unknown>): CtlResult<unknown> {
    try {
      const c = this.aws();
      this.settle(c);
      const cl = newDbCluster(input, this.now(c));
      if (this.store.get("db-cluster", cl.region, cl.id)) throw new CtlError(409, `DB cluster ${cl.id} already exists in ${cl.region}`);
      this.store.put(cl);
      const key = resKey("db-cluster", cl.region, cl.id);
      this.store.addPower(key, cl.createdAt, true);
      if (cl.stoppedAt !== null) this.store.addPower(key, cl.stoppedAt, false);
      if (cl.autoRestartAt !== null) wakeAt(this.store, cl.autoRestartAt);
      if (cl.pendingMaintenance?.length) wakeAt(this.store, this.now(c)); // settle watches its window
      const members = Array.isArray(input["members"]) ? (input["members"] as Record<string, unknown>[]) : [];
      for (const [n, m] of members.entries()) {
        const res = this.addDbInstance({
          ...m,
          region: cl.region,
          clusterId: cl.id,
          writer: m["writer"] ?? n === 0,
          instanceClass: m["instanceClass"] ?? (cl.serverlessV2 ? "db.serverless" : "db.r6g.large"),
          usage: m["usage"] ?? cl.usage,
          tags: m["tags"] ?? input["tags"],
          createdDaysAgo: input["createdDaysAgo"],
        });
        if (!res.ok) throw new CtlError(res.status, res.error);
        if (cl.status === "stopped") this.store.addPower(resKey("db-instance", cl.region, String(m["id"])), this.now(c), false);
      }
      return { ok: true, value: this.resourceView(c, "db-cluster", cl.region, cl.id) };
    } catch (e) {
      return ctlError(e);
    }
  }

  addSqlInstance(input: Record<string, unknown>): CtlResult<unknown> {
    try {
      const c = this.gcp();
      this.settle(c);
      const inst = newSqlInstance(input, this.now(c), c.regions[0] ?? "us-central1");
      if (this.store.get("sql-instance", SQL_REGION, inst.name)) throw new CtlError(409, `Cloud SQL instance ${inst.name} already exists`);
      if (inst.masterInstanceName) {
        const primary = this.store.get<SqlInstance>("sql-instance", SQL_REGION, inst.masterInstanceName);
        if (!primary) throw new InputError(`primary ${inst.masterInstanceName} not found`);
        inst.databaseVersion = primary.databaseVersion;
        inst.activationPolicy = "ALWAYS";
        primary.replicaNames.push(inst.name);
        this.store.put(primary);
      }
      this.store.put(inst);
      const key = resKey("sql-instance", SQL_REGION, inst.name);
      this.store.addPower(key, inst.createdAt, true);
      if (inst.activationPolicy === "NEVER") this.store.addPower(key, this.now(c), false);
      return { ok: true, value: renderInstance({ store: this.store, cfg: c, now: this.now(c), origin: "", user: "", base: "v1" }, inst) };
    } catch (e) {
      return ctlError(e);
    }
  }

  removeResource(kind: "db-instance" | "db-cluster" | "sql-instance", region: string, id: string): CtlResult<unknown> {
    try {
      const c = this.requireConfig();
      this.settle(c);
      const reg = kind === "sql-instance" ? SQL_REGION : region;
      const r = this.store.get(kind, reg, id);
      if (!r) throw new CtlError(404, `${kind} ${id} not found`);
      if (r.kind === "db-cluster") for (const m of r.members) this.store.remove("db-instance", region, m.id);
      if (r.kind === "db-instance") {
        if (r.readReplicaSource) {
          const src = this.store.get<DbInstance>("db-instance", region, r.readReplicaSource);
          if (src) {
            src.readReplicas = src.readReplicas.filter((x) => x !== id);
            this.store.put(src);
          }
        }
        if (r.clusterId) {
          const cl = this.store.get<DbCluster>("db-cluster", region, r.clusterId);
          if (cl) {
            cl.members = cl.members.filter((m) => m.id !== id);
            this.store.put(cl);
          }
        }
      }
      if (r.kind === "sql-instance" && r.masterInstanceName) {
        const p = this.store.get<SqlInstance>("sql-instance", SQL_REGION, r.masterInstanceName);
        if (p) {
          p.replicaNames = p.replicaNames.filter((x) => x !== id);
          this.store.put(p);
        }
      }
      this.store.remove(kind, reg, id);
      return { ok: true, value: { deleted: id } };
    } catch (e) {
      return ctlError(e);
    }
  }

  /** Everything in the account, settled to now (for tests, demos and debugging). */
  resources(): CtlResult<unknown> {
    try {
      const c = this.requireConfig();
      this.settle(c);
      if (c.kind === "aws") {
        return {
          ok: true,
          value: {
            // `power`: when each reached stopped (up false) or available (up true): the ground truth.
            instances: this.store.list<DbInstance>("db-instance", null).map((i) => ({ ...i, arn: instanceArn(c, i.region, i.id), power: this.store.power(resKey("db-instance", i.region, i.id)) })),
            clusters: this.store.list<DbCluster>("db-cluster", null).map((cl) => ({ ...cl, arn: clusterArn(c, cl.region, cl.id) })),
          },
        };
      }
      return { ok: true, value: { instances: this.store.list<SqlInstance>("sql-instance", null), operations: this.store.ops(null) } };
    } catch (e) {
      return ctlError(e);
    }
  }

  /**
   * Writes `days` of past power history for the account's databases (see ./history.ts), ending
   * before each database's first live transition. Once per database: a repeated call skips it.
   */
  generateHistory(input: { days: number; seed: number; only: string[] | null }): CtlResult<{ now: string; from: string; databases: HistoryReport[] }> {
    try {
      const c = this.requireConfig();
      this.settle(c);
      const now = this.now(c);
      const req: HistoryRequest = { from: now - input.days * 86_400_000, to: now, seed: input.seed, only: input.only };
      const databases = c.kind === "aws" ? generateAwsHistory(this.store, c, req) : generateGcpHistory(this.store, c, req);
      return { ok: true, value: { now: isoMillis(now), from: isoMillis(req.from), databases } };
    } catch (e) {
      return ctlError(e);
    }
  }

  callLog(limit: number): CtlResult<unknown> {
    try {
      this.requireConfig();
      const counts = this.store.counts();
      const byOperation: Record<string, number> = {};
      const errorsByOperation: Record<string, number> = {};
      let total = 0;
      for (const r of counts) {
        byOperation[r.op] = r.n;
        if (r.errors > 0) errorsByOperation[r.op] = r.errors;
        total += r.n;
      }
      const calls = this.store.calls(limit).map((r) => ({ ...r, at: isoMillis(r.at) }));
      return { ok: true, value: { total, byOperation, errorsByOperation, calls } };
    } catch (e) {
      return ctlError(e);
    }
  }

  clearCallLog(): void {
    this.store.clearCalls();
  }
}
