/**
 * The strict AWS Query reader (worker/cloud/aws/xml.ts parseXml) reads every answer exactly as the
 * general parser it replaced did (fast-xml-parser 5 with the product's old options), on answers the
 * simulator's own writers build and on seeded random well-formed documents; and it refuses malformed
 * and hostile text with undefined, never a throw or a hang.
 */
import { describe, expect, it } from "vitest";
import { escapeXml } from "../../sim/aws/xml.ts";
import { rng } from "../reliability/api/fuzz-engine.ts";
import { nodeList, parseXml, tags, text, child, type XmlNode } from "../../worker/cloud/aws/xml.ts";
import { answerCorpus, describeDBInstances, referenceParse } from "./fixtures/aws-answers.ts";

describe("reads AWS answers exactly as the general parser did", () => {
  for (const [name, answer] of Object.entries(answerCorpus())) {
    it(name, () => {
      const read = parseXml(answer);
      expect(read).toBeDefined();
      expect(read).toEqual(referenceParse(answer));
    });
  }

  it("reads entities, CDATA, comments, declarations, attributes and whitespace alike", () => {
    const texts = [
      `<?xml version="1.0" encoding="UTF-8"?>\n<R xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><A>x</A></R>`,
      `\uFEFF<?xml version="1.0"?><R><A>&lt;tag&gt; &amp; &quot;q&quot; &apos;a&apos;</A><B>&amp;lt;</B></R>`,
      `<R><A><![CDATA[ <not a tag> & raw ]]></A><B> x <![CDATA[ y ]]> z </B><C><![CDATA[]]></C></R>`,
      `<!-- before --><R><!-- inside --><A> x <!-- in text --> z </A><B><!-- only --></B></R><!-- after -->`,
      `<R>\r\n  <A>line 1\r\nline 2\rline 3</A>\r\n</R>\r\n`,
      `<R a='1' b = "2>3" c="it's"><A x="&lt;"/><B></B><C>   </C><D>\t\n</D></R>`,
      `<R><M>1</M><M>2</M><N><K>k</K></N><M>3</M><N/></R>`,
      `<ns:R xmlns:ns="urn:x"><ns:A>1</ns:A></ns:R>`,
      `<R><A>\u00a0nbsp and ünïcödé 🌙\u00a0</A><B>> " ' ]]</B></R>`,
      `<R/>`,
    ];
    for (const t of texts) expect(parseXml(t), t).toEqual(referenceParse(t));
  });

  it("gives the accessors the 20 instances of a listing, with their tags and pending changes", () => {
    const doc = parseXml(describeDBInstances(20));
    const result = child(child(doc, "DescribeDBInstancesResponse"), "DescribeDBInstancesResult");
    const instances = nodeList(result, "DBInstances", "DBInstance");
    expect(instances.map((i) => text(i, "DBInstanceIdentifier"))).toEqual(Array.from({ length: 20 }, (_, n) => `app-${n}-db`));
    expect(tags(instances[3])).toEqual({ env: "staging", team: "team-3", "cost-center": "cc-1003", owner: "R&D <data>" });
    expect(text(child(instances[1], "PendingModifiedValues"), "DBInstanceClass")).toBe("db.t3.large");
    expect(child(instances[2], "PendingModifiedValues")).toBeUndefined(); // <PendingModifiedValues/> reads ""
  });
});

describe("what the reader does on purpose where the general parser did otherwise", () => {
  it("decodes numeric character references (the library left them raw)", () => {
    expect(parseXml("<R><A>&#65;&#x42;&#x1F319;&#10;x</A></R>")).toEqual({ R: { A: "AB🌙\nx" } });
    expect(referenceParse("<R><A>&#65;</A></R>")).toEqual({ R: { A: "&#65;" } });
  });

  it("skips processing instructions inside elements (the library made a '?pi' member of them)", () => {
    expect(parseXml(`<R><?pi data?><A>1</A></R>`)).toEqual({ R: { A: "1" } });
  });

  it("keys elements named like Object.prototype's members by their own name (the library prefixed them with __)", () => {
    const answer = "<R><toString>t</toString><valueOf/><hasOwnProperty>h</hasOwnProperty><hasOwnProperty>i</hasOwnProperty></R>";
    expect(parseXml(answer)).toEqual({ R: { toString: "t", valueOf: "", hasOwnProperty: ["h", "i"] } });
    expect(referenceParse(answer)).toEqual({ R: { __toString: "t", __valueOf: "", __hasOwnProperty: ["h", "i"] } });
  });

  it("keeps mixed content without crashing (AWS Query has none)", () => {
    const doc = parseXml("<R>before<A>1</A>after</R>");
    expect(text(child(doc, "R"), "A")).toBe("1");
  });
});

// ---- random well-formed documents ----------------------------------------------------------------

const NAMES = ["DBInstance", "Tag", "Key", "Value", "member", "a", "B-2", "c.d", "_e", "ns:F"];
const CHARS = ["a", "Z", "0", " ", "  ", "\t", "\n", "<", ">", "&", '"', "'", "é", "🌙", "-", ";", "#", "]"];

/** A random document without mixed content: every element holds either children or text. */
function randomDocument(random: () => number): string {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const space = () => pick(["", "", " ", "\n  ", "\t"]);
  const comment = () => (random() < 0.1 ? `<!--${pick(["", " c ", "<x>&"])}-->` : "");
  const attrs = () => (random() < 0.3 ? ` k="${escapeXml(pick(CHARS))}"${random() < 0.3 ? ` j='v'` : ""}` : "");
  const leafText = () => {
    let out = "";
    for (let k = Math.floor(random() * 6); k > 0; k--) {
      const r = random();
      if (r < 0.1) out += `<![CDATA[${pick(CHARS)}${pick(CHARS)}]]>`;
      else if (r < 0.15) out += comment();
      else out += escapeXml(pick(CHARS));
    }
    return out;
  };
  const element = (depth: number): string => {
    const name = pick(NAMES);
    const r = random();
    if (r < 0.15) return `<${name}${attrs()}/>`;
    if (depth >= 5 || r < 0.55) return `<${name}${attrs()}>${leafText()}</${name}>`;
    let inner = "";
    for (let k = 1 + Math.floor(random() * 4); k > 0; k--) inner += space() + comment() + element(depth + 1);
    return `<${name}${attrs()}>${inner}${space()}</${name}>`;
  };
  return `${random() < 0.5 ? '<?xml version="1.0"?>\n' : ""}${comment()}${element(0)}${space()}`;
}

describe("random well-formed documents (seeded)", () => {
  it("are read exactly as the general parser reads them", () => {
    const random = rng(20261130);
    const seen = { repeated: 0, cdata: 0, comments: 0, entities: 0 };
    for (let n = 0; n < 500; n++) {
      const doc = randomDocument(random);
      const expected = referenceParse(doc);
      expect(parseXml(doc), doc).toEqual(expected);
      if (JSON.stringify(expected).includes("[")) seen.repeated++; // the generated texts hold no "["
      if (doc.includes("<![CDATA[")) seen.cdata++;
      if (doc.includes("<!--")) seen.comments++;
      if (doc.includes("&")) seen.entities++;
    }
    // The documents exercise what answers hold: repeated siblings, CDATA, comments, entities.
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(50);
  });

  it("the comparison sees a document that differs in one letter (positive control)", () => {
    const random = rng(7);
    let doc = randomDocument(random);
    while (!/>[a-zA-Z0-9]/.test(doc)) doc = randomDocument(random);
    const changed = doc.replace(/>([a-zA-Z0-9])/, (_, c: string) => `>${c === "x" ? "y" : "x"}`);
    expect(parseXml(changed)).not.toEqual(referenceParse(doc));
    expect(parseXml(doc)).toEqual(referenceParse(doc));
  });
});

// ---- malformed and hostile text ------------------------------------------------------------------

describe("malformed or hostile text reads as undefined, never a throw or a hang", () => {
  const refused: Record<string, string> = {
    empty: "",
    blank: " \n\t ",
    "not XML": "Service Unavailable",
    "unclosed root": "<R><A>1</A>",
    "unclosed child": "<R><A>1</R>",
    "mismatched close": "<R><A>1</B></R>",
    "close that only starts alike": "<R><A>1</AB></R>",
    "close without open": "</R>",
    "two roots": "<R/><S/>",
    "text after the root": "<R/>junk",
    "text before the root": "junk<R/>",
    "unknown entity": "<R>&nbsp;</R>",
    "bare ampersand": "<R>a & b</R>",
    "unterminated entity": "<R>&amp</R>",
    "reference to NUL": "<R>&#0;</R>",
    "reference to a surrogate": "<R>&#xD800;</R>",
    "reference beyond Unicode": "<R>&#x110000;</R>",
    "unclosed comment": "<R><!-- </R>",
    "unclosed CDATA": "<R><![CDATA[x</R>",
    "CDATA outside the root": "<![CDATA[x]]><R/>",
    "unclosed declaration": "<?xml version='1.0'",
    "attribute without value": "<R a></R>",
    "attribute without quotes": "<R a=1></R>",
    "unclosed attribute value": '<R a="1></R>',
    "attributes not separated": '<R a="1"b="2"></R>',
    "name starting with a digit": "<1R/>",
    "empty name": "< R/>",
    "prototype name": "<R><__proto__><A>1</A></__proto__></R>",
    "constructor name": "<R><constructor>1</constructor></R>",
    "DOCTYPE with entities (billion laughs)":
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>',
    "plain DOCTYPE": "<!DOCTYPE R><R/>",
  };
  for (const [name, input] of Object.entries(refused)) {
    it(name, () => expect(parseXml(input)).toBeUndefined());
  }

  it("deep nesting: 100,000 unclosed elements, and 100,000 well-formed ones (beyond the depth limit)", () => {
    expect(parseXml("<a>".repeat(100_000))).toBeUndefined();
    expect(parseXml("<a>".repeat(100_000) + "</a>".repeat(100_000))).toBeUndefined();
  });

  it("nesting up to the depth limit is read", () => {
    let doc: XmlNode | undefined = parseXml("<a>".repeat(256) + "x" + "</a>".repeat(256));
    let depth = 0;
    while (doc !== undefined && typeof doc["a"] === "object") {
      doc = doc["a"] as XmlNode;
      depth++;
    }
    expect(depth).toBe(255);
    expect(doc?.["a"]).toBe("x");
  });

  it("huge attribute-only junk, closed or not", () => {
    const attributes = ' k="v"'.repeat(500_000);
    expect(parseXml(`<R${attributes}`)).toBeUndefined();
    expect(parseXml(`<R${attributes}>`)).toBeUndefined();
    expect(parseXml(`<R${attributes}/>`)).toEqual({ R: "" });
    expect(parseXml(`<R a="${"x".repeat(1_000_000)}`)).toBeUndefined();
  });

  it("a megabyte of names, comments or entities without an end", () => {
    expect(parseXml(`<R${"x".repeat(1_000_000)}`)).toBeUndefined();
    expect(parseXml(`<R>${"<!--".repeat(250_000)}`)).toBeUndefined();
    expect(parseXml(`<R>${"&amp;".repeat(200_000)}`)).toBeUndefined();
    expect(parseXml(`<R>${"<A/>".repeat(250_000)}`)).toBeUndefined();
  });
});
