/**
 * Slack Block Kit messages (pure): a notification with its buttons ("Keep awake 2h", "Wake now";
 * "Keep awake 2h more" on an expiring override; "Apply recommendation", with the projected monthly
 * savings, on a recommendation; the triggering metric values and "Open policies" on a policy's
 * firing) and a dashboard link, and the text SnoozeQL answers commands and
 * button presses with.
 *
 * Keeps Slack's limits (https://api.slack.com/reference/block-kit/blocks): section text ≤ 3000
 * characters, button text ≤ 75, action values ≤ 2000, ≤ 50 blocks, fallback `text` kept short.
 * Mentions from tenant data are neutralised (<, >, & escaped) so a database name cannot ping
 * @channel or forge a link.
 */
import { headline, type NotificationSubject } from "../notifications/subject.ts";
import { evidenceText } from "../policies/fired.ts";
import { dayLabel, digestSummary, hoursText, monthToDateText, usd, type Digest } from "../notifications/digest.ts";

export const LIMITS = { sectionText: 3000, headerText: 150, buttonText: 75, actionValue: 2000, blocks: 50, fallbackText: 3000, contextElements: 10 } as const;

/** Databases with an unknown price named in a digest before "and N more". */
export const DIGEST_UNPRICED_NAMES = 10;

/** Button action ids, shared with the interactivity handler. */
export const ACTIONS = { keepAwake2h: "keep_awake_2h", wakeNow: "wake_now", extend2h: "extend_override_2h", applyRecommendation: "apply_recommendation", open: "open_dashboard", openPolicies: "open_policies" } as const;

export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

export function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text: clip(text, LIMITS.sectionText) } });
const button = (text: string, actionId: string, value: string, style?: "primary" | "danger") => ({
  type: "button",
  text: { type: "plain_text", text: clip(text, LIMITS.buttonText), emoji: false },
  action_id: actionId,
  value: clip(value, LIMITS.actionValue),
  ...(style && { style }),
});

function causeWords(s: NotificationSubject): string {
  const who = s.cause.label ? ` (${s.cause.label})` : "";
  return `Cause: ${s.cause.kind.replaceAll("_", " ")}${who}`;
}

/** The message for one notification. */
export function notificationMessage(s: NotificationSubject): SlackMessage {
  const text = clip(headline(s), LIMITS.fallbackText);
  const blocks: Record<string, unknown>[] = [section(escapeMrkdwn(headline(s)))];
  if (s.type !== "test" && s.type !== "recommendation.ready" && s.type !== "policy.fired") blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: clip(escapeMrkdwn(causeWords(s)), LIMITS.sectionText) }] });
  const elements: Record<string, unknown>[] = [];
  if (s.database && (s.type === "database.stopped" || s.type === "database.auto_restart" || s.type === "database.failed")) {
    elements.push(button("Keep awake 2h", ACTIONS.keepAwake2h, s.database.id, "primary"));
    elements.push(button("Wake now", ACTIONS.wakeNow, s.database.id));
  }
  const o = s.override;
  if (s.type === "override.expiring" && o && o.kind !== "skip_next") {
    elements.push(button(o.kind === "keep_asleep" ? "Keep asleep 2h more" : "Keep awake 2h more", ACTIONS.extend2h, o.id, "primary"));
  }
  const r = s.recommendation;
  if (s.type === "recommendation.ready" && r) {
    const money = r.monthlySavingsCents === null ? "unknown (no price yet)" : `${usd(r.monthlySavingsCents)} a month`;
    blocks.push({
      type: "section",
      fields: [
        { type: "mrkdwn", text: `*Projected savings*\n${money}` },
        { type: "mrkdwn", text: `*Confidence*\n${r.confidencePercent}%` },
      ],
    });
    if (r.status === "open") elements.push(button("Apply recommendation", ACTIONS.applyRecommendation, r.id, "primary"));
  }
  const p = s.policy;
  if (s.type === "policy.fired" && p) {
    blocks.push(policyEvidence(p));
    if (p.link) elements.push({ ...button("Open policies", ACTIONS.openPolicies, p.policyId), url: p.link });
  }
  if (s.link) elements.push({ ...button("Open in SnoozeQL", ACTIONS.open, s.database?.id ?? "dashboard"), url: s.link });
  if (elements.length > 0) blocks.push({ type: "actions", block_id: "snoozeql_actions", elements });
  return { text, blocks: blocks.slice(0, LIMITS.blocks) };
}

/** A policy's firing: the rules and the values that triggered it, and whether it was a dry run (≤ 10 context elements). */
function policyEvidence(p: NonNullable<NotificationSubject["policy"]>): Record<string, unknown> {
  const mode = p.dryRun ? "Dry run: nothing was changed" : p.actions.some((a) => a.type !== "notify") ? "Acted" : "Notify only";
  const rules = p.evidence.map((e) => `${e.holds ? "✓" : "✗"} ${evidenceText(e)}`);
  const shown = rules.slice(0, LIMITS.contextElements - 2);
  const more = rules.length > shown.length ? [`and ${rules.length - shown.length} more rules`] : [];
  const texts = [`*Policy* ${p.policyName} · ${mode}`, ...shown, ...more];
  return { type: "context", elements: texts.map((t) => ({ type: "mrkdwn", text: clip(escapeMrkdwn(t), LIMITS.sectionText) })) };
}

/**
 * The savings digest: a header, the summary, the top savers, the databases whose sleep is not
 * counted for lack of a price, the month to date and a link to the savings page (≤ 6 blocks).
 */
export function digestMessage(d: Digest): SlackMessage {
  const summary = digestSummary(d);
  const title = d.period.kind === "daily" ? `Savings on ${dayLabel(d.period.from)}` : `Savings, ${dayLabel(d.period.from)} – ${dayLabel(d.period.to)}`;
  const blocks: Record<string, unknown>[] = [
    { type: "header", text: { type: "plain_text", text: clip(title, LIMITS.headerText), emoji: false } },
    section(escapeMrkdwn(summary)),
  ];
  if (d.top.length > 0) {
    const lines = d.top.map((t, k) => `${k + 1}. *${escapeMrkdwn(t.name)}*: ${usd(t.savedCents)} (${hoursText(t.asleepSeconds)} asleep)`);
    blocks.push(section(`*Top savers*\n${lines.join("\n")}`));
  }
  if (d.unpriced.length > 0) {
    const named = d.unpriced.slice(0, DIGEST_UNPRICED_NAMES).map((u) => escapeMrkdwn(u.name));
    const more = d.unpriced.length > named.length ? ` and ${d.unpriced.length - named.length} more` : "";
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: clip(`Unknown price, sleep not counted as money: ${named.join(", ")}${more}`, LIMITS.sectionText) }] });
  }
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: clip(escapeMrkdwn(monthToDateText(d)), LIMITS.sectionText) }] });
  if (d.link) blocks.push({ type: "actions", block_id: "snoozeql_digest", elements: [{ ...button("Open savings", ACTIONS.open, "savings"), url: d.link }] });
  return { text: clip(summary, LIMITS.fallbackText), blocks: blocks.slice(0, LIMITS.blocks) };
}

/** A plain reply (ephemeral answers, refusals, results of commands). */
export function textMessage(text: string): SlackMessage {
  return { text: clip(text, LIMITS.fallbackText), blocks: [section(escapeMrkdwn(text))] };
}
