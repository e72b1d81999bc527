/**
 * The entry point of SnoozeQL's cloud clients: `providerFor(account, deps)` builds the
 * `CloudProvider` for one connected cloud account (decrypted config), after checking the config's
 * shape. Everything callers need is re-exported from here.
 *
 * Must never: echo a config value in an error (only field paths), cache providers across accounts,
 * or choose behaviour by endpoint (an endpoint override only changes where requests go).
 */
import { z } from "zod";
import { AwsProvider } from "./aws/provider.ts";
import { CloudError } from "./errors.ts";
import { GcpProvider } from "./gcp/provider.ts";
import type { CloudAccountConfig, CloudDeps, CloudProvider } from "./provider.ts";

export type * from "./provider.ts";
export { CloudError, isCloudError, type CloudErrorCategory } from "./errors.ts";
export { AwsProvider } from "./aws/provider.ts";
export { GcpProvider } from "./gcp/provider.ts";
export { DEFAULT_RETRY_POLICY } from "./retry.ts";

const nonEmpty = z.string().min(1);
const endpoint = z
  .string()
  .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, "must be an http(s) origin, optionally with a base path")
  .nullish();
const awsRegion = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, "must be an AWS region name");
const staticKeys = { accessKeyId: nonEmpty, secretAccessKey: nonEmpty, sessionToken: z.string().optional() };
const awsCommon = {
  provider: z.literal("aws"),
  id: z.string().optional(),
  regions: z.array(awsRegion),
  endpoint,
};

const accountSchema = z.union([
  z.object({
    ...awsCommon,
    authKind: z.literal("assume_role"),
    roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, "must be an IAM role ARN"),
    externalId: nonEmpty,
    baseCredentials: z.object(staticKeys),
  }),
  z.object({ ...awsCommon, authKind: z.literal("access_keys"), ...staticKeys }),
  z.object({
    provider: z.literal("gcp"),
    id: z.string().optional(),
    authKind: z.literal("service_account").optional(),
    serviceAccountKey: z.union([nonEmpty, z.object({}).loose()]),
    projectId: z.string().nullish(),
    regions: z.array(nonEmpty).nullish(),
    endpoint,
  }),
]);

/**
 * Builds the provider for one cloud account. Create it once per account (its credential and
 * token caches live in it) and reuse it for every call.
 */
export function providerFor(account: CloudAccountConfig, deps: CloudDeps = {}): CloudProvider {
  const checked = accountSchema.safeParse(account);
  if (!checked.success) {
    const provider = (account as { provider?: unknown })?.provider === "gcp" ? "gcp" : "aws";
    const problems = checked.error.issues
      .map((issue) => `${issue.path.join(".") || "(account)"}: ${issue.message}`)
      .slice(0, 10);
    throw new CloudError({
      provider,
      code: "InvalidAccountConfig",
      message: `The cloud account is not configured correctly: ${problems.join("; ")}.`,
      category: "invalid_request",
      retryable: false,
    });
  }
  return account.provider === "aws" ? new AwsProvider(account, deps) : new GcpProvider(account, deps);
}
