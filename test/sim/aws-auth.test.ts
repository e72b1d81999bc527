// SigV4 and STS as AWS enforces them, seen through @aws-sdk/client-rds, client-sts and aws4fetch:
// wrong secret, unknown key, tampered signature, clock skew (and the SDK's own skew correction),
// temporary credentials with and without their session token, AssumeRole's checks.
import { DescribeDBInstancesCommand } from "@aws-sdk/client-rds";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { AwsClient } from "aws4fetch";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { addInstance, creds, failure, newAwsAccount, rds, SIM, sts, type AwsAccount } from "./helpers.ts";

type SdkError = Error & { Code?: string; Type?: string; $fault?: string; $metadata: { httpStatusCode?: number; attempts?: number } };

async function assume(caller: AwsAccount, target: AwsAccount, extra: Record<string, unknown> = {}) {
  return sts(creds(caller)).send(
    new AssumeRoleCommand({ RoleArn: target.roleArn, RoleSessionName: "snoozeql", ExternalId: target.externalId, ...extra }),
  );
}

describe("signature verification", () => {
  it("refuses a wrong secret with SignatureDoesNotMatch (403)", async () => {
    const a = await newAwsAccount();
    const e = await failure<SdkError>(() => rds({ accessKeyId: a.accessKeyId, secretAccessKey: "x".repeat(40) }).send(new DescribeDBInstancesCommand({})));
    expect(e.name).toBe("SignatureDoesNotMatch");
    expect(e.$metadata.httpStatusCode).toBe(403);
    expect(e.$fault).toBe("client");
    expect(e.message).toMatch(/^The request signature we calculated does not match the signature you provided/);
  });

  it("refuses an unknown access key with InvalidClientTokenId (403)", async () => {
    const e = await failure<SdkError>(() => rds({ accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "x".repeat(40) }).send(new DescribeDBInstancesCommand({})));
    expect(e.name).toBe("InvalidClientTokenId");
    expect(e.message).toBe("The security token included in the request is invalid.");
    expect(e.$metadata.httpStatusCode).toBe(403);
  });

  it("refuses a request whose signature was tampered with after signing", async () => {
    const a = await newAwsAccount();
    const inner = new NodeHttpHandler();
    const tampering = {
      handle: (req: { headers: Record<string, string> }, opts?: unknown) => {
        req.headers["authorization"] = req.headers["authorization"]!.replace(/Signature=([0-9a-f])/, (_m, c: string) => `Signature=${c === "0" ? "1" : "0"}`);
        return inner.handle(req as never, opts as never);
      },
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
    };
    const e = await failure<SdkError>(() => rds(creds(a), "us-east-1", { requestHandler: tampering }).send(new DescribeDBInstancesCommand({})));
    expect(e.name).toBe("SignatureDoesNotMatch");
    expect(e.$metadata.httpStatusCode).toBe(403);
  });

  it("rejects a clock more than 5 minutes off, and the SDK corrects its clock from the Date header", async () => {
    const a = await newAwsAccount();
    await addInstance(a, { id: "db1", engine: "postgres" });
    const skewed = await failure<SdkError>(() => rds(creds(a), "us-east-1", { systemClockOffset: -10 * 60_000 }).send(new DescribeDBInstancesCommand({})));
    expect(skewed.name).toBe("SignatureDoesNotMatch");
    expect(skewed.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
    const future = await failure<SdkError>(() => rds(creds(a), "us-east-1", { systemClockOffset: 10 * 60_000 }).send(new DescribeDBInstancesCommand({})));
    expect(future.message).toMatch(/^Signature not yet current/);
    // Within 5 minutes is accepted.
    const ok = await rds(creds(a), "us-east-1", { systemClockOffset: -4 * 60_000 }).send(new DescribeDBInstancesCommand({}));
    expect(ok.DBInstances).toHaveLength(1);
    // The SDK reads the server's Date header on the failure, fixes its own offset, and the next
    // call on the same client succeeds.
    const client = rds(creds(a), "us-east-1", { systemClockOffset: -30 * 60_000 });
    await failure(() => client.send(new DescribeDBInstancesCommand({})));
    expect(Math.abs(client.config.systemClockOffset ?? Infinity)).toBeLessThan(5_000);
    const fixed = await client.send(new DescribeDBInstancesCommand({}));
    expect(fixed.DBInstances).toHaveLength(1);
  });

  it("accepts aws4fetch over POST, GET and presigned query strings, and returns AWS's XML", async () => {
    const a = await newAwsAccount();
    await addInstance(a, { id: "pg", engine: "postgres", tags: { env: "dev" } });
    const aws = new AwsClient({ accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey, service: "rds", region: "us-east-1" });
    const post = await aws.fetch(`${SIM()}/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      body: "Action=DescribeDBInstances&Version=2014-10-31&Filters.Filter.1.Name=engine&Filters.Filter.1.Values.Value.1=postgres",
    });
    expect(post.status).toBe(200);
    expect(post.headers.get("content-type")).toBe("text/xml");
    expect(post.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    const xml = await post.text();
    expect(xml).toMatch(/^<DescribeDBInstancesResponse xmlns="http:\/\/rds\.amazonaws\.com\/doc\/2014-10-31\/">/);
    const doc = new XMLParser({ isArray: (name) => ["DBInstance", "Tag"].includes(name) }).parse(xml);
    const inst = doc.DescribeDBInstancesResponse.DescribeDBInstancesResult.DBInstances.DBInstance[0];
    expect(inst.DBInstanceIdentifier).toBe("pg");
    expect(inst.TagList.Tag).toEqual([{ Key: "env", Value: "dev" }]);
    expect(doc.DescribeDBInstancesResponse.ResponseMetadata.RequestId).toBe(post.headers.get("x-amzn-requestid"));

    const get = await aws.fetch(`${SIM()}/?Action=DescribeDBInstances&Version=2014-10-31`);
    expect(get.status).toBe(200);
    const presigned = await aws.sign(`${SIM()}/?Action=DescribeDBInstances&Version=2014-10-31`, { aws: { signQuery: true } });
    expect(presigned.url).toContain("X-Amz-Signature=");
    const viaQuery = await fetch(presigned.url);
    expect(viaQuery.status).toBe(200);

    const bad = new AwsClient({ accessKeyId: a.accessKeyId, secretAccessKey: "wrong".repeat(8), service: "rds", region: "us-east-1" });
    const refused = await bad.fetch(`${SIM()}/?Action=DescribeDBInstances&Version=2014-10-31`);
    expect(refused.status).toBe(403);
    const err = new XMLParser().parse(await refused.text());
    expect(err.ErrorResponse.Error).toMatchObject({ Type: "Sender", Code: "SignatureDoesNotMatch" });
    expect(err.ErrorResponse.RequestId).toBeTruthy();
  });

  it("answers an unsigned request with MissingAuthenticationToken", async () => {
    const res = await fetch(`${SIM()}/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=DescribeDBInstances&Version=2014-10-31",
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("<Code>MissingAuthenticationToken</Code>");
  });
});

describe("STS", () => {
  it("GetCallerIdentity names the IAM user", async () => {
    const a = await newAwsAccount();
    const id = await sts(creds(a)).send(new GetCallerIdentityCommand({}));
    expect(id.Account).toBe(a.accountId);
    expect(id.Arn).toBe(a.userArn);
    expect(id.UserId).toMatch(/^AIDA[A-Z0-9]+$/);
  });

  it("AssumeRole across accounts returns temporary credentials the simulator then accepts", async () => {
    const platform = await newAwsAccount();
    const customer = await newAwsAccount();
    await addInstance(customer, { region: "eu-west-1", id: "customer-db", engine: "postgres" });
    const r = await assume(platform, customer, { DurationSeconds: 900 });
    const c = r.Credentials!;
    expect(c.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(c.SecretAccessKey).toHaveLength(40);
    expect(c.SessionToken!.length).toBeGreaterThan(100);
    const ttl = c.Expiration!.getTime() - Date.now();
    expect(ttl).toBeGreaterThan(880_000);
    expect(ttl).toBeLessThanOrEqual(900_000);
    expect(r.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${customer.accountId}:assumed-role/SnoozeQLAccess/snoozeql`);
    expect(r.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z0-9]+:snoozeql$/);
    const tmp = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const who = await sts(tmp).send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe(customer.accountId);
    expect(who.Arn).toBe(r.AssumedRoleUser?.Arn);
    const dbs = await rds(tmp, "eu-west-1").send(new DescribeDBInstancesCommand({}));
    expect(dbs.DBInstances?.map((i) => i.DBInstanceIdentifier)).toEqual(["customer-db"]);

    const { sessionToken: _drop, ...noToken } = tmp;
    void _drop;
    const missing = await failure<SdkError>(() => rds(noToken, "eu-west-1").send(new DescribeDBInstancesCommand({})));
    expect(missing.name).toBe("InvalidClientTokenId");
    expect(missing.$metadata.httpStatusCode).toBe(403);
    const wrong = await failure<SdkError>(() => rds({ ...tmp, sessionToken: tmp.sessionToken.slice(0, -4) + "AAAA" }, "eu-west-1").send(new DescribeDBInstancesCommand({})));
    expect(wrong.name).toBe("InvalidClientTokenId");
  });

  it("refuses a wrong ExternalId, a missing role and out-of-range durations", async () => {
    const platform = await newAwsAccount();
    const customer = await newAwsAccount();
    const badExt = await failure<SdkError>(() => assume(platform, customer, { ExternalId: "not-the-right-one" }));
    expect(badExt.name).toBe("AccessDenied");
    expect(badExt.$metadata.httpStatusCode).toBe(403);
    expect(badExt.message).toBe(`User: ${platform.userArn} is not authorized to perform: sts:AssumeRole on resource: ${customer.roleArn}`);
    const noExt = await failure<SdkError>(() => sts(creds(platform)).send(new AssumeRoleCommand({ RoleArn: customer.roleArn, RoleSessionName: "s1" })));
    expect(noExt.name).toBe("AccessDenied");
    const noRole = await failure<SdkError>(() => assume(platform, customer, { RoleArn: `arn:aws:iam::${customer.accountId}:role/DoesNotExist` }));
    expect(noRole.name).toBe("AccessDenied");
    const noAccount = await failure<SdkError>(() => assume(platform, customer, { RoleArn: "arn:aws:iam::000000000999:role/SnoozeQLAccess" }));
    expect(noAccount.name).toBe("AccessDenied");
    const short = await failure<SdkError>(() => assume(platform, customer, { DurationSeconds: 899 }));
    expect(short.name).toBe("ValidationError");
    expect(short.$metadata.httpStatusCode).toBe(400);
    expect(short.message).toContain("greater than or equal to 900");
    const long = await failure<SdkError>(() => assume(platform, customer, { DurationSeconds: 43201 }));
    expect(long.name).toBe("ValidationError");
    expect(long.message).toContain("less than or equal to 43200");
    const max = await assume(platform, customer, { DurationSeconds: 43200 });
    expect(max.Credentials?.Expiration!.getTime()).toBeGreaterThan(Date.now() + 43_000_000);
  });

  it("limits role chaining to one hour", async () => {
    const platform = await newAwsAccount();
    const customer = await newAwsAccount();
    const first = await assume(platform, customer);
    const c = first.Credentials!;
    const tmp = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const chained = await failure<SdkError>(() =>
      sts(tmp).send(new AssumeRoleCommand({ RoleArn: customer.roleArn, RoleSessionName: "again", ExternalId: customer.externalId, DurationSeconds: 7200 })),
    );
    expect(chained.name).toBe("ValidationError");
    const ok = await sts(tmp).send(new AssumeRoleCommand({ RoleArn: customer.roleArn, RoleSessionName: "again", ExternalId: customer.externalId }));
    expect(ok.Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });
});
