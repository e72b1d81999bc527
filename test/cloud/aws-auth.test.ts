import { describe, expect, it } from "vitest";
import { AwsProvider } from "../../worker/cloud/aws/provider.ts";
import { CloudError } from "../../worker/cloud/errors.ts";
import type { AwsAccountConfig } from "../../worker/cloud/provider.ts";
import {
  assumeRoleResponse,
  callerIdentityResponse,
  dbInstance,
  describeClusters,
  describeInstances,
  describePendingMaintenanceActions,
  errorResponse,
  metricDataResponse,
} from "./fixtures/aws.ts";
import { expectValidSigV4, fakeFetch, rejection, testDeps, xmlResponse, type Recorded } from "./helpers.ts";

const BASE = { accessKeyId: "AKIASNOOZEQLBASE0001", secretAccessKey: "base/SECRET+key0000000000000000000000000" };
const TEMP = {
  accessKeyId: "ASIATEMPORARY0000001",
  secretAccessKey: "temp/SECRET+key1111111111111111111111111",
  sessionToken: "FwoGZXIvYXdzEBYaDSESSIONTOKEN1//////////wEaDPv0",
};

const roleAccount: AwsAccountConfig = {
  provider: "aws",
  id: "ca_1",
  authKind: "assume_role",
  roleArn: "arn:aws:iam::123456789012:role/SnoozeQLAccess",
  externalId: "sq-ext-7f3a9c",
  baseCredentials: BASE,
  regions: ["us-east-1", "eu-west-1"],
};

const action = (req: Recorded) => req.form.get("Action");

/** An AWS that answers STS, RDS and CloudWatch the documented way. */
function awsWorld(options: { expiresInMs?: number; tokens?: string[] } = {}) {
  let assumed = 0;
  const t = { clock: { t: 0 } };
  const fake = fakeFetch((req) => {
    switch (action(req)) {
      case "AssumeRole": {
        const token = options.tokens?.[assumed] ?? TEMP.sessionToken;
        assumed++;
        const expiration = new Date(t.clock.t + (options.expiresInMs ?? 3600_000)).toISOString();
        return xmlResponse(assumeRoleResponse({ ...TEMP, sessionToken: token, expiration }));
      }
      case "GetCallerIdentity":
        return xmlResponse(callerIdentityResponse("arn:aws:sts::123456789012:assumed-role/SnoozeQLAccess/snoozeql-ca_1"));
      case "DescribeDBInstances":
        return xmlResponse(describeInstances([dbInstance({ id: `db-${req.scope?.region}`, region: req.scope?.region })]));
      case "DescribeDBClusters":
        return xmlResponse(describeClusters([]));
      case "DescribePendingMaintenanceActions":
        return xmlResponse(describePendingMaintenanceActions({}));
      case "GetMetricData":
        return xmlResponse(metricDataResponse([]));
      default:
        return xmlResponse(errorResponse("InvalidAction", "unknown action"), 400);
    }
  });
  const deps = testDeps(fake.fetch);
  t.clock = deps.clock;
  return { ...fake, ...deps, assumeCount: () => assumed };
}

describe("AWS credentials and signing", () => {
  it("assumes the role with SnoozeQL's own principal, then signs RDS calls with the temporary credentials", async () => {
    const world = awsWorld();
    const provider = new AwsProvider(roleAccount, world.deps);
    const list = await provider.listDatabases();
    expect(list.incomplete).toEqual([]);
    expect(list.databases.map((d) => d.externalId).sort()).toEqual(["db-eu-west-1", "db-us-east-1"]);

    const [assume, ...rest] = world.calls;
    expect(assume!.method).toBe("POST");
    expect(assume!.url.toString()).toBe("https://sts.us-east-1.amazonaws.com/");
    expect(assume!.headers.get("content-type")).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(assume!.form)).toEqual({
      Action: "AssumeRole",
      Version: "2011-06-15",
      RoleArn: "arn:aws:iam::123456789012:role/SnoozeQLAccess",
      RoleSessionName: "snoozeql-ca_1",
      ExternalId: "sq-ext-7f3a9c",
      DurationSeconds: "3600",
    });
    await expectValidSigV4(assume!, { ...BASE, service: "sts", region: "us-east-1" });

    expect(rest).toHaveLength(6);
    for (const req of rest) {
      const region = req.scope!.region;
      expect(req.url.toString()).toBe(`https://rds.${region}.amazonaws.com/`);
      expect(req.form.get("Version")).toBe("2014-10-31");
      expect(req.form.get("MaxRecords")).toBe("100");
      await expectValidSigV4(req, { ...TEMP, service: "rds", region });
    }
    expect(rest.map((r) => `${r.scope!.region} ${action(r)}`).sort()).toEqual([
      "eu-west-1 DescribeDBClusters",
      "eu-west-1 DescribeDBInstances",
      "eu-west-1 DescribePendingMaintenanceActions",
      "us-east-1 DescribeDBClusters",
      "us-east-1 DescribeDBInstances",
      "us-east-1 DescribePendingMaintenanceActions",
    ]);
    // X-Amz-Date comes from the injected clock.
    expect(rest[0]!.headers.get("x-amz-date")).toBe("20261120T120000Z");
  });

  it("makes one AssumeRole call for many concurrent requests", async () => {
    const world = awsWorld();
    const provider = new AwsProvider(roleAccount, world.deps);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        provider.getDatabase({ kind: "rds_instance", externalId: `db-${i}`, region: i % 2 ? "us-east-1" : "eu-west-1" }),
      ),
    );
    expect(world.assumeCount()).toBe(1);
    expect(world.calls.filter((c) => action(c) === "DescribeDBInstances")).toHaveLength(12);
  });

  it("keeps the credentials until 5 minutes before they expire, then assumes the role again", async () => {
    const world = awsWorld({ tokens: ["TOKEN-ONE-xxxxxxxxxxxx", "TOKEN-TWO-yyyyyyyyyyyy"] });
    const provider = new AwsProvider(roleAccount, world.deps);
    const ref = { kind: "rds_instance" as const, externalId: "db-1", region: "us-east-1" };
    await provider.getDatabase(ref);
    world.clock.t += 54 * 60_000; // 6 minutes left
    await provider.getDatabase(ref);
    expect(world.assumeCount()).toBe(1);
    world.clock.t += 2 * 60_000; // 4 minutes left
    await provider.getDatabase(ref);
    expect(world.assumeCount()).toBe(2);
    const rdsCalls = world.calls.filter((c) => c.scope?.service === "rds");
    expect(rdsCalls.map((c) => c.headers.get("x-amz-security-token"))).toEqual([
      "TOKEN-ONE-xxxxxxxxxxxx",
      "TOKEN-ONE-xxxxxxxxxxxx",
      "TOKEN-TWO-yyyyyyyyyyyy",
    ]);
  });

  it("re-assumes the role once when AWS says the session token expired", async () => {
    let rdsCalls = 0;
    let assumes = 0;
    const fake = fakeFetch((req) => {
      if (action(req) === "AssumeRole") {
        assumes++;
        return xmlResponse(
          assumeRoleResponse({ ...TEMP, sessionToken: `TOKEN-${assumes}-zzzzzzzzzzzz`, expiration: "2026-11-20T13:00:00Z" }),
        );
      }
      rdsCalls++;
      if (rdsCalls === 1) return xmlResponse(errorResponse("ExpiredToken", "The security token included in the request is expired"), 403);
      return xmlResponse(describeInstances([dbInstance({ id: "db-1" })]));
    });
    const provider = new AwsProvider(roleAccount, testDeps(fake.fetch).deps);
    const db = await provider.getDatabase({ kind: "rds_instance", externalId: "db-1", region: "us-east-1" });
    expect(db?.externalId).toBe("db-1");
    expect(assumes).toBe(2);
    expect(fake.calls.filter((c) => c.scope?.service === "rds").map((c) => c.headers.get("x-amz-security-token"))).toEqual([
      "TOKEN-1-zzzzzzzzzzzz",
      "TOKEN-2-zzzzzzzzzzzz",
    ]);
  });

  it("surfaces a refused AssumeRole as a typed auth error and does not cache the failure", async () => {
    let fail = true;
    const fake = fakeFetch((req) => {
      if (action(req) === "AssumeRole" && fail) {
        return xmlResponse(
          errorResponse(
            "AccessDenied",
            "User: arn:aws:iam::999999999999:user/snoozeql is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/SnoozeQLAccess",
          ),
          403,
        );
      }
      if (action(req) === "AssumeRole") {
        return xmlResponse(assumeRoleResponse({ ...TEMP, expiration: "2026-11-20T13:00:00Z" }));
      }
      return xmlResponse(action(req) === "DescribeDBClusters" ? describeClusters([]) : describeInstances([]));
    });
    const provider = new AwsProvider(roleAccount, testDeps(fake.fetch).deps);
    const error = (await rejection(() => provider.listDatabases())) as CloudError;
    expect(error).toBeInstanceOf(CloudError);
    expect(error).toMatchObject({ provider: "aws", code: "AccessDenied", category: "auth", retryable: false, httpStatus: 403 });
    expect(error.message).toContain("is not authorized to perform: sts:AssumeRole");
    expect(fake.calls.filter((c) => action(c) === "AssumeRole")).toHaveLength(1); // one in-flight call served both regions
    fail = false;
    await expect(provider.listDatabases()).resolves.toMatchObject({ incomplete: [] });
  });

  it("signs with static access keys and calls no STS when the account uses access keys", async () => {
    const fake = fakeFetch((req) =>
      action(req) === "DescribeDBInstances"
        ? xmlResponse(describeInstances([]))
        : action(req) === "DescribePendingMaintenanceActions"
          ? xmlResponse(describePendingMaintenanceActions({}))
          : xmlResponse(describeClusters([])),
    );
    const provider = new AwsProvider(
      { provider: "aws", authKind: "access_keys", ...BASE, regions: ["ap-southeast-2"] },
      testDeps(fake.fetch).deps,
    );
    await provider.listDatabases();
    // Instances, clusters and pending maintenance (worker/cloud/aws/provider.ts), all RDS, no STS.
    expect(fake.calls).toHaveLength(3);
    for (const req of fake.calls) {
      expect(req.url.host).toBe("rds.ap-southeast-2.amazonaws.com");
      await expectValidSigV4(req, { ...BASE, service: "rds", region: "ap-southeast-2" });
    }
  });

  it("sends every service to the override endpoint, each signed for its own service and region", async () => {
    const world = awsWorld();
    const provider = new AwsProvider({ ...roleAccount, endpoint: "http://sim.local:8787/aws/" }, world.deps);
    await provider.getDatabase({ kind: "rds_instance", externalId: "db-1", region: "eu-west-1" });
    await provider.getMetrics(
      { kind: "rds_instance", externalId: "db-1", region: "eu-west-1" },
      { start: world.clock.t - 3600_000, end: world.clock.t, periodSeconds: 300 },
    );
    const identity = await provider.verifyAccess();
    expect(identity).toEqual({
      accountId: "123456789012",
      principal: "arn:aws:sts::123456789012:assumed-role/SnoozeQLAccess/snoozeql-ca_1",
    });
    expect(world.calls.map((c) => c.url.toString())).toEqual(Array(world.calls.length).fill("http://sim.local:8787/aws/"));
    expect(world.calls.map((c) => `${c.scope!.service}/${c.scope!.region} ${action(c)}`)).toEqual([
      "sts/us-east-1 AssumeRole",
      "rds/eu-west-1 DescribeDBInstances",
      "monitoring/eu-west-1 GetMetricData",
      "sts/us-east-1 GetCallerIdentity",
    ]);
    await expectValidSigV4(world.calls[0]!, { ...BASE, service: "sts", region: "us-east-1" });
    await expectValidSigV4(world.calls[1]!, { ...TEMP, service: "rds", region: "eu-west-1" });
    await expectValidSigV4(world.calls[2]!, { ...TEMP, service: "monitoring", region: "eu-west-1" });
    await expectValidSigV4(world.calls[3]!, { ...TEMP, service: "sts", region: "us-east-1" });
  });

  it("refuses a region that is not a region name before calling anything", async () => {
    const world = awsWorld();
    const provider = new AwsProvider(roleAccount, world.deps);
    const error = await rejection(() =>
      provider.getDatabase({ kind: "rds_instance", externalId: "x", region: "evil.example.com/" }),
    );
    expect(error).toMatchObject({ code: "InvalidRegion", category: "invalid_request" });
    expect(world.calls).toHaveLength(0);
  });
});
