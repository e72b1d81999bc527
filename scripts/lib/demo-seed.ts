// The demo organization for local development: SQL that is safe to run again and again.
// Dev only — the demo password is public. Sandbox cloud accounts come from the simulator's
// /__sim/accounts and point at it; their credentials are sealed exactly as production seals them.
import { hashPassword } from "../../worker/security/password.ts";
import { seal, type KeyRing } from "../../worker/security/sealed-secrets.ts";

export const DEMO_EMAIL = "demo@snoozeql.dev";
export const DEMO_PASSWORD = "snoozeql-demo";
export const DEMO_ORG_ID = "org_DEMO0000000000000000000000";
const DEMO_USER_ID = "usr_DEMO0000000000000000000000";

/** What /__sim/accounts reports (only the fields the seed uses). */
export interface SimAccounts {
  aws: { accountId: string; regions: string[]; accessKeyId: string; secretAccessKey: string; roleArn?: string; externalId?: string }[];
  gcp: { projectId: string; serviceAccountKey: Record<string, unknown> }[];
}

const q = (value: string | number | null) =>
  value === null ? "NULL" : typeof value === "number" ? String(value) : `'${value.replaceAll("'", "''")}'`;

export async function demoSeedSql(ring: KeyRing, simUrl: string | null, sim: SimAccounts | null): Promise<string> {
  const now = Date.now();
  const statements = [
    `INSERT OR IGNORE INTO organizations (id, name, slug, timezone) VALUES (${q(DEMO_ORG_ID)}, 'Demo Co', 'demo', 'Europe/Berlin');`,
    `INSERT OR IGNORE INTO users (id, email, name, password_hash) VALUES (${q(DEMO_USER_ID)}, ${q(DEMO_EMAIL)}, 'Demo User', ${q(await hashPassword(DEMO_PASSWORD))});`,
    `INSERT OR IGNORE INTO memberships (org_id, user_id, role) VALUES (${q(DEMO_ORG_ID)}, ${q(DEMO_USER_ID)}, 'owner');`,
  ];
  for (const [i, account] of (sim?.aws ?? []).entries()) {
    const id = `acct_DEMOAWS${String(i).padStart(19, "0")}`;
    const sealed = await seal(ring, JSON.stringify({ accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey }), id);
    statements.push(upsertAccount(id, "aws", `AWS sandbox ${account.accountId}`, "access_keys", account.accountId, JSON.stringify(account.regions), simUrl, sealed, now));
  }
  for (const [i, project] of (sim?.gcp ?? []).entries()) {
    const id = `acct_DEMOGCP${String(i).padStart(19, "0")}`;
    const sealed = await seal(ring, JSON.stringify(project.serviceAccountKey), id);
    statements.push(upsertAccount(id, "gcp", `GCP sandbox ${project.projectId}`, "service_account", project.projectId, null, simUrl, sealed, now));
  }
  return statements.join("\n") + "\n";
}

function upsertAccount(
  id: string, provider: string, name: string, authKind: string, externalAccountId: string,
  regions: string | null, endpoint: string | null, sealed: string, now: number,
): string {
  return `INSERT INTO cloud_accounts (id, org_id, provider, name, status, auth_kind, external_account_id, regions, endpoint, credentials_sealed, next_due_at)
VALUES (${q(id)}, ${q(DEMO_ORG_ID)}, ${q(provider)}, ${q(name)}, 'pending', ${q(authKind)}, ${q(externalAccountId)}, ${q(regions)}, ${q(endpoint)}, ${q(sealed)}, ${q(now)})
ON CONFLICT(id) DO UPDATE SET endpoint = excluded.endpoint, credentials_sealed = excluded.credentials_sealed, regions = excluded.regions;`;
}
