import { describe, expect, it } from "vitest";
import type { INSTANCE_KINDS, POWER_STATES, PROVIDERS } from "../../worker/db/schema.ts";
import {
  AwsProvider,
  CloudError,
  GcpProvider,
  providerFor,
  type CloudProviderName,
  type DatabaseKind,
  type PowerState,
} from "../../worker/cloud/index.ts";
import { describeClusters, describeInstances, dbInstance } from "./fixtures/aws.ts";
import { fakeFetch, generateServiceAccount, rejection, testDeps, xmlResponse } from "./helpers.ts";

// The provider's vocabulary is the database's vocabulary (checked by tsc, no runtime import).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const kindsMatch: Same<DatabaseKind, (typeof INSTANCE_KINDS)[number]> = true;
const statesMatch: Same<PowerState, (typeof POWER_STATES)[number]> = true;
const providersMatch: Same<CloudProviderName, (typeof PROVIDERS)[number]> = true;

describe("providerFor", () => {
  it("builds the provider for the account's cloud", async () => {
    expect([kindsMatch, statesMatch, providersMatch]).toEqual([true, true, true]);
    const fake = fakeFetch((req) =>
      req.form.get("Action") === "DescribeDBClusters"
        ? xmlResponse(describeClusters([]))
        : xmlResponse(describeInstances([dbInstance({ id: "db-1" })])),
    );
    const aws = providerFor(
      {
        provider: "aws",
        authKind: "access_keys",
        accessKeyId: "AKIAEXAMPLEKEY000003",
        secretAccessKey: "x/SECRET+key0000000000000000000000000000",
        regions: ["us-west-2"],
        endpoint: null,
      },
      testDeps(fake.fetch).deps,
    );
    expect(aws).toBeInstanceOf(AwsProvider);
    expect(aws.provider).toBe("aws");
    expect((await aws.listDatabases()).databases.map((d) => d.externalId)).toEqual(["db-1"]);
    expect(fake.calls[0]!.url.host).toBe("rds.us-west-2.amazonaws.com");

    const { key } = await generateServiceAccount();
    const gcp = providerFor({ provider: "gcp", serviceAccountKey: key, regions: null, endpoint: null });
    expect(gcp).toBeInstanceOf(GcpProvider);
    expect(gcp.provider).toBe("gcp");
  });

  it("names every problem in a malformed account", () => {
    const error = (() => {
      try {
        providerFor({
          provider: "aws",
          authKind: "access_keys",
          accessKeyId: "",
          secretAccessKey: "s",
          regions: ["us-east-1"],
          endpoint: "ftp://example.com",
        });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CloudError);
    expect(error).toMatchObject({ code: "InvalidAccountConfig", category: "invalid_request", retryable: false });
    expect((error as Error).message).toMatch(/accessKeyId/);
    expect((error as Error).message).toMatch(/endpoint: must be an http\(s\) origin/);
  });

  it("answers AWS-only operations on GCP (and vice versa) with a typed unsupported error", async () => {
    const { key } = await generateServiceAccount();
    const gcp = providerFor({ provider: "gcp", serviceAccountKey: key });
    await expect(gcp.getDatabase({ kind: "rds_instance", externalId: "x", region: "us-east-1" })).rejects.toMatchObject({
      category: "unsupported",
    });
    const aws = providerFor({
      provider: "aws",
      authKind: "access_keys",
      accessKeyId: "AKIAEXAMPLEKEY000004",
      secretAccessKey: "y/SECRET+key0000000000000000000000000000",
      regions: [],
    });
    expect(await rejection(() => aws.getOperation({ id: "op" }))).toMatchObject({ category: "unsupported" });
    expect(await rejection(() => aws.stop({ kind: "cloudsql_instance", externalId: "x", region: "us-central1" }))).toMatchObject({
      category: "unsupported",
    });
  });
});
