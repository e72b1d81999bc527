/**
 * The shape of the embedded price catalog (catalog-data.ts) and the keys it is looked up by.
 *
 * Owns: the table types, the RDS price keys (engine + license model as the AWS price list
 * distinguishes them), Cloud SQL engine families, and the canonical ordering of instance classes
 * used when the catalog is written.
 *
 * Never: holds prices itself, performs I/O, or uses floating point for money — every price here is
 * an integer number of micro-dollars (1 USD = 1,000,000).
 */

/** RDS / Aurora price keys: an engine as RDS names it, plus the license model where it changes the price. */
export const RDS_PRICE_KEYS = [
  "mysql",
  "postgres",
  "mariadb",
  "sqlserver-ex",
  "sqlserver-web",
  "sqlserver-se",
  "sqlserver-ee",
  "oracle-se2",
  "oracle-se2-byol",
  "oracle-ee-byol",
  "aurora-mysql",
  "aurora-postgresql",
] as const;
export type RdsPriceKey = (typeof RDS_PRICE_KEYS)[number];

export type Deployment = "single-az" | "multi-az";

/** On-demand compute prices of one engine (+license), deployment and region, per instance class. */
export interface InstanceTable {
  region: string;
  engine: RdsPriceKey;
  deployment: Deployment;
  /** Where the figures came from, in words, with a date; says so when they are derived or approximate. */
  source: string;
  /** Instance class (db.t3.medium) -> micro-dollars per hour. */
  prices: Record<string, number>;
}

/** Aurora Serverless v2 (Aurora Standard storage configuration), micro-dollars per ACU-hour. */
export interface AcuTable {
  region: string;
  engine: "aurora-mysql" | "aurora-postgresql";
  acuHourMicros: number;
  source: string;
}

export const CLOUDSQL_FAMILIES = ["MYSQL", "POSTGRES", "SQLSERVER"] as const;
export type CloudSqlFamily = (typeof CLOUDSQL_FAMILIES)[number];
export type CloudSqlEdition = "ENTERPRISE" | "ENTERPRISE_PLUS";
export type CloudSqlAvailability = "ZONAL" | "REGIONAL";

/** Cloud SQL compute rates of one engine family, edition, availability type and region. */
export interface CloudSqlTable {
  region: string;
  family: CloudSqlFamily;
  edition: CloudSqlEdition;
  availability: CloudSqlAvailability;
  /** micro-dollars per vCPU-hour (dedicated-core tiers). */
  vcpuHourMicros: number;
  /** micro-dollars per GiB-hour of memory (dedicated-core tiers). */
  gibHourMicros: number;
  /** Shared-core tiers (db-f1-micro, db-g1-small) -> micro-dollars per hour; Enterprise edition only. */
  sharedCore: Record<string, number>;
  source: string;
}

/** Cloud SQL for SQL Server license fee per vCPU-hour (global; Express has none and is not listed). */
export interface CloudSqlLicense {
  license: "STANDARD" | "ENTERPRISE" | "WEB";
  vcpuHourMicros: number;
  source: string;
}

export interface CatalogData {
  /** "2026-11": shown with every catalog price as "catalog 2026-11". */
  version: string;
  /** How this data was produced (hand-entered seed or prices:refresh, with its inputs). */
  note: string;
  rds: InstanceTable[];
  auroraServerlessV2: AcuTable[];
  cloudSql: CloudSqlTable[];
  cloudSqlLicenses: CloudSqlLicense[];
}

const SIZE_ORDER = ["nano", "micro", "small", "medium", "large", "xlarge"];

/** Sort key for instance classes: family, then size (micro < small < ... < xlarge < 2xlarge < 4xlarge). */
export function instanceClassSortKey(cls: string): string {
  const m = /^(db\.[a-z0-9-]+)\.(\d*)([a-z]+)$/.exec(cls);
  if (!m) return `${cls}`;
  const named = SIZE_ORDER.indexOf(m[3]!);
  const rank = m[2] ? 100 + Number(m[2]) : named >= 0 ? named : 99;
  return `${m[1]}.${String(rank).padStart(4, "0")}`;
}

export function compareInstanceClasses(a: string, b: string): number {
  const ka = instanceClassSortKey(a);
  const kb = instanceClassSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
