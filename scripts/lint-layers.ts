// `npm run lint:layers`: fails when a pure core (worker/schedules, worker/reconcile, worker/domain)
// imports D1, drizzle, Durable Object or fetch code (see scripts/lib/layers.ts for the rule).
// Optional argument: another repository root to check (the test plants a violation in a copy).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { checkLayers, PURE_DIRS } from "./lib/layers.ts";

const root = process.argv[2] ?? join(import.meta.dirname, "..");
const files: Record<string, string> = {};
for (const dir of PURE_DIRS) {
  const walk = (abs: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = join(abs, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts")) files[relative(root, path).split("\\").join("/")] = readFileSync(path, "utf8");
    }
  };
  try {
    walk(join(root, dir));
  } catch {
    // a folder that does not exist holds no violation
  }
}
const violations = checkLayers(files);
for (const v of violations) console.error(`${v.file}: ${v.problem}`);
if (violations.length > 0) {
  console.error(`lint:layers: ${violations.length} violation(s); the pure cores must not do I/O (scripts/lib/layers.ts).`);
  process.exit(1);
}
console.log(`lint:layers: ${Object.keys(files).length} files in ${PURE_DIRS.join(", ")} import no I/O.`);
