/** The one CSV export of the API: RFC 4180 quoting, formulas neutralised (CSV injection). */
import type { Context } from "hono";

export function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function csvBody(c: Context, filename: string, header: string[], rows: unknown[][]): Response {
  const lines = rows.map((row) => row.map(csvCell).join(","));
  return c.body([header.join(","), ...lines].join("\r\n") + "\r\n", 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${filename}"`,
  });
}
