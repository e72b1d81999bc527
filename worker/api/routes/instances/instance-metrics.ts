/**
 * GET /api/v1/instances/{id}/metrics?metric=cpu,connections&from&to — a database's hourly metric
 * rollups (avg, max, min, samples per hour) for charts; default the last 14 days, at most 90
 * (the retention). One statement for the database, one for its rollups (primary-key range).
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { and, asc, eq, gte, inArray, lt } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { instances, metrics } from "../../../db/schema.ts";
import { STORED_METRICS, type StoredMetric } from "../../../metrics/collect.ts";
import type { AppEnv } from "../../context.ts";
import { ApiProblem } from "../../problem.ts";
import { defineRoute } from "../../route-table.ts";
import { IdParam } from "../../schemas.ts";

const HOUR_MS = 3_600_000;
export const DEFAULT_METRICS_RANGE_MS = 14 * 24 * HOUR_MS;
export const MAX_METRICS_RANGE_MS = 90 * 24 * HOUR_MS;

const Instant = (what: string) =>
  z
    .string()
    .max(40)
    .refine((v) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)), { error: `${what} must be an ISO-8601 date or instant, e.g. 2026-11-01T00:00:00Z` })
    .optional();

export const MetricsQuery = z.object({
  metric: z
    .string()
    .max(200)
    .default("cpu,connections")
    .refine((v) => v.split(",").every((m) => (STORED_METRICS as readonly string[]).includes(m.trim())), { error: `metric must be one or more of ${STORED_METRICS.join(", ")}, comma-separated` })
    .openapi({ example: "cpu,connections" }),
  from: Instant("from").openapi({ example: "2026-11-01T00:00:00Z", description: "Inclusive; default 14 days before `to`." }),
  to: Instant("to").openapi({ example: "2026-11-15T00:00:00Z", description: "Exclusive; default now." }),
});

const Point = z.object({ hourStart: z.string(), avg: z.number(), max: z.number(), min: z.number(), samples: z.number().int() });

const MetricsSchema = z
  .object({
    instanceId: z.string(),
    from: z.string(),
    to: z.string(),
    series: z.array(z.object({ metric: z.enum(STORED_METRICS), unit: z.string(), points: z.array(Point) })).openapi({ description: "One series per requested metric, oldest hour first; hours without data (asleep, not collected) are absent." }),
  })
  .openapi("DatabaseMetrics");

const UNITS: Record<StoredMetric, string> = { cpu: "percent", connections: "connections", read_iops: "operations/s", write_iops: "operations/s", acu: "ACU" };

export function registerInstanceMetrics(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "org:read",
      resource: "instance",
      example: { query: { metric: "cpu,connections" } },
      route: createRoute({
        operationId: "getInstanceMetrics",
        method: "get",
        path: "/instances/{id}/metrics",
        tags: ["Databases"],
        summary: "A database's hourly metrics",
        request: { params: IdParam, query: MetricsQuery },
        responses: { 200: { description: "Hourly rollups", content: { "application/json": { schema: MetricsSchema } } } },
      }),
    },
    async (c) => {
      const orgId = c.get("principal").orgId;
      const { id } = c.req.valid("param");
      const q = c.req.valid("query");
      const to = q.to ? Date.parse(q.to) : Date.now();
      const from = q.from ? Date.parse(q.from) : to - DEFAULT_METRICS_RANGE_MS;
      if (from >= to) throw new ApiProblem("validation", 400, "query.from must be before query.to", { errors: [{ location: "query", path: "from", message: "must be before to" }] });
      if (to - from > MAX_METRICS_RANGE_MS) throw new ApiProblem("validation", 400, "query: the range may span at most 90 days (the metrics retention)", { errors: [{ location: "query", path: "from", message: "at most 90 days before to" }] });
      const wanted = [...new Set(q.metric.split(",").map((m) => m.trim() as StoredMetric))];

      const db = drizzle(c.env.DB);
      const [instance] = await db.select({ id: instances.id }).from(instances).where(and(eq(instances.id, id), eq(instances.orgId, orgId)));
      if (!instance) throw new ApiProblem("not-found", 404, `No database ${id}.`);
      const rows = await db
        .select({ metric: metrics.metric, hourStart: metrics.hourStart, avg: metrics.avg, max: metrics.max, min: metrics.min, samples: metrics.samples })
        .from(metrics)
        .where(and(eq(metrics.orgId, orgId), eq(metrics.instanceId, id), inArray(metrics.metric, wanted), gte(metrics.hourStart, new Date(from)), lt(metrics.hourStart, new Date(to))))
        .orderBy(asc(metrics.metric), asc(metrics.hourStart));
      const series = wanted.map((metric) => ({
        metric,
        unit: UNITS[metric],
        points: rows.filter((r) => r.metric === metric).map((r) => ({ hourStart: r.hourStart.toISOString(), avg: r.avg, max: r.max, min: r.min, samples: r.samples })),
      }));
      return c.json({ instanceId: id, from: new Date(from).toISOString(), to: new Date(to).toISOString(), series }, 200);
    },
  );
}
