// The simulator's Slack: the Web API methods SnoozeQL calls (oauth.v2.access, chat.postMessage,
// users.info) under /slack/api/, the OAuth authorize page (/slack/oauth/v2/authorize, which
// consents at once and redirects back with a code), incoming webhooks (/services/T…/B…/…) and
// response_url endpoints (/slack/response/<id>). Everything they receive is recorded.
// Control (/__sim/slack/):
//   PUT  app      {clientId, clientSecret, signingSecret}  (defaults: SIM_SLACK_APP)
//   PUT  users    {teamId, users: [{id, email}]}          workspace members users.info knows
//   GET  messages                                         everything posted, oldest first
//   POST command  {target, teamId, userId, command?, text} a signed slash command to SnoozeQL
//   POST press    {target, teamId, userId, actionId, value, text?} a signed button press
import { inbox, type InboxEnv } from "../webhooks/env.ts";
import { json } from "../util.ts";

export const SIM_SLACK_APP = { clientId: "sim-client-id", clientSecret: "sim-client-secret", signingSecret: "sim-slack-signing-secret" };
export const SIM_WORKSPACE = { id: "T0SIMDEMO", name: "Sim Workspace", channel: "C0SNOOZE" };

type App = typeof SIM_SLACK_APP;

async function app(env: InboxEnv): Promise<App> {
  return ((await inbox(env).get("slack:app")) as App | null) ?? SIM_SLACK_APP;
}

function slackOk(body: Record<string, unknown>, status = 200): Response {
  return json({ ok: true, ...body }, status);
}
const slackError = (error: string) => json({ ok: false, error });

async function formOrJson(req: Request): Promise<Record<string, unknown>> {
  const text = new TextDecoder().decode(await req.arrayBuffer());
  if ((req.headers.get("content-type") ?? "").includes("json")) return JSON.parse(text || "{}") as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(text));
}

/** Slack's request signing: v0=hex(HMAC-SHA256(signing secret, "v0:<ts>:<body>")). */
async function slackSignature(secret: string, timestamp: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`v0:${timestamp}:${body}`)));
  return `v0=${[...mac].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

async function teamOfToken(env: InboxEnv, req: Request): Promise<string | null> {
  const token = (req.headers.get("authorization") ?? "").replace(/^Bearer /, "");
  return token ? ((await inbox(env).get(`slack:token:${token}`)) as string | null) : null;
}

export function isSlackPath(path: string): boolean {
  return path.startsWith("/slack/") || path.startsWith("/services/");
}

export async function routeSlack(req: Request, url: URL, env: InboxEnv): Promise<Response> {
  const box = inbox(env);
  const path = url.pathname;
  if (path === "/slack/oauth/v2/authorize") {
    const redirect = url.searchParams.get("redirect_uri");
    if (!redirect || url.searchParams.get("client_id") !== (await app(env)).clientId) return json({ error: "invalid_client_id" }, 400);
    const code = `simcode-${crypto.randomUUID()}`;
    await box.put(`slack:code:${code}`, SIM_WORKSPACE.id);
    const back = new URL(redirect);
    back.searchParams.set("code", code);
    back.searchParams.set("state", url.searchParams.get("state") ?? "");
    return Response.redirect(back.toString(), 302);
  }
  if (path === "/slack/api/oauth.v2.access") {
    const form = await formOrJson(req);
    const a = await app(env);
    if (form.client_id !== a.clientId || form.client_secret !== a.clientSecret) return slackError("invalid_client");
    const team = (await box.get(`slack:code:${String(form.code)}`)) as string | null;
    if (!team) return slackError("invalid_code");
    await box.put(`slack:code:${String(form.code)}`, null);
    const token = `xoxb-sim-${crypto.randomUUID()}`;
    await box.put(`slack:token:${token}`, team);
    return slackOk({ access_token: token, token_type: "bot", scope: "chat:write,commands,users:read,users:read.email", bot_user_id: "U0SNOOZEBOT", app_id: "A0SNOOZE", team: { id: team, name: SIM_WORKSPACE.name }, incoming_webhook: { channel: "#snoozeql", channel_id: SIM_WORKSPACE.channel } });
  }
  if (path === "/slack/api/chat.postMessage") {
    const team = await teamOfToken(env, req);
    if (!team) return slackError("invalid_auth");
    const body = await formOrJson(req);
    if (!body.channel) return slackError("channel_not_found");
    await box.record("slack", { via: "chat.postMessage", team, channel: body.channel, text: body.text, blocks: body.blocks ?? null });
    return slackOk({ channel: body.channel, ts: `${Date.now() / 1000}` });
  }
  if (path === "/slack/api/users.info") {
    const team = await teamOfToken(env, req);
    if (!team) return slackError("invalid_auth");
    const user = String((await formOrJson(req)).user ?? url.searchParams.get("user") ?? "");
    const email = (await box.get(`slack:user:${team}:${user}`)) as string | null;
    if (!email) return slackError("user_not_found");
    return slackOk({ user: { id: user, team_id: team, is_email_confirmed: true, profile: { email } } });
  }
  if (path.startsWith("/services/")) {
    await box.record("slack", { via: "incoming-webhook", path, ...(await formOrJson(req)) });
    return new Response("ok");
  }
  if (path.startsWith("/slack/response/")) {
    await box.record("slack", { via: "response_url", id: path.slice("/slack/response/".length), ...(await formOrJson(req)) });
    return slackOk({});
  }
  return json({ error: `not found: ${req.method} ${path}` }, 404);
}

export async function routeSlackControl(req: Request, url: URL, env: InboxEnv): Promise<Response> {
  const box = inbox(env);
  const action = url.pathname.slice("/__sim/slack/".length);
  if (action === "messages" && req.method === "GET") return json({ messages: (await box.list("slack")).map((m) => ({ at: m.at, ...(JSON.parse(m.data) as object) })) });
  const body = (await req.json().catch(() => ({}))) as Record<string, string>;
  if (action === "app" && req.method === "PUT") {
    await box.put("slack:app", { ...SIM_SLACK_APP, ...body });
    return json({ ok: true });
  }
  if (action === "users" && req.method === "PUT") {
    const users = (body.users ?? []) as unknown as { id: string; email: string }[];
    for (const u of users) await box.put(`slack:user:${body.teamId ?? SIM_WORKSPACE.id}:${u.id}`, u.email);
    return json({ ok: true });
  }
  if ((action === "command" || action === "press") && req.method === "POST") {
    if (!body.target) return json({ error: "target (SnoozeQL's endpoint URL) is required" }, 400);
    const responseId = crypto.randomUUID();
    const responseUrl = `${url.origin}/slack/response/${responseId}`;
    const team = body.teamId ?? SIM_WORKSPACE.id;
    const form =
      action === "command"
        ? new URLSearchParams({ command: body.command ?? "/snooze", text: body.text ?? "", team_id: team, user_id: body.userId ?? "", user_name: body.userId ?? "", channel_id: SIM_WORKSPACE.channel, response_url: responseUrl, trigger_id: responseId })
        : new URLSearchParams({
            payload: JSON.stringify({
              type: "block_actions",
              team: { id: team },
              user: { id: body.userId, username: body.userId },
              channel: { id: SIM_WORKSPACE.channel },
              response_url: responseUrl,
              trigger_id: responseId,
              actions: [{ type: "button", action_id: body.actionId, value: body.value, block_id: "snoozeql_actions" }],
              message: { text: body.text ?? "" },
            }),
          });
    const text = form.toString();
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = await slackSignature((await app(env)).signingSecret, timestamp, text);
    const res = await fetch(body.target, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": timestamp, "x-slack-signature": signature }, body: text });
    return json({ status: res.status, body: await res.text(), responseId, responseUrl });
  }
  return json({ error: `not found: ${req.method} ${url.pathname}` }, 404);
}
