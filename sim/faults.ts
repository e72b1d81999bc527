// Fault injection per simulated account, deterministic under the account's fault seed:
// "next N calls" faults, seeded throttling / 5xx / hang rates, added latency, and real-like rate
// limits (a token bucket per AWS account and region, a per-minute quota per GCP project).
import type { Faults } from "./state/model.ts";
import type { Store } from "./state/store.ts";
import { rand01 } from "./util.ts";

export interface FaultDecision {
  kind: "none" | "throttle" | "error" | "hang";
  /** True when the real-like rate limit (not a random fault) caused the throttle. */
  rateLimited: boolean;
  latencyMs: number;
  hangMs: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

function takeToken(store: Store, key: string, capacity: number, refillPerSec: number, nowReal: number): boolean {
  const k = `bucket:${key}`;
  const b = store.kvGet<Bucket>(k) ?? { tokens: capacity, at: nowReal };
  const tokens = Math.min(capacity, b.tokens + ((nowReal - b.at) / 1000) * refillPerSec);
  if (tokens < 1) {
    store.kvSet(k, { tokens, at: nowReal });
    return false;
  }
  store.kvSet(k, { tokens: tokens - 1, at: nowReal });
  return true;
}

export function decideFault(
  store: Store,
  f: Faults,
  cloud: "aws" | "gcp",
  operation: string,
  bucketKey: string,
  nowReal: number,
): FaultDecision {
  const none: FaultDecision = { kind: "none", rateLimited: false, latencyMs: 0, hangMs: f.hangMs };
  if (f.rateLimit) {
    const ok =
      cloud === "aws"
        ? takeToken(store, bucketKey, f.awsBurst, f.awsRefillPerSec, nowReal)
        : takeToken(store, bucketKey, f.gcpPerMinute, f.gcpPerMinute / 60, nowReal);
    if (!ok) return { ...none, kind: "throttle", rateLimited: true };
  }
  if (f.operations.length > 0 && !f.operations.includes(operation)) return none;

  const n = store.kvGet<number>("faultCounter") ?? 0;
  store.kvSet("faultCounter", n + 1);
  // Latency and its jitter share one seeded draw: below latencyRate the call is slow, and by how much.
  const slow = rand01(f.seed, n * 4 + 3);
  const rate = f.latencyRate ?? 1;
  const latencyMs = slow < rate ? f.latencyMs + Math.round((rate > 0 ? slow / rate : 0) * f.latencyJitterMs) : 0;

  const next = store.kvGet<{ throttle: number; error: number; hang: number }>("faultNext");
  if (next) {
    for (const kind of ["throttle", "error", "hang"] as const) {
      if (next[kind] > 0) {
        next[kind] -= 1;
        store.kvSet("faultNext", next);
        return { kind, rateLimited: false, latencyMs, hangMs: f.hangMs };
      }
    }
  }
  if (rand01(f.seed, n * 4) < f.throttleRate) return { kind: "throttle", rateLimited: false, latencyMs, hangMs: f.hangMs };
  if (rand01(f.seed, n * 4 + 1) < f.errorRate) return { kind: "error", rateLimited: false, latencyMs, hangMs: f.hangMs };
  if (rand01(f.seed, n * 4 + 2) < f.hangRate) return { kind: "hang", rateLimited: false, latencyMs, hangMs: f.hangMs };
  return { ...none, latencyMs };
}

/** Arms the "next N calls" counters when faults are (re)configured. */
export function armNext(store: Store, f: Faults): void {
  store.kvSet("faultNext", { throttle: f.throttleNext, error: f.errorNext, hang: f.hangNext });
  store.kvSet("faultCounter", 0);
}
