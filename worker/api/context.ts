/** The Hono environment every API route shares: validated bindings and per-request variables. */
import type { Env } from "../env.ts";

export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
  };
};
