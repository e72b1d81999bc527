// Runs before each test file inside workerd: brings local D1 to the current schema and points
// the mail transport at the simulator.
import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { inject } from "vitest";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// Mail goes to the simulator's Postmark API; tests read it from its mailbox (GET /__sim/mail).
Object.assign(env, { MAIL_API_BASE_URL: `${inject("simUrl")}/postmark` });
