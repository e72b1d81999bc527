// Inventory planning (pure): what discovery writes and which changes it reports.
import { describe, expect, it } from "vitest";
import { planInventory, type KnownInstance } from "../../worker/discovery/inventory.ts";
import { CloudError, type Database } from "../../worker/cloud/index.ts";

const db = (externalId: string, region = "us-east-1", state: Database["state"] = "running"): Database => ({
  provider: "aws", kind: "rds_instance", externalId, region, resourceName: null, name: externalId, engine: "postgres",
  engineVersion: null, instanceClass: null, cloudStatus: state === "running" ? "available" : "stopped", state, tags: {}, eligible: true,
});
const known = (id: string, externalId: string, region = "us-east-1", state: KnownInstance["state"] = "running", deletedAt: Date | null = null): KnownInstance => ({ id, kind: "rds_instance", externalId, region, state, deletedAt });
let n = 0;
const newId = () => `db_new${++n}`;

describe("planInventory", () => {
  it("adds new databases, reports state changes, and removes what is gone", () => {
    const plan = planInventory(
      [known("db_a", "a"), known("db_b", "b"), known("db_c", "c")],
      { databases: [db("a"), db("b", "us-east-1", "stopped"), db("d")], incomplete: [] },
      newId,
    );
    expect(plan.upserts.map((u) => [u.id, u.database.externalId, u.stateChanged])).toEqual([
      ["db_a", "a", false],
      ["db_b", "b", true],
      [expect.stringMatching(/^db_new/), "d", true],
    ]);
    expect(plan.removals).toEqual(["db_c"]);
    expect(plan.changes.map((c) => `${c.kind}:${c.externalId}`)).toEqual(["state_changed:b", "discovered:d", "removed:c"]);
  });

  it("never removes databases in a region that failed to list", () => {
    const failure = new CloudError({ provider: "aws", code: "Throttling", message: "Rate exceeded" });
    const plan = planInventory([known("db_a", "a", "eu-west-1"), known("db_b", "b")], { databases: [], incomplete: [{ region: "eu-west-1", error: failure }] }, newId);
    expect(plan.removals).toEqual(["db_b"]);
  });

  it("brings back a database that reappears after removal", () => {
    const plan = planInventory([known("db_a", "a", "us-east-1", "running", new Date())], { databases: [db("a")], incomplete: [] }, newId);
    expect(plan.upserts).toEqual([expect.objectContaining({ id: "db_a", stateChanged: true })]);
    expect(plan.changes).toEqual([expect.objectContaining({ kind: "reappeared", instanceId: "db_a" })]);
    expect(plan.removals).toEqual([]);
  });

  it("skips a database whose stored row already says what the cloud says, until its liveness is a day old", () => {
    const now = Date.UTC(2026, 10, 24, 12);
    const d = db("a");
    const stored = { resourceName: null, name: "a", engine: "postgres", engineVersion: null, instanceClass: null, cloudStatus: "available", tags: {}, eligible: true, ineligibleReason: null, lastSeenAt: new Date(now - 60_000) };
    const k = { ...known("db_a", "a"), stored };
    expect(planInventory([k], { databases: [d], incomplete: [] }, newId, now).upserts).toEqual([]);
    expect(planInventory([k], { databases: [{ ...d, tags: { env: "dev" } }], incomplete: [] }, newId, now).upserts).toHaveLength(1);
    expect(planInventory([{ ...k, stored: { ...stored, lastSeenAt: new Date(now - 25 * 3600_000) } }], { databases: [d], incomplete: [] }, newId, now).upserts).toHaveLength(1);
  });
});
