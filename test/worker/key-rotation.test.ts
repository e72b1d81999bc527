// Key rotation, end to end: the ring opens old ciphertexts with the previous key, seals new ones
// with the current key, the re-seal job (owner route and cron batch) moves every stored credential
// to the current key, and afterwards everything reads back with the new key alone.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { cloudAccounts } from "../../worker/db/schema.ts";
import { accountConfig, sealCredentials } from "../../worker/accounts/connection.ts";
import { resealCredentials } from "../../worker/accounts/reseal.ts";
import { keyRingFromEnv, seal, unseal } from "../../worker/security/sealed-secrets.ts";
import { readEnv } from "../../worker/env.ts";
import { bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { apiUnder, deploymentEnv } from "../helpers/deployment.ts";

const base = deploymentEnv();
const OLD_KEY = base.ENCRYPTION_KEY;
const randomKey = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
const NEW_KEY = randomKey();
const rotated = deploymentEnv({ ENCRYPTION_KEY: NEW_KEY, ENCRYPTION_KEY_VERSION: "v2", ENCRYPTION_KEYS_PREVIOUS: `v1=${OLD_KEY}` });
const newOnly = deploymentEnv({ ENCRYPTION_KEY: NEW_KEY, ENCRYPTION_KEY_VERSION: "v2" });

async function connectWithKeys(orgId: string, n: number) {
  const headers = bearer(await tokenFor(orgId, "owner"));
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await apiUnder(base, "/accounts", { method: "POST", headers, body: JSON.stringify({ provider: "aws", connection: "access_keys", name: `keys-${i}`, regions: ["us-east-1"], accessKeyId: `AKIAROTATE00000000${i}`, secretAccessKey: `rotation-secret-${i}-0000000000` }) });
    expect(res.status).toBe(201);
    ids.push((await res.json<{ id: string }>()).id);
  }
  return { headers, ids };
}

const rowsOf = (ids: string[]) => Promise.all(ids.map(async (id) => (await drizzle(env.DB).select().from(cloudAccounts).where(eq(cloudAccounts.id, id)))[0]!));

describe("the key ring", () => {
  it("opens old ciphertexts with their version's key and seals new ones with the current key", async () => {
    const old = await seal(keyRingFromEnv(base), "hello", "row-1");
    expect(old.startsWith("v1.")).toBe(true);
    const ring = keyRingFromEnv(rotated);
    expect(await unseal(ring, old, "row-1")).toBe("hello");
    expect((await seal(ring, "hello", "row-1")).startsWith("v2.")).toBe(true);
    await expect(unseal(keyRingFromEnv(newOnly), old, "row-1")).rejects.toThrow(/key version is unknown/);
  });

  it("is validated: malformed previous keys and a repeated current version are refused", () => {
    expect(() => readEnv({ ...rotated, ENCRYPTION_KEYS_PREVIOUS: "v1=short" })).toThrow(/ENCRYPTION_KEYS_PREVIOUS/);
    expect(() => readEnv({ ...rotated, ENCRYPTION_KEYS_PREVIOUS: `v2=${OLD_KEY}` })).toThrow(/must not repeat the current/);
    expect(readEnv({ ...rotated }).ENCRYPTION_KEY_VERSION).toBe("v2");
  });
});

describe("rotating ENCRYPTION_KEY", () => {
  it("re-seals every credential of the organization (owner route) and everything reads back with the new key alone", async () => {
    const { orgId } = await createOrgDirect("Rotation");
    const { headers, ids } = await connectWithKeys(orgId, 3);
    const before = await Promise.all((await rowsOf(ids)).map((row) => accountConfig(base, row)));
    expect((await rowsOf(ids)).every((r) => r.credentialsSealed!.startsWith("v1."))).toBe(true);

    // Rotated deployment: old rows still open; a row sealed now uses v2.
    const opened = await Promise.all((await rowsOf(ids)).map((row) => accountConfig(rotated, row)));
    expect(opened).toEqual(before);
    expect((await sealCredentials(rotated, "acct_x", { kind: "assume_role" })).startsWith("v2.")).toBe(true);

    // Only owners may run it; it reports counts, never secrets.
    const admin = bearer(await tokenFor(orgId, "admin"));
    expect((await apiUnder(rotated, "/security/reseal", { method: "POST", headers: admin })).status).toBe(403);
    const res = await apiUnder(rotated, "/security/reseal", { method: "POST", headers });
    expect(res.status).toBe(200);
    const report = await res.json<{ resealed: number; failed: string[]; remaining: number; currentVersion: string }>();
    expect(report).toEqual({ resealed: 3, failed: [], remaining: 0, currentVersion: "v2" });
    expect(JSON.stringify(report)).not.toContain("rotation-secret");

    const after = await rowsOf(ids);
    expect(after.every((r) => r.credentialsSealed!.startsWith("v2."))).toBe(true);
    expect(await Promise.all(after.map((row) => accountConfig(newOnly, row)))).toEqual(before);
    // Running it again has nothing to do.
    expect(await (await apiUnder(rotated, "/security/reseal", { method: "POST", headers })).json()).toMatchObject({ resealed: 0, remaining: 0 });
  });

  it("the service-wide batch job moves other organizations' credentials too, and names what it cannot open", async () => {
    const a = await createOrgDirect("Rotation A");
    const { ids } = await connectWithKeys(a.orgId, 2);
    const broken = ids[1]!;
    // A row sealed under a key nobody has any more.
    const lost = deploymentEnv({ ENCRYPTION_KEY: randomKey(), ENCRYPTION_KEY_VERSION: "v0" });
    await drizzle(env.DB).update(cloudAccounts).set({ credentialsSealed: await sealCredentials(lost, broken, { kind: "access_keys", accessKeyId: "AKIALOST000000000000", secretAccessKey: "lost-secret-000000000" }) }).where(eq(cloudAccounts.id, broken));

    let report = await resealCredentials(rotated, { limit: 1000 });
    while (report.resealed > 0) report = await resealCredentials(rotated, { limit: 1000 });
    const [ok, bad] = await rowsOf(ids);
    expect(ok!.credentialsSealed!.startsWith("v2.")).toBe(true);
    expect(bad!.credentialsSealed!.startsWith("v0.")).toBe(true);
    expect(report.failed).toContain(broken);
  });
});
