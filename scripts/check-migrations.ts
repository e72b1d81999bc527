// `npm run lint:migrations`: fails when the SQL migrations (migrations/*.sql, what wrangler applies
// to D1) and the drizzle schema (worker/db/schema.ts, what the code queries) describe different
// tables, columns or indexes — and when drizzle-kit would generate a migration (its meta snapshot is
// behind the schema). Both are applied to empty in-memory SQLite databases (node:sqlite) and
// compared through PRAGMA table_info / index_list / index_info.
// Optional argument: another repository root to check.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { runNode } from "./lib/process.ts";

const root = process.argv[2] ?? join(import.meta.dirname, "..");
const drizzleKit = join(root, "node_modules/drizzle-kit/bin.cjs");

type Shape = Map<string, { columns: Map<string, string>; indexes: Set<string> }>;

function shapeOf(sql: readonly string[]): Shape {
  const db = new DatabaseSync(":memory:");
  for (const text of sql) db.exec(text);
  const shape: Shape = new Map();
  const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[];
  for (const { name } of tables) {
    const columns = new Map<string, string>();
    for (const c of db.prepare(`pragma table_info('${name}')`).all() as { name: string; type: string; notnull: number; dflt_value: unknown; pk: number }[]) {
      columns.set(c.name, `${c.type.toLowerCase()} notnull=${c.notnull} default=${String(c.dflt_value)} pk=${c.pk}`);
    }
    const indexes = new Set<string>();
    for (const i of db.prepare(`pragma index_list('${name}')`).all() as { name: string; unique: number }[]) {
      const cols = (db.prepare(`pragma index_info('${i.name}')`).all() as { name: string }[]).map((c) => c.name).join(",");
      indexes.add(`${i.name.startsWith("sqlite_autoindex") ? "(implicit)" : i.name} unique=${i.unique} (${cols})`);
    }
    shape.set(name, { columns, indexes });
  }
  db.close();
  return shape;
}

const migrations = readdirSync(join(root, "migrations")).filter((f) => f.endsWith(".sql")).sort().map((f) => readFileSync(join(root, "migrations", f), "utf8"));

// The schema as drizzle-kit would create it from nothing.
// Inside the repository (under .wrangler/, ignored): drizzle-kit wants paths relative to its cwd.
mkdirSync(join(root, ".wrangler"), { recursive: true });
const scratch = mkdtempSync(join(root, ".wrangler/schema-check-"));
const rel = (path: string) => `./${relative(root, path)}`;
const problems: string[] = [];
try {
  const configFor = (name: string, out: string) => {
    const path = join(scratch, `${name}.config.ts`);
    writeFileSync(path, `export default ${JSON.stringify({ dialect: "sqlite", schema: "./worker/db/schema.ts", out: rel(out) })};\n`);
    return path;
  };
  await runNode(drizzleKit, ["generate", "--config", configFor("nothing", join(scratch, "out")), "--name", "from_nothing"], { cwd: root, quiet: true });
  const generated = readdirSync(join(scratch, "out")).filter((f) => f.endsWith(".sql")).map((f) => readFileSync(join(scratch, "out", f), "utf8"));

  const applied = shapeOf(migrations);
  const declared = shapeOf(generated);
  for (const table of new Set([...applied.keys(), ...declared.keys()])) {
    const a = applied.get(table);
    const d = declared.get(table);
    if (!a) problems.push(`table ${table}: in worker/db/schema.ts, created by no migration`);
    else if (!d) problems.push(`table ${table}: created by a migration, missing from worker/db/schema.ts`);
    else {
      for (const column of new Set([...a.columns.keys(), ...d.columns.keys()])) {
        if (a.columns.get(column) !== d.columns.get(column)) problems.push(`${table}.${column}: migrations say ${a.columns.get(column) ?? "(none)"}, schema.ts says ${d.columns.get(column) ?? "(none)"}`);
      }
      for (const i of a.indexes) if (!d.indexes.has(i)) problems.push(`${table}: index ${i} only in the migrations`);
      for (const i of d.indexes) if (!a.indexes.has(i)) problems.push(`${table}: index ${i} only in schema.ts`);
    }
  }

  // drizzle-kit's own view: with the committed meta snapshot, the schema needs no new migration
  // (run on a copy of migrations/, so a drift writes nothing into the repository).
  cpSync(join(root, "migrations"), join(scratch, "migrations"), { recursive: true });
  const pending = await runNode(drizzleKit, ["generate", "--config", configFor("current", join(scratch, "migrations"))], { cwd: root, quiet: true });
  const written = readdirSync(join(scratch, "migrations")).filter((f) => f.endsWith(".sql")).length;
  if (!/No schema changes/.test(pending) || written !== migrations.length) problems.push(`drizzle-kit generate wants a new migration: migrations/meta is behind worker/db/schema.ts\n${pending.split("\n").filter((l) => /alter|create|drop/i.test(l)).slice(0, 10).join("\n")}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

for (const p of problems) console.error(p);
if (problems.length > 0) {
  console.error(`lint:migrations: ${problems.length} difference(s) between migrations/ and worker/db/schema.ts.`);
  process.exit(1);
}
console.log(`lint:migrations: ${migrations.length} migrations and worker/db/schema.ts agree (tables, columns, indexes); drizzle-kit has nothing to generate.`);
