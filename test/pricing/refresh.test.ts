// `npm run prices:refresh` turns the providers' published price lists into the catalog: exact
// dollar-to-micro-dollar conversion, the AWS Price List offer file and the GCP Cloud Billing Catalog
// pages read into tables (with what is skipped and why), merging, and a deterministic module text.
// Fixtures under ./fixtures are small files in the real formats; no network.
import { describe, expect, it } from "vitest";
import { catalogPrice } from "../../worker/pricing/catalog.ts";
import { CATALOG_DATA } from "../../worker/pricing/catalog-data.ts";
import type { CatalogData } from "../../worker/pricing/catalog-model.ts";
import {
  canonicalCatalog,
  classifyCloudSqlSku,
  decimalToMicros,
  mergeCatalog,
  moneyToMicros,
  parseAwsOffer,
  parseCatalogModule,
  parseGcpSkus,
  renderCatalogModule,
} from "../../worker/pricing/refresh-parse.ts";
import awsOffer from "./fixtures/aws-rds-offer.json";
import gcpPage1 from "./fixtures/gcp-cloudsql-skus-page1.json";
import gcpPage2 from "./fixtures/gcp-cloudsql-skus-page2.json";

const BIG = { regions: new Set(["us-east-1", "eu-west-1", "us-central1", "us-east1", "europe-west1"]) };
const ALL = { regions: null };

describe("dollar amounts become integer micro-dollars exactly", () => {
  it("reads the price list's decimal strings digit by digit", () => {
    expect(decimalToMicros("0.0720000000")).toBe(72_000);
    expect(decimalToMicros("1.9540000000")).toBe(1_954_000);
    expect(decimalToMicros("12")).toBe(12_000_000);
    expect(decimalToMicros("0.0413")).toBe(41_300);
    // 0.1 + 0.2 style traps do not exist here: no float ever holds the amount.
    expect(decimalToMicros("0.3000000000")).toBe(300_000);
    expect(decimalToMicros("007.5")).toBe(7_500_000);
  });

  it("rounds digits beyond the sixth decimal half up", () => {
    expect(decimalToMicros("0.0000004999")).toBe(0);
    expect(decimalToMicros("0.0000005")).toBe(1);
    expect(decimalToMicros("0.0160004999")).toBe(16_000);
    expect(decimalToMicros("0.0320005000")).toBe(32_001);
  });

  it("refuses anything that is not a plain non-negative decimal", () => {
    for (const bad of ["", "-0.5", "1e-3", "0,5", "$1", "1.2.3", "NaN", "99999999999999999"]) {
      expect(() => decimalToMicros(bad), bad).toThrow();
    }
  });

  it("reads GCP {units, nanos} with integer arithmetic, nanos rounded half up", () => {
    expect(moneyToMicros({ units: "0", nanos: 41_300_000 })).toBe(41_300);
    expect(moneyToMicros({ units: "1", nanos: 500 })).toBe(1_000_001);
    expect(moneyToMicros({ units: "1", nanos: 499 })).toBe(1_000_000);
    expect(moneyToMicros({ nanos: 7_000_000 })).toBe(7_000);
    expect(moneyToMicros({ units: "2" })).toBe(2_000_000);
    expect(() => moneyToMicros({ units: "-1", nanos: 0 })).toThrow();
    expect(() => moneyToMicros({ units: "0", nanos: -5 })).toThrow();
    expect(() => moneyToMicros({ units: "0", nanos: 1.5 })).toThrow();
  });
});

describe("the AWS Price List offer file for AmazonRDS", () => {
  const aws = parseAwsOffer(awsOffer, BIG);
  const table = (region: string, engine: string, deployment: string) =>
    aws.rds.find((t) => t.region === region && t.engine === engine && t.deployment === deployment)?.prices;

  it("reads on-demand hourly prices per engine, license model, region and deployment", () => {
    expect(table("us-east-1", "postgres", "single-az")).toEqual({ "db.t3.medium": 72_000 });
    expect(table("us-east-1", "postgres", "multi-az")).toEqual({ "db.t3.medium": 144_000 });
    expect(table("us-east-1", "sqlserver-se", "single-az")).toEqual({ "db.m5.large": 977_000 });
    expect(table("us-east-1", "sqlserver-se", "multi-az")).toEqual({ "db.m5.xlarge": 3_908_000 });
    expect(table("us-east-1", "oracle-se2", "single-az")).toEqual({ "db.m5.large": 465_000 });
    expect(table("us-east-1", "oracle-se2-byol", "single-az")).toEqual({ "db.m5.large": 171_000 });
    expect(table("us-east-1", "oracle-ee-byol", "single-az")).toEqual({ "db.m5.large": 171_000 });
    expect(table("us-east-1", "aurora-postgresql", "single-az")).toEqual({ "db.r6g.large": 260_000 });
    expect(aws.auroraServerlessV2).toEqual([{ region: "us-east-1", engine: "aurora-mysql", acuHourMicros: 120_000, source: aws.source }]);
  });

  it("falls back to the location name when a product has no regionCode", () => {
    expect(table("eu-west-1", "mysql", "single-az")).toEqual({ "db.m5.large": 190_000 });
  });

  it("skips what SnoozeQL does not price: I/O-Optimized, Multi-AZ DB clusters, Local Zones, SQL Server BYOL, storage, reserved terms", () => {
    // The I/O-Optimized twin (0.338) did not replace the standard Aurora price, nor did the Reserved 0.034.
    expect(JSON.stringify(aws.rds)).not.toMatch(/338000|470000|87000|500000|34000\b/);
    expect(aws.rds.some((t) => t.region.includes("bos"))).toBe(false);
    expect(aws.rds.some((t) => Object.keys(t.prices).includes("db.m6gd.large"))).toBe(false);
    expect(aws.auroraServerlessV2.some((t) => t.acuHourMicros === 160_000)).toBe(false);
  });

  it("keeps only the regions asked for, or all of them", () => {
    expect(aws.rds.some((t) => t.region === "sa-east-1")).toBe(false);
    expect(parseAwsOffer(awsOffer, ALL).rds.some((t) => t.region === "sa-east-1")).toBe(true);
  });

  it("rounds sub-micro digits half up", () => {
    expect(table("us-east-1", "mariadb", "single-az")).toEqual({ "db.t4g.micro": 16_000, "db.t4g.small": 32_001 });
  });

  it("reports two SKUs that disagree on one price and leaves the price out rather than guess", () => {
    expect(table("us-east-1", "mysql", "single-az")).toBeUndefined();
    expect(aws.warnings.some((w) => w.includes("db.r5.large mysql us-east-1 single-az: conflicting prices 240000 and 250000"))).toBe(true);
  });

  it("names the offer version and publication date as the source", () => {
    expect(aws.source).toBe("AWS Price List AmazonRDS offer 20261101000000 (published 2026-11-01), on-demand");
    expect(aws.publishedOn).toBe("2026-11-01");
    expect(new Set(aws.rds.map((t) => t.source))).toEqual(new Set([aws.source]));
  });

  it("refuses a file that is not an AmazonRDS offer", () => {
    expect(() => parseAwsOffer({ skus: [] }, ALL)).toThrow(/products/);
    expect(() => parseAwsOffer({ ...awsOffer, offerCode: "AmazonEC2" }, ALL)).toThrow(/AmazonEC2/);
  });
});

describe("the GCP Cloud Billing Catalog skus for Cloud SQL", () => {
  const gcp = parseGcpSkus([gcpPage1, gcpPage2], BIG);
  const table = (region: string, family: string, edition: string, availability: string) =>
    gcp.cloudSql.find((t) => t.region === region && t.family === family && t.edition === edition && t.availability === availability);

  it("recognizes the metered items by their descriptions", () => {
    expect(classifyCloudSqlSku("Cloud SQL for MySQL: Regional - Enterprise Plus vCPU in London")).toEqual({
      family: "MYSQL",
      availability: "REGIONAL",
      edition: "ENTERPRISE_PLUS",
      meter: "vcpu",
    });
    expect(classifyCloudSqlSku("Cloud SQL for PostgreSQL: Zonal - Micro instance in Americas")?.meter).toBe("db-f1-micro");
    expect(classifyCloudSqlSku("Cloud SQL for PostgreSQL: Zonal - Standard storage in Americas")).toBeNull();
    expect(classifyCloudSqlSku("Cloud SQL for SQL Server: Zonal - Enterprise Storage Hyperdisk Balanced IOPS in Netherlands")).toBeNull();
  });

  it("reads per vCPU-hour and per GiB-hour rates by family, edition, availability and region", () => {
    expect(table("us-central1", "POSTGRES", "ENTERPRISE", "ZONAL")).toMatchObject({ vcpuHourMicros: 41_300, gibHourMicros: 7_000, sharedCore: { "db-f1-micro": 10_500, "db-g1-small": 35_000 } });
    expect(table("us-central1", "POSTGRES", "ENTERPRISE", "REGIONAL")).toMatchObject({ vcpuHourMicros: 82_600, gibHourMicros: 14_000, sharedCore: {} });
    expect(table("us-central1", "POSTGRES", "ENTERPRISE_PLUS", "ZONAL")).toMatchObject({ vcpuHourMicros: 53_690, gibHourMicros: 9_100 });
    expect(table("us-central1", "SQLSERVER", "ENTERPRISE", "ZONAL")).toMatchObject({ vcpuHourMicros: 1_000_001, gibHourMicros: 7_000 });
    expect(gcp.cloudSqlLicenses).toEqual([{ license: "STANDARD", vcpuHourMicros: 130_000, source: gcp.source }]);
  });

  it("fills every region a SKU applies to, across pages", () => {
    expect(table("us-east1", "MYSQL", "ENTERPRISE", "ZONAL")).toMatchObject({ vcpuHourMicros: 41_300, gibHourMicros: 7_000 });
    expect(table("us-central1", "MYSQL", "ENTERPRISE", "ZONAL")).toMatchObject({ vcpuHourMicros: 41_300, gibHourMicros: 7_000 });
  });

  it("skips storage and commitments, and reports what it could not use", () => {
    expect(gcp.cloudSql.every((t) => t.vcpuHourMicros !== 31_000)).toBe(true);
    expect(table("europe-west1", "MYSQL", "ENTERPRISE", "ZONAL")).toBeUndefined();
    expect(gcp.warnings.some((w) => w.includes("europe-west1|MYSQL|ENTERPRISE|ZONAL: has no RAM rate"))).toBe(true);
    expect(gcp.warnings.some((w) => w.includes("expected one price tier, found 2"))).toBe(true);
    expect(table("us-central1", "MYSQL", "ENTERPRISE", "REGIONAL")).toBeUndefined();
  });

  it("names the catalog and the newest effective date as the source", () => {
    expect(gcp.source).toBe("GCP Cloud Billing Catalog services/9662-B51E-5089/skus (effective 2026-11-02), on-demand");
  });

  it("refuses something that is not a skus page", () => {
    expect(() => parseGcpSkus([{ products: {} }], ALL)).toThrow(/skus/);
  });
});

describe("writing the catalog module", () => {
  const aws = parseAwsOffer(awsOffer, BIG);
  const gcp = parseGcpSkus([gcpPage1, gcpPage2], BIG);
  const update = { rds: aws.rds, auroraServerlessV2: aws.auroraServerlessV2, cloudSql: gcp.cloudSql, cloudSqlLicenses: gcp.cloudSqlLicenses };
  const opts = { version: "2026-12", note: "refreshed from fixtures", fresh: false };

  it("replaces the tables the price lists cover and keeps the others", () => {
    const merged = mergeCatalog(CATALOG_DATA, update, opts);
    expect(merged.version).toBe("2026-12");
    const pgMulti = merged.rds.find((t) => t.region === "us-east-1" && t.engine === "postgres" && t.deployment === "multi-az")!;
    expect(pgMulti.prices).toEqual({ "db.t3.medium": 144_000 });
    expect(pgMulti.source).toBe(aws.source);
    // Not covered by the fixture: kept, with its original source.
    const kept = merged.rds.find((t) => t.region === "eu-central-1" && t.engine === "postgres" && t.deployment === "single-az")!;
    expect(kept.source).toMatch(/derived/);
    expect(merged.rds.length).toBe(new Set([...CATALOG_DATA.rds, ...aws.rds].map((t) => `${t.region}|${t.engine}|${t.deployment}`)).size);
    expect(merged.cloudSqlLicenses.find((l) => l.license === "ENTERPRISE")).toBeDefined();

    const price = catalogPrice({ provider: "aws", kind: "rds_instance", region: "us-east-1", engine: "postgres", instanceClass: "db.t3.medium", multiAz: true }, merged);
    expect(price).toMatchObject({ hourlyMicros: 144_000, source: "catalog 2026-12" });
    expect(price?.origins).toEqual([aws.source]);
  });

  it("keeps only the refreshed tables with --fresh", () => {
    const fresh = mergeCatalog(CATALOG_DATA, update, { ...opts, fresh: true });
    expect(fresh.rds.length).toBe(aws.rds.length);
    expect(fresh.cloudSqlLicenses.map((l) => l.license)).toEqual(["STANDARD"]);
  });

  it("writes the same text for the same prices, whatever order they arrived in", () => {
    const shuffledOffer = { ...awsOffer, products: Object.fromEntries(Object.entries(awsOffer.products).reverse()) };
    const a = parseAwsOffer(shuffledOffer, BIG);
    const g = parseGcpSkus([{ skus: [...gcpPage2.skus].reverse() }, { skus: [...gcpPage1.skus].reverse() }], BIG);
    const again = mergeCatalog(CATALOG_DATA, { rds: [...a.rds].reverse(), auroraServerlessV2: a.auroraServerlessV2, cloudSql: [...g.cloudSql].reverse(), cloudSqlLicenses: g.cloudSqlLicenses }, opts);
    expect(renderCatalogModule(again)).toBe(renderCatalogModule(mergeCatalog(CATALOG_DATA, update, opts)));
  });

  it("reads back exactly what it wrote, in canonical order", () => {
    const merged = mergeCatalog(CATALOG_DATA, update, opts);
    const text = renderCatalogModule(merged);
    expect(parseCatalogModule(text)).toEqual(canonicalCatalog(merged));
    expect(text).toMatch(/^\/\/ GENERATED by `npm run prices:refresh`/);
    // Instance classes are listed by family and size, not alphabetically (micro before small before 2xlarge).
    const t3 = Object.keys(canonicalCatalog(CATALOG_DATA).rds.find((t) => t.engine === "mysql")!.prices).filter((k) => k.startsWith("db.t3."));
    expect(t3).toEqual(["db.t3.micro", "db.t3.small", "db.t3.medium", "db.t3.large", "db.t3.xlarge", "db.t3.2xlarge"]);
  });

  it("the committed catalog module is in the refresh's own canonical form", () => {
    // Re-rendering the embedded data reproduces it: the data module is what the refresh would write.
    const data: CatalogData = CATALOG_DATA;
    expect(canonicalCatalog(data)).toEqual(data);
  });
});
