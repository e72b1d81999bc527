// API tokens never outlive their creator's access: a token acts with the lower of its role and its
// creator's current role, removing a member revokes the tokens they created, tokens made by a
// token keep the original creator, and token lists show who created each token.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { apiTokens, memberships } from "../../worker/db/schema.ts";
import { api, bearer, memberWithRole, signUp } from "../helpers/auth.ts";

async function makeToken(headers: Record<string, string>, role: string, name = `t-${Math.random()}`) {
  const res = await api("/tokens", { method: "POST", headers, body: JSON.stringify({ name, role }) });
  expect(res.status).toBe(201);
  return res.json<{ id: string; token: string; createdBy: { id: string; email: string } | null }>();
}

describe("a token's effective role", () => {
  it("drops to the creator's current role when the creator is demoted", async () => {
    const owner = await signUp("Demotion");
    const admin = await memberWithRole(owner.orgId, "admin");
    const { token } = await makeToken(admin.headers, "admin");
    const accounts = () => api("/accounts", { method: "POST", headers: bearer(token), body: JSON.stringify({ provider: "aws", connection: "assume_role", name: `a-${Math.random()}`, regions: ["us-east-1"] }) });
    expect((await accounts()).status).toBe(201);

    const demoted = await api(`/members/${admin.userId}`, { method: "PATCH", headers: owner.headers, body: JSON.stringify({ role: "viewer" }) });
    expect(demoted.status).toBe(200);
    expect((await accounts()).status).toBe(403);
    expect(await (await api("/me", { headers: bearer(token) })).json()).toMatchObject({ role: "viewer" });
  });

  it("is revoked when its creator is removed from the organization", async () => {
    const owner = await signUp("Removal");
    const admin = await memberWithRole(owner.orgId, "admin");
    const { id, token } = await makeToken(admin.headers, "admin");
    expect((await api("/me", { headers: bearer(token) })).status).toBe(200);

    expect((await api(`/members/${admin.userId}`, { method: "DELETE", headers: owner.headers })).status).toBe(204);
    expect((await api("/me", { headers: bearer(token) })).status).toBe(401);
    const [row] = await drizzle(env.DB).select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(row!.revokedAt).not.toBeNull();
  });

  it("stops working even unrevoked once the creator is no member (e.g. left by another path)", async () => {
    const owner = await signUp("Gone");
    const admin = await memberWithRole(owner.orgId, "admin");
    const { id, token } = await makeToken(admin.headers, "viewer");
    await drizzle(env.DB).delete(memberships).where(eq(memberships.userId, admin.userId));
    const [row] = await drizzle(env.DB).select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(row!.revokedAt).toBeNull();
    expect((await api("/me", { headers: bearer(token) })).status).toBe(401);
  });

  it("a token created by a token keeps the person as creator (and their bound)", async () => {
    const owner = await signUp("Chain");
    const admin = await memberWithRole(owner.orgId, "admin");
    const first = await makeToken(admin.headers, "admin");
    const second = await makeToken(bearer(first.token), "admin");
    expect(second.createdBy).toMatchObject({ id: admin.userId, email: admin.email });
    await api(`/members/${admin.userId}`, { method: "PATCH", headers: owner.headers, body: JSON.stringify({ role: "viewer" }) });
    expect(await (await api("/me", { headers: bearer(second.token) })).json()).toMatchObject({ role: "viewer" });
  });
});

describe("token lists", () => {
  it("show who created each token", async () => {
    const owner = await signUp("Listing");
    const admin = await memberWithRole(owner.orgId, "admin");
    const mine = await makeToken(owner.headers, "viewer", "owner's");
    const theirs = await makeToken(admin.headers, "viewer", "admin's");
    const list = await (await api("/tokens", { headers: owner.headers })).json<{ data: { id: string; createdBy: { id: string; name: string; email: string } | null }[] }>();
    expect(list.data.find((t) => t.id === mine.id)?.createdBy).toMatchObject({ id: owner.userId, email: owner.email });
    expect(list.data.find((t) => t.id === theirs.id)?.createdBy).toMatchObject({ id: admin.userId, email: admin.email, name: "admin person" });
  });
});
