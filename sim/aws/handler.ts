// The AWS request pipeline inside an account's SimCloud object: protocol decoding (Query,
// awsJson1_0 or CloudTrail's awsJson1_1), credential lookup and SigV4 verification, fault
// injection, dispatch to RDS, CloudWatch, STS or CloudTrail, response rendering, the call log, and
// the CloudTrail record of every successful RDS stop/start.
import { decideFault } from "../faults.ts";
import { settleAws } from "../state/lifecycle.ts";
import { simulatedNow, type AwsAccountConfig } from "../state/model.ts";
import type { Store } from "../state/store.ts";
import { uuid } from "../util.ts";
import { decodeJsonInput, decodeQueryInput, getMetricData, renderJson, renderQuery, CW_JSON_TARGET, CW_XMLNS } from "./cloudwatch.ts";
import { CLOUDTRAIL_TARGET, cloudTrailError, lookupEvents, TRAILED_RDS_ACTIONS } from "./cloudtrail.ts";
import { AwsError, internalError, jsonErrorResponse, queryErrorResponse, type WireResponse } from "./errors.ts";
import { RDS_ACTIONS, RDS_XMLNS } from "./rds.ts";
import { parseSigV4, verifySigV4, type SignableRequest } from "./sigv4.ts";
import { type Caller, type IssuedSession, type AssumeRoleArgs, parseAssumeRole, renderAssumeRole, renderCallerIdentity, STS_XMLNS } from "./sts.ts";
import { QueryParams, queryResponse } from "./xml.ts";

export interface AwsWireRequest extends SignableRequest {
  receivedAt: number;
}

export interface AwsOutcome extends WireResponse {
  latencyMs: number;
  hangMs: number | null;
}

export interface AwsDeps {
  store: Store;
  cfg: AwsAccountConfig;
  /** AssumeRole in another (or this) account; returns the issued session or throws AwsError. */
  assumeRole(args: AssumeRoleArgs): Promise<IssuedSession>;
}

interface Decoded {
  service: "rds" | "monitoring" | "sts" | "cloudtrail";
  json: boolean;
  action: string;
  params: QueryParams;
  jsonBody: Record<string, unknown> | null;
}

const XMLNS: Record<string, string> = { rds: RDS_XMLNS, monitoring: CW_XMLNS, sts: STS_XMLNS };

export const THROTTLE_MESSAGE = "Rate exceeded";

function decode(req: AwsWireRequest, service: string): Decoded {
  if (service !== "rds" && service !== "monitoring" && service !== "sts" && service !== "cloudtrail") {
    throw new AwsError("InvalidClientTokenId", `Credential should be scoped to correct service: '${service}'. `, 403);
  }
  const target = req.headers["x-amz-target"];
  if (service === "cloudtrail") {
    const dot = (target ?? "").lastIndexOf(".");
    const prefix = dot < 0 ? "" : target!.slice(0, dot);
    const action = dot < 0 ? "" : target!.slice(dot + 1);
    if (prefix !== CLOUDTRAIL_TARGET || !action) throw new AwsError("UnknownOperationException", `Unknown operation ${target ?? ""}`, 400);
    let jsonBody: Record<string, unknown>;
    try {
      jsonBody = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
    } catch {
      throw new AwsError("SerializationException", "Start of structure or map found where not expected.", 400);
    }
    return { service, json: true, action, params: new QueryParams([]), jsonBody };
  }
  if (service === "monitoring" && target) {
    const [prefix, action] = target.split(".");
    if (prefix !== CW_JSON_TARGET || !action) {
      throw new AwsError("InvalidAction", `Unknown operation ${target}`, 400);
    }
    let jsonBody: Record<string, unknown>;
    try {
      jsonBody = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
    } catch {
      throw new AwsError("SerializationException", "Start of structure or map found where not expected.", 400);
    }
    return { service, json: true, action, params: new QueryParams([]), jsonBody };
  }
  const form = req.method === "POST" ? req.body : "";
  const params = new QueryParams([...new URLSearchParams(req.query), ...new URLSearchParams(form)].filter(([k]) => !k.startsWith("X-Amz-")));
  const action = params.get("Action");
  if (!action) throw new AwsError("MissingAction", "Missing Action", 400);
  return { service, json: false, action, params, jsonBody: null };
}

function render(d: Decoded | null, service: string, requestId: string, result: unknown, err: AwsError | null): WireResponse {
  const json = d?.json ?? false;
  if (service === "cloudtrail") {
    if (err) return cloudTrailError(err, requestId);
    return { status: 200, headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId }, body: JSON.stringify(result) };
  }
  if (err) {
    return json ? jsonErrorResponse(err, requestId) : queryErrorResponse(err, XMLNS[service] ?? RDS_XMLNS, requestId);
  }
  if (json) {
    return { status: 200, headers: { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": requestId }, body: JSON.stringify(result) };
  }
  return {
    status: 200,
    headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
    body: queryResponse(d!.action, XMLNS[service]!, result as never, requestId),
  };
}

export async function handleAws(deps: AwsDeps, req: AwsWireRequest): Promise<AwsOutcome> {
  const { store, cfg } = deps;
  const requestId = uuid();
  const nowReal = req.receivedAt;
  const now = simulatedNow(cfg, nowReal);
  let decoded: Decoded | null = null;
  let service = "rds";
  let principal: string | null = null;
  let latencyMs = 0;
  let hangMs: number | null = null;
  let out: WireResponse;
  try {
    const auth = parseSigV4(req);
    service = auth.service;
    decoded = decode(req, auth.service);

    // Credentials, then the signature (AWS checks the key before the signature).
    const cred = store.credential(auth.accessKeyId);
    const invalidToken = () => new AwsError("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
    if (!cred) throw invalidToken();
    if (cred.token !== null) {
      if (auth.sessionToken === null || auth.sessionToken !== cred.token) throw invalidToken();
      if (cred.expires !== null && nowReal >= cred.expires) {
        throw new AwsError("ExpiredToken", "The security token included in the request is expired", 400);
      }
    } else if (auth.sessionToken !== null) {
      throw invalidToken();
    }
    await verifySigV4(req, auth, cred.secret, nowReal);
    principal = cred.principal;

    // Faults, after authentication like a real throttle.
    const fault = decideFault(store, cfg.faults, "aws", decoded.action, `${auth.service}:${auth.region}`, nowReal);
    latencyMs = fault.latencyMs;
    if (fault.kind === "throttle") throw new AwsError(service === "cloudtrail" ? "ThrottlingException" : cfg.faults.throttleCode, THROTTLE_MESSAGE, 400);
    if (fault.kind === "error") {
      throw cfg.faults.errorStatus === 503
        ? new AwsError("ServiceUnavailable", "Service is unavailable. Please try again later.", 503)
        : internalError();
    }
    if (fault.kind === "hang") hangMs = fault.hangMs;

    const caller: Caller = {
      accountId: cfg.accountId,
      arn: cred.principal,
      userId: cred.userId,
      assumedRole: cred.token !== null,
    };
    let result: unknown;
    if (decoded.service === "rds") {
      const h = RDS_ACTIONS[decoded.action];
      if (!h) throw new AwsError("InvalidAction", `The action ${decoded.action} is not valid for this web service.`, 400);
      settleAws(store, cfg, now);
      result = h({ store, cfg, region: auth.region, now, params: decoded.params });
      if (TRAILED_RDS_ACTIONS.has(decoded.action)) recordTrail(deps, decoded, caller, auth.accessKeyId, auth.region, now, requestId, req);
    } else if (decoded.service === "cloudtrail") {
      if (decoded.action !== "LookupEvents") throw new AwsError("UnknownOperationException", `Unknown operation ${decoded.action}`, 400);
      settleAws(store, cfg, now);
      result = lookupEvents(store, cfg, auth.region, now, decoded.jsonBody ?? {});
    } else if (decoded.service === "monitoring") {
      if (decoded.action !== "GetMetricData") {
        throw new AwsError("InvalidAction", `The action ${decoded.action} is not valid for this web service.`, 400);
      }
      settleAws(store, cfg, now);
      const input = decoded.json ? decodeJsonInput(decoded.jsonBody ?? {}) : decodeQueryInput(decoded.params);
      const res = getMetricData({ store, cfg, region: auth.region, now }, input);
      result = decoded.json ? renderJson(res) : renderQuery(res);
    } else {
      if (decoded.action === "GetCallerIdentity") {
        result = renderCallerIdentity(caller);
      } else if (decoded.action === "AssumeRole") {
        const args = parseAssumeRole(decoded.params, caller);
        const session = await deps.assumeRole(args);
        result = renderAssumeRole(session, args.sourceIdentity);
      } else {
        throw new AwsError("InvalidAction", `Could not find operation ${decoded.action} for version 2011-06-15`, 400);
      }
    }
    out = render(decoded, service, requestId, result, null);
  } catch (e) {
    const err = e instanceof AwsError ? e : internalError();
    if (!(e instanceof AwsError)) console.error("sim aws internal error", e);
    out = render(decoded, service, requestId, null, err);
  }
  // A hung call was performed, but its answer never reaches the client: the log says so ("Hang").
  const code = out.status >= 400 ? errorCode(out) : hangMs !== null ? "Hang" : null;
  const target = decoded?.service === "rds" ? (decoded.params.get("DBInstanceIdentifier") ?? decoded.params.get("DBClusterIdentifier") ?? null) : null;
  store.logCall(now, service, decoded?.action ?? "Unknown", out.status, code, principal, target);
  return { ...out, latencyMs, hangMs };
}

function errorCode(out: WireResponse): string | null {
  const q = out.headers["x-amzn-query-error"];
  if (q) return q.split(";")[0] ?? null;
  const m = /<Code>([^<]*)<\/Code>/.exec(out.body);
  return m ? m[1]! : null;
}

/** CloudTrail's record of a successful RDS stop/start: who called, when (the request time), on what. */
function recordTrail(deps: AwsDeps, d: Decoded, caller: Caller, accessKeyId: string, region: string, now: number, requestId: string, req: AwsWireRequest): void {
  const cluster = d.action.endsWith("DBCluster");
  const id = d.params.get(cluster ? "DBClusterIdentifier" : "DBInstanceIdentifier") ?? "";
  const name = id.startsWith("arn:") ? id.split(":").slice(6).join(":") : id;
  deps.store.addTrail({
    eventId: uuid(),
    eventName: d.action,
    at: now,
    region,
    accessKeyId,
    identityType: caller.assumedRole ? "AssumedRole" : "IAMUser",
    principalArn: caller.arn,
    principalId: caller.userId,
    userName: caller.arn.split("/")[1] ?? caller.arn,
    resourceType: cluster ? "AWS::RDS::DBCluster" : "AWS::RDS::DBInstance",
    resourceName: name,
    requestParameters: cluster ? { dBClusterIdentifier: id } : { dBInstanceIdentifier: id },
    requestId,
    userAgent: req.headers["user-agent"] ?? "unknown",
    sourceIp: "198.51.100.10",
  });
}
