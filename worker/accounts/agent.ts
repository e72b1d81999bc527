/** The one way to reach a cloud account's AccountAgent (a Durable Object named by the account id). */
import type { Env } from "../env.ts";

export function accountAgent(env: Pick<Env, "ACCOUNT_AGENT">, accountId: string) {
  return env.ACCOUNT_AGENT.get(env.ACCOUNT_AGENT.idFromName(accountId));
}
