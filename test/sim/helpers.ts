// Shared helpers of the simulator fidelity tests: control-API calls (each test makes its own
// accounts, so tests never share state) and official clients pointed at the simulator.
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { RDSClient } from "@aws-sdk/client-rds";
import { STSClient } from "@aws-sdk/client-sts";
import { sqladmin, type sqladmin_v1 } from "@googleapis/sqladmin";
import { GoogleAuth, type JWT } from "google-auth-library";
import { inject } from "vitest";

export const SIM = (): string => inject("simUrl");

export interface AwsAccount {
  accountId: string;
  regions: string[];
  accessKeyId: string;
  secretAccessKey: string;
  userArn: string;
  roleArn: string;
  externalId: string;
}

export interface ServiceAccountKey {
  type: string;
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  token_uri: string;
}

export interface GcpProject {
  projectId: string;
  projectNumber: string;
  serviceAccountKey: ServiceAccountKey;
}

export async function ctl<T = Record<string, unknown>>(method: string, path: string, body?: unknown, expectStatus?: number): Promise<T> {
  const res = await fetch(`${SIM()}/__sim${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  if (expectStatus !== undefined ? res.status !== expectStatus : !res.ok) {
    throw new Error(`control ${method} ${path} -> ${res.status}: ${text}`);
  }
  return (text ? JSON.parse(text) : {}) as T;
}

let counter = 0;
function uniqueDigits(): string {
  counter += 1;
  const rnd = Math.floor(Math.random() * 1e6).toString().padStart(6, "0");
  return `${(process.pid % 100).toString().padStart(2, "0")}${rnd}${(counter % 10000).toString().padStart(4, "0")}`;
}

export async function newAwsAccount(opts: Record<string, unknown> = {}): Promise<AwsAccount> {
  return ctl<AwsAccount>("POST", "/aws/accounts", { accountId: uniqueDigits(), regions: ["us-east-1", "eu-west-1"], durations: "dev", ...opts }, 201);
}

export async function newGcpProject(opts: Record<string, unknown> = {}): Promise<GcpProject> {
  const id = `t-${uniqueDigits()}`;
  return ctl<GcpProject>("POST", "/gcp/projects", { projectId: id, regions: ["us-central1"], durations: "dev", ...opts }, 201);
}

export const addInstance = (a: AwsAccount, body: Record<string, unknown>) =>
  ctl("POST", `/aws/accounts/${a.accountId}/instances`, { region: "us-east-1", ...body }, 201);
export const addCluster = (a: AwsAccount, body: Record<string, unknown>) =>
  ctl("POST", `/aws/accounts/${a.accountId}/clusters`, { region: "us-east-1", ...body }, 201);
export const addSql = (p: GcpProject, body: Record<string, unknown>) => ctl("POST", `/gcp/projects/${p.projectId}/instances`, body, 201);

export const setAwsFaults = (a: AwsAccount, faults: Record<string, unknown>) => ctl("PUT", `/aws/accounts/${a.accountId}/faults`, faults);
export const setGcpFaults = (p: GcpProject, faults: Record<string, unknown>) => ctl("PUT", `/gcp/projects/${p.projectId}/faults`, faults);
export const advanceAws = (a: AwsAccount, seconds: number) => ctl("POST", `/aws/accounts/${a.accountId}/clock`, { advanceSeconds: seconds });
export const advanceGcp = (p: GcpProject, seconds: number) => ctl("POST", `/gcp/projects/${p.projectId}/clock`, { advanceSeconds: seconds });

export interface CallLog {
  total: number;
  byOperation: Record<string, number>;
  errorsByOperation: Record<string, number>;
  calls: { at: string; op: string; status: number; code: string | null; target: string | null }[];
}
export const awsCalls = (a: AwsAccount) => ctl<CallLog>("GET", `/aws/accounts/${a.accountId}/calls?limit=1000`);
export const gcpCalls = (p: GcpProject) => ctl<CallLog>("GET", `/gcp/projects/${p.projectId}/calls?limit=1000`);

export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export function creds(a: AwsAccount): Creds {
  return { accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey };
}

export function rds(c: Creds, region = "us-east-1", extra: Record<string, unknown> = {}): RDSClient {
  return new RDSClient({ endpoint: SIM(), region, credentials: c, maxAttempts: 1, ...extra });
}

export function sts(c: Creds, region = "us-east-1", extra: Record<string, unknown> = {}): STSClient {
  return new STSClient({ endpoint: SIM(), region, credentials: c, maxAttempts: 1, ...extra });
}

export function cloudwatch(c: Creds, region = "us-east-1", extra: Record<string, unknown> = {}): CloudWatchClient {
  return new CloudWatchClient({ endpoint: SIM(), region, credentials: c, maxAttempts: 1, ...extra });
}

/** Runs `fn` and returns the error it throws (failing when it does not throw). */
export async function failure<E = Record<string, unknown> & Error>(fn: () => Promise<unknown>): Promise<E> {
  try {
    await fn();
  } catch (e) {
    return e as E;
  }
  throw new Error("expected the call to fail");
}

/**
 * google-auth-library 11 posts the JWT-bearer grant to the fixed https://oauth2.googleapis.com/token
 * whatever the key's token_uri says; the client's own transporter sends it to token_uri instead.
 */
export async function googleAuthClient(key: ServiceAccountKey, scopes = ["https://www.googleapis.com/auth/cloud-platform"]): Promise<JWT> {
  const auth = new GoogleAuth({ credentials: key, scopes });
  const client = (await auth.getClient()) as JWT;
  client.transporter.interceptors.request.add({
    resolved: async (opts) => {
      const u = opts.url instanceof URL ? opts.url : new URL(String(opts.url));
      if (u.href === "https://oauth2.googleapis.com/token") opts.url = new URL(key.token_uri);
      return opts;
    },
  });
  return client;
}

export async function sqlAdmin(key: ServiceAccountKey, scopes?: string[]): Promise<sqladmin_v1.Sqladmin> {
  return sqladmin({ version: "v1", auth: await googleAuthClient(key, scopes), rootUrl: `${SIM()}/` });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
