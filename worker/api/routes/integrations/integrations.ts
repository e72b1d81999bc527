/**
 * Integrations of an organization: generic webhooks (Standard Webhooks-signed) and Slack
 * incoming webhooks created here; Slack app installations arrive through the OAuth flow
 * (slack-install.ts). Secrets are sealed on the way in and never returned, except a webhook's
 * signing secret once, in the response that creates or rotates it.
 *
 * GET/POST /integrations, GET/PATCH/DELETE /integrations/{id}, POST /integrations/{id}/rotate-secret,
 * GET /integrations/event-types.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, desc, eq } from "drizzle-orm";
import { integrations } from "../../../db/schema.ts";
import { newId } from "../../../db/ids.ts";
import { audit } from "../../../audit/audit-log.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { IdParam } from "../../schemas.ts";
import { DEFAULT_ROTATION_WINDOW_MS, rotated, sealConfig, slackWebhookUrlProblem, targetOf, unsealConfig, webhookUrlProblem, type IntegrationConfig } from "../../../integrations/config.ts";
import { newWebhookSecret } from "../../../notifications/standard-webhooks.ts";
import { NOTIFICATION_TYPES } from "../../../notifications/vocabulary.ts";
import { bodyProblem, IntegrationSchema, integrationView, loadIntegration, NotificationTypeSchema } from "./integration-view.ts";

const Name = z.string().trim().min(1).max(100);
const EventTypes = z.array(NotificationTypeSchema).max(20).optional();
const Url = z.string().trim().max(2048);

const CreateBody = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("webhook"), name: Name, url: Url.openapi({ example: "https://hooks.example.com/snoozeql" }), eventTypes: EventTypes }),
    z.object({ kind: z.literal("slack_webhook"), name: Name, url: Url.openapi({ example: "https://hooks.slack.com/services/T000/B000/XXXX" }), eventTypes: EventTypes }),
  ])
  .openapi("CreateIntegrationRequest");

const WithSecret = IntegrationSchema.extend({
  secret: z.string().nullable().openapi({ description: "The webhook signing secret (whsec_…). Shown once; store it now." }),
}).openapi("CreatedIntegration");

const UpdateBody = z
  .object({
    name: Name.optional(),
    url: Url.optional(),
    eventTypes: EventTypes,
    channels: z.record(z.union([NotificationTypeSchema, z.literal("*")]), z.string().regex(/^[A-Z0-9]{2,30}$/, "a Slack channel id like C0123ABCD")).optional(),
    enabled: z.boolean().optional().openapi({ description: "true re-enables an integration that was disabled after failing." }),
  })
  .openapi("UpdateIntegrationRequest");

function urlProblem(env: AppEnv["Bindings"], kind: "webhook" | "slack_webhook", url: string): void {
  const problem = kind === "webhook" ? webhookUrlProblem(env, url) : slackWebhookUrlProblem(env, url);
  if (problem) throw bodyProblem("url", problem);
}

export function registerIntegrations(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "org:read",
      route: createRoute({
        operationId: "listIntegrationEventTypes",
        method: "get",
        path: "/integrations/event-types",
        tags: ["Integrations"],
        summary: "Notification types an integration can subscribe to",
        responses: {
          200: {
            description: "Every type; `coming` ones are not produced yet",
            content: { "application/json": { schema: z.object({ data: z.array(z.object({ type: z.string(), label: z.string(), coming: z.boolean() })) }) } },
          },
        },
      }),
    },
    (c) => c.json({ data: Object.entries(NOTIFICATION_TYPES).map(([type, t]) => ({ type, label: t.label, coming: t.coming })) }, 200),
  );

  defineRoute(
    app,
    {
      access: "org:read",
      route: createRoute({
        operationId: "listIntegrations",
        method: "get",
        path: "/integrations",
        tags: ["Integrations"],
        summary: "List integrations",
        responses: { 200: { description: "Integrations, newest first", content: { "application/json": { schema: z.object({ data: z.array(IntegrationSchema) }) } } } },
      }),
    },
    async (c) => {
      const rows = await drizzle(c.env.DB).select().from(integrations).where(eq(integrations.orgId, c.get("principal").orgId)).orderBy(desc(integrations.createdAt));
      return c.json({ data: rows.map(integrationView) }, 200);
    },
  );

  defineRoute(
    app,
    {
      access: "integrations:write",
      example: { body: { kind: "webhook", name: "Ops webhook", url: "https://hooks.example.com/snoozeql", eventTypes: ["database.stopped"] } },
      route: createRoute({
        operationId: "createIntegration",
        method: "post",
        path: "/integrations",
        tags: ["Integrations"],
        summary: "Add a webhook or a Slack incoming webhook",
        description: "Webhooks are signed per Standard Webhooks with the returned `whsec_` secret (shown once). Slack apps are added with GET /integrations/slack/install.",
        request: { body: { required: true, content: { "application/json": { schema: CreateBody } } } },
        responses: { 201: { description: "Created", content: { "application/json": { schema: WithSecret } } } },
      }),
    },
    async (c) => {
      const body = c.req.valid("json");
      const principal = c.get("principal");
      urlProblem(c.env, body.kind, body.url);
      const id = newId("integration");
      const secret = body.kind === "webhook" ? newWebhookSecret() : null;
      const config: IntegrationConfig = body.kind === "webhook" ? { kind: "webhook", url: body.url, secrets: [{ secret: secret!, expiresAt: null }] } : { kind: "slack_webhook", url: body.url };
      const [row] = await drizzle(c.env.DB)
        .insert(integrations)
        .values({ id, orgId: principal.orgId, kind: body.kind, name: body.name, configSealed: await sealConfig(c.env, id, config), eventTypes: body.eventTypes ?? [], target: targetOf(config) })
        .returning();
      await audit(c, { action: "integration.created", targetType: "integration", targetId: id, summary: { kind: body.kind, name: body.name, target: row!.target } });
      return c.json({ ...integrationView(row!), secret }, 201);
    },
  );

  defineRoute(
    app,
    {
      access: "org:read",
      resource: "integration",
      route: createRoute({
        operationId: "getIntegration",
        method: "get",
        path: "/integrations/{id}",
        tags: ["Integrations"],
        summary: "Read an integration",
        request: { params: IdParam },
        responses: { 200: { description: "The integration", content: { "application/json": { schema: IntegrationSchema } } } },
      }),
    },
    async (c) => c.json(integrationView(await loadIntegration(drizzle(c.env.DB), c.get("principal").orgId, c.req.valid("param").id)), 200),
  );

  defineRoute(
    app,
    {
      access: "integrations:write",
      resource: "integration",
      example: { body: { name: "Renamed", eventTypes: ["database.stopped", "database.failed"] } },
      route: createRoute({
        operationId: "updateIntegration",
        method: "patch",
        path: "/integrations/{id}",
        tags: ["Integrations"],
        summary: "Change an integration",
        request: { params: IdParam, body: { required: true, content: { "application/json": { schema: UpdateBody } } } },
        responses: { 200: { description: "Changed", content: { "application/json": { schema: IntegrationSchema } } } },
      }),
    },
    async (c) => {
      const body = c.req.valid("json");
      const principal = c.get("principal");
      const db = drizzle(c.env.DB);
      const row = await loadIntegration(db, principal.orgId, c.req.valid("param").id);
      const changes: Partial<typeof integrations.$inferInsert> = { updatedAt: new Date() };
      if (body.name !== undefined) changes.name = body.name;
      if (body.eventTypes !== undefined) changes.eventTypes = body.eventTypes;
      if (body.channels !== undefined) {
        if (row.kind !== "slack_app") throw bodyProblem("channels", "only an installed Slack app posts to channels");
        changes.channels = body.channels;
      }
      if (body.url !== undefined) {
        if (row.kind === "slack_app") throw bodyProblem("url", "an installed Slack app has no URL");
        urlProblem(c.env, row.kind, body.url);
        const config = await unsealConfig(c.env, row.id, row.configSealed);
        const next = { ...config, url: body.url } as IntegrationConfig;
        changes.configSealed = await sealConfig(c.env, row.id, next);
        changes.target = targetOf(next);
      }
      if (body.enabled !== undefined) {
        changes.enabled = body.enabled;
        if (body.enabled) Object.assign(changes, { consecutiveFailures: 0, disabledReason: null, disabledAt: null });
      }
      const [updated] = await db.update(integrations).set(changes).where(and(eq(integrations.id, row.id), eq(integrations.orgId, principal.orgId))).returning();
      await audit(c, { action: "integration.updated", targetType: "integration", targetId: row.id, summary: { fields: Object.keys(body), enabled: updated!.enabled } });
      return c.json(integrationView(updated!), 200);
    },
  );

  defineRoute(
    app,
    {
      access: "integrations:write",
      resource: "integration",
      route: createRoute({
        operationId: "deleteIntegration",
        method: "delete",
        path: "/integrations/{id}",
        tags: ["Integrations"],
        summary: "Remove an integration",
        request: { params: IdParam },
        responses: { 204: { description: "Removed (its delivery log too)" } },
      }),
    },
    async (c) => {
      const principal = c.get("principal");
      const db = drizzle(c.env.DB);
      const row = await loadIntegration(db, principal.orgId, c.req.valid("param").id);
      await db.delete(integrations).where(and(eq(integrations.id, row.id), eq(integrations.orgId, principal.orgId)));
      await audit(c, { action: "integration.deleted", targetType: "integration", targetId: row.id, summary: { kind: row.kind, name: row.name } });
      return c.body(null, 204);
    },
  );

  defineRoute(
    app,
    {
      access: "integrations:write",
      resource: "integration",
      example: { body: { windowHours: 24 } },
      route: createRoute({
        operationId: "rotateIntegrationSecret",
        method: "post",
        path: "/integrations/{id}/rotate-secret",
        tags: ["Integrations"],
        summary: "Rotate a webhook's signing secret",
        description: "Returns the new secret (once). The previous secret keeps signing beside it for `windowHours` (default 24), so receivers can switch without missing a delivery.",
        request: { params: IdParam, body: { required: true, content: { "application/json": { schema: z.object({ windowHours: z.number().int().min(0).max(24 * 7).optional() }) } } } },
        responses: { 200: { description: "Rotated", content: { "application/json": { schema: z.object({ secret: z.string(), previousValidUntil: z.string() }).openapi("RotatedSecret") } } } },
      }),
    },
    async (c) => {
      const principal = c.get("principal");
      const db = drizzle(c.env.DB);
      const row = await loadIntegration(db, principal.orgId, c.req.valid("param").id);
      const config = await unsealConfig(c.env, row.id, row.configSealed);
      if (config.kind !== "webhook") throw bodyProblem("kind", "only webhooks have a signing secret");
      const windowMs = (c.req.valid("json").windowHours ?? DEFAULT_ROTATION_WINDOW_MS / 3_600_000) * 3_600_000;
      const now = Date.now();
      const secret = newWebhookSecret();
      await db
        .update(integrations)
        .set({ configSealed: await sealConfig(c.env, row.id, rotated(config, secret, now, windowMs)), updatedAt: new Date() })
        .where(and(eq(integrations.id, row.id), eq(integrations.orgId, principal.orgId)));
      await audit(c, { action: "integration.secret_rotated", targetType: "integration", targetId: row.id, summary: { windowHours: windowMs / 3_600_000 } });
      return c.json({ secret, previousValidUntil: new Date(now + windowMs).toISOString() }, 200);
    },
  );
}
