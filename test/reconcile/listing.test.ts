// One listing per pass (worker/reconcile/listing.ts): which listing a pass makes, the looks at its
// in-flight databases read from it, and the listing discovery applies after the calls.
import { describe, expect, it } from "vitest";
import { DISCOVERY_INTERVAL_MS, discoveryTiming } from "../../worker/reconcile/pass.ts";
import { DISCOVERY_MERGE_MS, listingPlan, observationsFromListing, overlayListing, type Listed, type ListingPlan } from "../../worker/reconcile/listing.ts";

const S = 1000;
const NOW = Date.UTC(2026, 10, 24, 19, 0);
const base = { now: NOW, lastDiscoveryAt: NOW - 60 * S, forced: false, paused: false, clientReady: true, inFlight: 0 };

describe("listingPlan: a pass lists the account once", () => {
  it.each([
    { o: { inFlight: 3 }, plan: { discovery: "none", observe: "own" }, why: "a look between discoveries is a state check of its own" },
    { o: {}, plan: { discovery: "none", observe: "none" }, why: "nothing in flight, discovery not due: no listing" },
    { o: { forced: true, inFlight: 3 }, plan: { discovery: "before", observe: "discovery" }, why: "a sync request's listing is the look" },
    { o: { lastDiscoveryAt: null, inFlight: 1 }, plan: { discovery: "before", observe: "discovery" }, why: "a first look's listing is the look" },
    { o: { forced: true }, plan: { discovery: "before", observe: "none" }, why: "a sync request with nothing in flight" },
    { o: { lastDiscoveryAt: NOW - DISCOVERY_INTERVAL_MS, inFlight: 2 }, plan: { discovery: "after", observe: "discovery" }, why: "routine discovery after the calls, listed before them as the look" },
    { o: { lastDiscoveryAt: NOW - DISCOVERY_INTERVAL_MS }, plan: { discovery: "after", observe: "none" }, why: "routine discovery with nothing in flight lists after the calls" },
    { o: { lastDiscoveryAt: NOW - DISCOVERY_INTERVAL_MS + DISCOVERY_MERGE_MS, inFlight: 1 }, plan: { discovery: "after", observe: "discovery" }, why: "a look in the merge window brings discovery forward" },
    { o: { lastDiscoveryAt: NOW - DISCOVERY_INTERVAL_MS + DISCOVERY_MERGE_MS }, plan: { discovery: "none", observe: "none" }, why: "no look, no early discovery" },
    { o: { lastDiscoveryAt: NOW - DISCOVERY_INTERVAL_MS + DISCOVERY_MERGE_MS + 1, inFlight: 1 }, plan: { discovery: "none", observe: "own" }, why: "a look before the merge window stays a state check" },
    { o: { paused: true, forced: true, inFlight: 2 }, plan: { discovery: "none", observe: "none" }, why: "a paused account lists nothing" },
    { o: { clientReady: false, inFlight: 2 }, plan: { discovery: "before", observe: "none" }, why: "no client: discovery reports why, nothing to look with" },
  ] as { o: Partial<typeof base>; plan: ListingPlan; why: string }[])("$why", ({ o, plan }) => {
    expect(listingPlan({ ...base, ...o })).toEqual(plan);
  });

  it("discovers no later than discoveryTiming would: the interval's guarantee holds", () => {
    for (let since = 0; since <= 2 * DISCOVERY_INTERVAL_MS; since += 5 * S) {
      for (const inFlight of [0, 1]) {
        const o = { ...base, lastDiscoveryAt: NOW - since, inFlight };
        if (discoveryTiming(o) !== "none") expect(listingPlan(o).discovery).toBe(discoveryTiming(o));
      }
    }
  });

  // A merged discovery saves its DescribeDBInstances but comes early, so discoveries are more
  // frequent while looks go on. Replayed over four hours of looks every `period`, listing calls
  // plus discovery's other reads (DescribeDBClusters, DescribePendingMaintenanceActions,
  // DescribeEvents): never more than without merging, and fewer when looks fall in the window.
  it.each([15, 30, 60, 120, 240, 420])("costs no more calls than discovering on its own, with looks every %i s", (period) => {
    const OTHER_READS = 3;
    const replay = (plan: (o: typeof base) => ListingPlan) => {
      let last = NOW;
      let calls = 0;
      let nextLook = NOW + period * S;
      for (let t = NOW; t < NOW + 4 * 3600 * S; ) {
        const looking = t === nextLook;
        const p = plan({ ...base, now: t, lastDiscoveryAt: last, inFlight: looking ? 1 : 0 });
        // The old pass: its own state check, then discovery's listing.
        calls += (p.observe !== "none" ? 1 : 0) + (p.discovery !== "none" && p.observe !== "discovery" ? 1 : 0) + (p.discovery !== "none" ? OTHER_READS : 0);
        if (p.discovery !== "none") last = t;
        if (looking) nextLook += period * S;
        t = Math.min(nextLook, last + DISCOVERY_INTERVAL_MS);
      }
      return calls;
    };
    const merged = replay(listingPlan);
    const separate = replay((o) => {
      const discovery = discoveryTiming(o);
      return { discovery, observe: o.inFlight > 0 ? "own" : "none" };
    });
    expect(merged).toBeLessThanOrEqual(separate);
    if (period <= DISCOVERY_MERGE_MS / S) expect(merged).toBeLessThan(separate);
  });
});

const listed = (id: string, state: Listed["state"], region = "us-east-1"): Listed => ({ kind: "rds_instance", externalId: id, region, state, cloudStatus: state === "stopped" ? "stopped" : state === "running" ? "available" : state, eligible: true });
const row = (id: string, region = "us-east-1") => ({ id: `db_${id}`, kind: "rds_instance" as const, externalId: id, region });

describe("observationsFromListing: the looks at in-flight databases, read from discovery's listing", () => {
  it("says what the listing says, gone when its region was listed without it, unknown when its region failed", () => {
    const listing = { databases: [listed("a", "stopped"), listed("b", "stopping")], incomplete: [{ region: "eu-west-1" }] };
    const looks = observationsFromListing([row("a"), row("b"), row("gone"), row("far", "eu-west-1")], listing);
    expect(looks.get("db_a")).toEqual({ state: "stopped", cloudStatus: "stopped", eligible: true, ineligibleReason: null });
    expect(looks.get("db_b")?.state).toBe("stopping");
    expect(looks.get("db_gone")).toBeNull();
    expect(looks.has("db_far")).toBe(true);
    expect(looks.get("db_far")).toBeUndefined();
  });

  it("matches on kind and region, not the identifier alone", () => {
    const looks = observationsFromListing([{ ...row("a"), kind: "aurora_cluster" }], { databases: [listed("a", "stopped")], incomplete: [] });
    expect(looks.get("db_a")).toBeNull();
  });
});

describe("overlayListing: the listing made before the calls, as discovery must see it after them", () => {
  it("carries each call's answer, so discovery takes none of the agent's own stops for a change made outside", () => {
    const before = { databases: [listed("a", "running"), listed("b", "running"), listed("c", "stopped")], incomplete: [] };
    const after = overlayListing(before, [row("a"), row("b"), row("c")], [
      { instanceId: "db_a", state: "stopping", cloudStatus: "stopping" },
      { instanceId: "db_c", state: "stopped", cloudStatus: "stopped" },
      { instanceId: "db_c", state: "starting", cloudStatus: "starting" }, // the last write wins, as in D1
      { instanceId: "db_unknown", state: "stopping", cloudStatus: "stopping" },
    ]);
    expect(after.databases.map((d) => [d.externalId, d.state, d.cloudStatus])).toEqual([["a", "stopping", "stopping"], ["b", "running", "available"], ["c", "starting", "starting"]]);
    expect(before.databases[0]!.state).toBe("running"); // the pass's own copy is left as listed
  });

  it("keeps the listed cloud status where the pass knew none", () => {
    const after = overlayListing({ databases: [listed("a", "running")], incomplete: [] }, [row("a")], [{ instanceId: "db_a", state: "stopping", cloudStatus: null }]);
    expect(after.databases[0]).toMatchObject({ state: "stopping", cloudStatus: "available" });
  });
});
