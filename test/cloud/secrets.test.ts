/**
 * Credentials must never surface in errors, serialized errors, stacks, or anything a provider
 * returns — even when the cloud (or a network layer) echoes them back.
 */
import { describe, expect, it } from "vitest";
import { CloudError, Redactor } from "../../worker/cloud/errors.ts";
import { providerFor } from "../../worker/cloud/index.ts";
import type { AwsAccountConfig } from "../../worker/cloud/provider.ts";
import { assumeRoleResponse, describeClusters, describeInstances, dbInstance, errorResponse } from "./fixtures/aws.ts";
import { googleError, instancesList, tokenResponse } from "./fixtures/gcp.ts";
import { fakeFetch, generateServiceAccount, jsonResponse, rejection, testDeps, xmlResponse, type Recorded } from "./helpers.ts";

const MARK = "ZZSECRETMARKER";
const BASE = { accessKeyId: `AKIA${MARK}BASE01`, secretAccessKey: `base${MARK}secret/abc+def0123456789` };
const TEMP = {
  accessKeyId: `ASIA${MARK}TEMP01`,
  secretAccessKey: `temp${MARK}secret/ghi+jkl0123456789`,
  sessionToken: `IQoJb3JpZ2luX2VjE${MARK}SESSION+token/with=chars`,
};
const EXTERNAL_ID = `ext-${MARK}-id`;

const awsAccount: AwsAccountConfig = {
  provider: "aws",
  id: "ca_secret",
  authKind: "assume_role",
  roleArn: "arn:aws:iam::123456789012:role/SnoozeQLAccess",
  externalId: EXTERNAL_ID,
  baseCredentials: BASE,
  regions: ["us-east-1"],
};

function expectClean(value: unknown): void {
  const texts: string[] = [];
  if (value instanceof Error) {
    texts.push(value.message, String(value), value.stack ?? "", JSON.stringify(value));
    if (value instanceof CloudError) texts.push(value.code, value.summary, JSON.stringify(value.toJSON()));
  } else {
    texts.push(JSON.stringify(value));
  }
  for (const text of texts) {
    expect(text).not.toContain(MARK);
    expect(text).not.toContain("PRIVATE KEY-----\nMII");
  }
}

/** The canonical request AWS echoes in SignatureDoesNotMatch, built from what we actually sent. */
function canonicalEcho(req: Recorded): string {
  return [
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
    "The Canonical String for this request should have been",
    `'POST\n/\n\nhost:${req.url.host}\nx-amz-date:${req.headers.get("x-amz-date")}\nx-amz-security-token:${req.headers.get("x-amz-security-token")}\n\nhost;x-amz-date;x-amz-security-token'`,
    `Authorization was: ${req.headers.get("authorization")}`,
    `and the key you used ends in ${TEMP.secretAccessKey} / ${BASE.secretAccessKey}`,
  ].join("\n");
}

function awsWorld(rds: (req: Recorded) => Response) {
  const fake = fakeFetch((req) => {
    if (req.form.get("Action") === "AssumeRole") {
      return xmlResponse(assumeRoleResponse({ ...TEMP, expiration: "2026-11-20T13:00:00Z" }));
    }
    return rds(req);
  });
  return { provider: providerFor(awsAccount, testDeps(fake.fetch, { retry: { maxAttempts: 2 } }).deps), ...fake };
}

describe("no credential leaves a provider", () => {
  it("scrubs the session token, keys and signature AWS echoes in SignatureDoesNotMatch", async () => {
    const world = awsWorld((req) => xmlResponse(errorResponse("SignatureDoesNotMatch", canonicalEcho(req)), 403));
    const error = await rejection(() => world.provider.stop({ kind: "rds_instance", externalId: "db-1", region: "us-east-1" }));
    expect(error).toBeInstanceOf(CloudError);
    expect((error as CloudError).code).toBe("SignatureDoesNotMatch");
    expect((error as CloudError).message).toContain("The Canonical String for this request should have been");
    expect((error as CloudError).message).toContain("[redacted]");
    expectClean(error);
  });

  it("scrubs credentials echoed by STS and by a failing network layer", async () => {
    const sts = fakeFetch(() =>
      xmlResponse(errorResponse("InvalidClientTokenId", `The security token ${BASE.accessKeyId} (${BASE.secretAccessKey}) is invalid. ExternalId ${EXTERNAL_ID}`), 403),
    );
    const stsProvider = providerFor(awsAccount, testDeps(sts.fetch).deps);
    const stsError = await rejection(() => stsProvider.listDatabases());
    expect(stsError).toMatchObject({ code: "InvalidClientTokenId", category: "auth" });
    expectClean(stsError);

    const world = awsWorld((req) => {
      throw new TypeError(`connect ECONNRESET while sending X-Amz-Security-Token=${encodeURIComponent(req.headers.get("x-amz-security-token")!)}`);
    });
    const networkError = await rejection(() => world.provider.listDatabases());
    expect(networkError).toMatchObject({ code: "NetworkError", retryable: true });
    expectClean(networkError);
  });

  it("keeps region failures in a list result clean", async () => {
    const world = awsWorld((req) =>
      req.form.get("Action") === "DescribeDBClusters"
        ? xmlResponse(describeClusters([]))
        : xmlResponse(describeInstances([dbInstance({ id: "db-1" })])),
    );
    const list = await world.provider.listDatabases();
    expectClean(list);
    expectClean(world.provider);
    expect(Object.keys(world.provider)).toEqual(["provider"]);
  });

  it("scrubs the private key, assertion and access token Google might echo", async () => {
    const { key } = await generateServiceAccount({ client_email: "sa@acme-dev.iam.gserviceaccount.com" });
    const markedToken = `ya29.${MARK}-access-token-0123456789`;
    const tokenEcho = fakeFetch((req) =>
      jsonResponse(
        { error: "invalid_grant", error_description: `Bad assertion ${req.form.get("assertion")} for key ${key.private_key}` },
        400,
      ),
    );
    const gcp1 = providerFor({ provider: "gcp", serviceAccountKey: { ...key, private_key_id: `kid-${MARK}` } }, testDeps(tokenEcho.fetch).deps);
    const tokenError = await rejection(() => gcp1.listDatabases());
    expect(tokenError).toMatchObject({ code: "invalid_grant" });
    expectClean(tokenError);

    const apiEcho = fakeFetch((req) =>
      req.url.pathname === "/token"
        ? jsonResponse(tokenResponse(markedToken))
        : jsonResponse(googleError(403, "PERMISSION_DENIED", `Caller with ${req.headers.get("authorization")} lacks cloudsql.instances.update`, "forbidden"), 403),
    );
    const gcp2 = providerFor({ provider: "gcp", serviceAccountKey: JSON.stringify(key) }, testDeps(apiEcho.fetch).deps);
    const apiError = await rejection(() => gcp2.stop({ kind: "cloudsql_instance", externalId: "pg-1", region: "us-central1" }));
    expect(apiError).toMatchObject({ code: "PERMISSION_DENIED", category: "auth" });
    expect((apiError as Error).message).toContain("lacks cloudsql.instances.update");
    expect((apiError as Error).message).not.toContain("ya29.");
    expectClean(apiError);

    const ok = fakeFetch((req) =>
      req.url.pathname === "/token" ? jsonResponse(tokenResponse(markedToken)) : jsonResponse(instancesList([])),
    );
    const gcp3 = providerFor({ provider: "gcp", serviceAccountKey: key }, testDeps(ok.fetch).deps);
    expectClean(await gcp3.listDatabases());
    expectClean(await gcp3.verifyAccess());
    expect(JSON.stringify(gcp3)).not.toContain("PRIVATE KEY");
  });

  it("never echoes config values when the account is misconfigured", () => {
    const bad = { ...awsAccount, roleArn: `not-an-arn-${MARK}`, regions: [`us-${MARK}-1`] };
    let caught: unknown;
    try {
      providerFor(bad);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CloudError);
    expect((caught as CloudError).code).toBe("InvalidAccountConfig");
    expect((caught as CloudError).message).toMatch(/roleArn/);
    expect((caught as CloudError).message).toMatch(/regions\.0/);
    expectClean(caught);

    let keyError: unknown;
    try {
      providerFor({ provider: "gcp", serviceAccountKey: `{"private_key": "${MARK}", "client_email": 5}` });
    } catch (error) {
      keyError = error;
    }
    expect(keyError).toMatchObject({ code: "InvalidServiceAccountKey" });
    expectClean(keyError);
  });

  it("keeps permanent secrets for good and only the most recent rotating ones", () => {
    const redactor = new Redactor();
    redactor.add(`perm-${MARK}-key`);
    for (let i = 0; i < Redactor.MAX_EPHEMERAL + 5; i++) redactor.addEphemeral(`token-${i}-${"x".repeat(10)}`);
    const text = `perm-${MARK}-key token-0-${"x".repeat(10)} token-${Redactor.MAX_EPHEMERAL + 4}-${"x".repeat(10)}`;
    expect(redactor.scrub(text)).toBe(`[redacted] token-0-${"x".repeat(10)} [redacted]`);
    expect(redactor.scrub(encodeURIComponent(`a/${MARK}+b==`))).toContain(MARK); // never registered
    redactor.add(`a/${MARK}+b==`);
    expect(redactor.scrub(`q=${encodeURIComponent(`a/${MARK}+b==`)}`)).toBe("q=[redacted]");
  });
});
