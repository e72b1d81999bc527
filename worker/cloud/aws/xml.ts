/**
 * Reading AWS Query-protocol XML (RDS, STS, CloudWatch) with fast-xml-parser.
 *
 * Owns: the parser configuration (attributes ignored, values kept as strings, the library's
 * entity-expansion limits) and small typed accessors that hide the single-element-vs-list ambiguity of XML
 * (`<DBInstances><DBInstance/></DBInstances>` parses as an object, two as an array, none as "").
 *
 * Must never: coerce identifiers or tokens to numbers (parseTagValue is off), or throw anything
 * but the caller's typed error on malformed XML (see `parseXml`).
 */
import { XMLParser } from "fast-xml-parser";

export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  // Standard XML entities are decoded; DOCTYPE entity expansion keeps the library's limits.
  processEntities: true,
  htmlEntities: false,
  // No callback reads the tag path, so the parser need not render it as a string for each tag
  // (a quarter of a 20-instance DescribeDBInstances parse, the agent's largest JS cost: bench/README.md).
  jPath: false,
});

/** Parses XML; returns undefined when the text is not XML the parser can read. */
export function parseXml(text: string): XmlNode | undefined {
  if (!text.trim().startsWith("<")) return undefined;
  try {
    const parsed: unknown = parser.parse(text);
    return isNode(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
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
