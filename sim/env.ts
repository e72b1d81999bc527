// Bindings of the simulator Worker (sim/wrangler.toml). Owns nothing else.
import type { SimCloud } from "./state/cloud.ts";
import type { SimRegistry } from "./state/registry.ts";
import type { InboxEnv } from "./webhooks/env.ts";

export interface Env extends InboxEnv {
  SIM_CLOUD: DurableObjectNamespace<SimCloud>;
  SIM_REGISTRY: DurableObjectNamespace<SimRegistry>;
}

/** Stub of the one registry object. */
export function registry(env: Env): DurableObjectStub<SimRegistry> {
  return env.SIM_REGISTRY.get(env.SIM_REGISTRY.idFromName("registry"));
}

/** Stub of the state object of one simulated AWS account ("aws:<id>") or GCP project ("gcp:<id>"). */
export function cloud(env: Env, key: string): DurableObjectStub<SimCloud> {
  return env.SIM_CLOUD.get(env.SIM_CLOUD.idFromName(key));
}
