// The layering rule of the pure cores, as a pure check over source texts (used by
// `npm run lint:layers` and by test/worker/layers.test.ts): nothing in worker/schedules/,
// worker/reconcile/ or worker/domain/ may import D1, drizzle, Durable Object or Workers runtime
// code, or call fetch. They may import each other, zod and cron-parser, and nothing else.

/** Folders that must stay pure. */
export const PURE_DIRS = ["worker/schedules/", "worker/reconcile/", "worker/domain/", "worker/metrics/", "worker/policies/"];
/** Packages the pure cores may import. */
const ALLOWED_PACKAGES = new Set(["zod", "cron-parser"]);
/** Runtime I/O a pure module must not touch even without importing it. */
const FORBIDDEN_CODE: [RegExp, string][] = [
  [/(?<![\w.])fetch\s*\(/, "calls fetch"],
  [/\bD1Database\b|\bD1PreparedStatement\b/, "uses D1"],
  [/\bDurableObject(State|Storage|Namespace)?\b|\bSqlStorage\b/, "uses Durable Object storage"],
  [/\benv\.(DB|EVENTS|ACCOUNT_AGENT|ACCOUNT_TICKS)\b/, "uses a binding"],
];

export interface LayerViolation {
  file: string;
  problem: string;
}

/** `import … from "x"`, `export … from "x"`, `import "x"` and `import("x")`. */
const IMPORT = /^\s*(?:import|export)\s+(?:type\s+)?[\w*\s{},$]+?\s+from\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)/gm;

/** Resolves `spec` imported from `file` (repo-relative, forward slashes) to a repo path. */
function resolve(file: string, spec: string): string {
  const parts = file.split("/").slice(0, -1);
  for (const seg of spec.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  return parts.join("/");
}

const isPure = (path: string) => PURE_DIRS.some((d) => path.startsWith(d));

/** Violations in `files` (repo-relative path → source); files outside the pure folders are ignored. */
export function checkLayers(files: Record<string, string>): LayerViolation[] {
  const out: LayerViolation[] = [];
  for (const [file, source] of Object.entries(files)) {
    if (!isPure(file)) continue;
    const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
    for (const m of code.matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2] ?? m[3])!;
      if (spec.startsWith(".")) {
        const target = resolve(file, spec);
        if (!isPure(target)) out.push({ file, problem: `imports ${spec} (${target}), outside the pure folders` });
      } else {
        const pkg = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!;
        if (!ALLOWED_PACKAGES.has(pkg)) out.push({ file, problem: `imports ${spec}` });
      }
    }
    for (const [pattern, problem] of FORBIDDEN_CODE) if (pattern.test(code)) out.push({ file, problem });
  }
  return out;
}
