/** Who is making a request: a signed-in person (session cookie) or an API token. */
import type { Role } from "../db/schema.ts";

export type Principal =
  | {
      kind: "user";
      userId: string;
      email: string;
      name: string;
      orgId: string;
      role: Role;
      /** SHA-256 of the session token (the sessions table's id). */
      sessionId: string;
    }
  | {
      kind: "api_token";
      tokenId: string;
      tokenName: string;
      orgId: string;
      /** Already bounded by the creator's current role. */
      role: Role;
      /** Who created the token (tokens it creates inherit this creator). */
      creatorUserId: string | null;
    };

export function actorLabel(p: Principal): string {
  return p.kind === "user" ? p.email : `token:${p.tokenName}`;
}

export function actorId(p: Principal): string {
  return p.kind === "user" ? p.userId : p.tokenId;
}

/** Who is calling before an organization is chosen: a token (always in its organization) or a
 * signed-in person, who may belong to no organization (removed from all of them). */
export type Identity =
  | Extract<Principal, { kind: "api_token" }>
  | {
      kind: "user";
      userId: string;
      email: string;
      name: string;
      sessionId: string;
      /** The session's absolute expiry (epoch ms); rotation and organization switches keep it. */
      sessionExpiresAt: number;
      orgId: string | null;
      role: Role | null;
    };
