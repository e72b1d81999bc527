// Where SnoozeQL's outbound requests may go: the outbound-URL validator (reused by webhooks), the
// per-deployment endpoint policy (no tenant-chosen endpoints or token_uri in production, the
// platform's AWS credentials only to AWS's STS), the production env check, and wrangler.toml's
// deploy default.
import { describe, expect, it } from "vitest";
import wranglerToml from "../../wrangler.toml?raw";
import { checkOutboundUrl } from "../../worker/security/outbound-url.ts";
import { GOOGLE_TOKEN_URIS, outboundProblem } from "../../worker/accounts/endpoint-policy.ts";
import { accountConfig, ConnectionProblem, type AccountRow } from "../../worker/accounts/connection.ts";
import { providerFor } from "../../worker/cloud/index.ts";
import { EnvError, readEnv, type Env } from "../../worker/env.ts";
import { bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { apiUnder, deploymentEnv } from "../helpers/deployment.ts";

const workerEnv = deploymentEnv();
const REAL_PRINCIPAL = "arn:aws:iam::210987654321:role/snoozeql-platform";
const production = (extra: Partial<Env> = {}) => deploymentEnv({ APP_ENV: "production", SNOOZEQL_AWS_PRINCIPAL_ARN: REAL_PRINCIPAL, ...extra });

describe("checkOutboundUrl", () => {
  const refused: [string, RegExp][] = [
    ["http://api.example.com/hook", /https/],
    ["ftp://example.com/", /https/],
    ["not a url", /not a URL/],
    ["https://user:pw@example.com/", /user name or password/],
    ["https://example.com:22/", /standard https port/],
    ["https://example.com:8080/", /standard https port/],
    ["https://localhost/", /public host/],
    ["https://db.localhost/", /public host/],
    ["https://printer.local/", /public host/],
    ["https://metadata.google.internal/", /public host/],
    ["https://intranet/", /fully qualified/],
    ["https://127.0.0.1/", /loopback/],
    ["https://127.1.2.3/", /loopback/],
    ["https://2130706433/", /loopback/], // decimal form of 127.0.0.1
    ["https://0x7f.0.0.1/", /loopback/],
    ["https://10.1.2.3/", /private/],
    ["https://172.16.0.1/", /private/],
    ["https://172.31.255.255/", /private/],
    ["https://192.168.1.1/", /private/],
    ["https://169.254.169.254/latest/meta-data", /link-local/],
    ["https://100.64.0.1/", /carrier-grade NAT/],
    ["https://100.127.255.254/", /carrier-grade NAT/],
    ["https://0.0.0.0/", /this network/],
    ["https://224.0.0.1/", /multicast/],
    ["https://255.255.255.255/", /multicast or reserved/],
    ["https://198.18.0.1/", /benchmarking/],
    ["https://203.0.113.9/", /documentation/],
    ["https://[::1]/", /loopback/],
    ["https://[::]/", /unspecified/],
    ["https://[::ffff:127.0.0.1]/", /loopback/],
    ["https://[::ffff:10.0.0.1]/", /private/],
    ["https://[::ffff:8.8.8.8]/", /IPv4-mapped/],
    ["https://[fd12:3456::1]/", /unique-local/],
    ["https://[fc00::1]/", /unique-local/],
    ["https://[fe80::1]/", /link-local/],
    ["https://[ff02::1]/", /multicast/],
    ["https://[2001:db8::1]/", /documentation/],
    ["https://[64:ff9b::a00:1]/", /NAT64/],
    [`https://example.com/${"a".repeat(2100)}`, /longer than/],
  ];
  it.each(refused)("refuses %s", (url, reason) => {
    const check = checkOutboundUrl(url);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toMatch(reason);
  });

  const accepted = [
    "https://hooks.slack.com/services/T000/B000/XXXX",
    "https://example.com:443/path?q=1",
    "https://example.com:8443/",
    "https://EXAMPLE.com./",
    "https://8.8.8.8/",
    "https://172.32.0.1/",
    "https://100.128.0.1/",
    "https://[2606:4700:4700::1111]/",
    "https://oauth2.googleapis.com/token",
  ];
  it.each(accepted)("accepts %s", (url) => {
    expect(checkOutboundUrl(url)).toMatchObject({ ok: true });
  });

  it("accepts exactly the origins on an explicit allow-list, nothing around them", () => {
    const policy = { allowOrigins: ["http://localhost:8788"] };
    expect(checkOutboundUrl("http://localhost:8788/aws", policy).ok).toBe(true);
    expect(checkOutboundUrl("http://localhost:8789/aws", policy).ok).toBe(false);
    expect(checkOutboundUrl("https://localhost:8788/aws", policy).ok).toBe(false);
    expect(checkOutboundUrl("http://user:pw@localhost:8788/", policy).ok).toBe(false);
  });

  it("never echoes a password in its reason", () => {
    const check = checkOutboundUrl("https://alice:s3cret@10.0.0.1/");
    expect(JSON.stringify(check)).not.toContain("s3cret");
  });
});

describe("endpoint policy", () => {
  const prod = { APP_ENV: "production" };
  it("keeps endpoint overrides and any token_uri open in development and tests", () => {
    for (const APP_ENV of ["development", "test"]) {
      expect(outboundProblem({ APP_ENV }, { authKind: "access_keys", endpoint: "http://localhost:8788" })).toBeNull();
      expect(outboundProblem({ APP_ENV }, { authKind: "service_account", endpoint: "http://localhost:8788", tokenUri: "http://localhost:8788/token" })).toBeNull();
    }
  });

  it("refuses a tenant's endpoint override in production and staging", () => {
    for (const APP_ENV of ["production", "staging"]) {
      expect(outboundProblem({ APP_ENV }, { authKind: "access_keys", endpoint: "https://attacker.example.com" })).toMatchObject({ path: "endpoint" });
    }
  });

  it("allows an override in production only for an origin the operator listed", () => {
    const listed = { ...prod, ENDPOINT_OVERRIDE_ORIGINS: "https://sandbox.example.com, https://other.example.net" };
    expect(outboundProblem(listed, { authKind: "access_keys", endpoint: "https://sandbox.example.com/base" })).toBeNull();
    expect(outboundProblem(listed, { authKind: "access_keys", endpoint: "https://sandbox.example.com:8443" })).toMatchObject({ path: "endpoint" });
    expect(outboundProblem(listed, { authKind: "access_keys", endpoint: "https://evil.example.com" })).toMatchObject({ path: "endpoint" });
  });

  it("requires Google's token endpoint for GCP keys in production", () => {
    for (const uri of GOOGLE_TOKEN_URIS) expect(outboundProblem(prod, { authKind: "service_account", tokenUri: uri })).toBeNull();
    expect(outboundProblem(prod, { authKind: "service_account", tokenUri: "https://attacker.example.com/token" })).toMatchObject({ path: "serviceAccountKey.token_uri" });
    expect(outboundProblem(prod, { authKind: "service_account", tokenUri: "https://oauth2.googleapis.com.attacker.example/token" })).not.toBeNull();
  });

  it("never lets a role connection (SnoozeQL's own AWS credentials) use an override, even in development or when listed", () => {
    const listed = { ...prod, ENDPOINT_OVERRIDE_ORIGINS: "https://sandbox.example.com" };
    for (const e of [{ APP_ENV: "development" }, { APP_ENV: "test" }, listed]) {
      expect(outboundProblem(e, { authKind: "assume_role", endpoint: "https://sandbox.example.com" })).toMatchObject({ path: "endpoint" });
    }
  });
});

describe("use time: the agent's provider config", () => {
  const base = { id: "acct_1", orgId: "org_1", provider: "aws", name: "x", status: "active", regions: ["eu-west-1"], externalAccountId: null, credentialsSealed: null, credentialsHint: null } as unknown as AccountRow;
  const platform = { SNOOZEQL_AWS_ACCESS_KEY_ID: "AKIAPLATFORM000000000", SNOOZEQL_AWS_SECRET_ACCESS_KEY: "platform-secret-key-0000000000" };

  it("sends SnoozeQL's platform credentials only to AWS's regional STS host", async () => {
    const row = { ...base, authKind: "assume_role", roleArn: "arn:aws:iam::123456789012:role/SnoozeQLAccess", externalId: "snoozeql-abcdefghijklmnop", endpoint: null } as AccountRow;
    const config = await accountConfig(production(platform), row);
    const hosts: string[] = [];
    const provider = providerFor(config, {
      retry: { maxAttempts: 1 },
      fetch: async (input) => {
        hosts.push(new URL(input instanceof Request ? input.url : String(input)).host);
        return new Response("<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>", { status: 403, headers: { "content-type": "text/xml" } });
      },
    });
    await expect(provider.verifyAccess()).rejects.toThrow();
    expect(hosts.length).toBeGreaterThan(0);
    expect(new Set(hosts)).toEqual(new Set(["sts.eu-west-1.amazonaws.com"]));
  });

  it("refuses a stored role connection that has an endpoint override (before any request)", async () => {
    const row = { ...base, authKind: "assume_role", roleArn: "arn:aws:iam::123456789012:role/SnoozeQLAccess", externalId: "snoozeql-abcdefghijklmnop", endpoint: "https://attacker.example.com" } as AccountRow;
    await expect(accountConfig({ ...(workerEnv as unknown as Env), ...platform }, row)).rejects.toBeInstanceOf(ConnectionProblem);
  });
});

describe("the production API", () => {
  it("refuses an organization admin's endpoint override (400 problem naming the field)", async () => {
    const { orgId } = await createOrgDirect("Outbound");
    const headers = bearer(await tokenFor(orgId, "admin"));
    const res = await apiUnder(production(), "/accounts", {
      method: "POST",
      headers,
      body: JSON.stringify({ provider: "aws", connection: "access_keys", name: "evil", regions: ["us-east-1"], accessKeyId: "AKIAEXAMPLE000000000", secretAccessKey: "secret-secret-secret-0", endpoint: "https://attacker.example.com" }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect((await res.json<{ errors: { path: string }[] }>()).errors[0]?.path).toBe("endpoint");
  });

  it("refuses a GCP key whose token_uri is not Google's", async () => {
    const { orgId } = await createOrgDirect("Outbound");
    const headers = bearer(await tokenFor(orgId, "admin"));
    const serviceAccountKey = { type: "service_account", project_id: "p-1", private_key_id: "k1", private_key: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", client_email: "sa@p-1.iam.gserviceaccount.com", token_uri: "https://attacker.example.com/token" };
    const res = await apiUnder(production(), "/accounts", { method: "POST", headers, body: JSON.stringify({ provider: "gcp", connection: "service_account", name: "gcp", serviceAccountKey }) });
    expect(res.status).toBe(400);
    expect((await res.json<{ errors: { path: string }[] }>()).errors[0]?.path).toBe("serviceAccountKey.token_uri");
    const ok = await apiUnder(production(), "/accounts", { method: "POST", headers, body: JSON.stringify({ provider: "gcp", connection: "service_account", name: "gcp", serviceAccountKey: { ...serviceAccountKey, token_uri: GOOGLE_TOKEN_URIS[0] } }) });
    expect(ok.status).toBe(201);
  });
});

describe("the production env check", () => {
  it("refuses the placeholder principal ARN that wrangler.toml ships", () => {
    let error: unknown;
    try {
      readEnv(production({ SNOOZEQL_AWS_PRINCIPAL_ARN: "arn:aws:iam::000000000000:user/snoozeql" }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).problems.map((p) => p.key)).toContain("SNOOZEQL_AWS_PRINCIPAL_ARN");
  });

  it("refuses identical or constant secrets and non-public override origins", () => {
    const zeros = btoa("\0".repeat(32));
    expect(() => readEnv(production({ SESSION_SECRET: workerEnv.ENCRYPTION_KEY }))).toThrow(/SESSION_SECRET: must differ/);
    expect(() => readEnv(production({ ENCRYPTION_KEY: zeros }))).toThrow(/ENCRYPTION_KEY: is a placeholder/);
    expect(() => readEnv(production({ ENDPOINT_OVERRIDE_ORIGINS: "https://sandbox.example.com,http://10.0.0.5:8788" }))).toThrow(/ENDPOINT_OVERRIDE_ORIGINS: 'http:\/\/10.0.0.5:8788' must use https/);
  });

  it("accepts a real production config, and the placeholders in development and tests", () => {
    expect(readEnv(production({ ENDPOINT_OVERRIDE_ORIGINS: "https://sandbox.example.com" })).APP_ENV).toBe("production");
    expect(readEnv({ ...workerEnv, APP_ENV: "development" }).APP_ENV).toBe("development");
  });
});

describe("wrangler.toml", () => {
  it("deploys a production Worker: [vars] APP_ENV is production", () => {
    const vars = /^\[vars\]\n([\s\S]*?)(?:\n\[|$)/m.exec(wranglerToml)?.[1] ?? "";
    expect(vars).toMatch(/^APP_ENV = "production"$/m);
    expect(wranglerToml).not.toMatch(/APP_ENV\s*=\s*"development"/);
  });
});
