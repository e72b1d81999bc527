/**
 * The SnoozeQL Worker entry: HTTP (API + SPA assets), the cron tick, the queue consumers, and the
 * Durable Object classes it hosts. Every handler validates the environment first, so a missing
 * binding or secret fails with one clear message naming it.
 */
import { createApp } from "./api/app.ts";
import { readEnv, type Env } from "./env.ts";
import { handleQueue } from "./queues/index.ts";
import { runCronTick } from "./ticks/cron-tick.ts";
import { runDigestTick } from "./ticks/digest-tick.ts";
import { runAnalysisTick } from "./ticks/analysis-tick.ts";
import { runOverrideExpiryTick } from "./overrides/expiring.ts";
import { errorText, log } from "./log.ts";
import { resealCredentials } from "./accounts/reseal.ts";
import { runRetentionTick } from "./retention/prune.ts";

export { AccountAgent } from "../durable-objects/account-agent.ts";
export { RateLimiter } from "../durable-objects/rate-limiter.ts";

const app = createApp();

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/api" || url.pathname.startsWith("/api/")) {
      return app.fetch(request, env, ctx);
    }
    // Static assets normally answer before the Worker runs; this covers direct invocations.
    return env.ASSETS.fetch(request);
  },

  async scheduled(controller, env, ctx) {
    const result = await runCronTick(readEnv(env), controller.scheduledTime);
    log.info("cron tick", { cron: controller.cron, ...result });
    // Every fifth minute: queue the databases whose recommendation analysis is due (an indexed,
    // bounded read); the account-ticks consumer analyses them, never this invocation.
    ctx.waitUntil(
      runAnalysisTick(readEnv(env), controller.scheduledTime).then(
        (r) => void (r.jobs > 0 && log.info("recommendation analysis queued", { ...r })),
        (error: unknown) => log.error("recommendation analysis tick failed", { error: errorText(error) }),
      ),
    );
    // Savings digests of the organizations whose 08:00 has passed (a bounded, indexed read).
    ctx.waitUntil(
      runDigestTick(readEnv(env), controller.scheduledTime).then(
        (r) => void (r.enqueued > 0 && log.info("savings digests queued", { ...r })),
        (error: unknown) => log.error("savings digest tick failed", { error: errorText(error) }),
      ),
    );
    // Retention: rows past their period (worker/domain/retention.ts) of the organizations whose
    // daily run is due, in bounded batches.
    ctx.waitUntil(
      runRetentionTick(readEnv(env), controller.scheduledTime).then(
        (r) => void (r.statements > 0 && log.info("retention pruned", { ...r })),
        (error: unknown) => log.error("retention run failed", { error: errorText(error) }),
      ),
    );
    // "Override expiring soon" notices (a range on overrides_until_idx; each override once).
    ctx.waitUntil(
      runOverrideExpiryTick(readEnv(env), controller.scheduledTime).then(
        (r) => void (r.emitted > 0 && log.info("override expiry notices", { ...r })),
        (error: unknown) => log.error("override expiry tick failed", { error: errorText(error) }),
      ),
    );
    // After a key rotation, move a batch of credentials to the current key each minute.
    ctx.waitUntil(
      resealCredentials(env, { limit: 50 }).then((r) => {
        if (r.resealed > 0 || r.failed.length > 0) (r.failed.length ? log.warn : log.info)("re-sealed credentials", { ...r });
      }),
    );
  },

  async queue(batch, env, _ctx) {
    await handleQueue(batch, readEnv(env));
  },
} satisfies ExportedHandler<Env>;
