/// <reference types="vite/client" />
// The pure cores stay pure: nothing in worker/schedules, worker/reconcile or worker/domain imports
// D1, drizzle, Durable Object or fetch code (the same check as `npm run lint:layers`).
import { describe, expect, it } from "vitest";
import { checkLayers } from "../../scripts/lib/layers.ts";

const sources = import.meta.glob(["../../worker/schedules/**/*.ts", "../../worker/reconcile/**/*.ts", "../../worker/domain/**/*.ts"], { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const repo = Object.fromEntries(Object.entries(sources).map(([path, source]) => [path.replace(/^(\.\.\/)+/, ""), source]));

describe("layers", () => {
  it("holds for the repository", () => {
    expect(Object.keys(repo)).toContain("worker/reconcile/pass.ts");
    expect(checkLayers(repo)).toEqual([]);
  });

  it.each([
    ["worker/reconcile/pass.ts", 'import { drizzle } from "drizzle-orm/d1";', /imports drizzle-orm\/d1/],
    ["worker/schedules/evaluate.ts", 'import { DurableObject } from "cloudflare:workers";', /imports cloudflare:workers/],
    ["worker/reconcile/plan.ts", 'import { instances } from "../db/schema.ts";', /outside the pure folders/],
    ["worker/reconcile/plan.ts", 'import type { AccountAgent } from "../../durable-objects/account-agent.ts";', /outside the pure folders/],
    ["worker/schedules/model.ts", "export const load = () => fetch('https://example.com');", /calls fetch/],
    ["worker/reconcile/pass.ts", "export async function read(db: D1Database) { return db; }", /uses D1/],
  ])("catches a planted violation in %s: %s", (file, line, problem) => {
    const planted = { ...repo, [file]: `${repo[file] ?? ""}\n${line}\n` };
    const violations = checkLayers(planted);
    expect(violations).toContainEqual({ file, problem: expect.stringMatching(problem) });
    expect(violations.every((v) => v.file === file)).toBe(true);
  });

  it("ignores comments and code outside the pure folders", () => {
    expect(checkLayers({ "worker/reconcile/x.ts": "// never fetch() here\n/* import from 'drizzle-orm' */", "durable-objects/a.ts": 'import "drizzle-orm";' })).toEqual([]);
  });
});
