/**
 * Compute price per hour of one database from the embedded catalog (catalog-data.ts).
 *
 * Owns: turning a PriceBasis into a catalog price — which table applies (engine + license model,
 * Single-AZ / Multi-AZ, Cloud SQL edition and availability type), Aurora cluster sums, the
 * Aurora Serverless v2 floor, Cloud SQL tier arithmetic — and the words that say what was priced.
 *
 * Never: prices storage, I/O or backups (they keep billing while a database is stopped, so they
 * are never savings); answers 0 for something it does not know (unknown = null, which the product
 * shows as "price unknown — set one"); performs I/O; uses floating point on money.
 */
import type { PriceBasis } from "./basis.ts";
import { CATALOG_DATA } from "./catalog-data.ts";
import type { CatalogData, CloudSqlEdition, CloudSqlFamily, CloudSqlLicense, Deployment, RdsPriceKey } from "./catalog-model.ts";

export interface CatalogPrice {
  /** Integer micro-dollars per hour of compute. */
  hourlyMicros: number;
  /** "catalog 2026-11" */
  source: string;
  /** What was priced, in words: "db.t3.medium postgres eu-central-1 Single-AZ". */
  detail: string;
  /** Where the catalog tables used got their figures (list price, derived, approximate...). */
  origins: string[];
}

export const CATALOG_VERSION: string = CATALOG_DATA.version;

/** Compute price per hour (no storage, no I/O). null = unknown combination (never 0 silently). */
export function catalogPrice(basis: PriceBasis, data: CatalogData = CATALOG_DATA): CatalogPrice | null {
  const idx = indexFor(data);
  const source = `catalog ${data.version}`;
  if (basis.provider === "aws" && basis.kind === "rds_instance") return rdsInstancePrice(basis, idx, source);
  if (basis.provider === "aws" && basis.kind === "aurora_cluster") return auroraClusterPrice(basis, idx, source);
  if (basis.provider === "gcp" && basis.kind === "cloudsql_instance") return cloudSqlPrice(basis, idx, source);
  return null;
}

// ---- lookup index (built once per data object) -----------------------------------------------

interface Index {
  rds: Map<string, { price: number; source: string }>;
  acu: Map<string, { price: number; source: string }>;
  cloudSql: Map<string, CatalogData["cloudSql"][number]>;
  licenses: Map<string, CloudSqlLicense>;
}

const indexes = new WeakMap<CatalogData, Index>();

function indexFor(data: CatalogData): Index {
  const cached = indexes.get(data);
  if (cached) return cached;
  const idx: Index = { rds: new Map(), acu: new Map(), cloudSql: new Map(), licenses: new Map() };
  for (const t of data.rds) {
    for (const [cls, price] of Object.entries(t.prices)) idx.rds.set(`${t.region}|${t.engine}|${t.deployment}|${cls}`, { price, source: t.source });
  }
  for (const t of data.auroraServerlessV2) idx.acu.set(`${t.region}|${t.engine}`, { price: t.acuHourMicros, source: t.source });
  for (const t of data.cloudSql) idx.cloudSql.set(`${t.region}|${t.family}|${t.edition}|${t.availability}`, t);
  for (const l of data.cloudSqlLicenses) idx.licenses.set(l.license, l);
  indexes.set(data, idx);
  return idx;
}

function usable(n: number | undefined): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n > 0;
}

const dollars = (micros: number) => {
  const whole = Math.floor(micros / 1_000_000);
  const frac = String(micros % 1_000_000).padStart(6, "0").replace(/0+$/, "");
  return `$${whole}${frac.length > 0 ? "." + frac.padEnd(2, "0") : ".00"}`;
};

// ---- RDS ---------------------------------------------------------------------------------------

const LICENSE_INCLUDED = "license-included";
const BYOL = "bring-your-own-license";

/** The catalog key for an RDS engine + license model, or null when RDS does not sell that combination (or it is not known). */
export function rdsPriceKey(engine: string, licenseModel: string | null | undefined): RdsPriceKey | null {
  const e = engine.toLowerCase().replace(/-cdb$/, "");
  const lic = licenseModel?.toLowerCase() ?? null;
  switch (e) {
    case "mysql":
    case "postgres":
    case "mariadb":
      return e;
    case "sqlserver-ex":
    case "sqlserver-web":
    case "sqlserver-se":
    case "sqlserver-ee":
      // RDS for SQL Server is license-included; anything else is not something the catalog prices.
      return lic === null || lic === LICENSE_INCLUDED ? e : null;
    case "oracle-se2":
      // Oracle SE2 comes both ways at very different prices: without the license model we cannot tell.
      return lic === LICENSE_INCLUDED ? "oracle-se2" : lic === BYOL ? "oracle-se2-byol" : null;
    case "oracle-ee":
      // RDS sells Oracle Enterprise Edition only as bring-your-own-license.
      return lic === null || lic === BYOL ? "oracle-ee-byol" : null;
    case "aurora":
    case "aurora-mysql":
      return "aurora-mysql";
    case "aurora-postgresql":
      return "aurora-postgresql";
    default:
      return null;
  }
}

function licenseWords(key: RdsPriceKey): string {
  if (key.startsWith("sqlserver") || key === "oracle-se2") return " (license included)";
  if (key.endsWith("-byol")) return " (bring your own license)";
  return "";
}

function rdsInstancePrice(basis: PriceBasis, idx: Index, source: string): CatalogPrice | null {
  const key = rdsPriceKey(basis.engine, basis.licenseModel);
  if (!key || !basis.instanceClass) return null;
  const aurora = key.startsWith("aurora");
  // Aurora instances have no Multi-AZ price of their own: availability comes from more instances.
  const deployment: Deployment = basis.multiAz && !aurora ? "multi-az" : "single-az";
  const hit = idx.rds.get(`${basis.region}|${key}|${deployment}|${basis.instanceClass}`);
  if (!hit || !usable(hit.price)) return null;
  const engineWords = key.replace(/-byol$/, "");
  const where = aurora ? "" : deployment === "multi-az" ? " Multi-AZ" : " Single-AZ";
  return {
    hourlyMicros: hit.price,
    source,
    detail: `${basis.instanceClass} ${engineWords}${licenseWords(key)} ${basis.region}${where}`,
    origins: [hit.source],
  };
}

// ---- Aurora ------------------------------------------------------------------------------------

const SERVERLESS_CLASS = "db.serverless";

/** minCapacity × ACU price, exact: capacities move in 0.5 ACU steps, so 2 × minCapacity is an integer. */
function acuFloorMicros(minCapacity: number, acuMicros: number): number | null {
  const halves = minCapacity * 2;
  if (!Number.isSafeInteger(halves) || halves < 0) return null;
  const twice = halves * acuMicros; // exact integer
  return (twice - (twice % 2)) / 2 + (twice % 2); // halves round up to the next micro-dollar
}

function auroraClusterPrice(basis: PriceBasis, idx: Index, source: string): CatalogPrice | null {
  const key = rdsPriceKey(basis.engine, null);
  if (key !== "aurora-mysql" && key !== "aurora-postgresql") return null;
  const members = basis.members ?? [];
  // A cluster without instances (or an Aurora Serverless v1 cluster, which lists none) has nothing we can price.
  if (members.length === 0) return null;

  let total = 0;
  const origins = new Set<string>();
  const provisioned = new Map<string, number>();
  let serverlessCount = 0;
  let acuMicros = 0;
  for (const m of members) {
    if (!m.instanceClass) return null;
    if (m.instanceClass === SERVERLESS_CLASS) {
      const acu = idx.acu.get(`${basis.region}|${key}`);
      if (!basis.serverless || !acu || !usable(acu.price)) return null;
      const floor = acuFloorMicros(basis.serverless.minCapacity, acu.price);
      if (floor === null) return null;
      total += floor;
      acuMicros = acu.price;
      serverlessCount += 1;
      origins.add(acu.source);
      continue;
    }
    const hit = idx.rds.get(`${basis.region}|${key}|single-az|${m.instanceClass}`);
    if (!hit || !usable(hit.price)) return null;
    total += hit.price;
    origins.add(hit.source);
    provisioned.set(m.instanceClass, (provisioned.get(m.instanceClass) ?? 0) + 1);
  }
  if (!Number.isSafeInteger(total)) return null;

  const parts = [...provisioned.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([cls, n]) => `${n} × ${cls}`);
  if (serverlessCount > 0) {
    const min = basis.serverless!.minCapacity;
    const each = `${serverlessCount === 1 ? "" : `${serverlessCount} × `}db.serverless at its floor of ${min} ACU × ${dollars(acuMicros)}/ACU-hour`;
    parts.push(
      min === 0
        ? `${each} (0 ACU: it may auto-pause and then bills no compute; it bills more whenever it runs)`
        : `${each} (minimum capacity; it bills more when it scales up to its maximum of ${basis.serverless!.maxCapacity} ACU)`,
    );
  }
  return { hourlyMicros: total, source, detail: `${key} cluster ${basis.region}: ${parts.join(" + ")}`, origins: [...origins].sort() };
}

// ---- Cloud SQL ---------------------------------------------------------------------------------

interface Tier {
  kind: "shared" | "dedicated";
  vcpus: number;
  /** Memory in MiB (Cloud SQL tier names give "MB", billed as GiB = 1024 MiB). */
  memoryMib: number;
  /** Editions that offer this tier. */
  editions: CloudSqlEdition[];
}

/** What a Cloud SQL tier name means, or null for a tier the catalog does not know. */
export function parseCloudSqlTier(tier: string): Tier | null {
  if (tier === "db-f1-micro") return { kind: "shared", vcpus: 0, memoryMib: 614, editions: ["ENTERPRISE"] };
  if (tier === "db-g1-small") return { kind: "shared", vcpus: 0, memoryMib: 1741, editions: ["ENTERPRISE"] };
  let m = /^db-custom-(\d{1,3})-(\d{3,7})$/.exec(tier);
  if (m) {
    const vcpus = Number(m[1]);
    const memoryMib = Number(m[2]);
    if (vcpus < 1 || vcpus > 96 || memoryMib < 256) return null;
    return { kind: "dedicated", vcpus, memoryMib, editions: ["ENTERPRISE"] };
  }
  m = /^db-n1-(standard|highmem)-(\d{1,2})$/.exec(tier);
  if (m) {
    const vcpus = Number(m[2]);
    if (![1, 2, 4, 8, 16, 32, 64, 96].includes(vcpus)) return null;
    // n1-standard: 3.75 GiB per vCPU; n1-highmem: 6.5 GiB per vCPU.
    return { kind: "dedicated", vcpus, memoryMib: vcpus * (m[1] === "standard" ? 3840 : 6656), editions: ["ENTERPRISE"] };
  }
  m = /^db-perf-optimized-N-(\d{1,3})$/.exec(tier);
  if (m) {
    const vcpus = Number(m[1]);
    if (![2, 4, 8, 16, 32, 48, 64, 80, 96, 128].includes(vcpus)) return null;
    // 8 GiB per vCPU, except the 128-vCPU shape (864 GiB).
    return { kind: "dedicated", vcpus, memoryMib: vcpus === 128 ? 864 * 1024 : vcpus * 8 * 1024, editions: ["ENTERPRISE_PLUS"] };
  }
  return null;
}

function cloudSqlFamily(databaseVersion: string): CloudSqlFamily | null {
  const m = /^(MYSQL|POSTGRES|SQLSERVER)_/.exec(databaseVersion.toUpperCase());
  return m ? (m[1] as CloudSqlFamily) : null;
}

/** SQL Server edition from SQLSERVER_2019_STANDARD etc.: the license, "EXPRESS" (no fee), or null if unreadable. */
function sqlServerLicense(databaseVersion: string): CloudSqlLicense["license"] | "EXPRESS" | null {
  const m = /_(STANDARD|ENTERPRISE|WEB|EXPRESS)$/.exec(databaseVersion.toUpperCase());
  return m ? (m[1] as CloudSqlLicense["license"] | "EXPRESS") : null;
}

function gib(mib: number): string {
  const whole = Math.floor(mib / 1024);
  const rest = mib % 1024;
  if (rest === 0) return `${whole} GiB`;
  // Two decimals of GiB for the words only; the money below is exact.
  const hundredths = Math.round((rest * 100) / 1024);
  return hundredths === 100 ? `${whole + 1} GiB` : `${whole}.${String(hundredths).padStart(2, "0").replace(/0$/, "")} GiB`;
}

function cloudSqlPrice(basis: PriceBasis, idx: Index, source: string): CatalogPrice | null {
  const family = cloudSqlFamily(basis.engine);
  if (!family || !basis.instanceClass) return null;
  const tier = parseCloudSqlTier(basis.instanceClass);
  if (!tier) return null;
  // Enterprise Plus has its own machine shapes, so the tier tells the edition when discovery did not.
  const edition = basis.edition ?? tier.editions[0]!;
  if (!tier.editions.includes(edition)) return null;
  const availability = basis.multiAz ? "REGIONAL" : "ZONAL";
  const table = idx.cloudSql.get(`${basis.region}|${family}|${edition}|${availability}`);
  if (!table) return null;
  const editionWords = edition === "ENTERPRISE" ? "Enterprise" : "Enterprise Plus";
  const haWords = availability === "REGIONAL" ? "regional (HA)" : "zonal";
  const origins = [table.source];

  let compute: number;
  let shape: string;
  if (tier.kind === "shared") {
    const price = table.sharedCore[basis.instanceClass];
    if (!usable(price)) return null;
    compute = price;
    shape = `${basis.instanceClass} (shared core)`;
  } else {
    if (!usable(table.vcpuHourMicros) || !usable(table.gibHourMicros)) return null;
    const memTimes1024 = tier.memoryMib * table.gibHourMicros; // exact integer
    const rest = memTimes1024 % 1024;
    const memoryMicros = (memTimes1024 - rest) / 1024 + (rest >= 512 ? 1 : 0);
    compute = tier.vcpus * table.vcpuHourMicros + memoryMicros;
    shape = `${basis.instanceClass} (${tier.vcpus} vCPU × ${dollars(table.vcpuHourMicros)} + ${gib(tier.memoryMib)} × ${dollars(table.gibHourMicros)})`;
  }

  let licenseWords = "";
  if (family === "SQLSERVER") {
    const lic = sqlServerLicense(basis.engine);
    if (lic === null || tier.kind === "shared") return null;
    if (lic === "EXPRESS") licenseWords = " + no license fee (Express)";
    else {
      const l = idx.licenses.get(lic);
      if (!l || !usable(l.vcpuHourMicros)) return null;
      // The license is charged on the primary's vCPUs only: an HA standby needs no license of its own.
      compute += tier.vcpus * l.vcpuHourMicros;
      licenseWords = ` + SQL Server ${lic.toLowerCase()} license ${tier.vcpus} vCPU × ${dollars(l.vcpuHourMicros)}`;
      origins.push(l.source);
    }
  }
  if (!Number.isSafeInteger(compute) || compute <= 0) return null;
  return {
    hourlyMicros: compute,
    source,
    detail: `${shape}${licenseWords} ${basis.engine} ${editionWords} ${basis.region} ${haWords}`,
    origins,
  };
}
