/** The Hono environment every API route shares: validated bindings and per-request variables. */
import type { Identity, Principal } from "../auth/principal.ts";
import type { Env } from "../env.ts";

export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    /** Set by the authentication middleware on every non-public route. */
    principal: Principal;
    /** Set on every authenticated route; differs from principal only for people without an org. */
    identity: Identity;
  };
};
