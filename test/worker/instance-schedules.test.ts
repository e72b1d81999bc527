// The database page's one call for its schedules: GET /api/v1/instances/{id}/schedules lists the
// schedules whose selector picks this database — the same ones, with the same next wakes and
// sleeps, that one preview per schedule used to reveal — whether they are dry runs or paused, and
// whether the database can be stopped at all; in two D1 statements however many schedules the
// organization has, and nothing of another tenant.
import { describe, expect, it } from "vitest";
import { newId } from "../../worker/db/ids.ts";
import { api, bearer, tokenFor } from "../helpers/auth.ts";
import { withNeighbour } from "../helpers/neighbours.ts";
import { withStatements } from "../helpers/statements.ts";

const tag = (value: string) => ({ match: [{ field: "tag", key: "env", op: "equals", value }] });
const EVERY_DAY = [{ begin: "08:00", end: "20:00" }];

async function seed() {
  const t = await withNeighbour("Database schedules");
  const ordersDev = t.database("orders-dev");
  const replica = t.database("orders-replica", { eligible: false, ineligibleReason: "a read replica cannot be stopped" });
  const neighbour = t.neighbourDatabase("neighbour-dev");
  await t.insert(ordersDev, replica, t.database("billing-qa", { tags: { env: "qa" } }), neighbour);
  const create = (name: string, envTag: string, extra: Record<string, unknown> = {}) => t.schedule({ name, timezone: "UTC", periods: EVERY_DAY, selector: tag(envTag), ...extra });
  return { orgId: t.orgId, viewer: await tokenFor(t.orgId, "viewer"), neighbourViewer: await tokenFor(t.neighbourOrgId, "viewer"), ordersDev: ordersDev.id, replica: replica.id, neighbour: neighbour.id, create };
}

/** What the page used to compute from a schedule's preview: its first four wakes and sleeps. */
async function fromPreview(token: string, scheduleId: string) {
  const preview = await (await api(`/schedules/${scheduleId}/preview?days=7`, { headers: bearer(token) })).json<any>();
  return { databases: preview.databases.map((d: any) => d.id) as string[], next: preview.transitions.filter((t: any) => t.state !== "none").slice(0, 4) };
}

describe("GET /api/v1/instances/{id}/schedules", () => {
  it("lists the schedules that select the database, with the next transitions their previews show", async () => {
    const s = await seed();
    const nights = await s.create("Nights (dev)", "dev", { enforce: true });
    const trial = await s.create("Trial (dev)", "dev", { dryRun: true, maintenanceWake: true });
    const qa = await s.create("QA only", "qa");
    const { status, body } = await withStatements(s.viewer, `/instances/${s.ordersDev}/schedules`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ instanceId: s.ordersDev, eligible: true, ineligibleReason: null, truncated: false });
    // Newest first, as the schedules list orders them; the QA schedule does not select it.
    expect(body.schedules.map((x: any) => x.id)).toEqual([trial, nights]);
    expect(body.schedules.map((x: any) => x.id)).not.toContain(qa);
    expect(body.schedules[0]).toMatchObject({ name: "Trial (dev)", enforce: false, dryRun: true, enabled: true, maintenanceWake: true });
    expect(body.schedules[1]).toMatchObject({ name: "Nights (dev)", enforce: true, dryRun: false, enabled: true, maintenanceWake: false });
    for (const listed of body.schedules) {
      const preview = await fromPreview(s.viewer, listed.id);
      expect(preview.databases).toContain(s.ordersDev);
      expect(listed.nextTransitions).toEqual(preview.next);
      expect(listed.nextTransitions).toHaveLength(4); // awake 08:00–20:00 every day: 14 changes a week, the first four shown
    }
    // The QA schedule's preview agrees that it leaves this database out.
    expect((await fromPreview(s.viewer, qa)).databases).not.toContain(s.ordersDev);
  });

  it("lists a paused (disabled) schedule without transitions, as its preview has it", async () => {
    const s = await seed();
    const paused = await s.create("Paused (dev)", "dev", { enabled: false });
    const { body } = await withStatements(s.viewer, `/instances/${s.ordersDev}/schedules`);
    expect(body.schedules).toEqual([expect.objectContaining({ id: paused, enabled: false, nextTransitions: [] })]);
    expect(await fromPreview(s.viewer, paused)).toEqual({ databases: expect.arrayContaining([s.ordersDev]), next: [] });
  });

  it("says when the database cannot be stopped, and still names the schedules that select it", async () => {
    const s = await seed();
    const nights = await s.create("Nights (dev)", "dev");
    const { body } = await withStatements(s.viewer, `/instances/${s.replica}/schedules`);
    expect(body).toMatchObject({ eligible: false, ineligibleReason: "a read replica cannot be stopped" });
    expect(body.schedules.map((x: any) => x.id)).toEqual([nights]);
  });

  it("costs two D1 statements whether there are 2 schedules or 12, where a preview per schedule costs one or more each", async () => {
    const s = await seed();
    const ids = [await s.create("Few 0", "dev"), await s.create("Few 1", "qa")];
    const few = await withStatements(s.viewer, `/instances/${s.ordersDev}/schedules`);
    expect(few.body.schedules).toHaveLength(1);
    for (let i = 0; i < 10; i++) ids.push(await s.create(`Many ${i}`, i % 2 ? "dev" : "qa"));
    const many = await withStatements(s.viewer, `/instances/${s.ordersDev}/schedules`);
    expect(many.body.schedules).toHaveLength(6);
    expect(few.statements, few.statements.join("\n")).toHaveLength(2);
    expect(many.statements, many.statements.join("\n")).toHaveLength(2);
    expect(many.statements.some((q) => q.includes('"instances"'))).toBe(true);
    expect(many.statements.some((q) => q.includes('"schedules"'))).toBe(true);
    // Positive control: the counter sees what the page used to cost — at least one statement per preview.
    let previewStatements = 0;
    for (const id of ids) previewStatements += (await withStatements(s.viewer, `/schedules/${id}/preview?days=7`)).statements.length;
    expect(previewStatements).toBeGreaterThanOrEqual(ids.length);
  });

  it("answers 404 problem+json for another organization's database, an unknown id, and 400 for a bad one", async () => {
    const s = await seed();
    await s.create("Nights (dev)", "dev");
    const theirs = await withStatements(s.viewer, `/instances/${s.neighbour}/schedules`);
    expect(theirs.status).toBe(404);
    expect(theirs.contentType).toContain("application/problem+json");
    expect(JSON.stringify(theirs.body)).not.toContain("Nights");
    // The neighbour sees its own database, but none of this organization's schedules.
    const own = await withStatements(s.neighbourViewer, `/instances/${s.neighbour}/schedules`);
    expect(own.status).toBe(200);
    expect(own.body.schedules).toEqual([]);
    const unknown = await withStatements(s.viewer, `/instances/${newId("instance")}/schedules`);
    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toContain("application/problem+json");
    for (const path of [`/instances/${"x".repeat(65)}/schedules`, `/instances/${s.ordersDev}/schedules?days=90`]) {
      const bad = await withStatements(s.viewer, path);
      expect(bad.status, path).toBe(400);
      expect(bad.contentType, path).toContain("application/problem+json");
    }
  });
});
