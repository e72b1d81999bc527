/**
 * The Worker's environment: every binding and secret SnoozeQL needs, validated once at the edge.
 *
 * `readEnv` turns a misconfigured deployment into one clear error that names each missing or
 * malformed binding/secret, instead of a TypeError deep inside a handler. It never echoes secret
 * values back (only their names), so the error is safe to log and to show an operator.
 */
import { z } from "zod";
import { checkOutboundUrl } from "./security/outbound-url.ts";
import { LOG_LEVELS, setLogLevel } from "./log.ts";

/** The bindings as the runtime hands them to us (see wrangler.toml). */
export interface Env {
  APP_ENV: string;
  APP_VERSION: string;
  DB: D1Database;
  ASSETS: Fetcher;
  ACCOUNT_AGENT: DurableObjectNamespace<import("../durable-objects/account-agent.ts").AccountAgent>;
  ACCOUNT_TICKS: Queue<import("./ticks/messages.ts").AccountTickMessage | import("./ticks/messages.ts").AnalysisJobMessage>;
  EVENTS: Queue<import("./events/event.ts").EventMessage>;
  NOTIFICATIONS: Queue<unknown>;
  /** base64 of 32 random bytes; AES-256-GCM key for cloud credentials at rest. */
  ENCRYPTION_KEY: string;
  /** Version tag stored beside every ciphertext so keys can rotate. */
  ENCRYPTION_KEY_VERSION?: string;
  /** Earlier keys still needed to open old ciphertexts: "v1=<base64>,v0=<base64>" (docs/security.md). */
  ENCRYPTION_KEYS_PREVIOUS?: string;
  /** base64 of >= 32 random bytes; signs session cookies and CSRF tokens. */
  SESSION_SECRET: string;
  RATE_LIMITER: DurableObjectNamespace<import("../durable-objects/rate-limiter.ts").RateLimiter>;
  /** Optional overrides of the default rate limits (requests per window). */
  RATE_LIMIT_TOKEN_PER_MINUTE?: string;
  RATE_LIMIT_ORG_PER_MINUTE?: string;
  /** Failed sign-ins for one email (from anywhere) before backoff starts. */
  RATE_LIMIT_LOGIN_PER_EMAIL?: string;
  RATE_LIMIT_LOGIN_PER_IP?: string;
  RATE_LIMIT_PUBLIC_PER_MINUTE?: string;
  /** Lowest log level written: debug, info (default), warn or error (worker/log.ts). */
  LOG_LEVEL?: string;
  /** SnoozeQL's own AWS principal: the identity customers' roles trust (ARN), and its keys. */
  SNOOZEQL_AWS_PRINCIPAL_ARN: string;
  SNOOZEQL_AWS_ACCESS_KEY_ID?: string;
  SNOOZEQL_AWS_SECRET_ACCESS_KEY?: string;
  /** Public URL of the published CloudFormation template (for the console quick-create link). */
  CLOUDFORMATION_TEMPLATE_URL?: string;
  /** Operator allow-list of endpoint-override origins (sandbox clouds) on a production-like deployment. */
  ENDPOINT_OVERRIDE_ORIGINS?: string;
  /** The dashboard's public origin (links in Slack messages and webhooks), e.g. https://app.snoozeql.com. */
  PUBLIC_URL?: string;
  /** SnoozeQL's Slack app (docs/slack.md): OAuth client and request-signing secret. */
  SLACK_CLIENT_ID?: string;
  SLACK_CLIENT_SECRET?: string;
  SLACK_SIGNING_SECRET?: string;
  /** Slack's Web API base (default https://slack.com/api); deployment configuration, never per tenant. */
  SLACK_API_BASE_URL?: string;
  /** Slack's OAuth v2 authorize page (default https://slack.com/oauth/v2/authorize). */
  SLACK_AUTHORIZE_URL?: string;
  /** The origin of Slack incoming-webhook URLs (default https://hooks.slack.com). */
  SLACK_WEBHOOK_ORIGIN?: string;
  /** The mail provider's API base (Postmark; default https://api.postmarkapp.com): deployment configuration, never per tenant. */
  MAIL_API_BASE_URL?: string;
  /** Secret: the provider's server token (docs/deploy.md). */
  MAIL_API_TOKEN?: string;
  /** The sender, e.g. "SnoozeQL <no-reply@snoozeql.com>" (a signature the provider has verified). */
  MAIL_FROM?: string;
}

const binding = <T>(name: string, methods: string[]) =>
  z.custom<T>(
    (value) =>
      typeof value === "object" &&
      value !== null &&
      methods.every((m) => typeof (value as Record<string, unknown>)[m] === "function"),
    { message: `binding is missing or is not a ${name} (check wrangler.toml)` },
  );

const base64Secret = (minBytes: number, howTo: string) =>
  z
    .string({ error: `secret is not set (${howTo})` })
    .refine((value) => decodedLength(value) >= minBytes, {
      message: `secret must be base64 of at least ${minBytes} random bytes (${howTo})`,
    });

const GENERATE = "generate one with: openssl rand -base64 32";

export const envSchema = z.object({
  APP_ENV: z.enum(["development", "test", "staging", "production"]),
  APP_VERSION: z.string().min(1),
  DB: binding<D1Database>("D1 database", ["prepare", "batch"]),
  ASSETS: binding<Fetcher>("static assets fetcher", ["fetch"]),
  ACCOUNT_AGENT: binding<Env["ACCOUNT_AGENT"]>("Durable Object namespace", ["idFromName", "get"]),
  RATE_LIMITER: binding<Env["RATE_LIMITER"]>("Durable Object namespace", ["idFromName", "get"]),
  ACCOUNT_TICKS: binding<Env["ACCOUNT_TICKS"]>("Queue producer", ["send", "sendBatch"]),
  EVENTS: binding<Env["EVENTS"]>("Queue producer", ["send", "sendBatch"]),
  NOTIFICATIONS: binding<Env["NOTIFICATIONS"]>("Queue producer", ["send", "sendBatch"]),
  ENCRYPTION_KEY: base64Secret(32, GENERATE),
  ENCRYPTION_KEY_VERSION: z.string().regex(/^[A-Za-z0-9_-]{1,16}$/).optional(),
  ENCRYPTION_KEYS_PREVIOUS: z
    .string()
    .refine((value) => value.split(/[\s,]+/).filter(Boolean).every((entry) => /^[A-Za-z0-9_-]{1,16}=/.test(entry) && decodedLength(entry.slice(entry.indexOf("=") + 1)) >= 32), {
      message: "must be version=<base64 of 32 bytes> entries, comma separated (e.g. v1=…,v0=…)",
    })
    .optional(),
  SESSION_SECRET: base64Secret(32, GENERATE),
  RATE_LIMIT_TOKEN_PER_MINUTE: z.string().regex(/^\d+$/).optional(),
  RATE_LIMIT_ORG_PER_MINUTE: z.string().regex(/^\d+$/).optional(),
  RATE_LIMIT_LOGIN_PER_EMAIL: z.string().regex(/^\d+$/).optional(),
  RATE_LIMIT_LOGIN_PER_IP: z.string().regex(/^\d+$/).optional(),
  RATE_LIMIT_PUBLIC_PER_MINUTE: z.string().regex(/^\d+$/).optional(),
  /** Lowest log level written (worker/log.ts); default "info". */
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  SNOOZEQL_AWS_PRINCIPAL_ARN: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(root|user\/.+|role\/.+)$/, "must be the IAM ARN customers' roles trust"),
  SNOOZEQL_AWS_ACCESS_KEY_ID: z.string().optional(),
  SNOOZEQL_AWS_SECRET_ACCESS_KEY: z.string().optional(),
  CLOUDFORMATION_TEMPLATE_URL: z.url().optional(),
  ENDPOINT_OVERRIDE_ORIGINS: z.string().optional(),
  PUBLIC_URL: z.url().optional(),
  SLACK_CLIENT_ID: z.string().optional(),
  SLACK_CLIENT_SECRET: z.string().optional(),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_API_BASE_URL: z.url().optional(),
  SLACK_AUTHORIZE_URL: z.url().optional(),
  SLACK_WEBHOOK_ORIGIN: z.url().optional(),
  MAIL_API_BASE_URL: z.url().optional(),
  MAIL_API_TOKEN: z.string().min(1).optional(),
  MAIL_FROM: z.string().regex(/^([^<>]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/, "must be an address, or Name <address>").optional(),
}).superRefine((env, ctx) => {
  const problem = (key: string, message: string) => ctx.addIssue({ code: "custom", path: [key], message });
  for (const entry of (env.ENCRYPTION_KEYS_PREVIOUS ?? "").split(/[\s,]+/).filter(Boolean)) {
    if (entry.split("=", 1)[0] === (env.ENCRYPTION_KEY_VERSION ?? "v1")) problem("ENCRYPTION_KEYS_PREVIOUS", "must not repeat the current ENCRYPTION_KEY_VERSION");
  }
  // A deployed Worker is production unless configured otherwise: refuse the placeholders that
  // wrangler.toml and the examples ship with, and override origins that are not public https.
  if (env.APP_ENV === "development" || env.APP_ENV === "test") return;
  if (PLACEHOLDER_ACCOUNT.test(env.SNOOZEQL_AWS_PRINCIPAL_ARN)) {
    problem("SNOOZEQL_AWS_PRINCIPAL_ARN", "is the placeholder from wrangler.toml; set your own IAM principal (docs/deploy.md)");
  }
  if (env.ENCRYPTION_KEY === env.SESSION_SECRET) problem("SESSION_SECRET", "must differ from ENCRYPTION_KEY");
  for (const key of ["ENCRYPTION_KEY", "SESSION_SECRET"] as const) {
    if (new Set(atob(env[key])).size < 8) problem(key, `is a placeholder, not random bytes (${GENERATE})`);
  }
  if (env.CLOUDFORMATION_TEMPLATE_URL && !checkOutboundUrl(env.CLOUDFORMATION_TEMPLATE_URL).ok) {
    problem("CLOUDFORMATION_TEMPLATE_URL", "must be a public https URL");
  }
  for (const key of ["SLACK_API_BASE_URL", "SLACK_AUTHORIZE_URL", "SLACK_WEBHOOK_ORIGIN", "MAIL_API_BASE_URL"] as const) {
    const value = env[key];
    if (value && !checkOutboundUrl(value).ok) problem(key, "must be a public https URL");
  }
  // Sign-up, password reset and invitations need mail (worker/mail/transport.ts, docs/deploy.md).
  if (!env.MAIL_API_TOKEN) problem("MAIL_API_TOKEN", "secret is not set (the mail provider's server token; docs/deploy.md)");
  if (!env.MAIL_FROM) problem("MAIL_FROM", "is not set (the sender address the provider has verified; docs/deploy.md)");
  for (const origin of (env.ENDPOINT_OVERRIDE_ORIGINS ?? "").split(/[\s,]+/).filter(Boolean)) {
    const check = checkOutboundUrl(origin);
    if (!check.ok) problem("ENDPOINT_OVERRIDE_ORIGINS", `'${origin}' ${check.reason}`);
  }
});

/** AWS account ids that only ever appear in examples and placeholders. */
const PLACEHOLDER_ACCOUNT = /^arn:aws[a-z-]*:iam::(000000000000|123456789012|111111111111):/;

export class EnvError extends Error {
  constructor(readonly problems: { key: string; message: string }[]) {
    super(
      "SnoozeQL is misconfigured:\n" + problems.map((p) => `  - ${p.key}: ${p.message}`).join("\n"),
    );
    this.name = "EnvError";
  }
}

const validated = new WeakSet<object>();

/** Validates the environment (once per env object) and returns it typed; throws EnvError. */
export function readEnv(env: unknown): Env {
  if (typeof env === "object" && env !== null && validated.has(env)) return env as Env;
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => ({
        key: issue.path.join(".") || "(env)",
        message: issue.message,
      })),
    );
  }
  validated.add(env as object);
  setLogLevel(result.data.LOG_LEVEL);
  return env as Env;
}

function decodedLength(value: string): number {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return 0;
  try {
    return atob(value).length;
  } catch {
    return 0;
  }
}
