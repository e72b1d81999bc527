// Standard Webhooks signatures: what SnoozeQL signs verifies with an independent implementation
// (Node's crypto here, the simulator's receiver over HTTP), the specification's reference vector
// verifies with SnoozeQL's verifier, and replayed, stale and tampered requests are refused.
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createHmac } from "node:crypto";
import { newWebhookSecret, signWebhook, verifyWebhook } from "../../worker/notifications/standard-webhooks.ts";
import { rotated, signingSecrets, type WebhookConfig } from "../../worker/integrations/config.ts";

/** The signature as the specification defines it, computed with Node's crypto. */
function nodeSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

const now = 1_790_000_000;
const headersOf = (h: Record<string, string>) => ({ id: h["webhook-id"]!, timestamp: h["webhook-timestamp"]!, signature: h["webhook-signature"]! });

describe("signing", () => {
  it("signs id.timestamp.body with HMAC-SHA256 of the decoded secret, as Node computes it", async () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ type: "database.stopped", data: { name: "orders-staging" } });
    const h = await signWebhook([secret], "dlv_01TEST", now, body);
    expect(h["webhook-id"]).toBe("dlv_01TEST");
    expect(h["webhook-timestamp"]).toBe(String(now));
    expect(h["webhook-signature"]).toBe(nodeSignature(secret, "dlv_01TEST", now, body));
  });

  it("verifies the specification's reference vector", async () => {
    // From the Standard Webhooks reference libraries' tests.
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const result = await verifyWebhook(
      [secret],
      { id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330", signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" },
      '{"test": 2432232314}',
      1614265330,
    );
    expect(result).toEqual({ ok: true });
  });

  it("refuses a tampered body, a wrong secret and a stale or future timestamp", async () => {
    const secret = newWebhookSecret();
    const body = '{"type":"database.started"}';
    const signed = { id: "dlv_1", timestamp: String(now), signature: nodeSignature(secret, "dlv_1", now, body) };
    expect(await verifyWebhook([secret], signed, body, now)).toEqual({ ok: true });
    expect(await verifyWebhook([secret], signed, body.replace("started", "stopped"), now)).toEqual({ ok: false, reason: "bad signature" });
    expect(await verifyWebhook([newWebhookSecret()], signed, body, now)).toEqual({ ok: false, reason: "bad signature" });
    expect(await verifyWebhook([secret], signed, body, now + 301)).toEqual({ ok: false, reason: "stale timestamp" });
    expect(await verifyWebhook([secret], signed, body, now - 301)).toEqual({ ok: false, reason: "stale timestamp" });
    expect(await verifyWebhook([secret], { ...signed, signature: null }, body, now)).toEqual({ ok: false, reason: "missing headers" });
  });

  it("during a rotation both the old and the new secret sign; after the window only the new one", async () => {
    const old = newWebhookSecret();
    const fresh = newWebhookSecret();
    const config = rotated({ kind: "webhook", url: "https://hooks.example.com/x", secrets: [{ secret: old, expiresAt: null }] } satisfies WebhookConfig, fresh, now * 1000, 3_600_000);
    const during = signingSecrets(config, now * 1000 + 60_000);
    expect(during).toEqual([fresh, old]);
    const h = headersOf(await signWebhook(during, "dlv_2", now, "{}"));
    expect(await verifyWebhook([old], h, "{}", now)).toEqual({ ok: true });
    expect(await verifyWebhook([fresh], h, "{}", now)).toEqual({ ok: true });
    expect(h.signature.split(" ")).toEqual([nodeSignature(fresh, "dlv_2", now, "{}"), nodeSignature(old, "dlv_2", now, "{}")]);
    expect(signingSecrets(config, now * 1000 + 3_600_001)).toEqual([fresh]);
  });
});

describe("the simulator's receiver checks signatures on arrival", () => {
  const sim = inject("simUrl");

  async function send(name: string, secret: string, opts: { id: string; timestamp: number; body: string; sentBody?: string }) {
    return fetch(`${sim}/__sim/webhooks/${name}`, {
      method: "POST",
      headers: { "content-type": "application/json", "webhook-id": opts.id, "webhook-timestamp": String(opts.timestamp), "webhook-signature": nodeSignature(secret, opts.id, opts.timestamp, opts.body) },
      body: opts.sentBody ?? opts.body,
    });
  }

  it("accepts a fresh signed request and refuses replayed, stale and tampered ones", async () => {
    const name = `sig-${crypto.randomUUID()}`;
    const secret = newWebhookSecret();
    await fetch(`${sim}/__sim/webhooks/${name}`, { method: "PUT", body: JSON.stringify({ secrets: [secret] }) });
    const t = Math.floor(Date.now() / 1000);
    expect((await send(name, secret, { id: "msg_a", timestamp: t, body: '{"n":1}' })).status).toBe(200);
    expect((await send(name, secret, { id: "msg_a", timestamp: t, body: '{"n":1}' })).status).toBe(200);
    expect((await send(name, secret, { id: "msg_b", timestamp: t - 600, body: '{"n":2}' })).status).toBe(401);
    expect((await send(name, secret, { id: "msg_c", timestamp: t, body: '{"n":3}', sentBody: '{"n":4}' })).status).toBe(401);
    const { received } = await (await fetch(`${sim}/__sim/webhooks/${name}`)).json<{ received: { id: string; check: string }[] }>();
    expect(received.map((r) => [r.id, r.check])).toEqual([
      ["msg_a", "verified"],
      ["msg_a", "replayed"],
      ["msg_b", "stale"],
      ["msg_c", "bad signature"],
    ]);
  });
});
