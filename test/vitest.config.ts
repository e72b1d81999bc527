// The Workers-runtime suite: tests run inside workerd with the bindings from wrangler.toml
// (local D1, Queues, Durable Objects; never remote), with migrations applied before each file.
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig(async () => ({
  root,
  plugins: [
    cloudflareTest({
      remoteBindings: false,
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          APP_ENV: "test",
          // Low enough that the rate-limit tests can reach it quickly.
          RATE_LIMIT_TOKEN_PER_MINUTE: "40",
          RATE_LIMIT_LOGIN_PER_IP: "15",
          RATE_LIMIT_ORG_PER_MINUTE: "150",
          // Test-only secrets (32 bytes of fixed, non-secret data, base64).
          ENCRYPTION_KEY: "dGVzdC1lbmNyeXB0aW9uLWtleS0zMi1ieXRlcy1sb25n",
          SESSION_SECRET: "dGVzdC1zZXNzaW9uLXNlY3JldC0zMi1ieXRlcy1sb25n",
          // The simulator's Slack app (sim/slack/surface.ts SIM_SLACK_APP); the Slack URLs point at
          // the simulator per test, since its port is only known once it runs.
          SLACK_CLIENT_ID: "sim-client-id",
          SLACK_CLIENT_SECRET: "sim-client-secret",
          SLACK_SIGNING_SECRET: "sim-slack-signing-secret",
          // Mail: the simulator's Postmark API (any token; its URL is set per file in test/setup.ts).
          MAIL_API_TOKEN: "sim-postmark-token",
          MAIL_FROM: "SnoozeQL <no-reply@snoozeql.test>",
          TEST_MIGRATIONS: await readD1Migrations(fileURLToPath(new URL("../migrations", import.meta.url))),
        },
      },
    }),
  ],
  test: {
    include: ["test/**/*.test.ts"],
    // The reliability suites have their own configs (npm run test:reliability).
    exclude: ["test/sim/**", "test/e2e/**", "test/cli/**", "test/reliability/**", "node_modules/**"],
    setupFiles: ["./test/setup.ts"],
    globalSetup: ["./test/global-setup.ts"],
  },
}));
