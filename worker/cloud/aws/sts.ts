/**
 * AWS credentials for one cloud account: static access keys, or STS AssumeRole (Query API,
 * version 2011-06-15) with the customer's ExternalId, cached until 5 minutes before expiry and
 * fetched once however many calls ask at the same time. Also GetCallerIdentity for access checks.
 *
 * Owns: the temporary credentials' lifetime. Must never: return, log or expose credentials
 * outside a `CredentialSource.get()` used for signing; every credential it learns is registered
 * with the account's Redactor before it is used.
 */
import { CloudError, type Redactor } from "../errors.ts";
import type { AwsStaticCredentials } from "../provider.ts";
import type { ResolvedDeps } from "../retry.ts";
import { AwsQueryClient, type AwsCredentials, type CredentialSource } from "./sigv4-client.ts";
import { child, text } from "./xml.ts";

export const STS_VERSION = "2011-06-15";
/** Temporary credentials are replaced this long before they expire. */
export const CREDENTIAL_REFRESH_MARGIN_MS = 5 * 60_000;

export class StaticCredentials implements CredentialSource {
  #credentials: AwsCredentials;

  constructor(credentials: AwsStaticCredentials, redactor: Redactor) {
    this.#credentials = { ...credentials };
    redactor.add(credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken);
  }

  async get(): Promise<AwsCredentials> {
    return this.#credentials;
  }

  invalidate(): void {}
}

export interface AssumeRoleOptions {
  roleArn: string;
  externalId: string;
  sessionName: string;
  /** 900–43200; the role's maximum session duration caps it. */
  durationSeconds?: number;
  /** Region whose STS endpoint is called (and signed for). */
  region: string;
  endpoint?: string | null;
  baseCredentials: AwsStaticCredentials;
  deps: ResolvedDeps;
  redactor: Redactor;
}

export class AssumeRoleCredentials implements CredentialSource {
  #sts: AwsQueryClient;
  #options: Omit<AssumeRoleOptions, "baseCredentials" | "deps" | "redactor">;
  #deps: ResolvedDeps;
  #redactor: Redactor;
  #cached: { credentials: AwsCredentials; expiresAt: number } | undefined;
  #inflight: Promise<AwsCredentials> | undefined;

  constructor(options: AssumeRoleOptions) {
    const { baseCredentials, deps, redactor, ...rest } = options;
    this.#options = rest;
    this.#deps = deps;
    this.#redactor = redactor;
    this.#sts = new AwsQueryClient({
      service: "sts",
      region: options.region,
      version: STS_VERSION,
      endpoint: options.endpoint,
      credentials: new StaticCredentials(baseCredentials, redactor),
      deps,
      redactor,
    });
  }

  async get(): Promise<AwsCredentials> {
    const cached = this.#cached;
    if (cached && this.#deps.now() < cached.expiresAt - CREDENTIAL_REFRESH_MARGIN_MS) {
      return cached.credentials;
    }
    if (!this.#inflight) {
      this.#inflight = this.#assume().finally(() => {
        this.#inflight = undefined;
      });
    }
    return this.#inflight;
  }

  invalidate(): void {
    this.#cached = undefined;
  }

  async #assume(): Promise<AwsCredentials> {
    const { result } = await this.#sts.call("AssumeRole", {
      RoleArn: this.#options.roleArn,
      RoleSessionName: this.#options.sessionName,
      ExternalId: this.#options.externalId,
      DurationSeconds: this.#options.durationSeconds ?? 3600,
    });
    const node = child(result, "Credentials");
    const accessKeyId = text(node, "AccessKeyId");
    const secretAccessKey = text(node, "SecretAccessKey");
    const sessionToken = text(node, "SessionToken");
    const expiration = Date.parse(text(node, "Expiration") ?? "");
    // Register before anything else can go wrong, so no later message can carry them.
    this.#redactor.addEphemeral(accessKeyId, secretAccessKey, sessionToken);
    if (!accessKeyId || !secretAccessKey || !sessionToken || Number.isNaN(expiration)) {
      throw new CloudError({
        provider: "aws",
        operation: "sts:AssumeRole",
        code: "MalformedResponse",
        message: "AssumeRole answered without complete temporary credentials.",
        category: "protocol",
        retryable: false,
      });
    }
    const credentials = { accessKeyId, secretAccessKey, sessionToken };
    this.#cached = { credentials, expiresAt: expiration };
    return credentials;
  }
}

/** `snoozeql-<account id>` restricted to what RoleSessionName allows ([\w+=,.@-], 2–64). */
export function roleSessionName(accountId?: string): string {
  const base = accountId ? `snoozeql-${accountId}` : "snoozeql";
  return base.replace(/[^\w+=,.@-]/g, "-").slice(0, 64);
}

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

export async function getCallerIdentity(sts: AwsQueryClient): Promise<CallerIdentity> {
  const { result } = await sts.call("GetCallerIdentity");
  return {
    account: text(result, "Account") ?? "",
    arn: text(result, "Arn") ?? "",
    userId: text(result, "UserId") ?? "",
  };
}
