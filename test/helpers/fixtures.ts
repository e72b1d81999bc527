// Test fixtures: tenants and cloud accounts written straight to D1, unique per test.
import { drizzle } from "drizzle-orm/d1";
import { env } from "cloudflare:workers";
import { cloudAccounts, organizations } from "../../worker/db/schema.ts";
import { newId } from "../../worker/db/ids.ts";

export async function createOrg(name = "Acme") {
  const id = newId("organization");
  await drizzle(env.DB).insert(organizations).values({ id, name, slug: `${name.toLowerCase()}-${id.slice(-8).toLowerCase()}` });
  return id;
}

export async function createCloudAccount(orgId: string, overrides: Partial<typeof cloudAccounts.$inferInsert> = {}) {
  const id = newId("cloudAccount");
  await drizzle(env.DB)
    .insert(cloudAccounts)
    .values({ id, orgId, provider: "aws", name: `sandbox-${id.slice(-6)}`, authKind: "access_keys", nextDueAt: new Date(), ...overrides });
  return id;
}

/** Polls `probe` until it returns a truthy value or the deadline passes. */
export async function eventually<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
