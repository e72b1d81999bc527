// The price catalog: every demo database gets a compute price per hour, Multi-AZ and HA cost what
// the providers charge for them, license-included and BYOL are told apart, Aurora clusters add up
// their instances, Serverless v2 is priced at its floor, Cloud SQL tiers are vCPU + memory — and
// anything the catalog does not know is null ("price unknown — set one"), never $0.
import { describe, expect, it } from "vitest";
import { type PriceBasis, PriceBasisSchema } from "../../worker/pricing/basis.ts";
import { CATALOG_VERSION, catalogPrice, parseCloudSqlTier } from "../../worker/pricing/catalog.ts";
import { CATALOG_DATA } from "../../worker/pricing/catalog-data.ts";
import type { CatalogData } from "../../worker/pricing/catalog-model.ts";

const rds = (region: string, engine: string, instanceClass: string | null, more: Partial<PriceBasis> = {}): PriceBasis => ({
  provider: "aws",
  kind: "rds_instance",
  region,
  engine,
  instanceClass,
  ...more,
});
const aurora = (region: string, engine: string, members: (string | null)[], more: Partial<PriceBasis> = {}): PriceBasis => ({
  provider: "aws",
  kind: "aurora_cluster",
  region,
  engine,
  instanceClass: null,
  members: members.map((instanceClass) => ({ instanceClass })),
  ...more,
});
const cloudSql = (region: string, engine: string, tier: string, more: Partial<PriceBasis> = {}): PriceBasis => ({
  provider: "gcp",
  kind: "cloudsql_instance",
  region,
  engine,
  instanceClass: tier,
  ...more,
});
const micros = (b: PriceBasis, data?: CatalogData) => catalogPrice(b, data)?.hourlyMicros ?? null;

/** A small catalog with round numbers, so the arithmetic below is checked by hand, not by the data. */
const TOY: CatalogData = {
  version: "test-1",
  note: "toy",
  rds: [
    { region: "r1", engine: "postgres", deployment: "single-az", source: "toy", prices: { "db.x.large": 100_000 } },
    { region: "r1", engine: "postgres", deployment: "multi-az", source: "toy multi", prices: { "db.x.large": 210_000 } },
    { region: "r1", engine: "oracle-se2", deployment: "single-az", source: "toy li", prices: { "db.x.large": 500_000 } },
    { region: "r1", engine: "oracle-se2-byol", deployment: "single-az", source: "toy byol", prices: { "db.x.large": 150_000 } },
    { region: "r1", engine: "oracle-ee-byol", deployment: "single-az", source: "toy byol", prices: { "db.x.large": 150_000 } },
    { region: "r1", engine: "aurora-postgresql", deployment: "single-az", source: "toy aurora", prices: { "db.a.large": 300_000, "db.a.xlarge": 600_000 } },
  ],
  auroraServerlessV2: [{ region: "r1", engine: "aurora-postgresql", acuHourMicros: 130_001, source: "toy acu" }],
  cloudSql: [
    { region: "g1", family: "POSTGRES", edition: "ENTERPRISE", availability: "ZONAL", vcpuHourMicros: 40_000, gibHourMicros: 5_000, sharedCore: { "db-f1-micro": 9_000 }, source: "toy z" },
    { region: "g1", family: "POSTGRES", edition: "ENTERPRISE", availability: "REGIONAL", vcpuHourMicros: 80_000, gibHourMicros: 10_000, sharedCore: { "db-f1-micro": 18_000 }, source: "toy r" },
    { region: "g1", family: "SQLSERVER", edition: "ENTERPRISE", availability: "ZONAL", vcpuHourMicros: 40_000, gibHourMicros: 5_000, sharedCore: {}, source: "toy z" },
    { region: "g1", family: "SQLSERVER", edition: "ENTERPRISE", availability: "REGIONAL", vcpuHourMicros: 80_000, gibHourMicros: 10_000, sharedCore: {}, source: "toy r" },
    { region: "g1", family: "MYSQL", edition: "ENTERPRISE_PLUS", availability: "ZONAL", vcpuHourMicros: 50_000, gibHourMicros: 7_000, sharedCore: {}, source: "toy plus" },
  ],
  cloudSqlLicenses: [{ license: "STANDARD", vcpuHourMicros: 100_000, source: "toy lic" }],
};

describe("every database of the simulator's demo fleet has a price (sim/seed.ts)", () => {
  // [name, basis, expected micro-dollars per hour (null = deliberately unknown)]
  const fleet: [string, PriceBasis, number | null][] = [
    ["orders-dev", rds("us-east-1", "postgres", "db.t3.medium", { licenseModel: "postgresql-license" }), 72_000],
    ["orders-staging", rds("us-east-1", "postgres", "db.m6g.large"), 159_000],
    ["catalog-qa", rds("us-east-1", "mysql", "db.t3.small", { licenseModel: "general-public-license" }), 34_000],
    ["reports-dev", rds("us-east-1", "mariadb", "db.t3.micro"), 17_000],
    ["analytics-staging", rds("us-east-1", "postgres", "db.r6g.large"), 225_000],
    ["analytics-staging-replica", rds("us-east-1", "postgres", "db.r6g.large"), 225_000],
    ["billing-sqlserver-staging", rds("us-east-1", "sqlserver-se", "db.m5.xlarge", { multiAz: true, licenseModel: "license-included" }), 3_908_000],
    ["legacy-erp-qa", rds("us-east-1", "sqlserver-se", "db.m5.large", { licenseModel: "license-included" }), 977_000],
    ["search-dev", rds("us-east-1", "postgres", "db.t4g.medium"), 65_000],
    ["perf-test-staging", rds("us-east-1", "mysql", "db.m6i.xlarge"), 342_000],
    ["sandbox-idle-dev", rds("us-east-1", "mysql", "db.t3.micro"), 17_000],
    ["eu-orders-dev", rds("eu-west-1", "postgres", "db.t3.medium"), 80_000],
    ["eu-crm-staging", rds("eu-west-1", "mysql", "db.m5.large"), 190_000],
    ["eu-ml-feature-store-qa", rds("eu-west-1", "postgres", "db.r6g.xlarge"), 500_000],
    ["payments-aurora-staging", aurora("us-east-1", "aurora-postgresql", ["db.r6g.large", "db.r6g.large"]), 520_000],
    ["inventory-serverless-dev", aurora("us-east-1", "aurora-mysql", ["db.serverless"], { serverless: { minCapacity: 0.5, maxCapacity: 8 } }), 60_000],
    ["eu-analytics-aurora", aurora("eu-west-1", "aurora-mysql", ["db.r6g.large"]), 289_000],
    ["ledger-global-secondary", aurora("eu-west-1", "aurora-postgresql", ["db.r6g.large"]), 289_000],
    // Aurora Serverless v1 lists no instances and was retired by AWS (2025): nothing to price, and it cannot be stopped.
    ["legacy-serverless-v1-qa", aurora("us-east-1", "aurora-mysql", []), null],
    ["web-dev-pg", cloudSql("us-central1", "POSTGRES_16", "db-custom-2-7680"), 135_100],
    ["web-staging-pg", cloudSql("us-central1", "POSTGRES_15", "db-custom-4-15360"), 270_200],
    ["web-staging-pg-replica", cloudSql("us-central1", "POSTGRES_15", "db-custom-4-15360"), 270_200],
    ["analytics-qa-mysql", cloudSql("us-central1", "MYSQL_8_0", "db-custom-2-7680"), 135_100],
    ["crm-dev-sqlserver", cloudSql("us-central1", "SQLSERVER_2019_STANDARD", "db-custom-2-7680"), 395_100],
    ["ml-dev-pg", cloudSql("europe-west1", "POSTGRES_16", "db-custom-8-32768"), 609_600],
    ["sandbox-dev-mysql", cloudSql("europe-west1", "MYSQL_8_0", "db-g1-small"), 38_500],
  ];

  it.each(fleet)("%s", (_name, basis, expected) => {
    expect(PriceBasisSchema.parse(basis)).toEqual(basis);
    const price = catalogPrice(basis);
    if (expected === null) {
      expect(price).toBeNull();
      return;
    }
    expect(price).not.toBeNull();
    expect(price!.hourlyMicros).toBe(expected);
    expect(price!.source).toBe(`catalog ${CATALOG_VERSION}`);
    expect(price!.origins.length).toBeGreaterThan(0);
    expect(price!.detail).toContain(basis.region);
  });

  it("says what was priced, in words", () => {
    expect(catalogPrice(rds("eu-west-1", "postgres", "db.t3.medium"))?.detail).toBe("db.t3.medium postgres eu-west-1 Single-AZ");
    expect(catalogPrice(fleet[6]![1])?.detail).toBe("db.m5.xlarge sqlserver-se (license included) us-east-1 Multi-AZ");
    expect(catalogPrice(fleet[14]![1])?.detail).toBe("aurora-postgresql cluster us-east-1: 2 × db.r6g.large");
    expect(catalogPrice(fleet[19]![1])?.detail).toBe("db-custom-2-7680 (2 vCPU × $0.0413 + 7.5 GiB × $0.007) POSTGRES_16 Enterprise us-central1 zonal");
    expect(catalogPrice(fleet[23]![1])?.detail).toContain("+ SQL Server standard license 2 vCPU × $0.13");
  });

  it("the catalog version is the one shown beside every price", () => {
    expect(CATALOG_VERSION).toBe("2026-11");
  });
});

describe("RDS deployments and licenses", () => {
  it("Multi-AZ uses the Multi-AZ figure, which is not assumed to be exactly double", () => {
    expect(micros(rds("r1", "postgres", "db.x.large"), TOY)).toBe(100_000);
    expect(micros(rds("r1", "postgres", "db.x.large", { multiAz: true }), TOY)).toBe(210_000);
    expect(catalogPrice(rds("r1", "postgres", "db.x.large", { multiAz: true }), TOY)?.origins).toEqual(["toy multi"]);
  });

  it("Multi-AZ costs twice Single-AZ across the embedded catalog's open-source engines", () => {
    for (const engine of ["mysql", "postgres", "mariadb"]) {
      for (const region of ["us-east-1", "eu-central-1", "ap-northeast-1"]) {
        const single = micros(rds(region, engine, "db.m6g.large"))!;
        expect(single).toBeGreaterThan(0);
        expect(micros(rds(region, engine, "db.m6g.large", { multiAz: true }))).toBe(2 * single);
      }
    }
  });

  it("a deployment the engine does not offer is unknown (SQL Server Express has no Multi-AZ)", () => {
    expect(micros(rds("us-east-1", "sqlserver-ex", "db.t3.small"))).toBeGreaterThan(0);
    expect(micros(rds("us-east-1", "sqlserver-ex", "db.t3.small", { multiAz: true }))).toBeNull();
  });

  it("Oracle SE2 license-included and bring-your-own-license are different prices; unknown license = unknown price", () => {
    expect(micros(rds("r1", "oracle-se2", "db.x.large", { licenseModel: "license-included" }), TOY)).toBe(500_000);
    expect(micros(rds("r1", "oracle-se2", "db.x.large", { licenseModel: "bring-your-own-license" }), TOY)).toBe(150_000);
    expect(micros(rds("r1", "oracle-se2-cdb", "db.x.large", { licenseModel: "bring-your-own-license" }), TOY)).toBe(150_000);
    expect(micros(rds("r1", "oracle-se2", "db.x.large"), TOY)).toBeNull();
    expect(catalogPrice(rds("r1", "oracle-se2", "db.x.large", { licenseModel: "bring-your-own-license" }), TOY)?.detail).toBe(
      "db.x.large oracle-se2 (bring your own license) r1 Single-AZ",
    );
    // Embedded catalog: license-included costs more than BYOL for the same class.
    const li = micros(rds("us-east-1", "oracle-se2", "db.m5.large", { licenseModel: "license-included" }))!;
    const byol = micros(rds("us-east-1", "oracle-se2", "db.m5.large", { licenseModel: "bring-your-own-license" }))!;
    expect(li).toBeGreaterThan(byol);
    expect(byol).toBeGreaterThan(0);
  });

  it("Oracle EE is BYOL only and SQL Server is license-included only on RDS", () => {
    expect(micros(rds("r1", "oracle-ee", "db.x.large", { licenseModel: "bring-your-own-license" }), TOY)).toBe(150_000);
    expect(micros(rds("r1", "oracle-ee", "db.x.large", { licenseModel: "license-included" }), TOY)).toBeNull();
    expect(micros(rds("us-east-1", "sqlserver-se", "db.m5.large"))).toBe(977_000);
    expect(micros(rds("us-east-1", "sqlserver-se", "db.m5.large", { licenseModel: "bring-your-own-license" }))).toBeNull();
    // Each SQL Server edition has its own license-included price.
    const editions = ["sqlserver-web", "sqlserver-se", "sqlserver-ee"].map((e) => micros(rds("us-east-1", e, "db.m5.xlarge"))!);
    expect(editions[0]).toBeLessThan(editions[1]!);
    expect(editions[1]).toBeLessThan(editions[2]!);
  });
});

describe("Aurora", () => {
  it("a provisioned cluster costs the sum of its instances", () => {
    expect(micros(aurora("r1", "aurora-postgresql", ["db.a.large", "db.a.xlarge", "db.a.large"]), TOY)).toBe(1_200_000);
    expect(catalogPrice(aurora("r1", "aurora-postgresql", ["db.a.xlarge", "db.a.large", "db.a.large"]), TOY)?.detail).toBe(
      "aurora-postgresql cluster r1: 2 × db.a.large + 1 × db.a.xlarge",
    );
  });

  it("one unknown member makes the whole cluster unknown, not cheaper", () => {
    expect(micros(aurora("r1", "aurora-postgresql", ["db.a.large", "db.nope.large"]), TOY)).toBeNull();
    expect(micros(aurora("r1", "aurora-postgresql", ["db.a.large", null]), TOY)).toBeNull();
    expect(micros(aurora("r1", "aurora-postgresql", []), TOY)).toBeNull();
  });

  it("Multi-AZ does not double an Aurora instance (its availability comes from its replicas)", () => {
    expect(micros(aurora("r1", "aurora-postgresql", ["db.a.large"], { multiAz: true }), TOY)).toBe(300_000);
  });

  it("Serverless v2 is priced at its floor: minimum ACUs × the ACU-hour price, and says so", () => {
    const basis = aurora("r1", "aurora-postgresql", ["db.serverless"], { serverless: { minCapacity: 2.5, maxCapacity: 16 } });
    expect(micros(basis, TOY)).toBe(325_003); // 2.5 × 130,001 = 325,002.5, rounded up
    const detail = catalogPrice(basis, TOY)!.detail;
    expect(detail).toContain("floor of 2.5 ACU × $0.130001/ACU-hour");
    expect(detail).toContain("maximum of 16 ACU");
  });

  it("a 0-ACU minimum is a legitimate $0 floor (auto-pause), and the detail says why", () => {
    const price = catalogPrice(aurora("r1", "aurora-postgresql", ["db.serverless"], { serverless: { minCapacity: 0, maxCapacity: 4 } }), TOY)!;
    expect(price.hourlyMicros).toBe(0);
    expect(price.detail).toContain("auto-pause");
  });

  it("mixed clusters add provisioned instances and serverless floors", () => {
    const basis = aurora("r1", "aurora-postgresql", ["db.a.large", "db.serverless"], { serverless: { minCapacity: 1, maxCapacity: 4 } });
    expect(micros(basis, TOY)).toBe(430_001);
  });

  it("a serverless member without its capacity range, or in a region without an ACU price, is unknown", () => {
    expect(micros(aurora("r1", "aurora-postgresql", ["db.serverless"]), TOY)).toBeNull();
    expect(micros(aurora("r2", "aurora-postgresql", ["db.serverless"], { serverless: { minCapacity: 1, maxCapacity: 2 } }), TOY)).toBeNull();
  });

  it("the embedded catalog prices Serverless v2 at $0.12 per ACU-hour in us-east-1", () => {
    expect(micros(aurora("us-east-1", "aurora-postgresql", ["db.serverless"], { serverless: { minCapacity: 4, maxCapacity: 16 } }))).toBe(480_000);
  });
});

describe("Cloud SQL", () => {
  it("reads the tier names", () => {
    expect(parseCloudSqlTier("db-custom-2-7680")).toMatchObject({ vcpus: 2, memoryMib: 7680 });
    expect(parseCloudSqlTier("db-n1-standard-4")).toMatchObject({ vcpus: 4, memoryMib: 15360 });
    expect(parseCloudSqlTier("db-n1-highmem-2")).toMatchObject({ vcpus: 2, memoryMib: 13312 });
    expect(parseCloudSqlTier("db-perf-optimized-N-4")).toMatchObject({ vcpus: 4, memoryMib: 32768, editions: ["ENTERPRISE_PLUS"] });
    expect(parseCloudSqlTier("db-f1-micro")).toMatchObject({ kind: "shared" });
    for (const bad of ["db-custom-0-3840", "db-custom-2", "db-n1-standard-3", "db-perf-optimized-N-3", "custom-2-7680", "db-custom-2-7680x"]) {
      expect(parseCloudSqlTier(bad), bad).toBeNull();
    }
  });

  it("a custom tier costs vCPUs × rate + GiB × rate (MB in the name are MiB: 3840 MB = 3.75 GiB)", () => {
    expect(micros(cloudSql("g1", "POSTGRES_15", "db-custom-2-7680"), TOY)).toBe(2 * 40_000 + 37_500);
    expect(micros(cloudSql("g1", "POSTGRES_15", "db-custom-1-3840"), TOY)).toBe(40_000 + 18_750);
    // 1000 MiB × 5,000 / 1024 = 4,882.8125 -> 4,883 (the only rounding, to the nearest micro-dollar)
    expect(micros(cloudSql("g1", "POSTGRES_15", "db-custom-1-1000"), TOY)).toBe(40_000 + 4_883);
  });

  it("REGIONAL (high availability) uses the regional rates: twice the zonal ones", () => {
    const zonal = micros(cloudSql("g1", "POSTGRES_15", "db-custom-4-15360"), TOY)!;
    expect(zonal).toBe(4 * 40_000 + 15 * 5_000);
    expect(micros(cloudSql("g1", "POSTGRES_15", "db-custom-4-15360", { multiAz: true }), TOY)).toBe(2 * zonal);
    expect(catalogPrice(cloudSql("g1", "POSTGRES_15", "db-custom-4-15360", { multiAz: true }), TOY)?.detail).toContain("regional (HA)");
    // Embedded catalog too.
    const z = micros(cloudSql("europe-west3", "MYSQL_8_0", "db-custom-2-7680"))!;
    expect(micros(cloudSql("europe-west3", "MYSQL_8_0", "db-custom-2-7680", { multiAz: true }))).toBe(2 * z);
  });

  it("shared-core tiers have fixed prices (and exist only in Enterprise edition)", () => {
    expect(micros(cloudSql("g1", "POSTGRES_14", "db-f1-micro"), TOY)).toBe(9_000);
    expect(micros(cloudSql("g1", "POSTGRES_14", "db-f1-micro", { multiAz: true }), TOY)).toBe(18_000);
    expect(micros(cloudSql("us-central1", "MYSQL_8_0", "db-f1-micro"))).toBe(10_500);
    expect(micros(cloudSql("us-central1", "MYSQL_8_0", "db-g1-small"))).toBe(35_000);
    expect(micros(cloudSql("us-central1", "MYSQL_8_0", "db-g1-small", { edition: "ENTERPRISE_PLUS" }))).toBeNull();
  });

  it("Enterprise Plus: its own rates, read from the tier when discovery did not say", () => {
    expect(micros(cloudSql("g1", "MYSQL_8_0_36", "db-perf-optimized-N-4"), TOY)).toBe(4 * 50_000 + 32 * 7_000);
    expect(micros(cloudSql("g1", "MYSQL_8_0_36", "db-perf-optimized-N-4", { edition: "ENTERPRISE" }), TOY)).toBeNull();
    expect(micros(cloudSql("g1", "MYSQL_8_0", "db-custom-2-7680", { edition: "ENTERPRISE_PLUS" }), TOY)).toBeNull();
    const plus = micros(cloudSql("us-central1", "POSTGRES_16", "db-perf-optimized-N-2", { edition: "ENTERPRISE_PLUS" }))!;
    expect(plus).toBe(2 * 53_690 + 16 * 9_100);
  });

  it("SQL Server adds its license per vCPU (Express has none; the HA standby needs none)", () => {
    const base = 2 * 40_000 + 37_500;
    expect(micros(cloudSql("g1", "SQLSERVER_2019_STANDARD", "db-custom-2-7680"), TOY)).toBe(base + 2 * 100_000);
    expect(micros(cloudSql("g1", "SQLSERVER_2022_EXPRESS", "db-custom-2-7680"), TOY)).toBe(base);
    expect(micros(cloudSql("g1", "SQLSERVER_2019_STANDARD", "db-custom-2-7680", { multiAz: true }), TOY)).toBe(2 * base + 2 * 100_000);
    // No Enterprise license price in the toy catalog: unknown, not "free".
    expect(micros(cloudSql("g1", "SQLSERVER_2019_ENTERPRISE", "db-custom-2-7680"), TOY)).toBeNull();
    expect(micros(cloudSql("g1", "SQLSERVER_2019", "db-custom-2-7680"), TOY)).toBeNull();
  });
});

describe("unknown is null, never $0", () => {
  it.each<[string, PriceBasis]>([
    ["an instance class the catalog lacks", rds("us-east-1", "postgres", "db.x2iedn.32xlarge")],
    ["a region the catalog lacks", rds("me-central-1", "postgres", "db.t3.medium")],
    ["an engine it does not price", rds("us-east-1", "db2-se", "db.m6i.large")],
    ["no instance class", rds("us-east-1", "postgres", null)],
    ["a provider/kind mismatch", { provider: "gcp", kind: "rds_instance", region: "us-east-1", engine: "postgres", instanceClass: "db.t3.medium" }],
    ["an unknown Cloud SQL tier", cloudSql("us-central1", "POSTGRES_16", "db-standard-1")],
    ["an unknown Cloud SQL region", cloudSql("southamerica-east1", "POSTGRES_16", "db-custom-2-7680")],
    ["an unknown Cloud SQL engine", cloudSql("us-central1", "SPANNER_1", "db-custom-2-7680")],
    ["an Aurora cluster of unknown engine", aurora("us-east-1", "neptune", ["db.r6g.large"])],
  ])("%s", (_what, basis) => {
    expect(catalogPrice(basis)).toBeNull();
  });
});

describe("the price basis stored in D1 is validated", () => {
  it("accepts what discovery writes and strips unknown keys", () => {
    const parsed = PriceBasisSchema.parse({ ...rds("us-east-1", "postgres", "db.t3.medium"), futureField: 1 });
    expect(parsed).toEqual(rds("us-east-1", "postgres", "db.t3.medium"));
  });

  it("rejects a malformed basis", () => {
    for (const bad of [
      { provider: "azure", kind: "rds_instance", region: "x", engine: "y", instanceClass: null },
      { provider: "aws", kind: "rds_instance", region: "", engine: "y", instanceClass: null },
      { ...aurora("us-east-1", "aurora-mysql", ["db.serverless"]), serverless: { minCapacity: 4, maxCapacity: 2 } },
      { ...cloudSql("us-central1", "POSTGRES_16", "db-custom-2-7680"), edition: "STANDARD" },
    ]) {
      expect(PriceBasisSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

/** Everything wrong with a catalog's entries (empty = sound). */
function catalogProblems(data: CatalogData): { checked: number; problems: string[] } {
  const problems: string[] = [];
  let checked = 0;
  const price = (where: string, n: unknown) => {
    checked += 1;
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n <= 0) problems.push(`${where}: ${String(n)} is not a positive integer of micro-dollars`);
  };
  const source = (where: string, s: unknown) => {
    if (typeof s !== "string" || !/20\d\d-\d\d/.test(s) || s.trim().length < 20) problems.push(`${where}: source ${JSON.stringify(s)} does not say where and when`);
  };
  for (const t of data.rds) {
    source(`${t.region} ${t.engine} ${t.deployment}`, t.source);
    if (Object.keys(t.prices).length === 0) problems.push(`${t.region} ${t.engine} ${t.deployment}: empty table`);
    for (const [cls, n] of Object.entries(t.prices)) price(`${t.region} ${t.engine} ${t.deployment} ${cls}`, n);
  }
  for (const t of data.auroraServerlessV2) {
    source(`${t.region} ${t.engine} ACU`, t.source);
    price(`${t.region} ${t.engine} ACU`, t.acuHourMicros);
  }
  for (const t of data.cloudSql) {
    const where = `${t.region} ${t.family} ${t.edition} ${t.availability}`;
    source(where, t.source);
    price(`${where} vCPU`, t.vcpuHourMicros);
    price(`${where} GiB`, t.gibHourMicros);
    for (const [tier, n] of Object.entries(t.sharedCore)) price(`${where} ${tier}`, n);
  }
  for (const l of data.cloudSqlLicenses) {
    source(`license ${l.license}`, l.source);
    price(`license ${l.license}`, l.vcpuHourMicros);
  }
  return { checked, problems };
}

describe("the embedded catalog", () => {
  it("every entry is a positive safe integer of micro-dollars and every table says its source and date", () => {
    const { checked, problems } = catalogProblems(CATALOG_DATA);
    expect(problems).toEqual([]);
    // Positive control: the check above ran over the real catalog, not an empty one.
    expect(checked).toBeGreaterThan(2_000);
  });

  it("the check catches a zero, a fraction, an unsafe number and a missing source", () => {
    const broken: CatalogData = {
      ...TOY,
      rds: [{ region: "r1", engine: "mysql", deployment: "single-az", source: "", prices: { a: 0, b: 1.5, c: 2 ** 60 } }],
      cloudSqlLicenses: [{ license: "WEB", vcpuHourMicros: -1, source: "somewhere 2026-11 but where exactly" }],
    };
    const { problems } = catalogProblems(broken);
    expect(problems.filter((p) => p.includes("not a positive integer"))).toHaveLength(4);
    expect(problems.some((p) => p.startsWith("r1 mysql single-az: source"))).toBe(true);
  });

  it("covers the common families in the big regions, Single-AZ and Multi-AZ, for MySQL, PostgreSQL and MariaDB", () => {
    const regions = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"];
    const classes = [
      ...["micro", "small", "medium", "large", "xlarge", "2xlarge"].flatMap((s) => [`db.t3.${s}`, `db.t4g.${s}`]),
      ...["large", "xlarge", "2xlarge"].flatMap((s) => ["m5", "m6g", "m7g", "r5", "r6g", "r7g"].map((f) => `db.${f}.${s}`)),
    ];
    const missing: string[] = [];
    for (const region of regions) {
      for (const engine of ["mysql", "postgres", "mariadb"]) {
        for (const cls of classes) {
          for (const multiAz of [false, true]) if (micros(rds(region, engine, cls, { multiAz })) === null) missing.push(`${region} ${engine} ${cls} ${multiAz}`);
        }
      }
      for (const engine of ["aurora-mysql", "aurora-postgresql"]) {
        for (const cls of ["db.t4g.medium", "db.r5.large", "db.r6g.large", "db.r7g.xlarge"]) if (micros(aurora(region, engine, [cls])) === null) missing.push(`${region} ${engine} ${cls}`);
        if (micros(aurora(region, engine, ["db.serverless"], { serverless: { minCapacity: 1, maxCapacity: 2 } })) === null) missing.push(`${region} ${engine} serverless`);
      }
    }
    for (const region of ["us-central1", "us-east1", "europe-west1", "europe-west3", "asia-southeast1"]) {
      for (const engine of ["POSTGRES_16", "MYSQL_8_0", "SQLSERVER_2019_STANDARD"]) {
        for (const multiAz of [false, true]) if (micros(cloudSql(region, engine, "db-custom-4-16384", { multiAz })) === null) missing.push(`${region} ${engine} ${multiAz}`);
      }
      if (micros(cloudSql(region, "POSTGRES_16", "db-perf-optimized-N-8")) === null) missing.push(`${region} enterprise plus`);
      if (micros(cloudSql(region, "MYSQL_8_0", "db-f1-micro")) === null) missing.push(`${region} f1-micro`);
    }
    expect(missing).toEqual([]);
  });

  it("derived figures say so in their source", () => {
    const derived = CATALOG_DATA.rds.filter((t) => t.region !== "us-east-1" && !t.source.startsWith("AWS Price List"));
    expect(derived.length).toBeGreaterThan(0);
    for (const t of derived) expect(t.source).toMatch(/derived: us-east-1 × \d\.\d\d/);
  });
});
