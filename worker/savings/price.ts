/**
 * The effective hourly price of a database (pure): the person's override if set, else the
 * embedded catalog's price for its PriceBasis less the cloud account's discount, else unknown.
 *
 * Owns: building a PriceBasis from a discovered `Database`, the precedence override > catalog >
 * unknown, the discount arithmetic (basis points, integers only) and the words that say where a
 * price comes from ("override", "catalog 2026-11", "catalog 2026-11 −30%", "unknown").
 * Never: does I/O, uses floats for money, or turns an unknown price into 0.
 */
import type { Database } from "../cloud/provider.ts";
import { PriceBasisSchema, type PriceBasis } from "../pricing/basis.ts";
import { catalogPrice } from "../pricing/catalog.ts";

export const OVERRIDE_SOURCE = "override";
export const UNKNOWN_SOURCE = "unknown";
export const MAX_DISCOUNT_BPS = 10_000;

export interface ResolvedPrice {
  /** Micro-dollars per hour; null = unknown (shown as "price unknown — set one"). */
  hourlyMicros: number | null;
  source: string;
  /** What the catalog priced ("db.t3.medium postgres eu-central-1 Single-AZ"), when it did. */
  detail: string | null;
}

export interface PriceInputs {
  basis: PriceBasis | null;
  overrideMicros: number | null;
  /** The cloud account's discount on catalog prices, 0..10000 basis points. */
  discountBps: number;
}

/** What pricing needs to know about a database, from what the cloud said about it. */
export function priceBasisOf(d: Database): PriceBasis {
  const basis: PriceBasis = {
    provider: d.provider,
    kind: d.kind,
    region: d.region,
    // Cloud SQL is priced by databaseVersion (SQLSERVER_2019_STANDARD...), kept as engineVersion.
    engine: d.provider === "gcp" ? (d.engineVersion ?? d.engine) : d.engine,
    instanceClass: d.instanceClass,
  };
  if (d.multiAz !== undefined) basis.multiAz = d.multiAz;
  if (d.licenseModel) basis.licenseModel = d.licenseModel;
  if (d.kind === "aurora_cluster" && d.members?.length) {
    basis.members = d.members.map((m) => ({ instanceClass: m.instanceClass })).sort((a, b) => (a.instanceClass ?? "").localeCompare(b.instanceClass ?? ""));
  }
  if (d.serverless) basis.serverless = { minCapacity: d.serverless.minCapacity, maxCapacity: d.serverless.maxCapacity };
  if (d.edition === "ENTERPRISE" || d.edition === "ENTERPRISE_PLUS") basis.edition = d.edition;
  return basis;
}

/** A stored basis (JSON from D1), or null when absent or no longer valid. */
export function readPriceBasis(value: unknown): PriceBasis | null {
  if (value === null || value === undefined) return null;
  const parsed = PriceBasisSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Canonical text of a basis (sorted keys), to tell whether it changed. */
export function basisKey(basis: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, canonical(x)])) : v;
  return JSON.stringify(canonical(basis ?? null));
}

/** `hourlyMicros` less `discountBps`, rounded half up, in integers. */
export function discounted(hourlyMicros: number, discountBps: number): number {
  return Math.floor((hourlyMicros * (MAX_DISCOUNT_BPS - discountBps) + MAX_DISCOUNT_BPS / 2) / MAX_DISCOUNT_BPS);
}

/** "30", "12.5", "7.25": a discount in basis points as the percent people typed. */
export function discountPercentText(discountBps: number): string {
  const whole = Math.floor(discountBps / 100);
  const rest = discountBps % 100;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, "0").replace(/0$/, "")}`;
}

export function resolvePrice({ basis, overrideMicros, discountBps }: PriceInputs): ResolvedPrice {
  if (overrideMicros !== null && overrideMicros !== undefined) return { hourlyMicros: overrideMicros, source: OVERRIDE_SOURCE, detail: null };
  const catalog = basis ? catalogPrice(basis) : null;
  if (!catalog) return { hourlyMicros: null, source: UNKNOWN_SOURCE, detail: null };
  const bps = Number.isFinite(discountBps) ? Math.min(Math.max(Math.trunc(discountBps), 0), MAX_DISCOUNT_BPS) : 0;
  if (bps === 0) return { hourlyMicros: catalog.hourlyMicros, source: catalog.source, detail: catalog.detail };
  return { hourlyMicros: discounted(catalog.hourlyMicros, bps), source: `${catalog.source} −${discountPercentText(bps)}%`, detail: catalog.detail };
}

/** The price an instance row shows: null when none is known (stored as 0 with source unknown). */
export function storedPrice(row: { hourlyPriceMicros: number; priceSource: string | null }): { hourlyMicros: number | null; source: string } {
  if (!row.priceSource || row.priceSource === UNKNOWN_SOURCE) return { hourlyMicros: null, source: UNKNOWN_SOURCE };
  return { hourlyMicros: row.hourlyPriceMicros, source: row.priceSource };
}
