/**
 * The outbound-URL validator: decides whether SnoozeQL may send a request (and with it, maybe a
 * credential or a signed payload) to a URL that came from outside — a tenant's endpoint, a
 * webhook target, a key file's token_uri.
 *
 * A URL passes when it is https, carries no userinfo, uses the default port (443 or 8443 spelled
 * out), names a public host (no localhost/.local/.internal/single-label names), and is not an IP
 * literal in a private, loopback, link-local, CGNAT, multicast, documentation or IPv6 unique-local
 * range. Origins on the caller's explicit allow-list (development sandboxes, an operator's list)
 * pass as they are.
 *
 * Pure: no DNS (Workers cannot resolve names; Cloudflare's egress refuses private destinations
 * for names), no I/O. Must never echo the URL's userinfo in a reason.
 */

export interface OutboundPolicy {
  /** Origins (scheme://host[:port]) accepted without the checks, e.g. a local simulator. */
  allowOrigins?: readonly string[];
}

export type OutboundCheck = { ok: true; url: URL } | { ok: false; reason: string };

const MAX_LENGTH = 2048;
const ALLOWED_PORTS = new Set(["", "443", "8443"]);
const BLOCKED_SUFFIXES = [".localhost", ".local", ".internal", ".home.arpa", ".lan", ".intranet", ".corp"];

/** Checks one URL against the outbound rules. */
export function checkOutboundUrl(raw: string, policy: OutboundPolicy = {}): OutboundCheck {
  if (raw.length > MAX_LENGTH) return fail(`is longer than ${MAX_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail("is not a URL");
  }
  if (allowedOrigins(policy).has(url.origin) && !url.username && !url.password) return { ok: true, url };
  if (url.protocol !== "https:") return fail("must use https");
  if (url.username || url.password) return fail("must not carry a user name or password");
  if (!ALLOWED_PORTS.has(url.port)) return fail("must use the standard https port");
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (host.startsWith("[")) {
    const reason = ipv6Problem(host.slice(1, -1));
    return reason ? fail(reason) : { ok: true, url };
  }
  const v4 = parseIpv4(host);
  if (v4) {
    const reason = ipv4Problem(v4);
    return reason ? fail(reason) : { ok: true, url };
  }
  if (host === "localhost" || BLOCKED_SUFFIXES.some((s) => host.endsWith(s))) return fail("must name a public host");
  if (!host.includes(".")) return fail("must name a fully qualified public host");
  return { ok: true, url };
}

/** The origins of an allow-list, normalized (entries that are not URLs are ignored). */
export function allowedOrigins(policy: OutboundPolicy): Set<string> {
  const origins = new Set<string>();
  for (const entry of policy.allowOrigins ?? []) {
    const origin = originOf(entry);
    if (origin) origins.add(origin);
  }
  return origins;
}

/** scheme://host[:port] of a URL, or null when it is not a URL. */
export function originOf(value: string): string | null {
  try {
    const url = new URL(value.trim());
    return url.origin === "null" ? null : url.origin;
  } catch {
    return null;
  }
}

function fail(reason: string): OutboundCheck {
  return { ok: false, reason };
}

/** Dotted-quad IPv4 (the URL parser already turned decimal/hex/octal forms into this). */
function parseIpv4(host: string): number[] | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const octets = parts.map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

/** The non-public IPv4 ranges, each with the words used in the refusal. */
const IPV4_BLOCKED: { test: (o: number[]) => boolean; what: string }[] = [
  { test: (o) => o[0] === 0, what: "a 'this network' address" },
  { test: (o) => o[0] === 10, what: "a private address" },
  { test: (o) => o[0] === 100 && o[1]! >= 64 && o[1]! <= 127, what: "a carrier-grade NAT address" },
  { test: (o) => o[0] === 127, what: "a loopback address" },
  { test: (o) => o[0] === 169 && o[1] === 254, what: "a link-local address" },
  { test: (o) => o[0] === 172 && o[1]! >= 16 && o[1]! <= 31, what: "a private address" },
  { test: (o) => o[0] === 192 && o[1] === 0 && (o[2] === 0 || o[2] === 2), what: "a reserved address" },
  { test: (o) => o[0] === 192 && o[1] === 168, what: "a private address" },
  { test: (o) => o[0] === 198 && (o[1] === 18 || o[1] === 19), what: "a benchmarking address" },
  { test: (o) => (o[0] === 198 && o[1] === 51 && o[2] === 100) || (o[0] === 203 && o[1] === 0 && o[2] === 113), what: "a documentation address" },
  { test: (o) => o[0]! >= 224, what: "a multicast or reserved address" },
];

function ipv4Problem(octets: number[]): string | null {
  const blocked = IPV4_BLOCKED.find((range) => range.test(octets));
  return blocked ? `must not be ${blocked.what}` : null;
}

/** Eight 16-bit groups of an IPv6 literal (a dotted IPv4 tail becomes two groups), or null. */
function parseIpv6(text: string): number[] | null {
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    const v4 = parseIpv4(tail);
    if (!v4) return null;
    text = `${text.slice(0, lastColon + 1)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === "" ? [] : s.split(":").map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN)));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if ([...head, ...rest].some(Number.isNaN)) return null;
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  return [...head, ...new Array<number>(missing).fill(0), ...rest];
}

function ipv6Problem(text: string): string | null {
  const g = parseIpv6(text);
  if (!g) return "is not a valid IPv6 address";
  const first = g[0]!;
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0 || g[5] === 0xffff)) {
    // ::, ::1, IPv4-compatible and IPv4-mapped addresses: judge the embedded IPv4 address.
    if (g.slice(0, 7).every((x) => x === 0) && g[7]! <= 1) return "must not be an unspecified or loopback address";
    return ipv4Problem([g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff]) ?? "must not be an IPv4-mapped address";
  }
  if (first === 0x64 && g[1] === 0xff9b) return "must not be a NAT64 address";
  if ((first & 0xfe00) === 0xfc00) return "must not be a unique-local address";
  if ((first & 0xffc0) === 0xfe80) return "must not be a link-local address";
  if ((first & 0xff00) === 0xff00) return "must not be a multicast address";
  if (first === 0x2001 && g[1] === 0x0db8) return "must not be a documentation address";
  if (first === 0x2002) return "must not be a 6to4 address";
  if ((first & 0xe000) !== 0x2000) return "must be a global unicast address";
  return null;
}
