/**
 * Turns the providers' published price lists into catalog tables, and writes the catalog module.
 *
 * Owns: reading the AWS Price List bulk offer file for AmazonRDS (JSON: `products` keyed by SKU,
 * `terms.OnDemand[sku][offerTermCode].priceDimensions[*].pricePerUnit.USD`) and the GCP Cloud Billing
 * Catalog API output for Cloud SQL (`services/9662-B51E-5089/skus`: `skus[]` with description,
 * category, serviceRegions, pricingInfo[0].pricingExpression); exact conversion of their prices to
 * integer micro-dollars; merging new tables into an existing catalog; and the deterministic text of
 * worker/pricing/catalog-data.ts. scripts/prices-refresh.ts is the I/O shell around this module.
 *
 * Never: performs I/O, reads the clock, or uses floating point on a price — decimal strings are
 * converted digit by digit, GCP {units, nanos} with integer arithmetic only.
 */
import {
  type AcuTable,
  type CatalogData,
  type CloudSqlAvailability,
  type CloudSqlEdition,
  type CloudSqlFamily,
  type CloudSqlLicense,
  compareInstanceClasses,
  type Deployment,
  type InstanceTable,
  type RdsPriceKey,
} from "./catalog-model.ts";

// ---- exact money conversion -------------------------------------------------------------------

/**
 * "0.0720000000" -> 72000 micro-dollars. Digits beyond the sixth decimal are rounded half up
 * (0.0000005 -> 1). Throws on anything that is not a plain non-negative decimal.
 */
export function decimalToMicros(text: string): number {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`not a decimal dollar amount: ${JSON.stringify(text)}`);
  const whole = m[1]!.replace(/^0+(?=\d)/, "");
  const frac = m[2] ?? "";
  const six = (frac + "000000").slice(0, 6);
  const roundUp = frac.length > 6 && frac.charCodeAt(6) >= 53; // '5'
  const digits = whole + six;
  if (digits.replace(/^0+/, "").length > 15) throw new Error(`amount too large: ${text}`);
  let micros = Number(digits);
  if (roundUp) micros += 1;
  if (!Number.isSafeInteger(micros)) throw new Error(`amount too large: ${text}`);
  return micros;
}

/** GCP google.type.Money {units: "0", nanos: 41300000} -> 41300 micro-dollars (nanos rounded half up). */
export function moneyToMicros(money: { units?: string | number | null; nanos?: number | null }): number {
  const unitsText = money.units === undefined || money.units === null ? "0" : String(money.units);
  if (!/^\d+$/.test(unitsText)) throw new Error(`unsupported units: ${unitsText}`);
  const nanos = money.nanos ?? 0;
  if (!Number.isSafeInteger(nanos) || nanos < 0 || nanos > 999_999_999) throw new Error(`unsupported nanos: ${nanos}`);
  const rest = nanos % 1000;
  const micros = (nanos - rest) / 1000 + (rest >= 500 ? 1 : 0);
  const total = decimalToMicros(unitsText) + micros;
  if (!Number.isSafeInteger(total)) throw new Error("amount too large");
  return total;
}

// ---- small helpers ------------------------------------------------------------------------------

type Json = Record<string, unknown>;

function obj(v: unknown): Json | null {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null;
}

function s(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}

/** Region names as the AWS price list's `location` attribute spells them (fallback when `regionCode` is absent). */
const AWS_LOCATIONS: Record<string, string> = {
  "US East (N. Virginia)": "us-east-1",
  "US East (Ohio)": "us-east-2",
  "US West (N. California)": "us-west-1",
  "US West (Oregon)": "us-west-2",
  "EU (Ireland)": "eu-west-1",
  "EU (London)": "eu-west-2",
  "EU (Paris)": "eu-west-3",
  "EU (Frankfurt)": "eu-central-1",
  "EU (Stockholm)": "eu-north-1",
  "Asia Pacific (Singapore)": "ap-southeast-1",
  "Asia Pacific (Sydney)": "ap-southeast-2",
  "Asia Pacific (Tokyo)": "ap-northeast-1",
  "Asia Pacific (Seoul)": "ap-northeast-2",
  "Asia Pacific (Mumbai)": "ap-south-1",
  "Canada (Central)": "ca-central-1",
  "South America (Sao Paulo)": "sa-east-1",
};

export interface ParseOptions {
  /** Keep only these regions; null keeps every region in the input. */
  regions: ReadonlySet<string> | null;
}

export interface AwsParseResult {
  rds: InstanceTable[];
  auroraServerlessV2: AcuTable[];
  warnings: string[];
  /** e.g. "AWS Price List AmazonRDS offer 20261101000000 (published 2026-11-01)". */
  source: string;
  /** YYYY-MM-DD of the offer's publication, when it says. */
  publishedOn: string | null;
}

/** The price key of an AWS price-list product, or null when SnoozeQL does not price it. */
export function awsPriceKey(engine: string, edition: string | null, license: string | null): RdsPriceKey | null {
  const lic = (license ?? "").toLowerCase();
  const li = lic === "license included";
  const byol = lic === "bring your own license";
  switch (engine) {
    case "MySQL":
      return "mysql";
    case "PostgreSQL":
      return "postgres";
    case "MariaDB":
      return "mariadb";
    case "Aurora MySQL":
      return "aurora-mysql";
    case "Aurora PostgreSQL":
      return "aurora-postgresql";
    case "SQL Server": {
      if (!li) return null; // RDS for SQL Server is sold license-included only (BYOM is RDS Custom).
      const editions: Record<string, RdsPriceKey> = { Express: "sqlserver-ex", Web: "sqlserver-web", Standard: "sqlserver-se", Enterprise: "sqlserver-ee" };
      return editions[edition ?? ""] ?? null;
    }
    case "Oracle":
      if (edition === "Standard Two") return li ? "oracle-se2" : byol ? "oracle-se2-byol" : null;
      if (edition === "Enterprise") return byol ? "oracle-ee-byol" : null;
      return null;
    default:
      return null;
  }
}

function deploymentOf(option: string | null): Deployment | null {
  if (option === "Single-AZ") return "single-az";
  if (option === "Multi-AZ") return "multi-az";
  return null; // "Multi-AZ (readable standbys)" is a Multi-AZ DB cluster, a different product.
}

/** The one on-demand price of a SKU in the wanted unit, or null (with the reason) when there is none or several disagree. */
function onDemandPrice(terms: Json | null, sku: string, unit: string): { micros: number } | { problem: string } | null {
  const bySku = obj(terms?.[sku]);
  if (!bySku) return null;
  const found = new Set<number>();
  for (const code of Object.keys(bySku).sort()) {
    const dims = obj(obj(bySku[code])?.["priceDimensions"]);
    if (!dims) continue;
    for (const key of Object.keys(dims).sort()) {
      const d = obj(dims[key]);
      if (!d || s(d["unit"]) !== unit) continue;
      const usd = s(obj(d["pricePerUnit"])?.["USD"]);
      if (usd === null) continue;
      try {
        found.add(decimalToMicros(usd));
      } catch (e) {
        return { problem: (e as Error).message };
      }
    }
  }
  const positive = [...found].filter((p) => p > 0);
  if (positive.length === 0) return null;
  if (positive.length > 1) return { problem: `several on-demand prices (${positive.join(", ")} micro-dollars)` };
  return { micros: positive[0]! };
}

/**
 * Reads an AmazonRDS offer file (one region's or the whole service's). Database Instance products
 * become instance tables per (region, engine+license, deployment); ServerlessV2 products become
 * ACU tables. Aurora I/O-Optimized SKUs, Outposts/Local Zones, Multi-AZ DB clusters and products
 * whose engine/edition/license SnoozeQL does not price are skipped. Conflicting prices for one
 * key are reported as warnings and the key is left out rather than guessed.
 */
export function parseAwsOffer(offer: unknown, opts: ParseOptions): AwsParseResult {
  const root = obj(offer);
  const products = obj(root?.["products"]);
  const onDemand = obj(obj(root?.["terms"])?.["OnDemand"]);
  if (!root || !products || !onDemand) throw new Error("not an AWS price list offer file: expected `products` and `terms.OnDemand`");
  const offerCode = s(root["offerCode"]);
  if (offerCode !== null && offerCode !== "AmazonRDS") throw new Error(`offer file is for ${offerCode}, expected AmazonRDS`);
  const warnings: string[] = [];
  const published = s(root["publicationDate"]);
  const publishedOn = published && /^\d{4}-\d{2}-\d{2}/.test(published) ? published.slice(0, 10) : null;
  const version = s(root["version"]);
  const source = `AWS Price List AmazonRDS offer${version ? ` ${version}` : ""}${publishedOn ? ` (published ${publishedOn})` : ""}, on-demand`;

  const instance = new Map<string, { region: string; engine: RdsPriceKey; deployment: Deployment; prices: Map<string, number> }>();
  const conflicts = new Set<string>();
  const acu = new Map<string, AcuTable>();

  for (const sku of Object.keys(products).sort()) {
    const p = obj(products[sku]);
    const a = obj(p?.["attributes"]);
    if (!p || !a) continue;
    const family = s(p["productFamily"]);
    if (family !== "Database Instance" && family !== "ServerlessV2") continue;
    const locationType = s(a["locationType"]);
    if (locationType !== null && locationType !== "AWS Region") continue;
    const region = s(a["regionCode"]) ?? AWS_LOCATIONS[s(a["location"]) ?? ""] ?? null;
    if (!region) {
      warnings.push(`${sku}: unknown location ${JSON.stringify(a["location"])}, skipped`);
      continue;
    }
    if (opts.regions && !opts.regions.has(region)) continue;
    const usage = s(a["usagetype"]) ?? "";
    if (/IOOptimized/i.test(usage) || /IO Optimiz/i.test(s(a["storage"]) ?? "")) continue; // Aurora I/O-Optimized: not the standard configuration
    const engine = awsPriceKey(s(a["databaseEngine"]) ?? "", s(a["databaseEdition"]), s(a["licenseModel"]));
    if (!engine) continue;

    if (family === "ServerlessV2") {
      if (engine !== "aurora-mysql" && engine !== "aurora-postgresql") continue;
      const price = onDemandPrice(onDemand, sku, "ACU-Hr");
      if (price === null) continue;
      if ("problem" in price) {
        warnings.push(`${sku} (${engine} serverless v2 ${region}): ${price.problem}, skipped`);
        continue;
      }
      const key = `${region}|${engine}`;
      const prior = acu.get(key);
      if (prior && prior.acuHourMicros !== price.micros) {
        warnings.push(`${engine} serverless v2 ${region}: conflicting ACU prices ${prior.acuHourMicros} and ${price.micros}, left out`);
        conflicts.add(`acu|${key}`);
      }
      acu.set(key, { region, engine, acuHourMicros: price.micros, source });
      continue;
    }

    const cls = s(a["instanceType"]);
    const deployment = deploymentOf(s(a["deploymentOption"]));
    if (!cls || !cls.startsWith("db.") || !deployment) continue;
    const price = onDemandPrice(onDemand, sku, "Hrs");
    if (price === null) continue;
    if ("problem" in price) {
      warnings.push(`${sku} (${cls} ${engine} ${region} ${deployment}): ${price.problem}, skipped`);
      continue;
    }
    const key = `${region}|${engine}|${deployment}`;
    let t = instance.get(key);
    if (!t) instance.set(key, (t = { region, engine, deployment, prices: new Map() }));
    const prior = t.prices.get(cls);
    if (prior !== undefined && prior !== price.micros) {
      warnings.push(`${cls} ${engine} ${region} ${deployment}: conflicting prices ${prior} and ${price.micros}, left out`);
      conflicts.add(`${key}|${cls}`);
    }
    t.prices.set(cls, price.micros);
  }

  const rds: InstanceTable[] = [];
  for (const [key, t] of instance) {
    const prices: Record<string, number> = {};
    for (const [cls, micros] of t.prices) if (!conflicts.has(`${key}|${cls}`)) prices[cls] = micros;
    if (Object.keys(prices).length > 0) rds.push({ region: t.region, engine: t.engine, deployment: t.deployment, source, prices });
  }
  const auroraServerlessV2 = [...acu.entries()].filter(([k]) => !conflicts.has(`acu|${k}`)).map(([, v]) => v);
  return { rds, auroraServerlessV2, warnings, source, publishedOn };
}

// ---- GCP Cloud Billing Catalog ----------------------------------------------------------------

export interface GcpParseResult {
  cloudSql: import("./catalog-model.ts").CloudSqlTable[];
  cloudSqlLicenses: CloudSqlLicense[];
  warnings: string[];
  source: string;
  /** YYYY-MM-DD of the newest pricingInfo.effectiveTime seen. */
  effectiveOn: string | null;
}

const FAMILY_NAMES: Record<string, CloudSqlFamily> = { MySQL: "MYSQL", PostgreSQL: "POSTGRES", "SQL Server": "SQLSERVER" };

/**
 * "Cloud SQL for PostgreSQL: Zonal - vCPU in Americas", "Cloud SQL for MySQL: Regional - Enterprise
 * Plus RAM in London", "Cloud SQL for MySQL: Zonal - Micro instance in Iowa" -> what it meters.
 * Anything else (storage, IP addresses, network, extended support, commitments) -> null.
 */
export function classifyCloudSqlSku(description: string):
  | { family: CloudSqlFamily; availability: CloudSqlAvailability; edition: CloudSqlEdition; meter: "vcpu" | "ram" | "db-f1-micro" | "db-g1-small" }
  | null {
  const m = /^Cloud SQL for (MySQL|PostgreSQL|SQL Server): (Zonal|Regional) - (Enterprise Plus )?(vCPU|RAM|Micro instance|Small instance) in .+$/.exec(description.trim());
  if (!m) return null;
  const meter = m[4] === "vCPU" ? "vcpu" : m[4] === "RAM" ? "ram" : m[4] === "Micro instance" ? "db-f1-micro" : "db-g1-small";
  return {
    family: FAMILY_NAMES[m[1]!]!,
    availability: m[2] === "Regional" ? "REGIONAL" : "ZONAL",
    edition: m[3] ? "ENTERPRISE_PLUS" : "ENTERPRISE",
    meter,
  };
}

/** A SQL Server license SKU ("... SQL Server ... Standard ... license ..."), per vCPU-hour. */
export function classifyLicenseSku(description: string): CloudSqlLicense["license"] | null {
  if (!/SQL Server/.test(description) || !/licen[cs]/i.test(description)) return null;
  const m = /\b(Standard|Enterprise|Web)\b/.exec(description.replace(/SQL Server/g, ""));
  if (!m || /Enterprise Plus/.test(description)) return null;
  return m[1]!.toUpperCase() as CloudSqlLicense["license"];
}

/**
 * Reads one or more pages of `GET https://cloudbilling.googleapis.com/v1/services/9662-B51E-5089/skus`
 * (each `{ skus: [...], nextPageToken }`). Only OnDemand SKUs are read; the price is the single
 * tier of pricingInfo[0] in USD per "h" (vCPU, shared-core instance, license) or "GiBy.h" (RAM).
 * A SKU that applies to several regions (serviceRegions) fills each of them.
 */
export function parseGcpSkus(pages: unknown[], opts: ParseOptions): GcpParseResult {
  const warnings: string[] = [];
  type Rates = { vcpu?: number; ram?: number; shared: Record<string, number> };
  const tables = new Map<string, Rates>();
  const licenses = new Map<CloudSqlLicense["license"], number>();
  let effectiveOn: string | null = null;
  const conflict = (what: string, a: number, b: number) => warnings.push(`${what}: conflicting prices ${a} and ${b}; kept the first`);

  const skus: Json[] = [];
  for (const page of pages) {
    const list = obj(page)?.["skus"];
    if (!Array.isArray(list)) throw new Error("not a Cloud Billing Catalog skus page: expected `skus: [...]`");
    for (const sku of list) if (obj(sku)) skus.push(sku as Json);
  }
  skus.sort((x, y) => {
    const a = s(x["skuId"]) ?? s(x["name"]) ?? "";
    const b = s(y["skuId"]) ?? s(y["name"]) ?? "";
    return a < b ? -1 : a > b ? 1 : 0;
  });

  for (const sku of skus) {
    const id = s(sku["skuId"]) ?? s(sku["name"]) ?? "?";
    const description = s(sku["description"]) ?? "";
    if (s(obj(sku["category"])?.["usageType"]) !== "OnDemand") continue;
    const meter = classifyCloudSqlSku(description);
    const license = meter ? null : classifyLicenseSku(description);
    if (!meter && !license) continue;
    const info = Array.isArray(sku["pricingInfo"]) ? obj(sku["pricingInfo"][0]) : null;
    const expr = obj(info?.["pricingExpression"]);
    const tiers = Array.isArray(expr?.["tieredRates"]) ? (expr["tieredRates"] as unknown[]).map(obj).filter((t): t is Json => t !== null) : [];
    if (!expr || tiers.length !== 1) {
      warnings.push(`${id} (${description}): expected one price tier, found ${tiers.length}; skipped`);
      continue;
    }
    const unit = s(expr["usageUnit"]);
    const wantUnit = meter?.meter === "ram" ? "GiBy.h" : "h";
    if (unit !== wantUnit) {
      warnings.push(`${id} (${description}): usage unit ${unit}, expected ${wantUnit}; skipped`);
      continue;
    }
    const price = obj(tiers[0]!["unitPrice"]);
    const currency = s(price?.["currencyCode"]);
    if (!price || (currency !== null && currency !== "USD")) {
      warnings.push(`${id} (${description}): not priced in USD; skipped`);
      continue;
    }
    let micros: number;
    try {
      micros = moneyToMicros(price as { units?: string; nanos?: number });
    } catch (e) {
      warnings.push(`${id} (${description}): ${(e as Error).message}; skipped`);
      continue;
    }
    if (micros <= 0) continue;
    const effective = s(info?.["effectiveTime"]);
    if (effective && /^\d{4}-\d{2}-\d{2}/.test(effective) && (effectiveOn === null || effective.slice(0, 10) > effectiveOn)) effectiveOn = effective.slice(0, 10);

    if (license) {
      const prior = licenses.get(license);
      if (prior !== undefined && prior !== micros) conflict(`SQL Server ${license} license`, prior, micros);
      else licenses.set(license, micros);
      continue;
    }
    const regions = Array.isArray(sku["serviceRegions"]) ? (sku["serviceRegions"] as unknown[]).filter((r): r is string => typeof r === "string") : [];
    for (const region of regions) {
      if (opts.regions && !opts.regions.has(region)) continue;
      const m = meter!;
      const key = `${region}|${m.family}|${m.edition}|${m.availability}`;
      let t = tables.get(key);
      if (!t) tables.set(key, (t = { shared: {} }));
      if (m.meter === "vcpu" || m.meter === "ram") {
        const prior = t[m.meter];
        if (prior !== undefined && prior !== micros) conflict(`${key} ${m.meter}`, prior, micros);
        else t[m.meter] = micros;
      } else {
        const prior = t.shared[m.meter];
        if (prior !== undefined && prior !== micros) conflict(`${key} ${m.meter}`, prior, micros);
        else t.shared[m.meter] = micros;
      }
    }
  }

  const source = `GCP Cloud Billing Catalog services/9662-B51E-5089/skus${effectiveOn ? ` (effective ${effectiveOn})` : ""}, on-demand`;
  const cloudSql: GcpParseResult["cloudSql"] = [];
  for (const [key, t] of tables) {
    const [region, family, edition, availability] = key.split("|") as [string, CloudSqlFamily, CloudSqlEdition, CloudSqlAvailability];
    if (t.vcpu === undefined || t.ram === undefined) {
      warnings.push(`${key}: has ${t.vcpu === undefined ? "no vCPU" : "no RAM"} rate; left out`);
      continue;
    }
    cloudSql.push({ region, family, edition, availability, vcpuHourMicros: t.vcpu, gibHourMicros: t.ram, sharedCore: t.shared, source });
  }
  const cloudSqlLicenses = [...licenses.entries()].map(([license, vcpuHourMicros]) => ({ license, vcpuHourMicros, source }));
  return { cloudSql, cloudSqlLicenses, warnings, source, effectiveOn };
}

// ---- merging and writing ----------------------------------------------------------------------

export const rdsKey = (t: InstanceTable) => `${t.region}|${t.engine}|${t.deployment}`;
export const acuKey = (t: AcuTable) => `${t.region}|${t.engine}`;
export const cloudSqlKey = (t: CatalogData["cloudSql"][number]) => `${t.region}|${t.family}|${t.edition}|${t.availability}`;

/**
 * The catalog after a refresh: every table present in `update` replaces the table with the same
 * key in `base`; tables the update does not cover are kept (their source says where they came
 * from) unless `fresh` is set, in which case only the update's tables remain.
 */
export function mergeCatalog(
  base: CatalogData,
  update: Pick<CatalogData, "rds" | "auroraServerlessV2" | "cloudSql" | "cloudSqlLicenses">,
  opts: { version: string; note: string; fresh: boolean },
): CatalogData {
  function merge<T>(old: T[], fresh: T[], key: (t: T) => string): T[] {
    const out = new Map<string, T>();
    if (!opts.fresh) for (const t of old) out.set(key(t), t);
    for (const t of fresh) out.set(key(t), t);
    return [...out.values()];
  }
  return canonicalCatalog({
    version: opts.version,
    note: opts.note,
    rds: merge(base.rds, update.rds, rdsKey),
    auroraServerlessV2: merge(base.auroraServerlessV2, update.auroraServerlessV2, acuKey),
    cloudSql: merge(base.cloudSql, update.cloudSql, cloudSqlKey),
    cloudSqlLicenses: merge(base.cloudSqlLicenses, update.cloudSqlLicenses, (l) => l.license),
  });
}

function byKey<T>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

function sortedRecord(r: Record<string, number>, compare: (a: string, b: string) => number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(r).sort(compare)) out[k] = r[k]!;
  return out;
}

const plainCompare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The same catalog with every list and map in canonical order (and keys in a fixed order), so equal data prints equal text. */
export function canonicalCatalog(c: CatalogData): CatalogData {
  return {
    version: c.version,
    note: c.note,
    rds: [...c.rds]
      .sort(byKey(rdsKey))
      .map((t) => ({ region: t.region, engine: t.engine, deployment: t.deployment, source: t.source, prices: sortedRecord(t.prices, compareInstanceClasses) })),
    auroraServerlessV2: [...c.auroraServerlessV2]
      .sort(byKey(acuKey))
      .map((t) => ({ region: t.region, engine: t.engine, acuHourMicros: t.acuHourMicros, source: t.source })),
    cloudSql: [...c.cloudSql].sort(byKey(cloudSqlKey)).map((t) => ({
      region: t.region,
      family: t.family,
      edition: t.edition,
      availability: t.availability,
      vcpuHourMicros: t.vcpuHourMicros,
      gibHourMicros: t.gibHourMicros,
      sharedCore: sortedRecord(t.sharedCore, plainCompare),
      source: t.source,
    })),
    cloudSqlLicenses: [...c.cloudSqlLicenses]
      .sort(byKey((l) => l.license))
      .map((l) => ({ license: l.license, vcpuHourMicros: l.vcpuHourMicros, source: l.source })),
  };
}

const DATA_START = "export const CATALOG_DATA: CatalogData = ";

/** The text of worker/pricing/catalog-data.ts for a catalog: canonical order, one table per line. */
export function renderCatalogModule(catalog: CatalogData): string {
  const c = canonicalCatalog(catalog);
  const list = (rows: unknown[]) => (rows.length === 0 ? "[]" : `[\n    ${rows.map((r) => JSON.stringify(r)).join(",\n    ")}\n  ]`);
  return [
    "// GENERATED by `npm run prices:refresh` (scripts/prices-refresh.ts) — edit the inputs, not this file.",
    "// The embedded price catalog: integer micro-dollars per hour (1 USD = 1,000,000), compute only.",
    "// Every table says where its figures came from; see docs/pricing.md.",
    'import type { CatalogData } from "./catalog-model.ts";',
    "",
    `${DATA_START}{`,
    `  "version": ${JSON.stringify(c.version)},`,
    `  "note": ${JSON.stringify(c.note)},`,
    `  "rds": ${list(c.rds)},`,
    `  "auroraServerlessV2": ${list(c.auroraServerlessV2)},`,
    `  "cloudSql": ${list(c.cloudSql)},`,
    `  "cloudSqlLicenses": ${list(c.cloudSqlLicenses)}`,
    "};",
    "",
  ].join("\n");
}

/** Reads the data back out of a module written by renderCatalogModule (the refresh merges into it). */
export function parseCatalogModule(text: string): CatalogData {
  const start = text.indexOf(DATA_START);
  const end = text.lastIndexOf("};");
  if (start < 0 || end < start) throw new Error("not a catalog module written by prices:refresh");
  const data = JSON.parse(text.slice(start + DATA_START.length, end + 1)) as CatalogData;
  if (typeof data.version !== "string" || !Array.isArray(data.rds) || !Array.isArray(data.cloudSql)) throw new Error("catalog module has an unexpected shape");
  return data;
}
