/**
 * Installing SnoozeQL's Slack app into a workspace: GET /integrations/slack/install gives the
 * "Add to Slack" URL; Slack sends the admin back to GET /integrations/slack/callback, which
 * exchanges the code (oauth.v2.access), seals the bot token, links the workspace (team id) to the
 * organization — a workspace belongs to one organization — and returns to the Integrations page.
 * POST /integrations/{id}/slack-links links a Slack user to a member explicitly (when their Slack
 * email differs from their SnoozeQL one).
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, eq, ne } from "drizzle-orm";
import { integrations, memberships, slackUserLinks } from "../../../db/schema.ts";
import { newId } from "../../../db/ids.ts";
import { audit, auditRecord } from "../../../audit/audit-log.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { ApiProblem } from "../../problem.ts";
import { sealConfig, targetOf, type IntegrationConfig } from "../../../integrations/config.ts";
import { authorizeUrl, exchangeCode, readState, redirectUri } from "../../../slack/oauth.ts";
import { actorId } from "../../../auth/principal.ts";
import { IdParam } from "../../schemas.ts";
import { bodyProblem, loadIntegration } from "./integration-view.ts";

const SETTINGS_PAGE = "/settings/integrations";

export function registerSlackInstall(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "integrations:write",
      route: createRoute({
        operationId: "startSlackInstall",
        method: "get",
        path: "/integrations/slack/install",
        tags: ["Integrations"],
        summary: "Start adding the Slack app (the Add to Slack URL)",
        responses: { 200: { description: "Open `url` in the browser", content: { "application/json": { schema: z.object({ url: z.string() }).openapi("SlackInstallUrl") } } }, 503: { description: "Slack is not configured on this deployment" } },
      }),
    },
    async (c) => {
      if (!c.env.SLACK_CLIENT_ID || !c.env.SLACK_CLIENT_SECRET) throw new ApiProblem("unavailable", 503, "The Slack app is not configured on this deployment (docs/slack.md).");
      const p = c.get("principal");
      return c.json({ url: await authorizeUrl(c.env, p.orgId, actorId(p), new URL(c.req.url).origin, Date.now()) }, 200);
    },
  );

  defineRoute(
    app,
    {
      access: "public",
      route: createRoute({
        operationId: "slackOAuthCallback",
        method: "get",
        path: "/integrations/slack/callback",
        tags: ["Integrations"],
        summary: "Slack's OAuth redirect (browser only)",
        description: "The signed `state` from /integrations/slack/install names the organization and the admin; an invalid or expired state is refused.",
        request: { query: z.object({ code: z.string().max(500).optional(), state: z.string().max(2000), error: z.string().max(200).optional() }) },
        responses: { 302: { description: "Back to Settings → Integrations" } },
      }),
    },
    async (c) => {
      const q = c.req.valid("query");
      const state = await readState(c.env, q.state, Date.now());
      if (!state) throw new ApiProblem("validation", 400, "query.state: the install link is invalid or expired; start again from Settings → Integrations.");
      const back = (outcome: string) => c.redirect(`${SETTINGS_PAGE}?slack=${encodeURIComponent(outcome)}`, 302);
      if (q.error || !q.code) return back(q.error ?? "cancelled");
      const installed = await exchangeCode(c.env, q.code, redirectUri(c.env, new URL(c.req.url).origin));
      if ("error" in installed) return back(installed.error);
      const db = drizzle(c.env.DB);
      const [elsewhere] = await db.select({ id: integrations.id }).from(integrations).where(and(eq(integrations.slackTeamId, installed.team.id), ne(integrations.orgId, state.orgId)));
      if (elsewhere) return back("workspace_linked_to_another_organization");
      const [existing] = await db.select().from(integrations).where(and(eq(integrations.orgId, state.orgId), eq(integrations.slackTeamId, installed.team.id)));
      const id = existing?.id ?? newId("integration");
      const config: IntegrationConfig = { kind: "slack_app", teamId: installed.team.id, teamName: installed.team.name, botToken: installed.access_token, botUserId: installed.bot_user_id ?? null };
      const sealed = await sealConfig(c.env, id, config);
      if (existing) {
        await db.update(integrations).set({ configSealed: sealed, target: targetOf(config), enabled: true, consecutiveFailures: 0, disabledReason: null, disabledAt: null, updatedAt: new Date() }).where(eq(integrations.id, id));
      } else {
        const channel = installed.incoming_webhook?.channel_id;
        await db.insert(integrations).values({ id, orgId: state.orgId, kind: "slack_app", name: `Slack: ${installed.team.name}`, configSealed: sealed, target: targetOf(config), slackTeamId: installed.team.id, channels: channel ? { "*": channel } : {} });
      }
      await auditRecord(c.env.DB, state.orgId, { kind: "user", id: state.userId, label: null }, { action: existing ? "integration.slack_reinstalled" : "integration.created", targetType: "integration", targetId: id, summary: { kind: "slack_app", team: installed.team.name } }, { ip: c.req.header("cf-connecting-ip") ?? null, requestId: c.get("requestId") });
      return back("installed");
    },
  );

  defineRoute(
    app,
    {
      access: "integrations:write",
      resource: "integration",
      example: { body: { slackUserId: "U0123ABCD", userId: "usr_01J0000000000000000000000" } },
      route: createRoute({
        operationId: "linkSlackUser",
        method: "post",
        path: "/integrations/{id}/slack-links",
        tags: ["Integrations"],
        summary: "Link a Slack user to a member",
        request: {
          params: IdParam,
          body: { required: true, content: { "application/json": { schema: z.object({ slackUserId: z.string().regex(/^[UW][A-Z0-9]{2,30}$/), userId: z.string().min(1).max(64) }).openapi("SlackLinkRequest") } } },
        },
        responses: { 204: { description: "Linked (replaces an earlier link of this Slack user)" } },
      }),
    },
    async (c) => {
      const orgId = c.get("principal").orgId;
      const db = drizzle(c.env.DB);
      const integration = await loadIntegration(db, orgId, c.req.valid("param").id);
      const body = c.req.valid("json");
      if (integration.kind !== "slack_app" || !integration.slackTeamId) throw bodyProblem("slackUserId", "only an installed Slack app links users");
      const [member] = await db.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, body.userId)));
      if (!member) throw bodyProblem("userId", "is not a member of this organization");
      await db
        .insert(slackUserLinks)
        .values({ orgId, teamId: integration.slackTeamId, slackUserId: body.slackUserId, userId: body.userId, via: "explicit" })
        .onConflictDoUpdate({ target: [slackUserLinks.teamId, slackUserLinks.slackUserId], set: { userId: body.userId, orgId, via: "explicit" } });
      await audit(c, { action: "integration.slack_user_linked", targetType: "integration", targetId: integration.id, summary: { slackUserId: body.slackUserId, userId: body.userId } });
      return c.body(null, 204);
    },
  );
}
