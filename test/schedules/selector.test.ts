// Selectors: equals / glob / regex / exists on name, cloudAccountId, provider, region, engine and
// tags; negation; case-insensitivity; missing tags; all matchers must hold; validation messages.
import { describe, expect, it } from "vitest";
import { SelectorSchema, matchesSelector, type SelectableDatabase, type Selector } from "../../worker/schedules/index.ts";

const db: SelectableDatabase = {
  name: "orders-dev-eu",
  cloudAccountId: "acct_123",
  provider: "aws",
  region: "eu-central-1",
  engine: "postgres",
  tags: { env: "dev", team: "Payments", "cost.center": "42" },
};

function sel(...match: unknown[]): Selector {
  return SelectorSchema.parse({ match });
}

describe("matchers", () => {
  it("equals, on every field", () => {
    expect(matchesSelector(sel({ field: "name", op: "equals", value: "orders-dev-eu" }), db)).toBe(true);
    expect(matchesSelector(sel({ field: "name", op: "equals", value: "orders-dev" }), db)).toBe(false);
    expect(matchesSelector(sel({ field: "cloudAccountId", op: "equals", value: "acct_123" }), db)).toBe(true);
    expect(matchesSelector(sel({ field: "provider", op: "equals", value: "gcp" }), db)).toBe(false);
    expect(matchesSelector(sel({ field: "region", op: "equals", value: "eu-central-1" }), db)).toBe(true);
    expect(matchesSelector(sel({ field: "engine", op: "equals", value: "postgres" }), db)).toBe(true);
    expect(matchesSelector(sel({ field: "tag", key: "env", op: "equals", value: "dev" }), db)).toBe(true);
    expect(matchesSelector(sel({ field: "tag", key: "env", op: "equals", value: "Dev" }), db)).toBe(false);
    expect(matchesSelector(sel({ field: "tag", key: "env", op: "equals", value: "Dev", ignoreCase: true }), db)).toBe(true);
  });

  it("glob: * any run (also empty), ? one character, everything else literal, whole value", () => {
    expect(matchesSelector(sel({ field: "name", op: "glob", value: "orders-*" }), db)).toBe(true);
    expect(matchesSelector(sel({ field: "name", op: "glob", value: "*-dev-*" }), db)).toBe(true);
    expect(matchesSelector(sel({ field: "name", op: "glob", value: "orders-dev-eu*" }), db)).toBe(true);
    expect(matchesSelector(sel({ field: "name", op: "glob", value: "orders-dev-e?" }), db)).toBe(true);
    expect(matchesSelector(sel({ field: "name", op: "glob", value: "orders-dev-?" }), db)).toBe(false);
    expect(matchesSelector(sel({ field: "name", op: "glob", value: "orders" }), db)).toBe(false);
    expect(matchesSelector(sel({ field: "region", op: "glob", value: "eu-*-1" }), db)).toBe(true);
    expect(matchesSelector(sel({ field: "tag", key: "cost.center", op: "glob", value: "4?" }), db)).toBe(true);
    // Regex metacharacters are literal in a glob.
    expect(matchesSelector(sel({ field: "tag", key: "team", op: "glob", value: "Pay.ents" }), db)).toBe(false);
    expect(matchesSelector(sel({ field: "tag", key: "team", op: "glob", value: "PAY*", ignoreCase: true }), db)).toBe(true);
    expect(matchesSelector(sel({ field: "name", op: "glob", value: "*" }), { ...db, name: "" })).toBe(true);
  });

  it("regex: searched anywhere unless anchored", () => {
    expect(matchesSelector(sel({ field: "name", op: "regex", value: "dev" }), db)).toBe(true);
    expect(matchesSelector(sel({ field: "name", op: "regex", value: "^dev" }), db)).toBe(false);
    expect(matchesSelector(sel({ field: "name", op: "regex", value: "^orders-(dev|test)-[a-z]{2}$" }), db)).toBe(true);
    expect(matchesSelector(sel({ field: "engine", op: "regex", value: "^(postgres|mysql)$" }), db)).toBe(true);
    expect(matchesSelector(sel({ field: "tag", key: "team", op: "regex", value: "^payments$", ignoreCase: true }), db)).toBe(true);
  });

  it("negation inverts a matcher", () => {
    expect(matchesSelector(sel({ field: "name", op: "glob", value: "*-prod*", negate: true }), db)).toBe(true);
    expect(matchesSelector(sel({ field: "name", op: "glob", value: "*-dev*", negate: true }), db)).toBe(false);
    expect(matchesSelector(sel({ field: "engine", op: "regex", value: "mysql", negate: true }), db)).toBe(true);
  });

  it("a missing tag matches nothing, so its negation holds; exists tests presence", () => {
    expect(matchesSelector(sel({ field: "tag", key: "owner", op: "equals", value: "" }), db)).toBe(false);
    expect(matchesSelector(sel({ field: "tag", key: "owner", op: "glob", value: "*" }), db)).toBe(false);
    expect(matchesSelector(sel({ field: "tag", key: "owner", op: "regex", value: ".*" }), db)).toBe(false);
    expect(matchesSelector(sel({ field: "tag", key: "env", op: "equals", value: "prod", negate: true }), { ...db, tags: {} })).toBe(true);
    expect(matchesSelector(sel({ field: "tag", key: "env", op: "exists" }), db)).toBe(true);
    expect(matchesSelector(sel({ field: "tag", key: "owner", op: "exists" }), db)).toBe(false);
    expect(matchesSelector(sel({ field: "tag", key: "owner", op: "exists", negate: true }), db)).toBe(true);
    // Keys are exact (no prototype look-ups, case-sensitive).
    expect(matchesSelector(sel({ field: "tag", key: "toString", op: "exists" }), db)).toBe(false);
    expect(matchesSelector(sel({ field: "tag", key: "ENV", op: "exists" }), db)).toBe(false);
  });

  it("every listed matcher must hold", () => {
    const s = sel({ field: "tag", key: "env", op: "equals", value: "dev" }, { field: "name", op: "glob", value: "*-prod*", negate: true }, { field: "provider", op: "equals", value: "aws" });
    expect(matchesSelector(s, db)).toBe(true);
    expect(matchesSelector(s, { ...db, name: "orders-prod-eu" })).toBe(false);
    expect(matchesSelector(s, { ...db, provider: "gcp" })).toBe(false);
    expect(matchesSelector(s, { ...db, tags: { env: "staging" } })).toBe(false);
  });
});

describe("validation", () => {
  function issues(input: unknown): [string, string][] {
    const r = SelectorSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message]);
  }

  it("points at the bad matcher field and says what is wrong", () => {
    expect(issues({ match: [{ field: "name", op: "regex", value: "(" }] })).toEqual([["match.0.value", expect.stringContaining("not a valid regular expression")]]);
    expect(issues({ match: [{ field: "tag", op: "equals", value: "dev" }] })).toEqual([["match.0.key", 'a tag matcher needs the tag "key"']]);
    expect(issues({ match: [{ field: "name", key: "x", op: "equals", value: "a" }] })).toEqual([["match.0.key", '"key" only applies to tag matchers, not to name']]);
    expect(issues({ match: [{ field: "name", op: "exists" }] })).toEqual([["match.0.op", '"exists" only applies to tag matchers; name always exists']]);
    expect(issues({ match: [{ field: "name", op: "equals" }] })).toEqual([["match.0.value", 'op "equals" needs a value']]);
    expect(issues({ match: [{ field: "colour", op: "equals", value: "x" }] })).toEqual([["match.0.field", "field must be one of name, cloudAccountId, provider, region, engine, tag"]]);
    expect(issues({ match: [{ field: "name", op: "like", value: "x" }] })).toEqual([["match.0.op", "op must be one of equals, glob, regex, exists"]]);
    expect(issues({ match: [] })).toEqual([["match", expect.stringContaining("list at least one matcher")]]);
    expect(issues({ match: [{ field: "name", op: "equals", value: "x".repeat(257) }] })).toEqual([["match.0.value", "value must be at most 256 characters"]]);
  });
});
