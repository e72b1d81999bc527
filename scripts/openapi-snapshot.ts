/**
 * Writes the OpenAPI snapshot and the types generated from it:
 * - `openapi.json`: the document exactly as GET /api/v1/openapi.json serves it (built from the same
 *   Hono app, no server needed), committed so API changes show up in review;
 * - `web/src/lib/api/schema.d.ts`: TypeScript types for every path and schema (openapi-typescript),
 *   used by the dashboard's and the CLI's typed fetch client.
 * `--check` writes nothing and exits 1 when either file is stale (test/worker/openapi-snapshot.test.ts
 * checks the document again inside workerd).
 *
 * Run: npm run openapi:snapshot (worker modules use parameter properties, hence the npm script's
 * --experimental-transform-types).
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const root = fileURLToPath(new URL("..", import.meta.url));
export const SNAPSHOT_PATH = `${root}openapi.json`;
export const TYPES_PATH = `${root}web/src/lib/api/schema.d.ts`;

// Loaded by path so that this Node-side project does not typecheck the Worker's modules (they are
// checked, with the Workers types, by the root tsconfig).
const appModule = new URL("../worker/api/app.ts", import.meta.url).href;
const { openApiDocument } = (await import(appModule)) as { openApiDocument: (version: string) => { paths?: Record<string, unknown> } };
const pkg = JSON.parse(await readFile(`${root}package.json`, "utf8")) as { version: string };
const document = openApiDocument(pkg.version);
const json = `${JSON.stringify(document, null, 2)}\n`;
const header = "/**\n * Generated from openapi.json by scripts/openapi-snapshot.ts (npm run openapi:snapshot). Do not edit.\n */\n\n";
const types = header + astToString(await openapiTS(JSON.parse(json), { exportType: true, alphabetize: false, defaultNonNullable: false }));

const outputs = [
  [SNAPSHOT_PATH, json],
  [TYPES_PATH, types],
] as const;

if (process.argv.includes("--check")) {
  const stale: string[] = [];
  for (const [path, text] of outputs) {
    const current = await readFile(path, "utf8").catch(() => "");
    if (current !== text) stale.push(path.slice(root.length));
  }
  if (stale.length) {
    console.error(`Stale: ${stale.join(", ")}. Run npm run openapi:snapshot and commit the result.`);
    process.exit(1);
  }
  console.log("openapi.json and the generated types are current.");
} else {
  for (const [path, text] of outputs) await writeFile(path, text);
  console.log(`Wrote ${outputs.map(([path]) => path.slice(root.length)).join(", ")} (${Object.keys(document.paths ?? {}).length} paths).`);
}
