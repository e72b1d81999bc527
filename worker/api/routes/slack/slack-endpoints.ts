/**
 * Slack's request URLs: POST /slack/commands (the `/snooze` slash command) and
 * POST /slack/interactivity (button presses). Public routes whose authority is Slack's request
 * signature (worker/slack/signature.ts), checked on the raw body before anything is parsed.
 *
 * Slack wants an answer within 3 seconds: help and mistakes are answered at once; real work is
 * deferred (waitUntil) and its result posted to the request's `response_url` — which must be on
 * the deployment's Slack webhook origin, so a forged payload cannot aim SnoozeQL elsewhere.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../context.ts";
import type { Env } from "../../../env.ts";
import { defineRoute } from "../../route-table.ts";
import { ApiProblem } from "../../problem.ts";
import { verifySlackRequest } from "../../../slack/signature.ts";
import { HELP_TEXT, parseCommand } from "../../../slack/commands.ts";
import { memberFor, workspaceFor, type SlackWorkspace } from "../../../slack/workspace.ts";
import { BUTTON_EXTENSION_MS, runIntent, type SlackIntent } from "../../../slack/act.ts";
import { log } from "../../../log.ts";
import { ACTIONS, escapeMrkdwn, textMessage } from "../../../slack/blocks.ts";
import { slackWebhookOrigin } from "../../../integrations/config.ts";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { organizations } from "../../../db/schema.ts";

const SlackReply = z.object({ response_type: z.enum(["ephemeral", "in_channel"]).optional(), text: z.string().optional() }).openapi("SlackReply");

/** Reads and verifies a Slack request; throws 401 when it is not Slack's. */
async function verifiedForm(c: Context<AppEnv>): Promise<URLSearchParams> {
  const secret = c.env.SLACK_SIGNING_SECRET;
  if (!secret) throw new ApiProblem("unavailable", 503, "The Slack app is not configured on this deployment (docs/slack.md).");
  // Decoded by hand: the signature covers these exact bytes (and the runtime warns on .text() of a form).
  const body = new TextDecoder().decode(await c.req.arrayBuffer());
  const verdict = await verifySlackRequest(secret, { timestamp: c.req.header("x-slack-request-timestamp") ?? null, signature: c.req.header("x-slack-signature") ?? null }, body, Math.floor(Date.now() / 1000));
  if (!verdict.ok) throw new ApiProblem("unauthorized", 401, `Not a valid Slack request: ${verdict.reason}.`);
  return new URLSearchParams(body);
}

function responseUrlOk(env: Env, value: string | null | undefined): value is string {
  return !!value && value.startsWith(`${slackWebhookOrigin(env)}/`);
}

async function postResponse(url: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  if (!res.ok) log.warn("slack response_url refused", { status: res.status });
}

async function orgTimeZone(env: Env, orgId: string): Promise<string> {
  const [org] = await drizzle(env.DB).select({ timezone: organizations.timezone }).from(organizations).where(eq(organizations.id, orgId));
  return org?.timezone ?? "UTC";
}

async function act(env: Env, workspace: SlackWorkspace, slackUserId: string, intent: SlackIntent) {
  return runIntent(env, workspace, await memberFor(env, workspace, slackUserId), intent);
}

/** What a button press asks for (its value is the database, override or recommendation id). */
function buttonIntent(actionId: string, value: string): SlackIntent | null {
  switch (actionId) {
    case ACTIONS.keepAwake2h:
      return { kind: "wake", target: { id: value }, keepAwakeUntil: Date.now() + BUTTON_EXTENSION_MS };
    case ACTIONS.wakeNow:
      return { kind: "wake", target: { id: value }, keepAwakeUntil: null };
    case ACTIONS.extend2h:
      return { kind: "extend", overrideId: value };
    case ACTIONS.applyRecommendation:
      return { kind: "apply", recommendationId: value };
    default:
      return null;
  }
}

export function registerSlackEndpoints(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "public",
      route: createRoute({
        operationId: "slackCommand",
        method: "post",
        path: "/slack/commands",
        tags: ["Slack"],
        summary: "Slack slash command `/snooze` (called by Slack, signed)",
        responses: { 200: { description: "An immediate answer; results follow via response_url", content: { "application/json": { schema: SlackReply } } }, 401: { description: "Not signed by Slack" } },
      }),
    },
    async (c) => {
      const form = await verifiedForm(c);
      const workspace = await workspaceFor(c.env, form.get("team_id") ?? "");
      if (!workspace) return c.json({ response_type: "ephemeral" as const, text: "This Slack workspace is not connected to SnoozeQL. An admin can add it in Settings → Integrations." }, 200);
      const command = parseCommand(form.get("text") ?? "", Date.now(), await orgTimeZone(c.env, workspace.orgId));
      if (command.kind === "help") return c.json({ response_type: "ephemeral" as const, text: HELP_TEXT }, 200);
      if (command.kind === "invalid") return c.json({ response_type: "ephemeral" as const, text: command.message }, 200);
      const responseUrl = form.get("response_url");
      if (!responseUrlOk(c.env, responseUrl)) throw new ApiProblem("validation", 400, "response_url is not Slack's.");
      const intent: SlackIntent =
        command.kind === "status" ? command : command.kind === "wake" ? { kind: "wake", target: { name: command.name }, keepAwakeUntil: command.keepAwakeUntil } : { kind: command.kind, target: { name: command.name } };
      c.executionCtx.waitUntil(
        act(c.env, workspace, form.get("user_id") ?? "", intent).then((result) => postResponse(responseUrl, { response_type: "ephemeral", ...textMessage(result.text) })),
      );
      return c.json({ response_type: "ephemeral" as const, text: "On it…" }, 200);
    },
  );

  defineRoute(
    app,
    {
      access: "public",
      route: createRoute({
        operationId: "slackInteractivity",
        method: "post",
        path: "/slack/interactivity",
        tags: ["Slack"],
        summary: "Slack button presses (called by Slack, signed)",
        responses: { 200: { description: "Acknowledged; the message is updated via response_url" }, 401: { description: "Not signed by Slack" } },
      }),
    },
    async (c) => {
      const form = await verifiedForm(c);
      let payload: { type?: string; team?: { id?: string }; user?: { id?: string }; response_url?: string; actions?: { action_id?: string; value?: string }[]; message?: { text?: string } };
      try {
        payload = JSON.parse(form.get("payload") ?? "") as typeof payload;
      } catch {
        throw new ApiProblem("validation", 400, "payload is not JSON.");
      }
      const action = payload.actions?.[0];
      const workspace = await workspaceFor(c.env, payload.team?.id ?? "");
      const intent = action?.value ? buttonIntent(action.action_id ?? "", action.value) : null;
      // The "Open in SnoozeQL" link button and unknown actions need nothing from us.
      if (!workspace || !intent) return c.body(null, 200);
      const responseUrl = payload.response_url;
      if (!responseUrlOk(c.env, responseUrl)) throw new ApiProblem("validation", 400, "response_url is not Slack's.");
      const original = payload.message?.text ?? "";
      c.executionCtx.waitUntil(
        act(c.env, workspace, payload.user?.id ?? "", intent).then((result) =>
          postResponse(
            responseUrl,
            result.ok
              ? { replace_original: true, text: `${original}\n${result.text}`, blocks: [...textMessage(original).blocks, { type: "context", elements: [{ type: "mrkdwn", text: `✅ ${escapeMrkdwn(result.text)}` }] }] }
              : { response_type: "ephemeral", replace_original: false, ...textMessage(result.text) },
          ),
        ),
      );
      return c.body(null, 200);
    },
  );
}
