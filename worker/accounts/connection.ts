/**
 * Cloud-account connections: turning what a user submits into a sealed record, turning a record
 * back into a provider config (the only place credentials are unsealed), the AWS onboarding
 * artefacts (ExternalId, least-privilege CloudFormation template, quick-create link), and the
 * "test connection" check that runs the real calls and explains failures in plain words.
 *
 * Never returns, logs or puts into an error a credential: views carry only non-secret hints.
 */
import { isCloudError, providerFor, type CloudAccountConfig, type CloudDeps } from "../cloud/index.ts";
import type { cloudAccounts } from "../db/schema.ts";
import type { Env } from "../env.ts";
import { randomToken } from "../auth/crypto.ts";
import { outboundProblem } from "./endpoint-policy.ts";
import { keyRingFromEnv, seal, unseal } from "../security/sealed-secrets.ts";

export type AccountRow = typeof cloudAccounts.$inferSelect;

/** What is sealed for each connection kind. */
export type SealedCredentials =
  | { kind: "access_keys"; accessKeyId: string; secretAccessKey: string }
  | { kind: "service_account"; serviceAccountKey: Record<string, unknown> }
  | { kind: "assume_role" };

export function newExternalId(): string {
  return `snoozeql-${randomToken(18)}`;
}

export function sealCredentials(env: Env, accountId: string, credentials: SealedCredentials): Promise<string> {
  return seal(keyRingFromEnv(env), JSON.stringify(credentials), accountId);
}

/** A short, non-secret description of the stored credentials, shown in lists. */
export function credentialHint(credentials: SealedCredentials): string {
  switch (credentials.kind) {
    case "access_keys":
      return `access key …${credentials.accessKeyId.slice(-4)}`;
    case "service_account":
      return `service account ${String(credentials.serviceAccountKey.client_email ?? "(unknown)")}`;
    case "assume_role":
      return "IAM role";
  }
}

/** The provider config for an account (unseals its credentials); refuses what this deployment does not allow. */
export async function accountConfig(env: Env, row: AccountRow): Promise<CloudAccountConfig> {
  const config = await unsealedConfig(env, row);
  const problem = outboundProblem(env, {
    authKind: row.authKind,
    endpoint: row.endpoint,
    tokenUri: config.provider === "gcp" ? tokenUriOf(config.serviceAccountKey) : null,
  });
  if (problem) throw new ConnectionProblem(`This account's ${problem.path} is not allowed: ${problem.message}.`);
  return config;
}

function tokenUriOf(key: unknown): string | null {
  if (typeof key === "string") {
    try {
      return tokenUriOf(JSON.parse(key));
    } catch {
      return null;
    }
  }
  const uri = (key as { token_uri?: unknown } | null)?.token_uri;
  return typeof uri === "string" ? uri : null;
}

async function unsealedConfig(env: Env, row: AccountRow): Promise<CloudAccountConfig> {
  if (row.provider === "aws" && row.authKind === "assume_role") {
    if (!env.SNOOZEQL_AWS_ACCESS_KEY_ID || !env.SNOOZEQL_AWS_SECRET_ACCESS_KEY) {
      throw new ConnectionProblem("SnoozeQL's own AWS principal is not configured on this deployment (SNOOZEQL_AWS_ACCESS_KEY_ID / SNOOZEQL_AWS_SECRET_ACCESS_KEY), so it cannot assume roles.");
    }
    if (!row.roleArn || !row.externalId) throw new ConnectionProblem("Add the role ARN that the CloudFormation stack created.");
    return {
      provider: "aws",
      id: row.id,
      regions: row.regions ?? [],
      endpoint: row.endpoint,
      authKind: "assume_role",
      roleArn: row.roleArn,
      externalId: row.externalId,
      baseCredentials: { accessKeyId: env.SNOOZEQL_AWS_ACCESS_KEY_ID, secretAccessKey: env.SNOOZEQL_AWS_SECRET_ACCESS_KEY },
    };
  }
  if (!row.credentialsSealed) throw new ConnectionProblem("No credentials are stored for this account.");
  const credentials = JSON.parse(await unseal(keyRingFromEnv(env), row.credentialsSealed, row.id)) as SealedCredentials;
  if (row.provider === "aws" && credentials.kind === "access_keys") {
    return { provider: "aws", id: row.id, regions: row.regions ?? [], endpoint: row.endpoint, authKind: "access_keys", accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey };
  }
  if (row.provider === "gcp" && credentials.kind === "service_account") {
    return { provider: "gcp", id: row.id, serviceAccountKey: credentials.serviceAccountKey as never, projectId: row.externalAccountId, regions: row.regions, endpoint: row.endpoint };
  }
  throw new ConnectionProblem("The stored credentials do not match the account's connection kind.");
}

export class ConnectionProblem extends Error {
  override readonly name = "ConnectionProblem";
}

export interface ConnectionCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface ConnectionReport {
  ok: boolean;
  /** AWS account id / GCP project reached, when credentials worked. */
  cloudAccountId: string | null;
  principal: string | null;
  databases: number | null;
  checks: ConnectionCheck[];
}

/** Plain-words advice for the cloud error codes people meet while connecting. */
function advice(code: string, fallback: string): string {
  const table: Record<string, string> = {
    InvalidClientTokenId: "AWS does not know this access key id. Check it, or create a new access key.",
    SignatureDoesNotMatch: "The secret access key does not match the access key id.",
    AccessDenied: "AWS refused: the role's trust policy must allow SnoozeQL's principal with this ExternalId, and the role needs the permissions in the CloudFormation template.",
    AccessDeniedException: "The credentials lack a permission SnoozeQL needs (see the CloudFormation template for the list).",
    ExpiredToken: "The credentials have expired.",
    invalid_grant: "Google refused the service-account key (deleted key, wrong project or clock skew).",
    PERMISSION_DENIED: "The service account lacks Cloud SQL Viewer/Editor or Monitoring Viewer on this project.",
  };
  return table[code] ?? fallback;
}

/** Runs the real calls (credentials, then listing databases) and reports what works. */
export async function testConnection(env: Env, row: AccountRow, deps: CloudDeps = {}): Promise<ConnectionReport> {
  const checks: ConnectionCheck[] = [];
  let config: CloudAccountConfig;
  try {
    config = await accountConfig(env, row);
  } catch (error) {
    const detail = error instanceof ConnectionProblem ? error.message : "The stored credentials could not be read.";
    return { ok: false, cloudAccountId: null, principal: null, databases: null, checks: [{ name: "configuration", ok: false, detail }] };
  }
  try {
    const provider = providerFor(config, { retry: { maxAttempts: 3 }, ...deps });
    const access = await provider.verifyAccess();
    checks.push({ name: "credentials", ok: true, detail: `Signed in to ${row.provider === "aws" ? "AWS account" : "GCP project"} ${access.accountId} as ${access.principal}.` });
    try {
      const list = await provider.listDatabases();
      const incomplete = list.incomplete.map((f) => `${f.region}: ${advice(f.error.code, f.error.message)}`);
      checks.push({
        name: "list databases",
        ok: incomplete.length === 0,
        detail: incomplete.length === 0 ? `Found ${list.databases.length} database(s).` : `Some regions could not be listed — ${incomplete.join("; ")}`,
      });
      return { ok: incomplete.length === 0, cloudAccountId: access.accountId, principal: access.principal, databases: list.databases.length, checks };
    } catch (error) {
      checks.push({ name: "list databases", ok: false, detail: isCloudError(error) ? advice(error.code, error.message) : "Listing databases failed." });
      return { ok: false, cloudAccountId: access.accountId, principal: access.principal, databases: null, checks };
    }
  } catch (error) {
    checks.push({ name: "credentials", ok: false, detail: isCloudError(error) ? advice(error.code, error.message) : "The credentials could not be used." });
    return { ok: false, cloudAccountId: null, principal: null, databases: null, checks };
  }
}

/** The IAM actions SnoozeQL uses, and nothing more. */
export const AWS_ACTIONS = [
  "rds:DescribeDBInstances",
  "rds:DescribeDBClusters",
  "rds:ListTagsForResource",
  "rds:DescribeEvents",
  "rds:DescribePendingMaintenanceActions",
  "rds:StopDBInstance",
  "rds:StartDBInstance",
  "rds:StopDBCluster",
  "rds:StartDBCluster",
  "rds:ModifyDBCluster",
  "cloudwatch:GetMetricData",
] as const;

/** A CloudFormation template (YAML) creating a least-privilege role that trusts SnoozeQL. */
export function cloudFormationTemplate(principalArn: string): string {
  const actions = AWS_ACTIONS.map((a) => `              - ${a}`).join("\n");
  return `AWSTemplateFormatVersion: "2010-09-09"
Description: >-
  Lets SnoozeQL stop and start this account's non-production RDS and Aurora databases on
  schedule and read their CloudWatch metrics. Only the actions listed are granted.
Parameters:
  ExternalId:
    Type: String
    Description: The ExternalId SnoozeQL showed you for this connection.
    MinLength: 16
  RoleName:
    Type: String
    Default: SnoozeQLAccess
Resources:
  SnoozeQLRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Ref RoleName
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: ${principalArn}
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                sts:ExternalId: !Ref ExternalId
      Policies:
        - PolicyName: SnoozeQLDatabaseScheduling
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action:
${actions}
                Resource: "*"
Outputs:
  RoleArn:
    Description: Paste this into SnoozeQL.
    Value: !GetAtt SnoozeQLRole.Arn
`;
}

/** The AWS console link that opens the stack pre-filled (needs the template published at a URL). */
export function quickCreateUrl(templateUrl: string, externalId: string, region = "us-east-1"): string {
  const params = new URLSearchParams({ templateURL: templateUrl, stackName: "SnoozeQL", param_ExternalId: externalId });
  return `https://console.aws.amazon.com/cloudformation/home?region=${region}#/stacks/quickcreate?${params}`;
}
