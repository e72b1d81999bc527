/**
 * The AccountAgent's cloud side: one provider client per version of the account's credentials,
 * paced by per-origin token buckets, plus the two I/O helpers a pass needs (a live look at
 * in-flight transitions, and one stop/start call turned into an outcome the pure core reads).
 *
 * The client is keyed on what the credentials are (sealed secret, endpoint, role, regions), not
 * on `updated_at`, which discovery bumps on every run: the buckets and the cached AssumeRole /
 * OAuth tokens survive discovery and are replaced only when the connection itself changes.
 */
import { accountConfig, type AccountRow } from "../../worker/accounts/connection.ts";
import { isCloudError, providerFor, type CloudProvider, type Database } from "../../worker/cloud/index.ts";
import type { Env } from "../../worker/env.ts";
import type { CallOutcome, CloudCall, DatabaseInput, Observation, Observed } from "../../worker/reconcile/pass.ts";
import { AWS_BUCKET, GCP_BUCKET, TokenBuckets } from "../../worker/reconcile/token-bucket.ts";

/** What identifies one connection's credentials (never logged: it holds the sealed secret). */
export function credentialsVersion(account: AccountRow): string {
  return JSON.stringify([account.provider, account.authKind, account.credentialsSealed, account.endpoint, account.roleArn, account.externalId, account.regions]);
}

export interface PacedClient {
  /** A fetch paced by this connection's token buckets (for calls made outside the provider). */
  fetch: typeof fetch;
  /** Null when the stored configuration cannot be used (discovery reports why). */
  provider: CloudProvider | null;
}

export class ClientCache {
  private entry: { version: string; client: PacedClient } | null = null;

  constructor(private readonly build: (account: AccountRow, paced: typeof fetch) => Promise<CloudProvider>) {}

  /** The version of the client held now (null before the first call). */
  get version(): string | null {
    return this.entry?.version ?? null;
  }

  async get(account: AccountRow): Promise<PacedClient> {
    const version = credentialsVersion(account);
    if (this.entry?.version === version) return this.entry.client;
    const buckets = new TokenBuckets(account.provider === "aws" ? AWS_BUCKET : GCP_BUCKET);
    const paced = buckets.wrap((input, init) => fetch(input, init));
    const provider = await this.build(account, paced).catch(() => null);
    this.entry = { version, client: { fetch: paced, provider } };
    return this.entry.client;
  }
}

export function clientCacheFor(env: Env): ClientCache {
  return new ClientCache(async (account, paced) => providerFor(await accountConfig(env, account), { fetch: paced }));
}

const observed = (d: Database): Observed => ({ state: d.state, cloudStatus: d.cloudStatus, eligible: d.eligible, ineligibleReason: d.ineligibleReason ?? null });

/** Current cloud view of some databases: a describe for one, a listing for several. */
export async function observeMany(provider: CloudProvider, rows: readonly (DatabaseInput & { externalId: string })[]): Promise<Map<string, Observation>> {
  const out = new Map<string, Observation>();
  if (rows.length === 0) return out;
  try {
    if (rows.length === 1) {
      const row = rows[0]!;
      const live = await provider.getDatabase({ kind: row.kind, externalId: row.externalId, region: row.region });
      out.set(row.id, live && observed(live));
    } else {
      // A state check: maintenance is discovery's to read (every 5 minutes), not every confirmation's.
      const list = await provider.listDatabases({ kinds: [...new Set(rows.map((r) => r.kind))], regions: [...new Set(rows.map((r) => r.region))], maintenance: false });
      const failed = new Set(list.incomplete.map((f) => f.region));
      for (const row of rows) {
        const found = list.databases.find((d) => d.kind === row.kind && d.externalId === row.externalId && d.region === row.region);
        out.set(row.id, found ? observed(found) : failed.has(row.region) ? undefined : null);
      }
    }
  } catch {
    // unknown this time (undefined): try again on the next poll; the client already retried
  }
  return out;
}

/** One stop/start call. No describe first: the cloud itself refuses an action in the wrong state. */
export async function performCall(provider: CloudProvider, call: CloudCall, row: DatabaseInput & { externalId: string }): Promise<CallOutcome> {
  const ref = { kind: row.kind, externalId: row.externalId, region: row.region };
  try {
    const result = call.action === "stop" ? await provider.stop(ref) : await provider.start(ref);
    return { kind: "accepted", state: result.database?.state ?? null, cloudStatus: result.database?.cloudStatus ?? null, operationId: result.operation?.id ?? null };
  } catch (error) {
    if (isCloudError(error) && error.category === "invalid_state") {
      const live = await provider.getDatabase(ref).catch(() => null);
      return { kind: "invalid-state", summary: error.summary, live: live && observed(live), afterRetry: error.attempts > 1 };
    }
    const message = isCloudError(error) ? error.summary : error instanceof Error && "summary" in error ? String(error.summary) : "The cloud call failed.";
    return { kind: "failed", error: message, code: isCloudError(error) ? error.code : null, retryable: isCloudError(error) && error.retryable };
  }
}
