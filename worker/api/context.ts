/** The Hono environment every API route shares: validated bindings and per-request variables. */
import type { Identity, Principal } from "../auth/principal.ts";
import type { Env } from "../env.ts";

export type AppEnv = {
  Bindings: Env;
  Variables: {
    /** Server-generated for every request (never taken from the client). */
    requestId: string;
    /** The client's X-Request-Id, sanitized and length-limited, or null: correlation only. */
    correlationId: string | null;
    /** Set by the authentication middleware on every non-public route. */
    principal: Principal;
    /** Set on every authenticated route; differs from principal only for people without an org. */
    identity: Identity;
  };
};
