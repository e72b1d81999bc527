// Accepting an invitation is single-use under concurrency and never changes the role of someone
// who is already a member (no silent promotion or demotion, no way around the last-owner rule).
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { and, eq } from "drizzle-orm";
import { memberships, users } from "../../worker/db/schema.ts";
import { api, memberWithRole, signUp, uniqueEmail } from "../helpers/auth.ts";

async function invite(headers: Record<string, string>, email: string, role: string) {
  const res = await api("/invitations", { method: "POST", headers, body: JSON.stringify({ email, role }) });
  expect(res.status).toBe(201);
  return (await res.json<{ token: string }>()).token;
}

const accept = (headers: Record<string, string>, body: unknown) => api("/invitations/accept", { method: "POST", headers, body: JSON.stringify(body) });

describe("accepting an invitation", () => {
  it("refuses (409) when the person is already a member, and leaves their role alone", async () => {
    const owner = await signUp("Already");
    const viewer = await memberWithRole(owner.orgId, "viewer");
    const token = await invite(owner.headers, viewer.email, "admin");
    const res = await accept(viewer.headers, { token });
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const [row] = await drizzle(env.DB).select().from(memberships).where(and(eq(memberships.orgId, owner.orgId), eq(memberships.userId, viewer.userId)));
    expect(row!.role).toBe("viewer");
  });

  it("cannot demote the last owner by inviting them as viewer", async () => {
    const owner = await signUp("Last owner");
    const token = await invite(owner.headers, owner.email, "viewer");
    expect((await accept(owner.headers, { token })).status).toBe(409);
    const [row] = await drizzle(env.DB).select().from(memberships).where(and(eq(memberships.orgId, owner.orgId), eq(memberships.userId, owner.userId)));
    expect(row!.role).toBe("owner");
  });

  it("works once when two browsers accept the same link at the same moment", async () => {
    const owner = await signUp("Race");
    const email = uniqueEmail("invitee");
    const token = await invite(owner.headers, email, "operator");
    const body = (n: number) => ({ token, name: `Invitee ${n}`, password: `a long enough password ${n}` });
    const results = await Promise.all([1, 2, 3].map((n) => accept({ "content-type": "application/json" }, body(n))));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || s === 404 || s === 401)).toBe(true);
    const people = await drizzle(env.DB).select().from(users).where(eq(users.email, email));
    expect(people).toHaveLength(1);
    const members = await drizzle(env.DB).select().from(memberships).where(and(eq(memberships.orgId, owner.orgId), eq(memberships.userId, people[0]!.id)));
    expect(members).toEqual([expect.objectContaining({ role: "operator" })]);
  });

  it("works once for a signed-in person accepting twice at the same moment", async () => {
    const owner = await signUp("Race 2");
    const other = await signUp("Elsewhere");
    const token = await invite(owner.headers, other.email, "operator");
    const results = await Promise.all([accept(other.headers, { token }), accept(other.headers, { token })]);
    expect(results.map((r) => r.status).filter((s) => s === 200)).toHaveLength(1);
    expect(results.map((r) => r.status).some((s) => s === 404 || s === 409)).toBe(true);
  });
});
