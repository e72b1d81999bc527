/** How a database is shown by the API. */
import { z } from "@hono/zod-openapi";
import { and, eq, isNull } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { INSTANCE_KINDS, instances, POWER_STATES } from "../../../db/schema.ts";
import { ApiProblem } from "../../problem.ts";
import { iso } from "../../schemas.ts";
import { storedPrice } from "../../../savings/price.ts";
import { describeWindow } from "../../../domain/maintenance.ts";
import { maintenanceWake } from "../../../reconcile/maintenance.ts";

const MaintenanceSchema = z
  .object({
    window: z.string().nullable().openapi({ example: "Sun 05:00–05:30 UTC", description: "The weekly maintenance window (UTC); null when the cloud leaves the day open." }),
    pending: z.array(z.string()).openapi({ description: "What the cloud will apply in the next window (empty: nothing to do)." }),
    wake: z
      .object({ from: z.string(), to: z.string(), windowFrom: z.string(), windowTo: z.string() })
      .nullable()
      .openapi({ description: "When a schedule with maintenanceWake wakes it for the pending maintenance (window minus 20 min to window plus 15 min), if it is asleep then; null when nothing is pending." }),
  })
  .openapi("DatabaseMaintenance");

export const InstanceSchema = z
  .object({
    id: z.string(),
    cloudAccountId: z.string(),
    provider: z.enum(["aws", "gcp"]),
    kind: z.enum(INSTANCE_KINDS),
    name: z.string(),
    externalId: z.string(),
    region: z.string(),
    engine: z.string(),
    engineVersion: z.string().nullable(),
    instanceClass: z.string().nullable(),
    state: z.enum(POWER_STATES),
    cloudStatus: z.string().nullable(),
    stateSince: z.string().nullable(),
    tags: z.record(z.string(), z.string()),
    eligible: z.boolean(),
    ineligibleReason: z.string().nullable(),
    hourlyPriceMicros: z.number().int().nullable().openapi({ description: "Effective compute price, micro-dollars per hour; null = unknown (set one with PUT /instances/{id}/price)." }),
    priceSource: z.string().openapi({ example: "catalog 2026-11", description: '"catalog <version>" (with the account discount, e.g. "catalog 2026-11 −30%"), "override" or "unknown".' }),
    lastSeenAt: z.string().nullable(),
    maintenance: MaintenanceSchema.nullable().openapi({ description: "Its maintenance window and pending maintenance as discovery last read them; null until then." }),
  })
  .openapi("Database");

export type InstanceRow = typeof instances.$inferSelect;

export function instanceView(r: InstanceRow): z.infer<typeof InstanceSchema> {
  return {
    id: r.id,
    cloudAccountId: r.cloudAccountId,
    provider: r.provider,
    kind: r.kind,
    name: r.name,
    externalId: r.externalId,
    region: r.region,
    engine: r.engine,
    engineVersion: r.engineVersion,
    instanceClass: r.instanceClass,
    state: r.state,
    cloudStatus: r.cloudStatus,
    stateSince: iso(r.stateSince),
    tags: r.tags,
    eligible: r.eligible,
    ineligibleReason: r.ineligibleReason,
    hourlyPriceMicros: storedPrice(r).hourlyMicros,
    priceSource: storedPrice(r).source,
    lastSeenAt: iso(r.lastSeenAt),
    maintenance: maintenanceView(r.maintenance, Date.now()),
  };
}

function maintenanceView(facts: InstanceRow["maintenance"], now: number): z.infer<typeof MaintenanceSchema> | null {
  if (!facts) return null;
  const wake = maintenanceWake(facts, now);
  const at = (t: number) => new Date(t).toISOString();
  return {
    window: facts.window ? describeWindow(facts.window) : null,
    pending: facts.pending,
    wake: wake && { from: at(wake.wakeAt), to: at(wake.sleepAt), windowFrom: at(wake.windowStart), windowTo: at(wake.windowEnd) },
  };
}

export async function loadInstance(db: DrizzleD1Database, orgId: string, id: string): Promise<InstanceRow> {
  const [row] = await db.select().from(instances).where(and(eq(instances.id, id), eq(instances.orgId, orgId), isNull(instances.deletedAt)));
  if (!row) throw new ApiProblem("not-found", 404, `No database ${id}.`);
  return row;
}
