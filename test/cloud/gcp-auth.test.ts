import { describe, expect, it } from "vitest";
import { CloudError } from "../../worker/cloud/errors.ts";
import { GcpProvider } from "../../worker/cloud/gcp/provider.ts";
import type { GcpAccountConfig, ServiceAccountKey } from "../../worker/cloud/provider.ts";
import { googleError, instancesList, sqlInstance, tokenResponse } from "./fixtures/gcp.ts";
import {
  decodeJwt,
  fakeFetch,
  generateServiceAccount,
  jsonResponse,
  rejection,
  testDeps,
  verifyJwtSignature,
  type Handler,
} from "./helpers.ts";

const { key, publicKey } = await generateServiceAccount();

function account(overrides: Partial<GcpAccountConfig> = {}, keyOverrides: Partial<ServiceAccountKey> = {}): GcpAccountConfig {
  return { provider: "gcp", serviceAccountKey: { ...key, ...keyOverrides }, ...overrides };
}

const isToken = (url: URL) => url.pathname === "/token";

/** Google: a token endpoint issuing numbered tokens, and Cloud SQL answering with one instance. */
function google(tokenLifetime = 3599): Handler {
  let issued = 0;
  return (req) => {
    if (isToken(req.url)) return jsonResponse(tokenResponse(`ya29.token-${++issued}-abcdefghijklmnop`, tokenLifetime));
    return jsonResponse(req.url.pathname.endsWith("/instances") ? instancesList([sqlInstance({ name: "pg-1" })]) : sqlInstance({ name: "pg-1" }));
  };
}

function setup(handler: Handler, config: GcpAccountConfig = account()) {
  const fake = fakeFetch(handler);
  const t = testDeps(fake.fetch);
  return { provider: new GcpProvider(config, t.deps), ...fake, ...t };
}

const ref = { kind: "cloudsql_instance" as const, externalId: "pg-1", region: "us-central1" };

describe("service-account JWT and token exchange", () => {
  it("posts a signed RS256 assertion with the documented claims to the key's token_uri", async () => {
    const p = setup(google());
    await p.provider.getDatabase(ref);
    const [tokenCall, apiCall] = p.calls;
    expect(tokenCall!.method).toBe("POST");
    expect(tokenCall!.url.toString()).toBe("https://oauth2.googleapis.com/token");
    expect(tokenCall!.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(tokenCall!.form.get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    const assertion = tokenCall!.form.get("assertion")!;
    const { header, claims } = decodeJwt(assertion);
    expect(header).toEqual({ alg: "RS256", typ: "JWT", kid: key.private_key_id });
    const iat = Math.floor(p.clock.t / 1000);
    expect(claims).toEqual({
      iss: "snoozeql@acme-dev.iam.gserviceaccount.com",
      scope: "https://www.googleapis.com/auth/cloud-platform",
      aud: "https://oauth2.googleapis.com/token",
      iat,
      exp: iat + 3600,
    });
    expect(await verifyJwtSignature(assertion, publicKey)).toBe(true);
    const [h, c, s] = assertion.split(".");
    const forged = `${h}.${c!.slice(0, -2)}AA.${s}`;
    expect(await verifyJwtSignature(forged, publicKey)).toBe(false);

    expect(apiCall!.url.toString()).toBe("https://sqladmin.googleapis.com/v1/projects/acme-dev/instances/pg-1");
    expect(apiCall!.headers.get("authorization")).toBe("Bearer ya29.token-1-abcdefghijklmnop");
  });

  it("exchanges one token for many concurrent requests", async () => {
    const p = setup(google());
    await Promise.all(Array.from({ length: 10 }, () => p.provider.getDatabase(ref)));
    expect(p.calls.filter((c) => isToken(c.url))).toHaveLength(1);
    expect(p.calls.filter((c) => !isToken(c.url)).every((c) => c.headers.get("authorization") === "Bearer ya29.token-1-abcdefghijklmnop")).toBe(true);
  });

  it("keeps the token until shortly before it expires, then signs a new assertion", async () => {
    const p = setup(google(3600));
    await p.provider.getDatabase(ref);
    p.clock.t += 54 * 60_000;
    await p.provider.getDatabase(ref);
    expect(p.calls.filter((c) => isToken(c.url))).toHaveLength(1);
    p.clock.t += 2 * 60_000; // 4 minutes before expiry
    await p.provider.getDatabase(ref);
    const tokenCalls = p.calls.filter((c) => isToken(c.url));
    expect(tokenCalls).toHaveLength(2);
    expect(decodeJwt(tokenCalls[1]!.form.get("assertion")!).claims["iat"]).toBe(Math.floor(p.clock.t / 1000));
    expect(p.calls.at(-1)!.headers.get("authorization")).toBe("Bearer ya29.token-2-abcdefghijklmnop");
  });

  it("fetches a new token once when the API answers 401", async () => {
    let api = 0;
    const base = google();
    const p = setup((req, i) => {
      if (!isToken(req.url) && ++api === 1) {
        return jsonResponse(googleError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."), 401);
      }
      return base(req, i);
    });
    expect(await p.provider.getDatabase(ref)).toMatchObject({ externalId: "pg-1" });
    expect(p.calls.map((c) => (isToken(c.url) ? "token" : c.headers.get("authorization")))).toEqual([
      "token",
      "Bearer ya29.token-1-abcdefghijklmnop",
      "token",
      "Bearer ya29.token-2-abcdefghijklmnop",
    ]);
  });

  it("always takes token_uri from the key; the endpoint override moves only the APIs", async () => {
    const p = setup(
      google(),
      account({ endpoint: "http://sim.local:8788/gcp" }, { token_uri: "http://sim.local:8788/token" }),
    );
    await p.provider.listDatabases();
    expect(p.calls.map((c) => c.url.toString())).toEqual([
      "http://sim.local:8788/token",
      "http://sim.local:8788/gcp/v1/projects/acme-dev/instances",
    ]);
    expect(decodeJwt(p.calls[0]!.form.get("assertion")!).claims["aud"]).toBe("http://sim.local:8788/token");
  });

  it("surfaces a refused token exchange as a typed auth error without retrying", async () => {
    const p = setup(() => jsonResponse({ error: "invalid_grant", error_description: "Invalid JWT Signature." }, 400));
    const error = (await rejection(() => p.provider.listDatabases())) as CloudError;
    expect(error).toBeInstanceOf(CloudError);
    expect(error.toJSON()).toMatchObject({
      provider: "gcp",
      code: "invalid_grant",
      message: "Invalid JWT Signature.",
      httpStatus: 400,
      category: "auth",
      retryable: false,
      operation: "oauth2:token",
    });
    expect(p.calls).toHaveLength(1);
  });

  it("accepts the key file as JSON text, with escaped newlines in private_key", async () => {
    const escaped = JSON.stringify({ ...key, private_key: key.private_key.replace(/\n/g, "\\n") });
    const p = setup(google(), { provider: "gcp", serviceAccountKey: escaped, projectId: "other-project" });
    await p.provider.listDatabases();
    expect(await verifyJwtSignature(p.calls[0]!.form.get("assertion")!, publicKey)).toBe(true);
    expect(p.calls[1]!.url.pathname).toBe("/v1/projects/other-project/instances");
  });

  it("rejects an unusable key before calling Google", async () => {
    const pkcs1 = setup(google(), account({}, { private_key: "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n" }));
    await expect(pkcs1.provider.listDatabases()).rejects.toMatchObject({ code: "InvalidServiceAccountKey", category: "auth" });
    const garbage = setup(google(), account({}, { private_key: "-----BEGIN PRIVATE KEY-----\nnot-a-key\n-----END PRIVATE KEY-----" }));
    await expect(garbage.provider.listDatabases()).rejects.toMatchObject({ code: "InvalidServiceAccountKey" });
    expect(pkcs1.calls).toHaveLength(0);
    expect(garbage.calls).toHaveLength(0);
    expect(() => new GcpProvider({ provider: "gcp", serviceAccountKey: "{not json" })).toThrow(/not valid JSON/);
    expect(() => new GcpProvider(account({}, { token_uri: "" }))).toThrow(/missing token_uri/);
  });
});
