// Query-protocol plumbing: decoding form/query parameters (Filters.Filter.1.Values.Value.1 ...) and
// writing XML the way AWS Query services answer (<XResponse><XResult>...</XResult><ResponseMetadata>).

export type XmlValue = string | number | boolean | null | undefined | XmlNode | XmlValue[];
export interface XmlNode {
  name: string;
  children: XmlValue;
}

export function x(name: string, children: XmlValue): XmlNode {
  return { name, children };
}

/** A list element: <Name><Item>..</Item>...</Name>. */
export function xlist<T>(name: string, item: string, values: readonly T[], fn: (v: T) => XmlValue): XmlNode {
  return x(
    name,
    values.map((v) => x(item, fn(v))),
  );
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

function render(v: XmlValue, indent: string, out: string[]): void {
  if (v === null || v === undefined) return;
  if (Array.isArray(v)) {
    for (const c of v) render(c, indent, out);
    return;
  }
  if (typeof v === "object") {
    const c = v.children;
    if (c === null || c === undefined) return; // absent members are omitted, as AWS does
    if (typeof c === "object") {
      const inner: string[] = [];
      render(c, indent + "  ", inner);
      if (inner.length === 0) {
        out.push(`${indent}<${v.name}/>`);
      } else {
        out.push(`${indent}<${v.name}>`, ...inner, `${indent}</${v.name}>`);
      }
    } else {
      out.push(`${indent}<${v.name}>${escapeXml(String(c))}</${v.name}>`);
    }
    return;
  }
  out.push(indent + escapeXml(String(v)));
}

export function queryResponse(action: string, xmlns: string, result: XmlValue, requestId: string): string {
  const lines: string[] = [];
  render(
    x(`${action}Response`, [
      x(`${action}Result`, result === undefined || result === null ? [] : result),
      x("ResponseMetadata", x("RequestId", requestId)),
    ]),
    "",
    lines,
  );
  // The root carries the namespace.
  lines[0] = lines[0]!.replace(`<${action}Response>`, `<${action}Response xmlns="${xmlns}">`);
  return lines.join("\n") + "\n";
}

/** Flat Query parameters with helpers for AWS's list/struct naming. */
export class QueryParams {
  readonly map: Map<string, string>;
  constructor(entries: Iterable<[string, string]>) {
    this.map = new Map(entries);
  }
  static parse(form: string): QueryParams {
    return new QueryParams(new URLSearchParams(form));
  }
  get(key: string): string | undefined {
    return this.map.get(key);
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
  /**
   * Member prefixes of a list, in index order: list("Filters", "Filter") -> ["Filters.Filter.1", ...].
   * "member" is accepted as well as the modelled item name.
   */
  list(prefix: string, item: string): string[] {
    const idx = new Map<number, string>();
    for (const key of this.map.keys()) {
      for (const it of [item, "member"]) {
        const head = `${prefix}.${it}.`;
        if (key.startsWith(head)) {
          const rest = key.slice(head.length);
          const n = parseInt(rest, 10);
          if (!Number.isNaN(n)) idx.set(n, `${head}${n}`);
        }
      }
    }
    return [...idx.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  }
  /** Values of a list of scalars. */
  strings(prefix: string, item: string): string[] {
    return this.list(prefix, item)
      .map((p) => this.map.get(p))
      .filter((v): v is string => v !== undefined);
  }
}
