/**
 * Reading AWS Query-protocol XML (RDS, STS, CloudWatch): a small strict reader and typed accessors.
 *
 * Owns: turning an AWS Query answer into plain objects (elements → objects keyed by tag name,
 * repeated siblings → arrays, an empty element → "", text trimmed, attributes ignored, the five
 * predefined entities and numeric character references decoded, CDATA kept as text, comments,
 * processing instructions and the XML declaration skipped), and small typed accessors that hide the
 * single-element-vs-list ambiguity of XML (`<DBInstances><DBInstance/></DBInstances>` reads as an
 * object, two as an array, none as "").
 *
 * The reader is written for exactly what AWS Query answers contain, because parsing them was a third
 * of the AccountAgent's own JS time with a general parser (issue 14; `node bench/xml-parse.ts`
 * compares the two and test/cloud/aws-xml-reader.test.ts checks they agree on real-shaped answers).
 * Where they differ, on purpose: numeric character references are decoded (it left them raw),
 * processing instructions inside elements are skipped (it made members of them), an element named
 * like an Object.prototype member keeps its name (it prefixed "__"), and malformed text is refused
 * (it read unclosed and mismatched tags, and expanded DOCTYPE entities within limits).
 *
 * Must never: coerce identifiers or tokens to numbers (every value stays a string), expand a DOCTYPE
 * (any DOCTYPE is refused: AWS never sends one, and it is where entity-expansion attacks live), or
 * throw or hang on malformed XML: `parseXml` answers undefined and the caller raises its typed error.
 */

export type XmlNode = Record<string, unknown>;

/**
 * Parses one XML document; undefined when it is not well-formed (unclosed or mismatched tags, text
 * outside the root element, an unknown entity, a DOCTYPE, more than one root element) or nests deeper
 * than MAX_DEPTH.
 */
export function parseXml(text: string): XmlNode | undefined {
  try {
    return readDocument(text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text);
  } catch {
    // Only a string too large for the engine can get here (RangeError); it is not an answer either.
    return undefined;
  }
}

/**
 * Deepest nesting read: AWS answers nest under ten levels; a deeper document is refused rather than
 * handed to callers (or a log line's JSON.stringify) that walk it recursively.
 */
const MAX_DEPTH = 256;

/** Names that would reach Object.prototype instead of the node (the general parser refused them too). */
const RESERVED = new Set(["__proto__", "constructor", "prototype"]);

/**
 * One pass over the text with an explicit stack (nesting depth never reaches the JS call stack). Each
 * open element keeps its name, its children (created when the first one closes) and its text so far.
 * Text between two pieces of markup is trimmed as one segment (a comment does not split it; a tag or
 * CDATA section does), as the general parser did, so both read the same answers alike.
 */
function readDocument(s: string): XmlNode | undefined {
  const n = s.length;
  const names: string[] = [];
  const nodes: (XmlNode | undefined)[] = [];
  const texts: string[] = [];
  let depth = 0;
  let root: XmlNode | undefined;
  let pending = ""; // raw text since the last tag or CDATA section, comments removed
  let i = 0;
  while (i < n) {
    const lt = s.indexOf("<", i);
    const end = lt === -1 ? n : lt;
    if (end > i) pending = pending === "" ? s.slice(i, end) : pending + s.slice(i, end);
    if (lt === -1) break;
    const c = s.charCodeAt(lt + 1);
    if (c === 33 /* ! */) {
      if (s.startsWith("!--", lt + 1)) {
        const close = s.indexOf("-->", lt + 4);
        if (close === -1) return undefined;
        i = close + 3;
        continue;
      }
      if (depth === 0 || !s.startsWith("![CDATA[", lt + 1)) return undefined; // DOCTYPE or junk
      const close = s.indexOf("]]>", lt + 9);
      if (close === -1) return undefined;
      if (!flush()) return undefined;
      texts[depth - 1] += s.slice(lt + 9, close);
      i = close + 3;
      continue;
    }
    if (c === 63 /* ? */) {
      const close = s.indexOf("?>", lt + 2);
      if (close === -1 || close === lt + 2) return undefined;
      i = close + 2;
      continue;
    }
    if (!flush()) return undefined;
    if (c === 47 /* / */) {
      if (depth === 0) return undefined;
      const name = names[depth - 1]!;
      let j = lt + 2 + name.length;
      if (!s.startsWith(name, lt + 2)) return undefined;
      while (isSpace(s.charCodeAt(j))) j++;
      if (s.charCodeAt(j) !== 62 /* > */) return undefined;
      depth--;
      const node = nodes[depth];
      const text = texts[depth]!;
      let value: unknown = text;
      if (node !== undefined) {
        if (text !== "") node["#text"] = text; // mixed content: AWS Query has none; kept, not crashed on
        value = node;
      }
      nodes[depth] = undefined;
      if (!attach(name, value)) return undefined;
      i = j + 1;
      continue;
    }
    // An element's start tag: its name, then attributes (skipped, but their syntax is checked).
    let j = lt + 1;
    if (!isNameStart(c)) return undefined;
    j++;
    while (j < n && isNameChar(s.charCodeAt(j))) j++;
    const name = s.slice(lt + 1, j);
    if (RESERVED.has(name)) return undefined;
    let closed = false;
    for (;;) {
      const before = j;
      while (isSpace(s.charCodeAt(j))) j++;
      const d = s.charCodeAt(j);
      if (d === 62 /* > */) break;
      if (d === 47 /* / */) {
        if (s.charCodeAt(j + 1) !== 62) return undefined;
        closed = true;
        j++;
        break;
      }
      if (j === before || !isNameStart(d)) return undefined; // attributes are separated by space
      j++;
      while (j < n && isNameChar(s.charCodeAt(j))) j++;
      while (isSpace(s.charCodeAt(j))) j++;
      if (s.charCodeAt(j) !== 61 /* = */) return undefined;
      j++;
      while (isSpace(s.charCodeAt(j))) j++;
      const q = s.charCodeAt(j);
      if (q !== 34 && q !== 39) return undefined;
      const close = s.indexOf(q === 34 ? '"' : "'", j + 1);
      if (close === -1) return undefined;
      j = close + 1;
    }
    i = j + 1;
    if (closed) {
      if (!attach(name, "")) return undefined;
    } else {
      if (depth === MAX_DEPTH) return undefined;
      names[depth] = name;
      nodes[depth] = undefined;
      texts[depth] = "";
      depth++;
    }
  }
  if (!flush() || depth !== 0) return undefined;
  return root;

  /** Moves the pending text into the open element; outside the root only space may stand. */
  function flush(): boolean {
    if (pending === "") return true;
    const t = pending.trim();
    pending = "";
    if (t === "") return true;
    if (depth === 0) return false;
    const decoded = t.includes("&") ? decodeEntities(t) : t;
    if (decoded === undefined) return false;
    texts[depth - 1] += decoded;
    return true;
  }

  /** Adds a closed element to its parent (a second one with the same name makes an array); false for a second root. */
  function attach(name: string, value: unknown): boolean {
    if (depth === 0) {
      if (root !== undefined) return false;
      root = { [name]: value };
      return true;
    }
    let parent = nodes[depth - 1];
    if (parent === undefined) {
      parent = {};
      nodes[depth - 1] = parent;
    }
    // Own properties only: a name like "toString" finds Object.prototype's function, never a value of ours.
    const prev = parent[name];
    if (prev === undefined || typeof prev === "function") parent[name] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else parent[name] = [prev, value];
    return true;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** ASCII letters, "_", ":" and anything beyond ASCII (XML names allow most of it). */
function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c >= 128;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
}

const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** The five predefined entities and numeric character references; undefined for anything else. */
function decodeEntities(t: string): string | undefined {
  let out = "";
  let last = 0;
  let amp = t.indexOf("&");
  while (amp !== -1) {
    const semi = t.indexOf(";", amp + 1);
    if (semi === -1 || semi - amp > 10) return undefined;
    const ref = t.slice(amp + 1, semi);
    let ch = Object.hasOwn(PREDEFINED, ref) ? PREDEFINED[ref] : undefined;
    if (ch === undefined) {
      const hex = /^#x[0-9a-fA-F]{1,6}$/.test(ref);
      if (!hex && !/^#[0-9]{1,7}$/.test(ref)) return undefined;
      const code = hex ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!isXmlChar(code)) return undefined;
      ch = String.fromCodePoint(code);
    }
    out += t.slice(last, amp) + ch;
    last = semi + 1;
    amp = t.indexOf("&", last);
  }
  return out + t.slice(last);
}

/** XML 1.0's Char production: the code points a character reference may name. */
function isXmlChar(c: number): boolean {
  return c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

export function isNode(value: unknown): value is XmlNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A child element as a node (first one if repeated); undefined when absent or empty. */
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  const value = node?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return isNode(first) ? first : undefined;
}

/** A child element's text; undefined when absent or empty. */
export function text(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === "string") return first === "" ? undefined : first;
  if (typeof first === "number" || typeof first === "boolean") return String(first);
  return undefined;
}

export function bool(node: XmlNode | undefined, name: string): boolean | undefined {
  const value = text(node, name);
  if (value === undefined) return undefined;
  return value.toLowerCase() === "true";
}

export function num(node: XmlNode | undefined, name: string): number | undefined {
  const value = text(node, name);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * The items of a wrapped list: `list(node, "DBInstances", "DBInstance")` reads
 * `<DBInstances><DBInstance>…</DBInstance>…</DBInstances>`, whether it holds zero, one or many.
 */
export function list(node: XmlNode | undefined, wrapper: string, item: string): unknown[] {
  const container = node?.[wrapper];
  const wrapped = Array.isArray(container) ? container[0] : container;
  if (!isNode(wrapped)) return [];
  const items = wrapped[item];
  if (items === undefined || items === null) return [];
  return Array.isArray(items) ? items : [items];
}

export function nodeList(node: XmlNode | undefined, wrapper: string, item: string): XmlNode[] {
  return list(node, wrapper, item).filter(isNode);
}

export function textList(node: XmlNode | undefined, wrapper: string, item: string): string[] {
  return list(node, wrapper, item).flatMap((value) =>
    typeof value === "string" && value !== "" ? [value] : [],
  );
}

/** `<TagList><Tag><Key/><Value/></Tag>…</TagList>` as a record. */
export function tags(node: XmlNode | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of nodeList(node, "TagList", "Tag")) {
    const key = text(tag, "Key");
    if (key !== undefined) out[key] = text(tag, "Value") ?? "";
  }
  return out;
}
