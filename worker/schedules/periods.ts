/**
 * Period parsing and matching with Instance Scheduler on AWS semantics.
 *
 * Owns: the grammar of a period's `weekdays`, `monthdays` and `months` items and of its
 * begin/end times, turning them into a compiled period, and deciding whether a local calendar
 * date satisfies a period's day conditions. The grammar and meaning follow Instance Scheduler's
 * period rules (its `cron/parser.py`, `cron/validator.py` and `cron/cron_to_running_period.py`):
 *
 * - weekdays: `mon`…`sun` or full names (case-insensitive) or 0-6 **with 0 = Monday**; ranges
 *   `mon-fri`, wrapping ranges `fri-mon`; steps `mon-sun/2`, `tue/2` (from tue to the end of the
 *   week); `mon#3` (third Monday of the month, n = 1…5); `friL` / `4L` (last Friday of the month);
 *   `L` alone means the last day of the week (Sunday); `*` / `?` every day.
 * - monthdays: 1-31; ranges `1-15` (no wrap-around), `15-L`; steps `1/7`, `1-31/2`; `L` (last day
 *   of the month); `15W` (weekday nearest the 15th, never leaving the month: a Saturday 1st moves
 *   to Monday the 3rd, a Sunday last day to Friday); `*` / `?`.
 * - months: `jan`…`dec` or full names or 1-12; ranges `jan-mar`, wrapping `nov-feb`; steps `1/3`;
 *   `*` / `?`. `L` is rejected (Instance Scheduler rejects it too).
 * - Each list item may itself be a comma-separated list; all items of a field are a union; the
 *   three fields of a period intersect (unlike cron's day-of-month OR day-of-week).
 * - A value that does not exist in a month (e.g. monthday 31 in April) simply never matches there.
 *   `31W` in a 30-day month matches nothing in that month (the 31st does not exist, so there is no
 *   weekday "nearest" to it; Instance Scheduler raises an error at evaluation time instead).
 *
 * Never: reads the clock, knows about time zones or instants (that is evaluate.ts / timezone.ts),
 * or performs I/O. Parse errors are thrown as `PeriodExpressionError` with a message meant for a
 * person: it names the offending item and says what is allowed.
 */
import { dateOfDayNumber, daysInMonth, weekdayOfDayNumber } from "./timezone.ts";

export type DayField = "weekdays" | "monthdays" | "months";

export class PeriodExpressionError extends Error {
  override name = "PeriodExpressionError";
}

/** One parsed item of a day field. Numbers are in the field's own domain (weekday 0 = Monday). */
export type DayExpr =
  | { kind: "all" }
  | { kind: "value"; value: number }
  | { kind: "last" }
  | { kind: "range"; start: number; end: number | "last" | null; step: number }
  | { kind: "nth"; weekday: number; n: number }
  | { kind: "lastWeekday"; weekday: number }
  | { kind: "nearest"; day: number };

const WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const MONTH_NAMES = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

function nameMap(names: string[], offset: number): Map<string, number> {
  const m = new Map<string, number>();
  names.forEach((n, i) => {
    m.set(n, i + offset);
    m.set(n.slice(0, 3), i + offset);
  });
  return m;
}

const WEEKDAY_BY_NAME = nameMap(WEEKDAY_NAMES, 0);
const MONTH_BY_NAME = nameMap(MONTH_NAMES, 1);

interface FieldSpec {
  noun: string;
  min: number;
  max: number;
  names: Map<string, number> | null;
  hint: string;
}

const FIELDS: Record<DayField, FieldSpec> = {
  weekdays: {
    noun: "weekday",
    min: 0,
    max: 6,
    names: WEEKDAY_BY_NAME,
    hint: "use mon…sun (or full names) or 0-6 where 0 = Monday, ranges like mon-fri or fri-mon, mon#3 (3rd Monday), friL (last Friday)",
  },
  monthdays: {
    noun: "day of the month",
    min: 1,
    max: 31,
    names: null,
    hint: "use 1-31, ranges like 1-15 or 15-L, L (last day), 15W (weekday nearest the 15th), steps like 1/7",
  },
  months: {
    noun: "month",
    min: 1,
    max: 12,
    names: MONTH_BY_NAME,
    hint: "use jan…dec (or full names) or 1-12, ranges like jan-mar or nov-feb, steps like 1/3",
  },
};

function fail(field: DayField, item: string, why: string): never {
  throw new PeriodExpressionError(`"${item}" is not a valid ${FIELDS[field].noun} expression: ${why} (${FIELDS[field].hint})`);
}

/** A single number or name; "L" is handled by the callers that allow it. */
function parseSingle(field: DayField, text: string, item: string): number {
  const spec = FIELDS[field];
  let value: number | undefined;
  if (/^\d+$/.test(text)) {
    value = Number(text);
  } else if (spec.names) {
    value = spec.names.get(text);
    if (value === undefined) fail(field, item, `"${text}" is not a ${spec.noun} name`);
  } else {
    fail(field, item, `"${text}" is not a number`);
  }
  if (value < spec.min || value > spec.max) {
    fail(field, item, `${text} is out of range ${spec.min}-${spec.max}`);
  }
  return value;
}

function parseRange(field: DayField, text: string, item: string, step: number): DayExpr {
  const parts = text.split("-");
  if (parts.length !== 2 || parts[0] === "" || parts[1] === "") fail(field, item, "a range needs exactly one start and one end");
  const [startText, endText] = parts as [string, string];
  if (startText === "l") fail(field, item, "a range cannot start at L");
  const start = parseSingle(field, startText, item);
  let end: number | "last";
  if (endText === "l") {
    if (field !== "monthdays") fail(field, item, `L cannot end a ${FIELDS[field].noun} range`);
    end = "last";
  } else {
    end = parseSingle(field, endText, item);
  }
  if (field === "monthdays" && end !== "last" && start > end) {
    fail(field, item, `day-of-month ranges do not wrap around (${start} is after ${end}); use two items such as ${start}-L and 1-${end}`);
  }
  return { kind: "range", start, end, step };
}

/** Parse one item (no commas) of a day field. */
function parseItem(field: DayField, raw: string): DayExpr {
  const item = raw.trim();
  const text = item.toLowerCase();
  if (text === "") throw new PeriodExpressionError(`an empty ${FIELDS[field].noun} item is not allowed (check for a stray comma)`);
  if (text === "*" || text === "?") return { kind: "all" };
  if (text === "l") {
    if (field === "months") fail(field, item, "L (last) is not supported for months");
    return { kind: "last" };
  }
  if (/^\d+$/.test(text) || (FIELDS[field].names?.has(text) ?? false)) {
    return { kind: "value", value: parseSingle(field, text, item) };
  }
  if (text.includes("/")) {
    const slash = text.indexOf("/");
    const base = text.slice(0, slash);
    const stepText = text.slice(slash + 1);
    if (!/^\d+$/.test(stepText) || Number(stepText) < 1) fail(field, item, "the step after / must be a whole number of at least 1");
    const step = Number(stepText);
    if (base === "*" || base === "?") fail(field, item, `"*/n" is not supported; write the start explicitly, e.g. ${field === "weekdays" ? "mon" : "1"}/${step}`);
    if (base === "l") fail(field, item, "a step cannot start at L");
    if (base.includes("-")) return parseRange(field, base, item, step);
    return { kind: "range", start: parseSingle(field, base, item), end: null, step };
  }
  if (text.includes("#")) {
    if (field !== "weekdays") fail(field, item, `"#" (nth weekday of the month) is only allowed in weekdays`);
    const [dayText, nText, ...rest] = text.split("#");
    if (rest.length > 0 || !dayText || !nText) fail(field, item, 'write the nth weekday as "mon#3"');
    if (!/^\d+$/.test(nText) || Number(nText) < 1 || Number(nText) > 5) fail(field, item, "the occurrence after # must be 1-5");
    return { kind: "nth", weekday: parseSingle(field, dayText, item), n: Number(nText) };
  }
  if (text.includes("-")) return parseRange(field, text, item, 1);
  if (/^\d+w$/.test(text)) {
    if (field !== "monthdays") fail(field, item, `"W" (nearest weekday) is only allowed in monthdays`);
    return { kind: "nearest", day: parseSingle(field, text.slice(0, -1), item) };
  }
  if (text.length > 1 && text.endsWith("l")) {
    if (field !== "weekdays") fail(field, item, `"<day>L" (last such weekday of the month) is only allowed in weekdays`);
    return { kind: "lastWeekday", weekday: parseSingle(field, text.slice(0, -1), item) };
  }
  return fail(field, item, FIELDS[field].names ? `"${item}" is not a ${FIELDS[field].noun} name or number` : `"${item}" is not a number`);
}

const exprCache = new Map<string, DayExpr[]>();

/**
 * Parse the items of a day field (each item may be a comma-separated list). Throws
 * `PeriodExpressionError` naming the first bad item.
 */
export function parseDayField(field: DayField, items: readonly string[]): DayExpr[] {
  const key = `${field}\u0000${items.join("\u0001")}`;
  const cached = exprCache.get(key);
  if (cached) return cached;
  if (items.length === 0) throw new PeriodExpressionError(`list at least one ${FIELDS[field].noun}, or leave the field out to mean every one`);
  const out: DayExpr[] = [];
  for (const item of items) for (const part of item.split(",")) out.push(parseItem(field, part));
  if (exprCache.size > 5000) exprCache.clear();
  exprCache.set(key, out);
  return out;
}

/** Validate one item (which may contain commas); returns an error message or null. */
export function dayFieldItemError(field: DayField, item: string): string | null {
  try {
    for (const part of item.split(",")) parseItem(field, part);
    return null;
  } catch (e) {
    if (e instanceof PeriodExpressionError) return e.message;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Matching.

/** Values of a range in a domain, exactly as Instance Scheduler's `_range_to_discrete_values`. */
function rangeValues(start: number, endSpec: number | "last" | null, step: number, domainStart: number, domainEnd: number): Set<number> {
  const end = endSpec === null || endSpec === "last" ? domainEnd : endSpec;
  const values = new Set<number>();
  if (start > domainEnd) return values;
  let wrap = start > end;
  let p = start;
  while (wrap || p <= end) {
    if (p >= domainStart && p <= domainEnd) values.add(p);
    p += step;
    if (wrap && p > domainEnd) {
      p -= domainEnd - domainStart + 1;
      wrap = false;
    }
  }
  return values;
}

export interface DayFacts {
  year: number;
  month: number;
  day: number;
  /** 0 = Monday */
  weekday: number;
  daysInMonth: number;
}

export function dayFacts(dayNumber: number): DayFacts {
  const { year, month, day } = dateOfDayNumber(dayNumber);
  return { year, month, day, weekday: weekdayOfDayNumber(dayNumber), daysInMonth: daysInMonth(year, month) };
}

function firstWeekdayOfMonth(d: DayFacts): number {
  // weekday of day 1 of d's month
  return (((d.weekday - (d.day - 1)) % 7) + 7) % 7;
}

function nearestWeekday(target: number, d: DayFacts): number | null {
  if (target > d.daysInMonth) return null;
  const weekday = (firstWeekdayOfMonth(d) + target - 1) % 7;
  if (weekday === 5) return target === 1 ? target + 2 : target - 1; // Saturday
  if (weekday === 6) return target === d.daysInMonth ? target - 2 : target + 1; // Sunday
  return target;
}

function exprMatches(field: DayField, e: DayExpr, d: DayFacts): boolean {
  const value = field === "weekdays" ? d.weekday : field === "monthdays" ? d.day : d.month;
  const [lo, hi] = field === "weekdays" ? [0, 6] : field === "monthdays" ? [1, d.daysInMonth] : [1, 12];
  switch (e.kind) {
    case "all":
      return true;
    case "value":
      return value === e.value;
    case "last":
      return value === hi;
    case "range":
      return rangeValues(e.start, e.end, e.step, lo, hi).has(value);
    case "nth": {
      if (d.weekday !== e.weekday) return false;
      const first = 1 + ((e.weekday - firstWeekdayOfMonth(d) + 7) % 7);
      const nth = first + 7 * (e.n - 1);
      return nth <= d.daysInMonth && d.day === nth;
    }
    case "lastWeekday":
      return d.weekday === e.weekday && d.day + 7 > d.daysInMonth;
    case "nearest":
      return d.day === nearestWeekday(e.day, d);
  }
}

export function fieldMatches(field: DayField, exprs: readonly DayExpr[] | null, d: DayFacts): boolean {
  if (exprs === null) return true;
  return exprs.some((e) => exprMatches(field, e, d));
}

// ---------------------------------------------------------------------------------------------
// Times and compiled periods.

const TIME_RE = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of "HH:MM" (or "H:MM"), or null when malformed. */
export function parseTime(text: string): number | null {
  const m = TIME_RE.exec(text);
  if (!m) return null;
  return Number(m[1]) * 60 + Number(m[2]);
}

export function timeError(text: string): string | null {
  if (parseTime(text) !== null) return null;
  if (/^\d{1,2}:\d{2}$/.test(text)) return `"${text}" is not a time of day: hours are 00-23 and minutes 00-59`;
  return `"${text}" is not a time: use 24-hour HH:MM, e.g. 09:00 or 18:30`;
}

/** The period fields this module understands (a subset of the public period shape). */
export interface PeriodSpec {
  begin?: string | undefined;
  end?: string | undefined;
  weekdays?: readonly string[] | undefined;
  monthdays?: readonly string[] | undefined;
  months?: readonly string[] | undefined;
}

export interface CompiledPeriod {
  /** Minutes after local midnight, inclusive. */
  begin: number | null;
  /** Minutes after local midnight, exclusive. */
  end: number | null;
  /** begin > end: runs from begin on a matching day to end on the next day. */
  overnight: boolean;
  weekdays: DayExpr[] | null;
  monthdays: DayExpr[] | null;
  months: DayExpr[] | null;
}

export function compilePeriod(p: PeriodSpec): CompiledPeriod {
  const begin = p.begin === undefined ? null : parseTime(p.begin);
  const end = p.end === undefined ? null : parseTime(p.end);
  if (p.begin !== undefined && begin === null) throw new PeriodExpressionError(timeError(p.begin) ?? "bad begin time");
  if (p.end !== undefined && end === null) throw new PeriodExpressionError(timeError(p.end) ?? "bad end time");
  return {
    begin,
    end,
    overnight: begin !== null && end !== null && begin > end,
    weekdays: p.weekdays === undefined ? null : parseDayField("weekdays", p.weekdays),
    monthdays: p.monthdays === undefined ? null : parseDayField("monthdays", p.monthdays),
    months: p.months === undefined ? null : parseDayField("months", p.months),
  };
}

/** Do a local date's facts satisfy all of the period's day conditions (Instance Scheduler: all must hold)? */
export function periodMatchesDay(p: CompiledPeriod, d: DayFacts): boolean {
  return fieldMatches("weekdays", p.weekdays, d) && fieldMatches("months", p.months, d) && fieldMatches("monthdays", p.monthdays, d);
}
