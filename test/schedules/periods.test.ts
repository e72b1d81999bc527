// Period day-condition grammar and matching (Instance Scheduler semantics): weekday names and
// numbers (0 = Monday), ranges incl. wrap-around, steps, nth weekday, last weekday, monthdays
// lists/ranges/L/W (incl. month edges), months; and the error messages for bad items.
import { describe, expect, it } from "vitest";
import { dayFacts, dayFieldItemError, fieldMatches, parseDayField, parseTime, periodMatchesDay, compilePeriod, type DayField } from "../../worker/schedules/periods.ts";
import { dayNumberOfIsoDate, daysInMonth, isoDateOfDayNumber } from "../../worker/schedules/timezone.ts";

/** Every date of a month that the field's items match, as day-of-month numbers. */
function matchingDays(field: DayField, items: string[], year: number, month: number): number[] {
  const exprs = parseDayField(field, items);
  const out: number[] = [];
  for (let d = 1; d <= daysInMonth(year, month); d++) {
    if (fieldMatches(field, exprs, dayFacts(dayNumberOfIsoDate(`${year}-${String(month).padStart(2, "0")}-${String(d).padStart(2, "0")}`)))) out.push(d);
  }
  return out;
}

/** Months (1-12) of a year that a months expression matches. */
function matchingMonths(items: string[]): number[] {
  const exprs = parseDayField("months", items);
  const out: number[] = [];
  for (let m = 1; m <= 12; m++) if (fieldMatches("months", exprs, dayFacts(dayNumberOfIsoDate(`2026-${String(m).padStart(2, "0")}-10`)))) out.push(m);
  return out;
}

/** Weekdays (0 = Monday) that a weekday expression matches, checked over the week of 2026-01-05 (a Monday). */
function matchingWeekdays(items: string[]): number[] {
  const exprs = parseDayField("weekdays", items);
  const start = dayNumberOfIsoDate("2026-01-05");
  const out: number[] = [];
  for (let i = 0; i < 7; i++) if (fieldMatches("weekdays", exprs, dayFacts(start + i))) out.push(i);
  return out;
}

describe("calendar facts", () => {
  it("uses Instance Scheduler's weekday numbering (0 = Monday) and real month lengths", () => {
    expect(dayFacts(dayNumberOfIsoDate("2026-01-05"))).toEqual({ year: 2026, month: 1, day: 5, weekday: 0, daysInMonth: 31 });
    expect(dayFacts(dayNumberOfIsoDate("2026-02-01")).weekday).toBe(6);
    expect(dayFacts(dayNumberOfIsoDate("2024-02-10")).daysInMonth).toBe(29);
    expect(dayFacts(dayNumberOfIsoDate("2026-02-10")).daysInMonth).toBe(28);
    expect(dayFacts(dayNumberOfIsoDate("1900-02-10")).daysInMonth).toBe(28);
    expect(isoDateOfDayNumber(dayNumberOfIsoDate("2026-12-31") + 1)).toBe("2027-01-01");
  });
});

describe("weekdays", () => {
  it("accepts abbreviations, full names, any case, and numbers with 0 = Monday", () => {
    expect(matchingWeekdays(["mon"])).toEqual([0]);
    expect(matchingWeekdays(["Monday"])).toEqual([0]);
    expect(matchingWeekdays(["SUN"])).toEqual([6]);
    expect(matchingWeekdays(["0"])).toEqual([0]);
    expect(matchingWeekdays(["6"])).toEqual([6]);
    expect(matchingWeekdays(["4"])).toEqual([4]);
  });

  it("lists, comma lists inside an item, and unions of items", () => {
    expect(matchingWeekdays(["mon", "wed", "fri"])).toEqual([0, 2, 4]);
    expect(matchingWeekdays(["mon,wed, fri"])).toEqual([0, 2, 4]);
    expect(matchingWeekdays(["sat", "0-1"])).toEqual([0, 1, 5]);
  });

  it("ranges, wrap-around ranges and wildcards", () => {
    expect(matchingWeekdays(["mon-fri"])).toEqual([0, 1, 2, 3, 4]);
    expect(matchingWeekdays(["0-4"])).toEqual([0, 1, 2, 3, 4]);
    expect(matchingWeekdays(["fri-mon"])).toEqual([0, 4, 5, 6]);
    expect(matchingWeekdays(["sat-sun"])).toEqual([5, 6]);
    expect(matchingWeekdays(["sun-mon"])).toEqual([0, 6]);
    expect(matchingWeekdays(["sat-fri"])).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(matchingWeekdays(["*"])).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(matchingWeekdays(["?"])).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("steps, continuing the count across a wrap like Instance Scheduler", () => {
    expect(matchingWeekdays(["mon/2"])).toEqual([0, 2, 4, 6]);
    expect(matchingWeekdays(["mon-sun/3"])).toEqual([0, 3, 6]);
    expect(matchingWeekdays(["fri-tue/2"])).toEqual([1, 4, 6]);
    expect(matchingWeekdays(["tue/10"])).toEqual([1]);
  });

  it("L alone is the last day of the week (Sunday)", () => {
    expect(matchingWeekdays(["L"])).toEqual([6]);
  });

  it("nth weekday of the month: mon#1, mon#3, fri#5 only where a fifth exists", () => {
    expect(matchingDays("weekdays", ["mon#1"], 2026, 1)).toEqual([5]);
    expect(matchingDays("weekdays", ["mon#3"], 2026, 1)).toEqual([19]);
    expect(matchingDays("weekdays", ["sun#1"], 2026, 2)).toEqual([1]);
    expect(matchingDays("weekdays", ["0#1"], 2026, 6)).toEqual([1]);
    expect(matchingDays("weekdays", ["fri#5"], 2026, 1)).toEqual([30]);
    expect(matchingDays("weekdays", ["mon#5"], 2026, 3)).toEqual([30]);
    expect(matchingDays("weekdays", ["mon#5"], 2026, 2)).toEqual([]);
    expect(matchingDays("weekdays", ["mon#1", "mon#3"], 2026, 1)).toEqual([5, 19]);
  });

  it("last such weekday of the month: friL, 4L, sunL", () => {
    expect(matchingDays("weekdays", ["friL"], 2026, 1)).toEqual([30]);
    expect(matchingDays("weekdays", ["fril"], 2026, 2)).toEqual([27]);
    expect(matchingDays("weekdays", ["4L"], 2026, 7)).toEqual([31]);
    expect(matchingDays("weekdays", ["sunL"], 2026, 5)).toEqual([31]);
    expect(matchingDays("weekdays", ["monL"], 2026, 11)).toEqual([30]);
  });
});

describe("monthdays", () => {
  it("single days, lists and ranges; a day a month lacks never matches", () => {
    expect(matchingDays("monthdays", ["1"], 2026, 1)).toEqual([1]);
    expect(matchingDays("monthdays", ["01"], 2026, 1)).toEqual([1]);
    expect(matchingDays("monthdays", ["1,15", "28"], 2026, 2)).toEqual([1, 15, 28]);
    expect(matchingDays("monthdays", ["1-5"], 2026, 1)).toEqual([1, 2, 3, 4, 5]);
    expect(matchingDays("monthdays", ["31"], 2026, 4)).toEqual([]);
    expect(matchingDays("monthdays", ["25-31"], 2026, 2)).toEqual([25, 26, 27, 28]);
    expect(matchingDays("monthdays", ["*"], 2026, 2)).toHaveLength(28);
  });

  it("L is the last day of each month, also in ranges", () => {
    expect(matchingDays("monthdays", ["L"], 2026, 1)).toEqual([31]);
    expect(matchingDays("monthdays", ["L"], 2026, 2)).toEqual([28]);
    expect(matchingDays("monthdays", ["L"], 2024, 2)).toEqual([29]);
    expect(matchingDays("monthdays", ["L"], 2026, 4)).toEqual([30]);
    expect(matchingDays("monthdays", ["28-L"], 2026, 2)).toEqual([28]);
    expect(matchingDays("monthdays", ["30-L"], 2026, 1)).toEqual([30, 31]);
    expect(matchingDays("monthdays", ["30-L"], 2026, 2)).toEqual([]);
    expect(matchingDays("monthdays", ["1", "L"], 2026, 4)).toEqual([1, 30]);
  });

  it("steps", () => {
    expect(matchingDays("monthdays", ["1/7"], 2026, 1)).toEqual([1, 8, 15, 22, 29]);
    expect(matchingDays("monthdays", ["1-31/10"], 2026, 1)).toEqual([1, 11, 21, 31]);
    expect(matchingDays("monthdays", ["1-31/10"], 2026, 4)).toEqual([1, 11, 21]);
    expect(matchingDays("monthdays", ["2-L/14"], 2026, 2)).toEqual([2, 16]);
  });

  it("nW is the weekday nearest the nth, never leaving the month", () => {
    // 15th on a weekday stays; on a Saturday moves back to Friday; on a Sunday forward to Monday.
    expect(matchingDays("monthdays", ["15W"], 2026, 1)).toEqual([15]);
    expect(matchingDays("monthdays", ["15W"], 2026, 8)).toEqual([14]);
    expect(matchingDays("monthdays", ["15W"], 2026, 2)).toEqual([16]);
    expect(matchingDays("monthdays", ["15w"], 2026, 3)).toEqual([16]);
    // 1W on a Saturday (August 2026) → Monday the 3rd; on a Sunday (February 2026) → Monday the 2nd.
    expect(matchingDays("monthdays", ["1W"], 2026, 8)).toEqual([3]);
    expect(matchingDays("monthdays", ["1W"], 2026, 2)).toEqual([2]);
    // Last day on a Sunday (May 2026) → Friday the 29th; on a Saturday (January 2026) → Friday the 30th.
    expect(matchingDays("monthdays", ["31W"], 2026, 5)).toEqual([29]);
    expect(matchingDays("monthdays", ["31W"], 2026, 1)).toEqual([30]);
    expect(matchingDays("monthdays", ["31W"], 2026, 8)).toEqual([31]);
    // 31W in a 30-day month matches nothing that month (the 31st does not exist).
    expect(matchingDays("monthdays", ["31W"], 2026, 4)).toEqual([]);
    expect(matchingDays("monthdays", ["31W"], 2026, 11)).toEqual([]);
    expect(matchingDays("monthdays", ["30W"], 2026, 11)).toEqual([30]);
    // 29W in February of a common year matches nothing; in a leap year it is Thursday the 29th.
    expect(matchingDays("monthdays", ["29W"], 2026, 2)).toEqual([]);
    expect(matchingDays("monthdays", ["29W"], 2024, 2)).toEqual([29]);
  });
});

describe("months", () => {
  it("names, numbers, ranges, wrap-around and steps", () => {
    expect(matchingMonths(["jan"])).toEqual([1]);
    expect(matchingMonths(["January", "DEC"])).toEqual([1, 12]);
    expect(matchingMonths(["1-3"])).toEqual([1, 2, 3]);
    expect(matchingMonths(["jan-mar", "jul"])).toEqual([1, 2, 3, 7]);
    expect(matchingMonths(["nov-feb"])).toEqual([1, 2, 11, 12]);
    expect(matchingMonths(["1/3"])).toEqual([1, 4, 7, 10]);
    expect(matchingMonths(["12"])).toEqual([12]);
    expect(matchingMonths(["*"])).toHaveLength(12);
  });
});

describe("a period's conditions intersect", () => {
  it("weekdays and monthdays must both hold (not cron's OR)", () => {
    const p = compilePeriod({ weekdays: ["mon"], monthdays: ["1-7"] });
    const days: string[] = [];
    for (let d = dayNumberOfIsoDate("2026-01-01"); d <= dayNumberOfIsoDate("2026-03-31"); d++) if (periodMatchesDay(p, dayFacts(d))) days.push(isoDateOfDayNumber(d));
    expect(days).toEqual(["2026-01-05", "2026-02-02", "2026-03-02"]);
  });

  it("months restrict weekdays", () => {
    const p = compilePeriod({ weekdays: ["friL"], months: ["feb", "dec"] });
    const days: string[] = [];
    for (let d = dayNumberOfIsoDate("2026-01-01"); d <= dayNumberOfIsoDate("2026-12-31"); d++) if (periodMatchesDay(p, dayFacts(d))) days.push(isoDateOfDayNumber(d));
    expect(days).toEqual(["2026-02-27", "2026-12-25"]);
  });
});

describe("times", () => {
  it("parses 24-hour HH:MM (and H:MM, as Instance Scheduler does)", () => {
    expect(parseTime("00:00")).toBe(0);
    expect(parseTime("09:30")).toBe(570);
    expect(parseTime("9:30")).toBe(570);
    expect(parseTime("23:59")).toBe(1439);
    expect(parseTime("24:00")).toBeNull();
    expect(parseTime("25:00")).toBeNull();
    expect(parseTime("12:60")).toBeNull();
    expect(parseTime("9am")).toBeNull();
    expect(parseTime("09:00:00")).toBeNull();
  });
});

describe("bad items are rejected with a message naming the item and the rule", () => {
  const cases: [DayField, string, string][] = [
    ["weekdays", "mon-funday", '"funday" is not a weekday name'],
    ["weekdays", "7", "7 is out of range 0-6"],
    ["weekdays", "mon#6", "the occurrence after # must be 1-5"],
    ["weekdays", "mon#0", "the occurrence after # must be 1-5"],
    ["weekdays", "15W", '"W" (nearest weekday) is only allowed in monthdays'],
    ["weekdays", "mon-L", "L cannot end a weekday range"],
    ["weekdays", "L-fri", "a range cannot start at L"],
    ["weekdays", "*/2", '"*/n" is not supported'],
    ["weekdays", "mon/0", "the step after / must be a whole number of at least 1"],
    ["weekdays", "mon,,tue", "an empty weekday item is not allowed"],
    ["monthdays", "32", "32 is out of range 1-31"],
    ["monthdays", "0", "0 is out of range 1-31"],
    ["monthdays", "20-10", "day-of-month ranges do not wrap around"],
    ["monthdays", "mon", '"mon" is not a number'],
    ["monthdays", "fri#2", '"#" (nth weekday of the month) is only allowed in weekdays'],
    ["monthdays", "friL", '"<day>L" (last such weekday of the month) is only allowed in weekdays'],
    ["monthdays", "32W", "32 is out of range 1-31"],
    ["months", "13", "13 is out of range 1-12"],
    ["months", "0", "0 is out of range 1-12"],
    ["months", "L", "L (last) is not supported for months"],
    ["months", "smarch", '"smarch" is not a month name or number'],
    ["months", "15W", '"W" (nearest weekday) is only allowed in monthdays'],
    ["months", "jan-L", "L cannot end a month range"],
  ];
  for (const [field, item, message] of cases) {
    it(`${field} "${item}"`, () => {
      const err = dayFieldItemError(field, item);
      expect(err).toContain(message);
      if (!item.includes(",")) expect(err).toMatch(new RegExp(`^"${item.replace(/[*/]/g, "\\$&")}" is not a valid `));
    });
  }

  it("valid items have no error", () => {
    for (const [field, item] of [
      ["weekdays", "mon-fri"],
      ["weekdays", "Fri#2"],
      ["weekdays", "sunL"],
      ["monthdays", "15W"],
      ["monthdays", "1-15,L"],
      ["months", "nov-feb"],
    ] as [DayField, string][]) {
      expect(dayFieldItemError(field, item)).toBeNull();
    }
  });

  it("an empty list is rejected", () => {
    expect(() => parseDayField("weekdays", [])).toThrow("list at least one weekday");
  });
});
