/**
 * The one way an override comes to be: the API route (dashboard, CLI, public API) and Slack's
 * commands and buttons all call `createOverride`. It stores the override, audits it with its
 * author, emits the `override.created` event (id derived from the override, so a repeat adds
 * nothing; the events consumer fans it out to Slack and webhooks) and makes the database's
 * AccountAgent re-plan at once.
 *
 * Owns: the insert, its audit entry and its event. Never: checks permissions or validates input
 * (the callers do, each in its own words), or acts on the database itself (the agent does).
 */
import { drizzle } from "drizzle-orm/d1";
import type { Env } from "../env.ts";
import { overrides } from "../db/schema.ts";
import { newId } from "../db/ids.ts";
import { auditRecord, type Author } from "../audit/audit-log.ts";
import { buildEvent, emitEvents } from "../events/event.ts";
import { accountAgent } from "../accounts/agent.ts";
import type { CauseKind, OverrideKind } from "../domain/vocabulary.ts";
import { errorText, log } from "../log.ts";

export type OverrideRow = typeof overrides.$inferSelect;

export interface NewOverride {
  instance: { id: string; cloudAccountId: string };
  kind: OverrideKind;
  /** Epoch ms; null only for skip_next. */
  until: number | null;
  reason: string | null;
  cause: { kind: CauseKind; id: string | null };
  /** Where it came from, for the audit summary ("slack", "api"). */
  via: string;
}

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

export async function createOverride(env: Env, author: Author, input: NewOverride, now: number = Date.now()): Promise<OverrideRow> {
  const db = drizzle(env.DB);
  const id = newId("override");
  const [created] = await db
    .insert(overrides)
    .values({ id, orgId: author.orgId, instanceId: input.instance.id, kind: input.kind, until: input.until === null ? null : new Date(input.until), reason: input.reason, causeKind: input.cause.kind, causeId: input.cause.id, createdAt: new Date(now) })
    .returning();
  await auditRecord(env.DB, author.orgId, author.actor, { action: "override.created", targetType: "instance", targetId: input.instance.id, summary: { overrideId: id, kind: input.kind, until: iso(input.until), reason: input.reason, via: input.via } }, author.meta);
  const event = await buildEvent(
    {
      orgId: author.orgId,
      cloudAccountId: input.instance.cloudAccountId,
      instanceId: input.instance.id,
      type: "override.created",
      causeKind: input.cause.kind,
      causeId: input.cause.id,
      detail: { overrideId: id, kind: input.kind, until: iso(input.until), reason: input.reason, by: author.actor.label },
      occurredAt: now,
    },
    [id],
  );
  try {
    await emitEvents(env, [event]);
  } catch (error) {
    // The override stands (the agent obeys it); only its notification is lost. Said loudly.
    log.error("override.created event not queued", { overrideId: id, error: errorText(error) });
  }
  await accountAgent(env, input.instance.cloudAccountId).reschedule(input.instance.cloudAccountId, author.orgId);
  return created!;
}
