/**
 * Event messages: the immutable record of something that happened to a cloud account or a
 * database (observed or caused), as it travels through the `events` queue into D1.
 *
 * Ids are deterministic — derived from the account, the event type and the fact's own key —
 * so the at-least-once queue can deliver a message twice and D1 still holds one row.
 */
import { z } from "zod";
import { CAUSE_KINDS } from "../db/schema.ts";
import { deterministicId } from "../db/ids.ts";

export const EventMessageSchema = z.object({
  id: z.string().regex(/^evt_[0-9A-Z]{26}$/),
  orgId: z.string().min(1).max(64),
  cloudAccountId: z.string().min(1).max(64).nullable(),
  instanceId: z.string().min(1).max(64).nullable(),
  type: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/, "type must look like 'agent.tick'"),
  causeKind: z.enum(CAUSE_KINDS),
  causeId: z.string().max(128).nullable(),
  fromState: z.string().max(32).nullable(),
  toState: z.string().max(32).nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  /** Epoch milliseconds. */
  occurredAt: z.number().int().nonnegative(),
});

export type EventMessage = z.infer<typeof EventMessageSchema>;

type EventFacts = Omit<EventMessage, "id" | "cloudAccountId" | "instanceId" | "causeId" | "fromState" | "toState" | "detail"> &
  Partial<Pick<EventMessage, "cloudAccountId" | "instanceId" | "causeId" | "fromState" | "toState" | "detail">>;

/**
 * Builds an event whose id is a pure function of `key` — the parts that make this fact unique
 * (for a tick: the account and the tick id; for a transition: the database and the instant).
 */
export async function buildEvent(facts: EventFacts, key: (string | number)[]): Promise<EventMessage> {
  return {
    id: await deterministicId("evt", facts.orgId, facts.type, ...key),
    cloudAccountId: null,
    instanceId: null,
    causeId: null,
    fromState: null,
    toState: null,
    detail: null,
    ...facts,
  };
}

/**
 * Hands events to the `events` queue, whose consumer stores them (INSERT OR IGNORE on the
 * deterministic id) and fans them out to the notifications queue. For producers outside the
 * AccountAgent (which sends from its outbox): the API, Slack's deferred work and the cron tick.
 */
export async function emitEvents(env: { EVENTS: Queue<EventMessage> }, batch: readonly EventMessage[]): Promise<void> {
  for (let i = 0; i < batch.length; i += 100) {
    await env.EVENTS.sendBatch(batch.slice(i, i + 100).map((body) => ({ body, contentType: "json" as const })));
  }
}
