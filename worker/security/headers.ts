/**
 * The browser-facing security headers, in one place for every response: the API (a Hono
 * middleware in api/app.ts), the API reference page, and the SPA's static assets (the build writes
 * them into web/build/_headers through scripts/web-assets.ts, with the SHA-256 hashes of the
 * inline scripts SvelteKit emits).
 *
 * Policy: content only from our own origin (`default-src 'self'`), scripts only from our origin or
 * by hash (never 'unsafe-inline' or 'unsafe-eval'), no framing, no plugins, no <base> games,
 * HSTS for two years, nosniff, and a referrer that never leaves path or query.
 *
 * Pure (Web Crypto only): runs in the Worker and in Node at build time.
 */

/** Where the pinned API-reference bundle is served from (copied from node_modules at build time). */
export const API_REFERENCE_BUNDLE = "/vendor/scalar-api-reference.js";
/** Same-origin script that starts the API reference (no inline code on the docs page). */
export const API_REFERENCE_INIT = "/api-docs.js";

/** Headers every response carries, whatever its content. */
export const BASE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
};

export interface CspOptions {
  /** 'sha256-…' sources for the page's inline scripts. */
  scriptHashes?: readonly string[];
}

/** The CSP directives of an HTML page (the SPA or the API reference). */
export function pageCspDirectives(options: CspOptions = {}): Record<string, string[]> {
  return {
    "default-src": ["'self'"],
    "script-src": ["'self'", ...(options.scriptHashes ?? []).map((h) => `'${h}'`)],
    // Svelte and the API reference set style attributes; styles cannot run code.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
}

/** The CSP of API responses (JSON, CSV, YAML): nothing may load or frame them. */
export const API_CSP_DIRECTIVES: Record<string, string[]> = {
  "default-src": ["'none'"],
  "frame-ancestors": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'none'"],
};

export function serializeCsp(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/** 'sha256-<base64>' of every inline <script> in an HTML document (in order, no duplicates). */
export async function inlineScriptHashes(html: string): Promise<string[]> {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const [, attributes = "", body = ""] = match;
    if (/\bsrc\s*=/.test(attributes) || body === "") continue;
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body));
    const hash = `sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}`;
    if (!hashes.includes(hash)) hashes.push(hash);
  }
  return hashes;
}

/** The `_headers` file for the static assets: every path gets the page CSP and the base headers. */
export function assetHeadersFile(options: CspOptions): string {
  const lines = [
    "# Written by scripts/web-assets.ts at build time (worker/security/headers.ts). Do not edit.",
    "/*",
    `  Content-Security-Policy: ${serializeCsp(pageCspDirectives(options))}`,
    ...Object.entries(BASE_SECURITY_HEADERS).map(([name, value]) => `  ${name}: ${value}`),
    `${API_REFERENCE_BUNDLE}`,
    "  Cache-Control: public, max-age=86400",
    "",
  ];
  return lines.join("\n");
}

/** The API reference page: the pinned bundle and its starter, both same-origin files. */
export function apiReferencePage(specUrl: string, title: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
  </head>
  <body>
    <div id="snoozeql-api-reference" data-spec-url="${specUrl}"></div>
    <script src="${API_REFERENCE_BUNDLE}"></script>
    <script src="${API_REFERENCE_INIT}"></script>
  </body>
</html>
`;
}
