/** Input schemas for connecting a cloud account (validated before anything is stored). */
import { z } from "@hono/zod-openapi";

const Regions = z
  .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, "must be an AWS region name like us-east-1"))
  .min(1)
  .max(30)
  .openapi({ example: ["us-east-1", "eu-west-1"] });

export const Endpoint = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .max(200)
  .openapi({ description: "Only for sandbox/simulated clouds: the origin all API calls go to.", example: "http://localhost:8788" });

const Name = z.string().trim().min(1).max(100).openapi({ example: "Staging (AWS)" });

export const ServiceAccountKeySchema = z
  .object({
    type: z.literal("service_account").optional(),
    project_id: z.string().min(1),
    private_key_id: z.string().min(1),
    private_key: z.string().includes("PRIVATE KEY", { error: "must be the PEM private key from the key file" }),
    client_email: z.email(),
    token_uri: z.url(),
  })
  .loose()
  .openapi("ServiceAccountKey", { description: "The JSON key file Google issued for the service account." });

export const CreateAccountBody = z
  .discriminatedUnion("connection", [
    z.object({
      provider: z.literal("aws"),
      connection: z.literal("assume_role"),
      name: Name,
      regions: Regions,
      roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/, "must be an IAM role ARN").optional().openapi({ description: "Add it after running the CloudFormation stack (PATCH)." }),
      endpoint: Endpoint.optional(),
    }),
    z.object({
      provider: z.literal("aws"),
      connection: z.literal("access_keys"),
      name: Name,
      regions: Regions,
      accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/, "must be an AWS access key id"),
      secretAccessKey: z.string().min(16).max(128),
      endpoint: Endpoint.optional(),
    }),
    z.object({
      provider: z.literal("gcp"),
      connection: z.literal("service_account"),
      name: Name,
      serviceAccountKey: ServiceAccountKeySchema,
      regions: z.array(z.string().min(1).max(40)).max(50).optional(),
      endpoint: Endpoint.optional(),
    }),
  ])
  .openapi("ConnectCloudAccountRequest");

export const UpdateAccountBody = z
  .object({
    name: Name.optional(),
    regions: Regions.optional(),
    roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/, "must be an IAM role ARN").optional(),
    accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/, "must be an AWS access key id").optional(),
    secretAccessKey: z.string().min(16).max(128).optional(),
    serviceAccountKey: ServiceAccountKeySchema.optional(),
    enabled: z.boolean().optional().openapi({ description: "false pauses all scheduling for the account." }),
  })
  .openapi("UpdateCloudAccountRequest");
