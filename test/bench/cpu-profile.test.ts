// The fleet benchmark's CPU-profile attribution (bench/lib/cpu-profile.ts): samples go to the
// source file of their frame's bundle module, natives to their caller's file, and a whole stack
// to the entry category its outermost recognised frame names — so shared code (the D1 layer)
// counts as agent time only when the agent called it.
import { describe, expect, it } from "vitest";
import { attributeProfile, bundleModules, markerLocator, normalizeFile, packageOf, sourceMapLocator, type CpuProfile, type ProfileNode } from "../../bench/lib/cpu-profile.ts";

const URL = "file:///repo/.wrangler/tmp/dev-abc/index.js";
const BUNDLE = [
  "// worker/index.ts", //                                                       0
  "var handler = { async fetch() {} };", //                                       1
  "", //                                                                          2
  "// durable-objects/account-agent.ts", //                                       3
  "async function pass() {}", //                                                  4
  "  // a comment inside a module is not a module marker", //                    5
  "// ../../node_modules/.pnpm/drizzle-orm@0.45.4/node_modules/drizzle-orm/d1/session.js", // 6
  "function all() {}", //                                                         7
  "// worker/queues/events.ts", //                                                8
  "function consume() {}", //                                                     9
  "// worker/db/schema.ts", //                                                    10
  "function rowOf() {}", //                                                       11
].join("\n");

const frame = (functionName: string, lineNumber: number, url = URL) => ({ functionName, scriptId: url ? "7" : "0", url, lineNumber, columnNumber: 0 });
const nodes: ProfileNode[] = [
  { id: 1, callFrame: frame("(root)", -1, ""), children: [2, 3, 7, 8] },
  { id: 2, callFrame: frame("fetch", 1), children: [4] },
  { id: 4, callFrame: frame("pass", 4), children: [5, 6] },
  { id: 5, callFrame: frame("all", 7), children: [9] },
  { id: 9, callFrame: frame("parse", -1, "") }, // JSON.parse: native, no url
  { id: 6, callFrame: frame("rowOf", 11) }, // shared code, called by the agent
  { id: 3, callFrame: frame("consume", 9), children: [10] },
  { id: 10, callFrame: frame("rowOf", 11) }, // the same shared code, called by the events consumer
  { id: 7, callFrame: frame("(garbage collector)", -1, "") },
  { id: 8, callFrame: frame("all", 7) }, // an async continuation: no entry frame on the stack
];
// Sample i lasts until sample i+1 (the last until endTime), at most one interval (2 ms here: the
// 3 ms gap after sample 3 counts 2). Stamps: 1000 2000 4000 5000 8000 9000 9500 11000 (end 12000);
// weights: 1 2 1 2 1 0.5 1.5 1 ms.
const profile: CpuProfile = {
  nodes, startTime: 0, endTime: 12_000,
  samples: [5, 9, 6, 10, 3, 7, 8, 4],
  timeDeltas: [1000, 1000, 2000, 1000, 3000, 1000, 500, 1500],
};

const locators = new Map([[URL, markerLocator(BUNDLE)]]);

describe("CPU profile attribution", () => {
  it("reads esbuild's module markers, with packages under node_modules", () => {
    expect(bundleModules(BUNDLE)).toEqual([
      { startLine: 0, file: "worker/index.ts" },
      { startLine: 3, file: "durable-objects/account-agent.ts" },
      { startLine: 6, file: "node_modules/drizzle-orm/d1/session.js" },
      { startLine: 8, file: "worker/queues/events.ts" },
      { startLine: 10, file: "worker/db/schema.ts" },
    ]);
    expect(packageOf("node_modules/@hono/zod-openapi/dist/index.js")).toBe("npm:@hono/zod-openapi");
    expect(packageOf("worker/db/schema.ts")).toBe("worker/db/schema.ts");
    // drizzle-orm's own maps name ../src/…, one level above its package: still drizzle-orm.
    expect(packageOf(normalizeFile("../../../node_modules/src/entity.ts"))).toBe("npm:drizzle-orm");
  });

  it("sums each sample's time into its entry category", () => {
    const a = attributeProfile(profile, locators, 2000);
    expect(a.samples).toBe(8);
    expect(a.totalMs).toBe(10);
    // Agent: drizzle under pass 1 ms + JSON.parse under it 2 ms + shared rowOf under pass 1 ms + pass itself 1 ms.
    // The same rowOf under the events consumer (2 ms) is the consumer's, not the agent's; the
    // drizzle continuation with no entry frame (1.5 ms) is nobody's.
    expect(a.byCategory).toEqual({ agent: 5, "events consumer": 3, "cron tick": 0, "other queues": 0, "API routes": 0, "idle/program/GC": 0.5, other: 1.5 });
  });

  it("sums self time per file and package, natives counted to their caller's file", () => {
    const a = attributeProfile(profile, locators, 2000);
    expect(a.selfByFile).toEqual([
      { file: "npm:drizzle-orm", ms: 4.5 },
      { file: "worker/db/schema.ts", ms: 3 },
      { file: "durable-objects/account-agent.ts", ms: 1 },
      { file: "worker/queues/events.ts", ms: 1 },
      { file: "(garbage collector)", ms: 0.5 },
    ]);
    expect(a.agentSelfByFile).toEqual([
      { file: "npm:drizzle-orm", ms: 3 },
      { file: "durable-objects/account-agent.ts", ms: 1 },
      { file: "worker/db/schema.ts", ms: 1 },
    ]);
    expect(a.selfByFunction[0]).toEqual({ fn: "rowOf worker/db/schema.ts", ms: 3 });
    expect(a.selfByFunction).toContainEqual({ fn: "parse (native, from node_modules/drizzle-orm/d1/session.js)", ms: 2 });
    expect(attributeProfile(profile, locators, 2000, 2).selfByFile).toHaveLength(2);
  });

  it("names a frame outside any known bundle by its url", () => {
    const a = attributeProfile(profile, new Map(), 2000);
    expect(a.selfByFile[0]).toEqual({ file: URL, ms: 9.5 }); // everything but the GC sample
    expect(a.selfByFunction).toContainEqual({ fn: `rowOf ${URL}:12`, ms: 3 });
    expect(a.byCategory.agent).toBe(0);
  });

  it("reads a minified bundle's source map: file and line per generated position", () => {
    // Line 0: column 0 → pass.ts line 1; column 14 → zod line 5; column 54 (a two-digit VLQ) → zod line 5. Line 1: column 0 → pass.ts line 10.
    const locate = sourceMapLocator({
      sources: ["../../../worker/reconcile/pass.ts", "../../../node_modules/.pnpm/zod@4.6.7/node_modules/zod/v4/core/parse.js"],
      mappings: "AAAA,cCIA,wCAAA;ADKA",
    });
    expect(locate(0, 0)).toEqual({ file: "worker/reconcile/pass.ts", line: 1 });
    expect(locate(0, 13)).toEqual({ file: "worker/reconcile/pass.ts", line: 1 });
    expect(locate(0, 14)).toEqual({ file: "node_modules/zod/v4/core/parse.js", line: 5 });
    expect(locate(0, 60)).toEqual({ file: "node_modules/zod/v4/core/parse.js", line: 5 });
    expect(locate(1, 3)).toEqual({ file: "worker/reconcile/pass.ts", line: 10 });
    expect(locate(2, 0)).toBeNull();
  });
});
