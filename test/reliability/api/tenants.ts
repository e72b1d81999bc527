// Real tenants for the API reliability suites, built over HTTP the way a customer gets them: sign-up,
// the confirmation link from the simulator's mailbox, API tokens, a simulated AWS account with its
// own databases connected through the API, and one resource of each kind the routes address.
export interface Tenant {
  email: string;
  orgId: string;
  userId: string;
  /** Session cookie (`name=value`) and its CSRF token, for routes that need a signed-in person. */
  cookie: string;
  csrf: string;
  /** Owner-role API tokens (several, so a long fuzz run stays under the per-token rate limit). */
  tokens: string[];
}

export class Http {
  constructor(readonly baseUrl: string) {}

  async call(path: string, init: RequestInit & { expect?: number[] } = {}): Promise<Response> {
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, init);
    if (init.expect && !init.expect.includes(res.status)) {
      throw new Error(`${init.method ?? "GET"} ${path} answered ${res.status}: ${await res.text()}`);
    }
    return res;
  }

  async json<T>(path: string, token: string, init: { method?: string; body?: unknown; expect?: number[] } = {}): Promise<T> {
    const res = await this.call(path, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
      expect: init.expect ?? [200, 201],
    });
    return (await res.json()) as T;
  }
}

const JSON_HEADERS = { "content-type": "application/json" };

/** Signs up a new organization, confirms the address from the simulator's mailbox, and mints owner tokens. */
export async function signUpTenant(http: Http, simUrl: string, label: string, tokenCount: number): Promise<Tenant> {
  const email = `${label}-${Date.now().toString(36)}@reliability.test`;
  const password = "reliability suite passphrase";
  await http.call("/auth/signup", {
    method: "POST",
    headers: JSON_HEADERS,
    body: JSON.stringify({ email, password, name: `${label} owner`, organization: `${label} org` }),
    expect: [202],
  });
  const mail = (await (await fetch(`${simUrl}/__sim/mail?to=${encodeURIComponent(email)}`)).json()) as { messages: { links: string[] }[] };
  const link = mail.messages.flatMap((m) => m.links).find((l) => new URL(l).pathname === "/verify-email");
  if (!link) throw new Error(`no confirmation email for ${email}`);
  const verified = await http.call("/auth/verify-email", {
    method: "POST",
    headers: JSON_HEADERS,
    body: JSON.stringify({ token: new URL(link).searchParams.get("token") }),
    expect: [200],
  });
  const { csrfToken } = (await verified.json()) as { csrfToken: string };
  const cookie = (verified.headers.get("set-cookie") ?? "").split(";")[0]!;
  const session = { ...JSON_HEADERS, cookie, "x-csrf-token": csrfToken };
  const me = (await (await http.call("/me", { headers: session, expect: [200] })).json()) as {
    user: { id: string };
    organization?: { id: string };
    memberships?: { organizationId?: string; orgId?: string; id?: string }[];
  };
  const tokens: string[] = [];
  for (let i = 0; i < tokenCount; i++) {
    const res = await http.call("/tokens", { method: "POST", headers: session, body: JSON.stringify({ name: `${label}-${i}`, role: "owner" }), expect: [201] });
    tokens.push(((await res.json()) as { token: string }).token);
  }
  const orgId = me.organization?.id ?? me.memberships?.[0]?.organizationId ?? me.memberships?.[0]?.orgId ?? "";
  return { email, orgId, userId: me.user.id, cookie, csrf: csrfToken, tokens };
}

let simAccountSeq = 0;

/**
 * A fresh simulated AWS account holding `databases` RDS instances, connected to the tenant's
 * organization through the API (access keys, endpoint = simulator); waits for discovery.
 */
export async function connectSimAccount(http: Http, simUrl: string, tenant: Tenant, label: string, databases: number): Promise<{ accountId: string; instanceIds: string[] }> {
  const n = ++simAccountSeq;
  // Unique per run and per account: the simulator keeps accounts for the life of its state.
  const unique = `${process.pid % 10_000}`.padStart(4, "0") + `${n}`.padStart(4, "0");
  const awsAccountId = `7${unique}`.padEnd(12, "0");
  const accessKeyId = `AKIARELIAB${unique}00`.slice(0, 20);
  const secretAccessKey = `reliability-secret-${n}-${Date.now()}`;
  const created = await fetch(`${simUrl}/__sim/aws/accounts`, {
    method: "POST",
    headers: JSON_HEADERS,
    body: JSON.stringify({ accountId: awsAccountId, regions: ["us-east-1"], accessKeyId, secretAccessKey, durations: "instant" }),
  });
  if (created.status !== 201) throw new Error(`simulator account: ${created.status} ${await created.text()}`);
  for (let i = 0; i < databases; i++) {
    const res = await fetch(`${simUrl}/__sim/aws/accounts/${awsAccountId}/instances`, {
      method: "POST",
      headers: JSON_HEADERS,
      body: JSON.stringify({ region: "us-east-1", id: `${label}-db-${i}`, engine: "postgres", tags: { env: "dev", team: label } }),
    });
    if (!res.ok) throw new Error(`simulator instance: ${res.status} ${await res.text()}`);
  }
  const token = tenant.tokens[0]!;
  const account = await http.json<{ id: string }>("/accounts", token, {
    method: "POST",
    body: { provider: "aws", connection: "access_keys", name: `${label} sandbox`, regions: ["us-east-1"], accessKeyId, secretAccessKey, endpoint: simUrl },
    expect: [201],
  });
  await http.json(`/accounts/${account.id}/test`, token, { method: "POST", expect: [200] });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { data } = await http.json<{ data: { id: string }[] }>(`/instances?cloudAccountId=${account.id}&limit=100`, token);
    if (data.length >= databases) return { accountId: account.id, instanceIds: data.map((d) => d.id) };
    if (Date.now() > deadline) throw new Error(`discovery found ${data.length} of ${databases} databases for ${label}`);
    await http.call(`/accounts/${account.id}/sync`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

export const SCHEDULE_BODY = (name: string, team = "nobody") => ({
  name,
  timezone: "Europe/Berlin",
  periods: [{ begin: "08:00", end: "19:00", weekdays: ["mon-fri"] }],
  selector: { match: [{ field: "tag", key: "team", op: "equals", value: team }] },
  dryRun: true,
});

export const POLICY_BODY = (name: string) => ({
  name,
  selector: { match: [{ field: "tag", key: "env", op: "equals", value: "qa" }] },
  rules: [{ metric: "cpu", operator: "lt", threshold: 5, duration: "2h" }],
  combine: "and",
  cooldown: "6h",
  actions: [{ type: "notify" }],
  dryRun: true,
});
