// The simulator's mail provider and mailbox: Postmark's send API (POST /postmark/email, the shape
// SnoozeQL's worker/mail/transport.ts sends: X-Postmark-Server-Token header, JSON {From, To,
// Subject, TextBody, HtmlBody?, Tag?, MessageStream?}), answering like Postmark, and keeping every
// accepted message in the inbox (channel "mail"), so the demo and tests read real messages.
// Control: GET /__sim/mail[?to=<address>]  messages, oldest first, each with the links in its text.
import { inbox, type InboxEnv } from "../webhooks/env.ts";
import { json } from "../util.ts";

export const POSTMARK_PATH = "/postmark/email";

interface Sent {
  from: string;
  to: string;
  subject: string;
  text: string;
  tag: string | null;
  messageId: string;
}

/** Postmark's error answer: HTTP 422 (or 401) with ErrorCode and Message. */
const postmarkError = (status: number, errorCode: number, message: string) => json({ ErrorCode: errorCode, Message: message }, status);

export async function routePostmark(req: Request, env: InboxEnv): Promise<Response> {
  if (req.method !== "POST") return json({ error: "method not allowed" }, 405);
  if (!req.headers.get("x-postmark-server-token")) return postmarkError(401, 10, "No Account or Server API tokens were supplied in the HTTP headers.");
  let body: Record<string, unknown>;
  try {
    body = (await req.json()) as Record<string, unknown>;
  } catch {
    return postmarkError(422, 402, "Received invalid JSON input.");
  }
  const str = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : "");
  if (!str("From")) return postmarkError(422, 300, "Invalid 'From' address.");
  if (!/^[^\s@]+@[^\s@]+$/.test(str("To"))) return postmarkError(422, 300, "Invalid 'To' address.");
  if (!str("TextBody") && !str("HtmlBody")) return postmarkError(422, 300, "Provide either email TextBody or HtmlBody or both.");
  const messageId = crypto.randomUUID();
  const sent: Sent = { from: str("From"), to: str("To").toLowerCase(), subject: str("Subject"), text: str("TextBody") || str("HtmlBody"), tag: str("Tag") || null, messageId };
  await inbox(env).record("mail", sent);
  return json({ To: sent.to, SubmittedAt: new Date().toISOString(), MessageID: messageId, ErrorCode: 0, Message: "OK" });
}

export async function routeMailControl(req: Request, url: URL, env: InboxEnv): Promise<Response> {
  if (req.method !== "GET") return json({ error: "method not allowed" }, 405);
  const to = url.searchParams.get("to")?.toLowerCase() ?? null;
  const messages = (await inbox(env).list("mail"))
    .map((m) => ({ at: new Date(m.at).toISOString(), ...(JSON.parse(m.data) as Sent) }))
    .filter((m) => to === null || m.to === to)
    .map((m) => ({ ...m, links: m.text.match(/https?:\/\/\S+/g) ?? [] }));
  return json({ messages }, 200, { "access-control-allow-origin": "*" });
}
