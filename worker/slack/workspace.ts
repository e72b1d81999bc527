/**
 * Who is acting from Slack: the organization is the one the workspace (team id) was installed
 * into; the person is the member linked to the Slack user — explicitly by an admin, or by the
 * email Slack has verified for them (users.info, `users:read.email`), which is then remembered.
 * A Slack user who is no member acts on nothing.
 *
 * Owns: the team → organization and Slack user → member mapping. Never: trusts an unverified
 * email, or a team id that is not installed.
 */
import { drizzle } from "drizzle-orm/d1";
import { and, eq } from "drizzle-orm";
import type { Env } from "../env.ts";
import { integrations, memberships, slackUserLinks, users, type Role } from "../db/schema.ts";
import { slackApiBase, unsealConfig } from "../integrations/config.ts";

export interface SlackWorkspace {
  orgId: string;
  integrationId: string;
  teamId: string;
  botToken: string;
}

export interface SlackMember {
  userId: string;
  email: string;
  role: Role;
  slackUserId: string;
}

export async function workspaceFor(env: Env, teamId: string): Promise<SlackWorkspace | null> {
  const [row] = await drizzle(env.DB)
    .select()
    .from(integrations)
    .where(and(eq(integrations.slackTeamId, teamId), eq(integrations.kind, "slack_app")));
  if (!row) return null;
  const config = await unsealConfig(env, row.id, row.configSealed);
  if (config.kind !== "slack_app") return null;
  return { orgId: row.orgId, integrationId: row.id, teamId, botToken: config.botToken };
}

export async function memberFor(env: Env, workspace: SlackWorkspace, slackUserId: string): Promise<SlackMember | null> {
  const db = drizzle(env.DB);
  const member = async (userId: string) => {
    const [row] = await db
      .select({ userId: users.id, email: users.email, role: memberships.role })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, workspace.orgId), eq(memberships.userId, userId)));
    return row ? { ...row, slackUserId } : null;
  };
  const [link] = await db
    .select()
    .from(slackUserLinks)
    .where(and(eq(slackUserLinks.teamId, workspace.teamId), eq(slackUserLinks.slackUserId, slackUserId), eq(slackUserLinks.orgId, workspace.orgId)));
  if (link) return member(link.userId);

  const email = await verifiedEmail(env, workspace.botToken, slackUserId);
  if (!email) return null;
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email.toLowerCase()));
  const found = user ? await member(user.id) : null;
  if (found) {
    await db.insert(slackUserLinks).values({ orgId: workspace.orgId, teamId: workspace.teamId, slackUserId, userId: found.userId, via: "email" }).onConflictDoNothing();
  }
  return found;
}

/** The email Slack has confirmed for a user, or null (unknown user, unconfirmed email, API error). */
async function verifiedEmail(env: Env, botToken: string, slackUserId: string): Promise<string | null> {
  try {
    const res = await fetch(`${slackApiBase(env)}/users.info`, {
      method: "POST",
      headers: { authorization: `Bearer ${botToken}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ user: slackUserId }).toString(),
      signal: AbortSignal.timeout(5000),
    });
    const body = (await res.json()) as { ok?: boolean; user?: { is_email_confirmed?: boolean; profile?: { email?: string } } };
    if (!body.ok || body.user?.is_email_confirmed !== true) return null;
    return body.user.profile?.email ?? null;
  } catch {
    return null;
  }
}
