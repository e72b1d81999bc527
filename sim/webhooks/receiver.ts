// The simulator's generic webhook receiver: POST /__sim/webhooks/<name> checks the Standard
// Webhooks signature on arrival — with its own implementation, not SnoozeQL's — against the
// secrets configured for <name>, refuses stale timestamps (5 minutes) and replayed webhook-ids,
// records every request with the verdict and answers as scripted (status, delay, Retry-After).
//   PUT  /__sim/webhooks/<name>   {secrets: ["whsec_…"], script: [{status, delayMs?, retryAfter?}]}
//   GET  /__sim/webhooks/<name>   what arrived, oldest first
import type { ReceiverConfig } from "./inbox.ts";
import { inbox, type InboxEnv } from "./env.ts";
import { json } from "../util.ts";

const TOLERANCE_SECONDS = 300;

function b64(bytes: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)));
}

/** Standard Webhooks verification: "v1,<b64 HMAC-SHA256(secret bytes, id.ts.body)>" in a space list. */
async function verdict(secrets: string[], req: Request, body: string): Promise<string> {
  const id = req.headers.get("webhook-id");
  const ts = req.headers.get("webhook-timestamp");
  const sig = req.headers.get("webhook-signature");
  if (!id || !ts || !sig) return "missing headers";
  if (Math.abs(Date.now() / 1000 - Number(ts)) > TOLERANCE_SECONDS) return "stale";
  const offered = new Set(sig.split(" "));
  for (const secret of secrets) {
    const raw = Uint8Array.from(atob(secret.replace(/^whsec_/, "")), (ch) => ch.charCodeAt(0));
    const key = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const mac = b64(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${id}.${ts}.${body}`)));
    if (offered.has(`v1,${mac}`)) return "verified";
  }
  return "bad signature";
}

export async function routeWebhookReceiver(req: Request, name: string, env: InboxEnv): Promise<Response> {
  const box = inbox(env);
  if (req.method === "PUT") {
    const config = (await req.json()) as Partial<ReceiverConfig>;
    await box.put(`receiver:${name}`, { secrets: config.secrets ?? [], script: config.script ?? [] });
    return json({ ok: true });
  }
  if (req.method === "GET") return json({ received: (await box.list(`webhook:${name}`)).map((m) => ({ at: m.at, ...(JSON.parse(m.data) as object) })) });
  if (req.method !== "POST") return json({ error: "method not allowed" }, 405);

  const body = await req.text();
  const config = ((await box.get(`receiver:${name}`)) as ReceiverConfig | null) ?? { secrets: [], script: [] };
  let check = config.secrets.length > 0 ? await verdict(config.secrets, req, body) : "unchecked";
  const answer = await box.nextAnswer(name);
  // A webhook-id seen before is a replay (or a retry after a timeout): recorded, answered 200 as
  // Standard Webhooks asks of receivers, never processed twice.
  if ((check === "verified" || check === "unchecked") && !(await box.firstSighting(req.headers.get("webhook-id") ?? crypto.randomUUID()))) check = "replayed";
  let payload: unknown = body;
  try {
    payload = JSON.parse(body);
  } catch {
    // recorded as text
  }
  await box.record(`webhook:${name}`, { id: req.headers.get("webhook-id"), timestamp: req.headers.get("webhook-timestamp"), check, answered: answer?.status ?? 200, payload });
  if (answer?.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
  if (check === "replayed") return new Response("duplicate ignored", { status: 200 });
  if (check !== "verified" && check !== "unchecked") return json({ error: check }, 401);
  if (answer && answer.status >= 300) await box.forget(req.headers.get("webhook-id") ?? "");
  return new Response(answer?.body ?? "ok", { status: answer?.status ?? 200, headers: answer?.retryAfter ? { "retry-after": answer.retryAfter } : {} });
}
