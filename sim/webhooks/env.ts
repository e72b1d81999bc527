// The binding of the simulator's inbox (sim/wrangler.toml: SIM_INBOX).
import type { SimInbox } from "./inbox.ts";

export interface InboxEnv {
  SIM_INBOX: DurableObjectNamespace<SimInbox>;
}

export function inbox(env: InboxEnv): DurableObjectStub<SimInbox> {
  return env.SIM_INBOX.get(env.SIM_INBOX.idFromName("inbox"));
}
