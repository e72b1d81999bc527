// STS Query API (2011-06-15): AssumeRole (role must exist, ExternalId must match, DurationSeconds
// 900..43200 and within the role's maximum, role chaining limited to 1 h) issuing temporary
// credentials the simulator then accepts, and GetCallerIdentity.
import type { AwsAccountConfig, AwsRole } from "../state/model.ts";
import type { Store } from "../state/store.ts";
import { ALNUM, isoSeconds, randomFrom, UPPER_ALNUM } from "../util.ts";
import { AwsError } from "./errors.ts";
import { type QueryParams, x, type XmlValue } from "./xml.ts";

export const STS_XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";

export interface Caller {
  accountId: string;
  arn: string;
  userId: string;
  /** True for temporary credentials of an assumed role (role chaining applies). */
  assumedRole: boolean;
}

export interface AssumeRoleArgs {
  roleArn: string;
  sessionName: string;
  externalId: string | null;
  durationSeconds: number;
  sourceIdentity: string | null;
  caller: Caller;
}

export interface IssuedSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: number;
  assumedRoleArn: string;
  assumedRoleId: string;
}

function validationError(field: string, value: string, constraint: string): AwsError {
  return new AwsError("ValidationError", `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${constraint}`, 400);
}

/** Validates the parameters of AssumeRole (shape checks only: the role is checked where it lives). */
export function parseAssumeRole(p: QueryParams, caller: Caller): AssumeRoleArgs {
  const roleArn = p.get("RoleArn");
  const sessionName = p.get("RoleSessionName");
  if (!roleArn) throw new AwsError("MissingParameter", "The request must contain the parameter RoleArn", 400);
  if (!sessionName) throw new AwsError("MissingParameter", "The request must contain the parameter RoleSessionName", 400);
  if (roleArn.length < 20 || roleArn.length > 2048) {
    throw validationError("roleArn", roleArn, "Member must have length greater than or equal to 20");
  }
  if (sessionName.length < 2 || sessionName.length > 64) {
    throw validationError("roleSessionName", sessionName, "Member must have length less than or equal to 64");
  }
  if (!/^[\w+=,.@-]*$/.test(sessionName)) {
    throw validationError("roleSessionName", sessionName, "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
  }
  const externalId = p.get("ExternalId") ?? null;
  if (externalId !== null) {
    if (externalId.length < 2 || externalId.length > 1224) {
      throw validationError("externalId", externalId, "Member must have length greater than or equal to 2");
    }
    if (!/^[\w+=,.@:/-]*$/.test(externalId)) {
      throw validationError("externalId", externalId, "Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*");
    }
  }
  const dRaw = p.get("DurationSeconds");
  const durationSeconds = dRaw === undefined ? 3600 : Number(dRaw);
  if (!Number.isInteger(durationSeconds)) throw validationError("durationSeconds", String(dRaw), "Member must be an integer");
  if (durationSeconds < 900) throw validationError("durationSeconds", String(dRaw), "Member must have value greater than or equal to 900");
  if (durationSeconds > 43200) throw validationError("durationSeconds", String(dRaw), "Member must have value less than or equal to 43200");
  if (caller.assumedRole && durationSeconds > 3600) {
    throw new AwsError("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", 400);
  }
  if (!/^arn:aws:iam::\d{12}:role\/.+$/.test(roleArn)) {
    throw new AwsError("ValidationError", `${roleArn} is invalid`, 400);
  }
  return { roleArn, sessionName, externalId, durationSeconds, sourceIdentity: p.get("SourceIdentity") ?? null, caller };
}

export function accessDenied(caller: Caller, roleArn: string): AwsError {
  return new AwsError("AccessDenied", `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
}

/** Runs in the role's account: checks trust and ExternalId, stores and returns the session. */
export function issueSession(store: Store, cfg: AwsAccountConfig, a: AssumeRoleArgs, nowReal: number): IssuedSession {
  const role: AwsRole | undefined = cfg.roles.find((r) => r.arn === a.roleArn);
  if (!role) throw accessDenied(a.caller, a.roleArn);
  const trusted = role.trustedAccounts.includes("*") || role.trustedAccounts.includes(a.caller.accountId);
  if (!trusted) throw accessDenied(a.caller, a.roleArn);
  if (role.externalId !== null && a.externalId !== role.externalId) throw accessDenied(a.caller, a.roleArn);
  if (a.durationSeconds > role.maxSessionDuration) {
    throw new AwsError("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 400);
  }
  const accessKeyId = "ASIA" + randomFrom(UPPER_ALNUM, 16);
  const secretAccessKey = randomFrom(ALNUM + "/+", 40);
  const sessionToken = "IQoJb3JpZ2luX2VjE" + randomFrom(ALNUM + "/+", 340);
  const expiration = Math.floor((nowReal + a.durationSeconds * 1000) / 1000) * 1000;
  const assumedRoleArn = `arn:aws:sts::${cfg.accountId}:assumed-role/${role.roleName}/${a.sessionName}`;
  const assumedRoleId = `${role.roleId}:${a.sessionName}`;
  store.putCredential({
    akid: accessKeyId,
    secret: secretAccessKey,
    token: sessionToken,
    expires: expiration,
    principal: assumedRoleArn,
    userId: assumedRoleId,
  });
  return { accessKeyId, secretAccessKey, sessionToken, expiration, assumedRoleArn, assumedRoleId };
}

export function renderAssumeRole(s: IssuedSession, sourceIdentity: string | null): XmlValue {
  return [
    sourceIdentity ? x("SourceIdentity", sourceIdentity) : null,
    x("AssumedRoleUser", [x("AssumedRoleId", s.assumedRoleId), x("Arn", s.assumedRoleArn)]),
    x("Credentials", [
      x("AccessKeyId", s.accessKeyId),
      x("SecretAccessKey", s.secretAccessKey),
      x("SessionToken", s.sessionToken),
      x("Expiration", isoSeconds(s.expiration)),
    ]),
  ];
}

export function renderCallerIdentity(c: Caller): XmlValue {
  return [x("UserId", c.userId), x("Account", c.accountId), x("Arn", c.arn)];
}
