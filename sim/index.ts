// Entry of the SnoozeQL cloud simulator Worker: one origin serving AWS (SigV4, dispatched by the
// credential scope to RDS, CloudWatch, STS or CloudTrail), GCP (OAuth token endpoint, Cloud SQL
// Admin v1, Cloud Monitoring v3, Cloud Logging v2 entries:list), a mail provider (Postmark's send API, sim/mail) and the /__sim/
// control API. State lives in Durable Objects (sim/state).
import { isAwsRequest, routeAws } from "./aws/router.ts";
import type { SignableRequest } from "./aws/sigv4.ts";
import { routeControl } from "./control.ts";
import type { Env } from "./env.ts";
import { isGcpApiPath, isLoggingListPath, isTokenPath, routeGcpApi, routeLoggingList, routeToken } from "./gcp/router.ts";
import { json } from "./util.ts";
import { isSlackPath, routeSlack, routeSlackControl } from "./slack/surface.ts";
import { routeWebhookReceiver } from "./webhooks/receiver.ts";
import { POSTMARK_PATH, routeMailControl, routePostmark } from "./mail/postmark.ts";

export { SimCloud } from "./state/cloud.ts";
export { SimRegistry } from "./state/registry.ts";
export { SimInbox } from "./webhooks/inbox.ts";

export default {
  async fetch(req: Request, env: Env): Promise<Response> {
    const url = new URL(req.url);
    try {
      const receiver = /^\/__sim\/webhooks\/([\w-]{1,64})$/.exec(url.pathname);
      if (receiver) return await routeWebhookReceiver(req, receiver[1]!, env);
      if (url.pathname.startsWith("/__sim/slack/")) return await routeSlackControl(req, url, env);
      if (url.pathname === "/__sim/mail") return await routeMailControl(req, url, env);
      if (url.pathname === POSTMARK_PATH) return await routePostmark(req, env);
      if (isSlackPath(url.pathname)) return await routeSlack(req, url, env);
      if (url.pathname === "/__sim" || url.pathname.startsWith("/__sim/")) return await routeControl(req, url, env);
      if (isTokenPath(url.pathname)) return await routeToken(req, url, env);
      if (isGcpApiPath(url.pathname)) return await routeGcpApi(req, url, env);
      if (isLoggingListPath(url.pathname)) return await routeLoggingList(req, url, env);

      const headers: Record<string, string> = {};
      req.headers.forEach((v, k) => {
        headers[k] = v;
      });
      const body = req.method === "GET" || req.method === "HEAD" ? "" : await req.text();
      const s: SignableRequest = { method: req.method, path: url.pathname, query: url.search.slice(1), headers, body };
      if (isAwsRequest(req, url, s)) return await routeAws(s, req.signal, env);

      if (url.pathname === "/" && req.method === "GET") {
        return json({
          simulator: "snoozeql-sim",
          aws: { endpoint: url.origin, services: ["rds (2014-10-31)", "monitoring (CloudWatch GetMetricData: Query and awsJson1_0)", "sts", "cloudtrail (LookupEvents)"] },
          gcp: { rootUrl: `${url.origin}/`, tokenUri: `${url.origin}/token`, apis: ["sqladmin v1", "monitoring v3 timeSeries.list", "logging v2 entries:list"] },
          mail: { postmarkApiBase: `${url.origin}/postmark`, mailbox: `${url.origin}/__sim/mail` },
          control: `${url.origin}/__sim/`,
        });
      }
      return json({ error: `not found: ${req.method} ${url.pathname}` }, 404);
    } catch (e) {
      console.error("sim unhandled error", e);
      return json({ error: "simulator internal error", detail: String(e) }, 500);
    }
  },
} satisfies ExportedHandler<Env>;
