/**
 * How many times a pass lists the account: at most once. Decides, without I/O, which listing a
 * pass makes (discovery's full one, a state check of the databases in flight, or none) and
 * derives from one listing what the pass needs of it (the live looks at in-flight transitions,
 * and the listing discovery applies after the calls).
 *
 * Why one listing is enough (issue 14: every cloud call counts per action):
 * - Discovery before the calls (a sync request, a first look, no client): its listing is the
 *   account as it is now, so the in-flight databases are looked at in it instead of listed again.
 * - Discovery after the calls (the routine five-minute one, after the actions so an alarm at a
 *   transition acts on its second) while databases are in flight: the pass's look at them is made
 *   as discovery's listing (all kinds and regions, with maintenance; the cloud answers its three
 *   reads in parallel, so the look takes no longer), and discovery applies that listing after the
 *   calls with what the pass learned since written over it (`overlayListing`: each call's answer,
 *   "stopping"/"starting"). Discovery compares the listing with D1 after the pass wrote back, so it
 *   sees what the calls did and records no change of its own for them; a change made outside in
 *   the second between the listing and the calls is seen by the next discovery, as one made just
 *   after any listing is.
 * - A look due shortly before discovery would be (DISCOVERY_MERGE_MS): discovery runs early, on
 *   the look's listing. Its guarantees hold, since it only ever runs sooner (new databases are
 *   found, and outside changes recorded, within DISCOVERY_INTERVAL_MS as before). Running early
 *   shortens the interval to the next discovery by at most DISCOVERY_MERGE_MS; a merged discovery
 *   saves its DescribeDBInstances and still costs its other reads (DescribeDBClusters,
 *   DescribePendingMaintenanceActions, the recent power history), so with those three and a merge
 *   window of at most a quarter of the interval, discovery costs never more per hour than unmerged
 *   (3 / (I − W) ≤ 4 / I when W ≤ I / 4), and one call less each time a look falls in the window.
 * - A state check that is not discovery's (maintenance skipped, only the kinds and regions in
 *   flight) does not stand in for discovery: it cannot see maintenance, nor databases of other
 *   kinds or regions.
 *
 * Must never: read the clock or do I/O (`npm run lint:layers`).
 */
import type { InstanceKind, PowerState } from "../domain/vocabulary.ts";
import { DISCOVERY_INTERVAL_MS, discoveryTiming, type InventoryWrite, type Observation } from "./pass.ts";

/** A look due this long before discovery would be makes discovery's listing (a quarter of the interval at most: see the header). */
export const DISCOVERY_MERGE_MS = 60_000;

export interface ListingPlan {
  /** When this pass discovers: before the calls (it lists then), after them, or not at all. */
  discovery: "before" | "after" | "none";
  /**
   * Where the in-flight databases' looks come from: discovery's listing ("discovery": made before
   * the calls, whether discovery is applied before or after them), the pass's own state check
   * ("own"), or nowhere (nothing in flight).
   */
  observe: "discovery" | "own" | "none";
}

/**
 * The listing of one pass. `inFlight`: how many databases have a transition to look at. When
 * discovery runs is `discoveryTiming`'s (./pass.ts), but for a look that falls in the merge window.
 */
export function listingPlan(o: { now: number; lastDiscoveryAt: number | null; forced: boolean; paused: boolean; clientReady: boolean; inFlight: number }): ListingPlan {
  const looks = !o.paused && o.clientReady && o.inFlight > 0;
  let discovery = discoveryTiming(o);
  // A look due anyway shortly before discovery would be: discovery comes early, on its listing.
  if (discovery === "none" && looks && o.now - o.lastDiscoveryAt! >= DISCOVERY_INTERVAL_MS - DISCOVERY_MERGE_MS) discovery = "after";
  return { discovery, observe: !looks ? "none" : discovery === "none" ? "own" : "discovery" };
}

/** What a listing says of one database (the cloud client's `Database`, as far as a look needs it). */
export interface Listed {
  kind: InstanceKind;
  externalId: string;
  region: string;
  state: PowerState;
  cloudStatus: string;
  eligible: boolean;
  ineligibleReason?: string | null;
}

export interface Listing {
  databases: Listed[];
  /** Regions that could not be listed (what is in them is unknown, not gone). */
  incomplete: { region: string }[];
}

type Row = { id: string; kind: InstanceKind; externalId: string; region: string };
const keyOf = (d: { kind: string; externalId: string; region: string }) => `${d.kind}\u0000${d.region}\u0000${d.externalId}`;

/** The live looks at `rows` in one listing: what it says, null when it lists the region without them, undefined when their region failed. */
export function observationsFromListing(rows: readonly Row[], listing: Listing): Map<string, Observation> {
  const byKey = new Map(listing.databases.map((d) => [keyOf(d), d]));
  const failed = new Set(listing.incomplete.map((f) => f.region));
  const out = new Map<string, Observation>();
  for (const row of rows) {
    const d = byKey.get(keyOf(row));
    out.set(row.id, d ? { state: d.state, cloudStatus: d.cloudStatus, eligible: d.eligible, ineligibleReason: d.ineligibleReason ?? null } : failed.has(row.region) ? undefined : null);
  }
  return out;
}

/**
 * A listing made before the calls, as it stands after them: each database the pass learned about
 * since (a call's answer, a look) carries what the pass wrote to D1, so discovery, comparing with
 * D1, takes none of the agent's own changes for a change made outside.
 */
export function overlayListing<L extends Listing>(listing: L, rows: readonly Row[], writes: readonly Pick<InventoryWrite, "instanceId" | "state" | "cloudStatus">[]): L {
  if (writes.length === 0) return listing;
  const rowById = new Map(rows.map((r) => [r.id, r]));
  const latest = new Map<string, (typeof writes)[number]>();
  for (const w of writes) {
    const row = rowById.get(w.instanceId);
    if (row) latest.set(keyOf(row), w); // the last write of a database wins, as in the D1 batch
  }
  return {
    ...listing,
    databases: listing.databases.map((d) => {
      const w = latest.get(keyOf(d));
      return w ? { ...d, state: w.state, cloudStatus: w.cloudStatus ?? d.cloudStatus } : d;
    }) as L["databases"],
  };
}
