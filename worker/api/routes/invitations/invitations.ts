/**
 * Invitations by link: POST /invitations creates one and emails the link (worker/mail; the link
 * with its secret token is also in the response, never stored), GET lists pending ones, DELETE revokes, and POST /invitations/accept joins the
 * organization — for a signed-in person, or creating the account when `name` and `password` are
 * given. Links expire (default 7 days) and work once, even under concurrent accepts (claimed by one
 * conditional UPDATE); accepting never changes the role of someone who is already a member.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { invitations, memberships, organizations, users } from "../../../db/schema.ts";
import { linkOrigin } from "../../../auth/email-tokens.ts";
import { MailError, sendMail } from "../../../mail/transport.ts";
import { invitationMessage } from "../../../mail/messages.ts";
import { newId } from "../../../db/ids.ts";
import { randomToken, sha256 } from "../../../auth/crypto.ts";
import { canGrant } from "../../../auth/permissions.ts";
import { createSession, csrfValid, findSession, readCookie, SESSION_COOKIE, sessionCookie } from "../../../auth/sessions.ts";
import { hashPassword } from "../../../security/password.ts";
import { audit, auditInsert } from "../../../audit/audit-log.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { ApiProblem } from "../../problem.ts";
import { clientIp } from "../../authenticate.ts";
import { afterCursor, PageQuery, pageOf, toPage } from "../../pagination.ts";
import { EmailSchema, IdParam, NewPasswordSchema, RoleSchema } from "../../schemas.ts";
import { meView, MeSchema } from "../auth/session-view.ts";

const InvitationSchema = z
  .object({ id: z.string(), email: z.string(), role: RoleSchema, createdAt: z.string(), expiresAt: z.string() })
  .openapi("Invitation");

const view = (r: typeof invitations.$inferSelect) => ({ id: r.id, email: r.email, role: r.role, createdAt: r.createdAt.toISOString(), expiresAt: r.expiresAt.toISOString() });

export function registerInvitations(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "members:manage",
      example: { body: { email: "grace@example.com", role: "operator" } },
      route: createRoute({
        method: "post",
        path: "/invitations",
        operationId: "createInvitation",
        tags: ["Members"],
        summary: "Invite someone",
        request: {
          body: {
            required: true,
            content: {
              "application/json": {
                schema: z.object({ email: EmailSchema, role: RoleSchema, expiresInDays: z.number().int().min(1).max(30).default(7) }).openapi("CreateInvitationRequest"),
              },
            },
          },
        },
        responses: {
          201: {
            description: "Created; the link is emailed to the person (and shown only here, should the email not arrive)",
            content: { "application/json": { schema: InvitationSchema.extend({ link: z.string(), token: z.string(), emailed: z.boolean().openapi({ description: "Whether the link was emailed to the invitee." }) }).openapi("CreatedInvitation") } },
          },
        },
      }),
    },
    async (c) => {
      const principal = c.get("principal");
      const body = c.req.valid("json");
      if (!canGrant(principal.role, body.role)) throw new ApiProblem("forbidden", 403, `You cannot invite with role ${body.role} above your own (${principal.role}).`);
      const token = randomToken();
      const [row] = await drizzle(c.env.DB)
        .insert(invitations)
        .values({
          id: newId("invitation"),
          orgId: principal.orgId,
          email: body.email,
          role: body.role,
          tokenHash: await sha256(token),
          invitedByUserId: principal.kind === "user" ? principal.userId : null,
          expiresAt: new Date(Date.now() + body.expiresInDays * 86_400_000),
        })
        .returning();
      await audit(c, { action: "invitation.created", targetType: "invitation", targetId: row!.id, summary: { email: body.email, role: body.role } });
      const link = `${linkOrigin(c.env, c.req.url)}/invite?token=${token}`;
      // The link is emailed to the invitee; a mail failure leaves the invitation valid (the link is in this response too).
      const db = drizzle(c.env.DB);
      const [org] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, principal.orgId));
      const inviter = principal.kind === "user" ? ((await db.select({ name: users.name }).from(users).where(eq(users.id, principal.userId)))[0]?.name ?? null) : null;
      const emailed = await sendMail(c.env, invitationMessage(body.email, org?.name ?? "an organization", body.role, inviter, link, row!.expiresAt)).then(
        () => true,
        (error: unknown) => {
          if (error instanceof MailError) return false;
          throw error;
        },
      );
      return c.json({ ...view(row!), token, link, emailed }, 201);
    },
  );

  defineRoute(
    app,
    {
      access: "members:manage",
      route: createRoute({
        method: "get",
        path: "/invitations",
        operationId: "listInvitations",
        tags: ["Members"],
        summary: "List pending invitations",
        request: { query: PageQuery },
        responses: { 200: { description: "Pending invitations", content: { "application/json": { schema: pageOf(InvitationSchema, "InvitationPage") } } } },
      }),
    },
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const rows = await drizzle(c.env.DB)
        .select()
        .from(invitations)
        .where(
          and(
            eq(invitations.orgId, c.get("principal").orgId),
            isNull(invitations.acceptedAt),
            isNull(invitations.revokedAt),
            gt(invitations.expiresAt, new Date()),
            afterCursor(invitations.createdAt, invitations.id, cursor),
          ),
        )
        .orderBy(desc(invitations.createdAt), desc(invitations.id))
        .limit(limit + 1);
      return c.json(toPage(rows, limit, (r) => ({ t: r.createdAt.getTime(), id: r.id }), view), 200);
    },
  );

  defineRoute(
    app,
    {
      access: "members:manage",
      resource: "invitation",
      route: createRoute({
        method: "delete",
        path: "/invitations/{id}",
        operationId: "revokeInvitation",
        tags: ["Members"],
        summary: "Revoke an invitation",
        request: { params: IdParam },
        responses: { 204: { description: "Revoked" } },
      }),
    },
    async (c) => {
      const { id } = c.req.valid("param");
      const [row] = await drizzle(c.env.DB)
        .update(invitations)
        .set({ revokedAt: new Date() })
        .where(and(eq(invitations.id, id), eq(invitations.orgId, c.get("principal").orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
        .returning({ id: invitations.id });
      if (!row) throw new ApiProblem("not-found", 404, `No pending invitation ${id}.`);
      await audit(c, { action: "invitation.revoked", targetType: "invitation", targetId: id });
      return c.body(null, 204);
    },
  );

  defineRoute(
    app,
    {
      access: "public",
      example: { body: { token: "invitation-token", name: "Grace Hopper", password: "a long enough password" } },
      route: createRoute({
        method: "post",
        path: "/invitations/accept",
        operationId: "acceptInvitation",
        tags: ["Members"],
        summary: "Accept an invitation",
        description: "Signed in: joins with your account. Not signed in: give `name` and `password` to create the account for the invited email.",
        request: {
          body: {
            required: true,
            content: {
              "application/json": {
                schema: z.object({ token: z.string().min(10).max(100), name: z.string().trim().min(1).max(100).optional(), password: NewPasswordSchema.optional() }).openapi("AcceptInvitationRequest"),
              },
            },
          },
        },
        responses: { 200: { description: "Joined; the session now acts in that organization", content: { "application/json": { schema: MeSchema } } } },
      }),
    },
    async (c) => {
      const body = c.req.valid("json");
      const db = drizzle(c.env.DB);
      const [invitation] = await db
        .select()
        .from(invitations)
        .where(and(eq(invitations.tokenHash, await sha256(body.token)), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())));
      if (!invitation) throw new ApiProblem("not-found", 404, "This invitation link is unknown, used, revoked or expired.");

      const cookie = readCookie(c.req.header("cookie"), SESSION_COOKIE);
      const session = cookie ? await findSession(db, cookie) : null;
      let user: { id: string; email: string; name: string };
      let passwordHash: string | null = null;
      if (session) {
        // A signed-in browser must prove the request is its own (another site cannot make it join).
        if (!(await csrfValid(c.env.SESSION_SECRET, session.id, c.req.header("x-csrf-token")))) {
          throw new ApiProblem("csrf", 403, "Missing or invalid X-CSRF-Token header (get it from GET /api/v1/me).");
        }
        if (session.email !== invitation.email) throw new ApiProblem("forbidden", 403, `This invitation is for ${invitation.email}; sign in as that person.`);
        user = { id: session.userId, email: session.email, name: session.name };
        // Accepting never changes an existing member's role (nor gets around the last-owner rule).
        const [member] = await db.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.orgId, invitation.orgId), eq(memberships.userId, user.id)));
        if (member) throw new ApiProblem("conflict", 409, `You are already a member of this organization (${member.role}); ask an owner or admin to change your role.`);
      } else {
        const [existing] = await db.select().from(users).where(eq(users.email, invitation.email));
        if (existing) throw new ApiProblem("unauthorized", 401, "An account with this email exists: sign in first, then accept.");
        if (!body.name || !body.password) {
          throw new ApiProblem("validation", 400, "name and password are needed to create your account", {
            errors: [
              ...(!body.name ? [{ location: "body" as const, path: "name", message: "Required to create your account" }] : []),
              ...(!body.password ? [{ location: "body" as const, path: "password", message: "Required to create your account" }] : []),
            ],
          });
        }
        user = { id: newId("user"), email: invitation.email, name: body.name };
        passwordHash = await hashPassword(body.password);
      }
      // Claim the invitation in one conditional statement: of concurrent accepts exactly one wins.
      const claimed = await db
        .update(invitations)
        .set({ acceptedAt: new Date() })
        .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
        .returning({ id: invitations.id });
      if (claimed.length === 0) throw new ApiProblem("not-found", 404, "This invitation link is unknown, used, revoked or expired.");
      // The invitation link was emailed to this address: opening it proves the address.
      if (passwordHash) await db.insert(users).values({ ...user, passwordHash, emailVerifiedAt: new Date() });
      await db.batch([
        db.insert(memberships).values({ orgId: invitation.orgId, userId: user.id, role: invitation.role }).onConflictDoNothing(),
        auditInsert(c, invitation.orgId, { kind: "user", id: user.id, label: user.email }, { action: "invitation.accepted", targetType: "invitation", targetId: invitation.id, summary: { role: invitation.role } }),
      ]);
      const fresh = await createSession(db, user.id, invitation.orgId, { ip: clientIp(c), userAgent: c.req.header("user-agent") ?? null });
      c.header("Set-Cookie", sessionCookie(fresh.token, fresh.expiresAt));
      return c.json(await meView(db, { kind: "user", userId: user.id, email: user.email, name: user.name, sessionId: fresh.id, sessionExpiresAt: fresh.expiresAt, orgId: invitation.orgId, role: invitation.role }, c.env.SESSION_SECRET), 200);
    },
  );
}
