/** The Hono environment every API route shares: validated bindings and per-request variables. */
import type { Principal } from "../auth/principal.ts";
import type { Env } from "../env.ts";

export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    /** Set by the authentication middleware on every non-public route. */
    principal: Principal;
  };
};
