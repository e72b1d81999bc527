/**
 * Which databases a schedule applies to.
 *
 * Owns: the selector schema (a list of matchers that must all hold) and `matchesSelector`.
 * A matcher looks at one attribute of a database — `name`, `cloudAccountId`, `provider`,
 * `region`, `engine`, or a `tag` (with its `key`) — and compares it with `value` by
 *   - `equals`: exact string equality,
 *   - `glob`:   whole-string match where `*` is any run of characters (also empty) and `?` exactly
 *               one character; every other character is literal,
 *   - `regex`:  JavaScript regular expression, searched anywhere in the value (anchor it with
 *               ^…$ to match the whole value),
 *   - `exists`: (tags only) the tag is present, whatever its value.
 * `ignoreCase: true` makes the comparison case-insensitive; `negate: true` inverts the matcher.
 * A missing tag never equals/globs/regex-matches anything, so a negated matcher on a missing tag
 * holds ("env is not prod" includes databases without an env tag).
 *
 * Never: performs I/O or looks databases up; it only judges the attributes it is given.
 */
import { z } from "zod";

export const SELECTOR_FIELDS = ["name", "cloudAccountId", "provider", "region", "engine", "tag"] as const;
export const SELECTOR_OPS = ["equals", "glob", "regex", "exists"] as const;

const MAX_PATTERN = 256;

function regexError(source: string, ignoreCase: boolean): string | null {
  try {
    new RegExp(source, ignoreCase ? "i" : "");
    return null;
  } catch (e) {
    return `not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`;
  }
}

export const SelectorMatcherSchema = z
  .object({
    field: z.enum(SELECTOR_FIELDS, { error: `field must be one of ${SELECTOR_FIELDS.join(", ")}` }),
    key: z
      .string({ error: "key must be a string (the tag key)" })
      .min(1, { error: "key must not be empty" })
      .max(128, { error: "key must be at most 128 characters" })
      .optional(),
    op: z.enum(SELECTOR_OPS, { error: `op must be one of ${SELECTOR_OPS.join(", ")}` }),
    value: z.string({ error: "value must be a string" }).max(MAX_PATTERN, { error: `value must be at most ${MAX_PATTERN} characters` }).optional(),
    negate: z.boolean({ error: "negate must be true or false" }).optional(),
    ignoreCase: z.boolean({ error: "ignoreCase must be true or false" }).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.field === "tag" && m.key === undefined) {
      ctx.addIssue({ code: "custom", path: ["key"], message: 'a tag matcher needs the tag "key"' });
    }
    if (m.field !== "tag" && m.key !== undefined) {
      ctx.addIssue({ code: "custom", path: ["key"], message: `"key" only applies to tag matchers, not to ${m.field}` });
    }
    if (m.op === "exists") {
      if (m.field !== "tag") ctx.addIssue({ code: "custom", path: ["op"], message: `"exists" only applies to tag matchers; ${m.field} always exists` });
      if (m.value !== undefined) ctx.addIssue({ code: "custom", path: ["value"], message: '"exists" takes no value' });
      return;
    }
    if (m.value === undefined) {
      ctx.addIssue({ code: "custom", path: ["value"], message: `op "${m.op}" needs a value` });
      return;
    }
    if (m.op === "regex") {
      const err = regexError(m.value, m.ignoreCase ?? false);
      if (err) ctx.addIssue({ code: "custom", path: ["value"], message: err });
    }
  });

export const SelectorSchema = z
  .object({
    match: z
      .array(SelectorMatcherSchema, { error: "match must be a list of matchers" })
      .min(1, { error: 'list at least one matcher; to select every database use { "field": "name", "op": "glob", "value": "*" }' })
      .max(50, { error: "at most 50 matchers" }),
  })
  .strict();

export type SelectorMatcher = z.output<typeof SelectorMatcherSchema>;
export type Selector = z.output<typeof SelectorSchema>;

export interface SelectableDatabase {
  name: string;
  cloudAccountId: string;
  provider: "aws" | "gcp";
  region: string;
  engine: string;
  tags: Record<string, string>;
}

const patternCache = new Map<string, RegExp>();

function globToRegExp(glob: string, ignoreCase: boolean): RegExp {
  let src = "^";
  for (const ch of glob) {
    if (ch === "*") src += "[\\s\\S]*";
    else if (ch === "?") src += "[\\s\\S]";
    else src += ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`${src}$`, ignoreCase ? "iu" : "u");
}

function compiled(op: "glob" | "regex", value: string, ignoreCase: boolean): RegExp {
  const key = `${op}\u0000${ignoreCase ? "i" : ""}\u0000${value}`;
  let re = patternCache.get(key);
  if (!re) {
    re = op === "glob" ? globToRegExp(value, ignoreCase) : new RegExp(value, ignoreCase ? "i" : "");
    if (patternCache.size > 2000) patternCache.clear();
    patternCache.set(key, re);
  }
  return re;
}

function attribute(m: SelectorMatcher, db: SelectableDatabase): string | undefined {
  switch (m.field) {
    case "tag":
      return m.key !== undefined && Object.hasOwn(db.tags, m.key) ? db.tags[m.key] : undefined;
    default:
      return db[m.field];
  }
}

function matcherHolds(m: SelectorMatcher, db: SelectableDatabase): boolean {
  const actual = attribute(m, db);
  let hit: boolean;
  if (actual === undefined) {
    hit = false;
  } else if (m.op === "exists") {
    hit = true;
  } else {
    const value = m.value ?? "";
    const ignoreCase = m.ignoreCase ?? false;
    if (m.op === "equals") hit = ignoreCase ? actual.toLowerCase() === value.toLowerCase() : actual === value;
    else hit = compiled(m.op, value, ignoreCase).test(actual);
  }
  return m.negate ? !hit : hit;
}

/** Does `db` satisfy every matcher of `selector`? */
export function matchesSelector(selector: Selector, db: SelectableDatabase): boolean {
  return selector.match.every((m) => matcherHolds(m, db));
}

/** A person's words for one matcher, e.g. `tag env equals "dev"` or `name is not glob "prod-*"`. */
export function describeMatcher(m: SelectorMatcher): string {
  const subject = m.field === "tag" ? `tag ${m.key ?? ""}` : m.field === "cloudAccountId" ? "account" : m.field;
  const verb = m.op === "exists" ? "exists" : `${m.op === "equals" ? "equals" : m.op === "glob" ? "matches" : "matches regex"} "${m.value ?? ""}"`;
  return `${subject} ${m.negate ? "not " : ""}${verb}${m.ignoreCase ? " (any case)" : ""}`;
}

/**
 * Why `db` is not selected: the matchers it fails, in the selector's order (empty when it is
 * selected). For previews that say why a database is left out.
 */
export function failedMatchers(selector: Selector, db: SelectableDatabase): SelectorMatcher[] {
  return selector.match.filter((m) => !matcherHolds(m, db));
}
