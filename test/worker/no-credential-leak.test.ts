// Stored credentials never come back: plant marker secrets in cloud accounts, exercise every
// route that reads or acts on them (including a failing connection test), and check that no
// response body, header, audit entry or log line contains a marker.
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { auditLog, cloudAccounts } from "../../worker/db/schema.ts";
import "../../worker/index.ts";
import { routeTable } from "../../worker/api/route-table.ts";
import { api, bearer, signUp, tokenFor } from "../helpers/auth.ts";
import { fillPath } from "../helpers/tenants.ts";

const AWS_SECRET = "PLANTEDawsSECRETmarker0123456789abcdefgh";
const GCP_KEY_MARKER = "PLANTEDgcpKEYmarker";

afterEach(() => vi.restoreAllMocks());

describe("credentials never leak", () => {
  it("from any account route, the audit log or the logs", async () => {
    const logged: string[] = [];
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
    }
    const org = await signUp();
    const owner = await tokenFor(org.orgId, "owner");
    const aws = await api("/accounts", {
      method: "POST",
      headers: bearer(owner),
      body: JSON.stringify({ provider: "aws", connection: "access_keys", name: "aws", regions: ["us-east-1"], accessKeyId: "AKIAPLANTED000000001", secretAccessKey: AWS_SECRET, endpoint: inject("simUrl") }),
    });
    const gcp = await api("/accounts", {
      method: "POST",
      headers: bearer(owner),
      body: JSON.stringify({
        provider: "gcp",
        connection: "service_account",
        name: "gcp",
        endpoint: inject("simUrl"),
        serviceAccountKey: {
          type: "service_account",
          project_id: "demo-project",
          private_key_id: "k1",
          private_key: `-----BEGIN PRIVATE KEY-----\n${GCP_KEY_MARKER}\n-----END PRIVATE KEY-----\n`,
          client_email: "snoozeql@demo-project.iam.gserviceaccount.com",
          token_uri: `${inject("simUrl")}/token`,
        },
      }),
    });
    const bodies = [await aws.text(), await gcp.text()];
    const ids = bodies.map((b) => (JSON.parse(b) as { id: string }).id);

    const accountRoutes = routeTable().filter((r) => r.path.startsWith("/accounts"));
    for (const id of ids) {
      for (const route of accountRoutes.filter((r) => r.method !== "DELETE")) {
        const res = await api(fillPath(route.path, id).replace("/api/v1", ""), {
          method: route.method,
          headers: bearer(owner),
          ...(route.method !== "GET" && { body: JSON.stringify(route.method === "PATCH" ? { name: `renamed-${id}` } : {}) }),
        });
        bodies.push(`${route.method} ${route.path} ${res.status} ${[...res.headers].join(";")} ${await res.text()}`);
      }
    }
    const audit = await drizzle(env.DB).select().from(auditLog).where(eq(auditLog.orgId, org.orgId));
    const stored = await drizzle(env.DB).select().from(cloudAccounts).where(eq(cloudAccounts.orgId, org.orgId));

    expect(bodies.length).toBeGreaterThan(10);
    expect(bodies.join("\n")).toContain("credentials"); // the test connection ran and reported
    for (const haystack of [bodies.join("\n"), JSON.stringify(audit), logged.join("\n"), stored.map((s) => s.credentialsSealed).join("\n")]) {
      expect(haystack).not.toContain(AWS_SECRET);
      expect(haystack).not.toContain(GCP_KEY_MARKER);
    }
  });
});
