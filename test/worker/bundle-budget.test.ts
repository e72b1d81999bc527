// The Worker bundle's size budget (scripts/deploy-dry-run.ts fails `npm run bench` and
// `npm run check:deploy` over it) and the per-package breakdown it prints from esbuild's metafile.
import { describe, expect, it } from "vitest";
import { bytesByPackage, overBudget, packageOf, WORKER_GZIP_BUDGET } from "../../scripts/lib/bundle-budget.ts";

describe("the Worker bundle budget", () => {
  it("is 1 MB gzip, passes at the budget and fails one byte over it with a message naming both sizes", () => {
    expect(WORKER_GZIP_BUDGET).toBe(1_000_000);
    expect(overBudget(1_000_000, WORKER_GZIP_BUDGET)).toBeNull();
    expect(overBudget(1_000_001, WORKER_GZIP_BUDGET)).toMatch(/over budget: 1000001 bytes gzip > 1000000 bytes/);
  });

  it("attributes bundle bytes to npm packages (scoped ones by scope and name) and our code to its module folder", () => {
    expect(packageOf("node_modules/zod/v4/core/schemas.js")).toBe("zod");
    expect(packageOf("node_modules/@hono/zod-openapi/dist/index.js")).toBe("@hono/zod-openapi");
    expect(packageOf("node_modules/.pnpm/x/node_modules/hono/dist/hono.js")).toBe("hono");
    expect(packageOf("worker/pricing/aws-rds.ts")).toBe("worker/pricing/");
    expect(packageOf("worker/index.ts")).toBe("worker/");
    const meta = {
      outputs: {
        "dist/index.js": { bytes: 60, inputs: { "node_modules/zod/a.js": { bytesInOutput: 30 }, "node_modules/zod/b.js": { bytesInOutput: 10 }, "worker/api/app.ts": { bytesInOutput: 20 } } },
        "dist/index.js.map": { bytes: 999, inputs: { "node_modules/zod/a.js": { bytesInOutput: 999 } } },
      },
    };
    expect(bytesByPackage(meta)).toEqual([
      { name: "zod", bytes: 40 },
      { name: "worker/api/", bytes: 20 },
    ]);
  });
});
