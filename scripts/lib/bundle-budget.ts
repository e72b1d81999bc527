// The Worker bundle's size budget and the per-package breakdown of esbuild's metafile, as pure
// functions (used by scripts/deploy-dry-run.ts and its test). No file or process I/O here.

/** Issue 14: the deployable Worker stays at or under 1 MB gzip. */
export const WORKER_GZIP_BUDGET = 1_000_000;

export interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

/** The package an input path belongs to ("zod", "@hono/zod-openapi"), or for our own code its
 * module folder ("worker/pricing/", "durable-objects/agent/"). */
export function packageOf(input: string): string {
  const nm = input.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const parts = input.slice(nm + "node_modules/".length).split("/");
    return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const parts = input.replace(/^(\.\.\/)+/, "").split("/");
  return parts.length > 2 ? `${parts[0]}/${parts[1]}/` : parts.length === 2 ? `${parts[0]}/` : parts[0]!;
}

/** Bytes in the JS outputs per package, largest first. */
export function bytesByPackage(meta: Metafile): { name: string; bytes: number }[] {
  const sizes = new Map<string, number>();
  for (const [file, output] of Object.entries(meta.outputs)) {
    if (file.endsWith(".map")) continue;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = packageOf(input);
      sizes.set(name, (sizes.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...sizes].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** The failure message when the gzip size is over the budget, or null within it. */
export function overBudget(gzipBytes: number, budget: number): string | null {
  return gzipBytes > budget
    ? `Worker bundle over budget: ${gzipBytes} bytes gzip > ${budget} bytes (scripts/lib/bundle-budget.ts). Look at the largest contributors above.`
    : null;
}
