// Per-origin pacing of cloud calls: bursts pass, then calls are spaced at the refill rate.
import { describe, expect, it } from "vitest";
import { TokenBuckets } from "../../worker/reconcile/token-bucket.ts";

describe("TokenBuckets", () => {
  it("lets a burst through and then paces at the refill rate, per key", async () => {
    let clock = 0;
    const buckets = new TokenBuckets({ burst: 3, perSecond: 2 }, () => clock, async (ms) => void (clock += ms));
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) waits.push(await buckets.take("rds.us-east-1"));
    expect(waits).toEqual([0, 0, 0, 500, 500]);
    expect(await buckets.take("rds.eu-west-1")).toBe(0);
  });

  it("refills while idle, up to the burst", async () => {
    let clock = 0;
    const buckets = new TokenBuckets({ burst: 2, perSecond: 1 }, () => clock, async (ms) => void (clock += ms));
    await buckets.take("k");
    await buckets.take("k");
    clock += 10_000;
    expect([await buckets.take("k"), await buckets.take("k"), await buckets.take("k")]).toEqual([0, 0, 1000]);
  });
});
