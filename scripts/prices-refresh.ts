// `npm run prices:refresh -- [options]`: rebuilds worker/pricing/catalog-data.ts from the providers'
// published price lists — the AWS Price List bulk offer files for AmazonRDS and the GCP Cloud
// Billing Catalog API's Cloud SQL SKUs. Reading and writing happen here; the parsing, the exact
// dollar -> micro-dollar conversion and the module text are in worker/pricing/refresh-parse.ts
// (tested in test/pricing/refresh.test.ts). See docs/pricing.md.
//
//   --aws <file|url|region:CODE>  an AmazonRDS offer file (JSON). region:us-east-1 is shorthand for
//                                 https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonRDS/current/us-east-1/index.json
//                                 Repeat for several regions.
//   --gcp <file|url>              a page of GET https://cloudbilling.googleapis.com/v1/services/9662-B51E-5089/skus
//                                 (a URL must carry ?key=API_KEY; its further pages are followed). Repeatable.
//   --regions a,b,c | all         regions to keep (default: the regions the catalog already covers)
//   --version YYYY-MM             catalog version (default: month of the newest publication date read)
//   --fresh                       drop tables the inputs do not cover (default: keep them, with their sources)
//   --out <file>                  where to write (default worker/pricing/catalog-data.ts)
//   --dry-run                     report what would change, write nothing
import { readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { parseArgs } from "node:util";
import type { CatalogData } from "../worker/pricing/catalog-model.ts";
import {
  type AwsParseResult,
  type GcpParseResult,
  mergeCatalog,
  parseAwsOffer,
  parseCatalogModule,
  parseGcpSkus,
  renderCatalogModule,
} from "../worker/pricing/refresh-parse.ts";
import { ROOT } from "./lib/process.ts";

const { values } = parseArgs({
  options: {
    aws: { type: "string", multiple: true, default: [] },
    gcp: { type: "string", multiple: true, default: [] },
    regions: { type: "string" },
    version: { type: "string" },
    fresh: { type: "boolean", default: false },
    out: { type: "string" },
    "dry-run": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

// A bad input is a one-line message, not a stack trace.
process.on("uncaughtException", (e) => {
  console.error(`prices:refresh: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

function usage(message?: string): never {
  if (message) console.error(`prices:refresh: ${message}\n`);
  console.error(readFileSync(new URL(import.meta.url), "utf8").split("\n").filter((l) => l.startsWith("//")).map((l) => l.slice(3)).join("\n"));
  process.exit(message ? 2 : 0);
}

if (values.help) usage();
if (values.aws.length === 0 && values.gcp.length === 0) usage("give at least one --aws or --gcp input");
if (values.version !== undefined && !/^\d{4}-\d{2}$/.test(values.version)) usage("--version must look like 2026-11");

const out = values.out ? (isAbsolute(values.out) ? values.out : join(process.cwd(), values.out)) : join(ROOT, "worker/pricing/catalog-data.ts");
const base: CatalogData = parseCatalogModule(readFileSync(out, "utf8"));

function regionsToKeep(): Set<string> | null {
  if (values.regions === "all") return null;
  if (values.regions) return new Set(values.regions.split(",").map((r) => r.trim()).filter(Boolean));
  return new Set([...base.rds, ...base.auroraServerlessV2, ...base.cloudSql].map((t) => t.region));
}
const regions = regionsToKeep();

async function readJson(input: string): Promise<unknown> {
  if (/^https?:\/\//.test(input)) {
    const res = await fetch(input);
    if (!res.ok) throw new Error(`${redact(input)}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
    return res.json();
  }
  return JSON.parse(readFileSync(isAbsolute(input) ? input : join(process.cwd(), input), "utf8"));
}

/** API keys stay out of the logs. */
function redact(url: string): string {
  return url.replace(/([?&]key=)[^&]+/, "$1…");
}

function awsUrl(input: string): string {
  const m = /^region:([a-z0-9-]+)$/.exec(input);
  return m ? `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonRDS/current/${m[1]}/index.json` : input;
}

/** Every page of a Cloud Billing Catalog listing: a file is one page; a URL is followed through nextPageToken. */
async function gcpPages(input: string): Promise<unknown[]> {
  if (!/^https?:\/\//.test(input)) return [await readJson(input)];
  const pages: unknown[] = [];
  let token = "";
  do {
    const url = new URL(input);
    if (token) url.searchParams.set("pageToken", token);
    const page = (await readJson(url.toString())) as { nextPageToken?: string };
    pages.push(page);
    token = page.nextPageToken ?? "";
  } while (token);
  return pages;
}

const aws: AwsParseResult[] = [];
for (const input of values.aws) {
  const url = awsUrl(input);
  console.log(`reading AWS offer ${redact(url)}`);
  aws.push(parseAwsOffer(await readJson(url), { regions }));
}
const gcp: GcpParseResult[] = [];
if (values.gcp.length > 0) {
  const pages: unknown[] = [];
  for (const input of values.gcp) {
    console.log(`reading GCP skus ${redact(input)}`);
    pages.push(...(await gcpPages(input)));
  }
  gcp.push(parseGcpSkus(pages, { regions }));
}

const dates = [...aws.map((a) => a.publishedOn), ...gcp.map((g) => g.effectiveOn)].filter((d): d is string => d !== null).sort();
const version = values.version ?? dates.at(-1)?.slice(0, 7);
if (!version) usage("the inputs carry no publication date: give --version YYYY-MM");

const update = {
  rds: aws.flatMap((a) => a.rds),
  auroraServerlessV2: aws.flatMap((a) => a.auroraServerlessV2),
  cloudSql: gcp.flatMap((g) => g.cloudSql),
  cloudSqlLicenses: gcp.flatMap((g) => g.cloudSqlLicenses),
};
const sources = [...new Set([...aws.map((a) => a.source), ...gcp.map((g) => g.source)])];
const note = `prices:refresh ${version} from ${sources.join("; ")}${values.fresh ? "" : "; tables not covered by these inputs kept from the previous catalog, each with its own source"}.`;
const next = mergeCatalog(base, update, { version, note, fresh: values.fresh });

for (const w of [...aws.flatMap((a) => a.warnings), ...gcp.flatMap((g) => g.warnings)]) console.warn(`warning: ${w}`);
const count = (c: CatalogData) => c.rds.reduce((n, t) => n + Object.keys(t.prices).length, 0);
console.log(
  `read ${update.rds.length} RDS/Aurora tables (${update.rds.reduce((n, t) => n + Object.keys(t.prices).length, 0)} prices), ` +
    `${update.auroraServerlessV2.length} Serverless v2 prices, ${update.cloudSql.length} Cloud SQL tables, ${update.cloudSqlLicenses.length} SQL Server licenses`,
);
console.log(`catalog ${base.version} -> ${next.version}: ${count(base)} -> ${count(next)} instance prices, ${next.cloudSql.length} Cloud SQL tables`);
if (update.rds.length + update.auroraServerlessV2.length + update.cloudSql.length + update.cloudSqlLicenses.length === 0) {
  console.error("prices:refresh: the inputs held no price SnoozeQL uses; nothing written");
  process.exit(1);
}
if (values["dry-run"]) {
  console.log("dry run: nothing written");
} else {
  writeFileSync(out, renderCatalogModule(next));
  console.log(`wrote ${out}`);
}
