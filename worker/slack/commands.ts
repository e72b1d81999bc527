/**
 * The `/snooze` slash command's grammar (pure):
 *   status [name]            databases and their state (one, or all)
 *   wake <db> [for 2h | for 90m | until 18:00]   wake now; with a duration, keep it awake that long
 *   sleep <db>               put it to sleep now
 *   skip <db>                skip its next scheduled transition
 *   help
 * `until HH:MM` is the next such time in the organization's time zone.
 */
export type SnoozeCommand =
  | { kind: "help" }
  | { kind: "status"; name: string | null }
  | { kind: "wake"; name: string; keepAwakeUntil: number | null }
  | { kind: "sleep"; name: string }
  | { kind: "skip"; name: string }
  | { kind: "invalid"; message: string };

export const HELP_TEXT = [
  "*SnoozeQL* — `/snooze` commands:",
  "`/snooze status [name]` — what is awake and asleep",
  "`/snooze wake <db> [for 2h | until 18:00]` — wake a database (and keep it awake)",
  "`/snooze sleep <db>` — put a database to sleep now",
  "`/snooze skip <db>` — skip its next scheduled transition",
].join("\n");

const MAX_KEEP_AWAKE_MS = 31 * 24 * 3_600_000;

export function parseCommand(text: string, now: number, timeZone: string): SnoozeCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [verb, name, ...rest] = words;
  switch (verb?.toLowerCase()) {
    case undefined:
    case "help":
      return { kind: "help" };
    case "status":
      return { kind: "status", name: name ?? null };
    case "sleep":
    case "skip":
      if (!name) return { kind: "invalid", message: `Which database? \`/snooze ${verb} <db>\`` };
      if (rest.length > 0) return { kind: "invalid", message: `\`/snooze ${verb}\` takes only a database name.` };
      return { kind: verb.toLowerCase() as "sleep" | "skip", name };
    case "wake": {
      if (!name) return { kind: "invalid", message: "Which database? `/snooze wake <db> [for 2h | until 18:00]`" };
      if (rest.length === 0) return { kind: "wake", name, keepAwakeUntil: null };
      const until = keepAwakeUntil(rest, now, timeZone);
      return typeof until === "string" ? { kind: "invalid", message: until } : { kind: "wake", name, keepAwakeUntil: until };
    }
    default:
      return { kind: "invalid", message: `I don't know \`${verb}\`. Try \`/snooze help\`.` };
  }
}

function keepAwakeUntil(words: string[], now: number, timeZone: string): number | string {
  const [word, value, ...extra] = words;
  if (extra.length > 0 || !value) return "Say `for 2h`, `for 90m` or `until 18:00`.";
  if (word === "for") {
    const m = /^(\d{1,4})(m|min|h|d)$/i.exec(value);
    if (!m) return "Durations look like `30m`, `2h` or `1d`.";
    const unit = m[2]!.toLowerCase();
    const ms = Number(m[1]) * (unit === "d" ? 86_400_000 : unit === "h" ? 3_600_000 : 60_000);
    if (ms <= 0 || ms > MAX_KEEP_AWAKE_MS) return "Keep awake for between 1 minute and 31 days.";
    return now + ms;
  }
  if (word === "until") {
    const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(value);
    if (!m) return "Times look like `18:00` (24-hour clock).";
    return nextLocalTime(now, timeZone, Number(m[1]), Number(m[2]));
  }
  return "Say `for 2h`, `for 90m` or `until 18:00`.";
}

/** The next instant after `now` whose wall-clock time in `timeZone` is hh:mm. */
export function nextLocalTime(now: number, timeZone: string, hh: number, mm: number): number {
  const parts = (t: number) => {
    const p = Object.fromEntries(new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(t).map((x) => [x.type, x.value]));
    return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute) };
  };
  // Walk minute-aligned candidates: today's and tomorrow's hh:mm, corrected for the zone's offset.
  for (let dayOffset = 0; dayOffset <= 2; dayOffset++) {
    const local = parts(now + dayOffset * 86_400_000);
    const guess = Date.UTC(local.y, local.mo - 1, local.d, hh, mm);
    const seen = parts(guess);
    const offset = Date.UTC(seen.y, seen.mo - 1, seen.d, seen.h, seen.mi) - guess;
    const at = guess - offset;
    if (at > now) return at;
  }
  return now + 86_400_000;
}
