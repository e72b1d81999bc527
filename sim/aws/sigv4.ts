// AWS Signature Version 4: parsing the Authorization header or presigned query, rebuilding the
// canonical request exactly as the SDKs do, and checking signature, scope, clock skew and expiry.
// Failures carry AWS's own codes (IncompleteSignature, SignatureDoesNotMatch, ...).
import { hex, hmac, safeEqual, sha256Hex, utf8 } from "../util.ts";
import { AwsError } from "./errors.ts";

export interface SigV4Auth {
  accessKeyId: string;
  date: string; // YYYYMMDD from the scope
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string; // YYYYMMDDTHHMMSSZ
  sessionToken: string | null;
  presigned: boolean;
  expires: number | null; // presigned only, seconds
}

/** The parts of an HTTP request that SigV4 covers. Header names are lower case. */
export interface SignableRequest {
  method: string;
  path: string; // raw, still percent-encoded
  query: string; // raw, without '?'
  headers: Record<string, string>;
  body: string;
}

const ALGO = "AWS4-HMAC-SHA256";
export const MAX_SKEW_MS = 5 * 60 * 1000;

/** True when the request carries any SigV4 material at all. */
export function hasSigV4(req: SignableRequest): boolean {
  return (req.headers["authorization"] ?? "").startsWith("AWS4-") || /(^|&)X-Amz-Algorithm=/i.test(req.query);
}

function parseCredential(cred: string): { accessKeyId: string; date: string; region: string; service: string } {
  const parts = cred.split("/");
  if (parts.length !== 5 || parts[4] !== "aws4_request") {
    throw new AwsError(
      "IncompleteSignature",
      `Credential should be scoped to correct service: 'aws4_request'. `,
      400,
    );
  }
  const [accessKeyId, date, region, service] = parts as [string, string, string, string, string];
  if (!/^\d{8}$/.test(date)) {
    throw new AwsError("IncompleteSignature", `Date must be in ISO-8601 'basic format'. Got '${date}'.`, 400);
  }
  return { accessKeyId, date, region, service };
}

function queryParams(query: string): [string, string][] {
  if (!query) return [];
  return query
    .split("&")
    .filter((p) => p.length > 0)
    .map((p) => {
      const i = p.indexOf("=");
      const k = i < 0 ? p : p.slice(0, i);
      const v = i < 0 ? "" : p.slice(i + 1);
      return [decodeQ(k), decodeQ(v)] as [string, string];
    });
}

function decodeQ(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, "%20"));
  } catch {
    return s;
  }
}

export function parseSigV4(req: SignableRequest): SigV4Auth {
  const authz = req.headers["authorization"];
  if (authz && authz.startsWith("AWS4-")) {
    const sp = authz.indexOf(" ");
    const algo = sp < 0 ? authz : authz.slice(0, sp);
    if (algo !== ALGO) {
      throw new AwsError("IncompleteSignature", `Unsupported AWS 'algorithm': '${algo}'.`, 400);
    }
    const fields: Record<string, string> = {};
    for (const part of authz.slice(sp + 1).split(",")) {
      const eq = part.indexOf("=");
      if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
    }
    const missing = ["Credential", "SignedHeaders", "Signature"].filter((k) => !fields[k]);
    if (missing.length > 0) {
      throw new AwsError(
        "IncompleteSignature",
        missing.map((m) => `Authorization header requires '${m}' parameter.`).join(" ") +
          ` Authorization=${authz}`,
        400,
      );
    }
    const amzDate = req.headers["x-amz-date"] ?? toAmzDate(req.headers["date"]);
    if (!amzDate) {
      throw new AwsError(
        "IncompleteSignature",
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
        400,
      );
    }
    return {
      ...parseCredential(fields["Credential"]!),
      signedHeaders: fields["SignedHeaders"]!.split(";"),
      signature: fields["Signature"]!,
      amzDate,
      sessionToken: req.headers["x-amz-security-token"] ?? null,
      presigned: false,
      expires: null,
    };
  }
  const q = new Map(queryParams(req.query));
  const algo = q.get("X-Amz-Algorithm");
  if (algo !== ALGO) {
    throw new AwsError("IncompleteSignature", `Unsupported AWS 'algorithm': '${algo ?? ""}'.`, 400);
  }
  const need = ["X-Amz-Credential", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Date"];
  const missing = need.filter((k) => !q.get(k));
  if (missing.length > 0) {
    throw new AwsError(
      "IncompleteSignature",
      missing.map((m) => `AWS query-string parameters must include '${m}'.`).join(" "),
      400,
    );
  }
  return {
    ...parseCredential(q.get("X-Amz-Credential")!),
    signedHeaders: q.get("X-Amz-SignedHeaders")!.split(";"),
    signature: q.get("X-Amz-Signature")!,
    amzDate: q.get("X-Amz-Date")!,
    sessionToken: q.get("X-Amz-Security-Token") ?? null,
    presigned: true,
    expires: q.has("X-Amz-Expires") ? Number(q.get("X-Amz-Expires")) : null,
  };
}

function toAmzDate(httpDate: string | undefined): string | null {
  if (!httpDate) return null;
  const t = Date.parse(httpDate);
  if (Number.isNaN(t)) return null;
  return new Date(t).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

export function amzDateToMs(amzDate: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!m) return NaN;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

function canonicalPath(rawPath: string): string {
  // Non-S3 services: the (already percent-encoded) path is normalised and encoded once more.
  const segs: string[] = [];
  for (const s of rawPath.split("/")) {
    if (s === "" || s === ".") continue;
    if (s === "..") segs.pop();
    else segs.push(s);
  }
  const joined = "/" + segs.map((s) => rfc3986(s)).join("/");
  return rawPath.endsWith("/") && segs.length > 0 ? joined + "/" : joined;
}

function canonicalQuery(query: string, presigned: boolean): string {
  const pairs = queryParams(query).filter(([k]) => !(presigned && k === "X-Amz-Signature"));
  const enc = pairs.map(([k, v]) => [rfc3986(k), rfc3986(v)] as [string, string]);
  enc.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return enc.map(([k, v]) => `${k}=${v}`).join("&");
}

export async function signingKey(secret: string, date: string, region: string, service: string): Promise<ArrayBuffer> {
  const kDate = await hmac(utf8("AWS4" + secret), date);
  const kRegion = await hmac(kDate, region);
  const kService = await hmac(kRegion, service);
  return hmac(kService, "aws4_request");
}

export interface CanonicalParts {
  canonicalRequest: string;
  stringToSign: string;
}

export async function canonicalize(req: SignableRequest, auth: SigV4Auth): Promise<CanonicalParts> {
  const headerLines = auth.signedHeaders.map((h) => {
    const v = (req.headers[h] ?? "").trim().replace(/\s+/g, " ");
    return `${h}:${v}\n`;
  });
  const payloadHash = await sha256Hex(req.body);
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalPath(req.path),
    canonicalQuery(req.query, auth.presigned),
    headerLines.join(""),
    auth.signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = [ALGO, auth.amzDate, scope, await sha256Hex(canonicalRequest)].join("\n");
  return { canonicalRequest, stringToSign };
}

/** Compact AWS-style timestamp used in skew messages: 20240101T000000Z. */
function amz(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/**
 * Verifies the signature with the given secret. Checks happen in AWS's order: header coverage,
 * date/scope consistency, clock skew (or presigned expiry), then the signature itself.
 */
export async function verifySigV4(req: SignableRequest, auth: SigV4Auth, secret: string, nowMs: number): Promise<void> {
  if (!auth.signedHeaders.includes("host")) {
    throw new AwsError(
      "SignatureDoesNotMatch",
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
      403,
    );
  }
  if (!auth.amzDate.startsWith(auth.date)) {
    throw new AwsError(
      "SignatureDoesNotMatch",
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${auth.amzDate.slice(0, 8)}', from '${auth.amzDate}'.`,
      403,
    );
  }
  const t = amzDateToMs(auth.amzDate);
  if (Number.isNaN(t)) {
    throw new AwsError("IncompleteSignature", `Date must be in ISO-8601 'basic format'. Got '${auth.amzDate}'.`, 400);
  }
  if (auth.presigned) {
    const exp = auth.expires ?? 900;
    if (nowMs > t + exp * 1000) {
      throw new AwsError(
        "SignatureDoesNotMatch",
        `Signature expired: ${auth.amzDate} is now earlier than ${amz(nowMs - exp * 1000)} (${amz(nowMs)} - ${exp} sec.)`,
        403,
      );
    }
  } else if (t < nowMs - MAX_SKEW_MS) {
    throw new AwsError(
      "SignatureDoesNotMatch",
      `Signature expired: ${auth.amzDate} is now earlier than ${amz(nowMs - MAX_SKEW_MS)} (${amz(nowMs)} - 5 min.)`,
      403,
    );
  } else if (t > nowMs + MAX_SKEW_MS) {
    throw new AwsError(
      "SignatureDoesNotMatch",
      `Signature not yet current: ${auth.amzDate} is still later than ${amz(nowMs + MAX_SKEW_MS)} (${amz(nowMs)} + 5 min.)`,
      403,
    );
  }
  const { canonicalRequest, stringToSign } = await canonicalize(req, auth);
  const key = await signingKey(secret, auth.date, auth.region, auth.service);
  const expected = hex(await hmac(key, stringToSign));
  if (!safeEqual(expected, auth.signature.toLowerCase())) {
    throw new AwsError(
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n" +
        `The Canonical String for this request should have been\n'${canonicalRequest}'\n\n` +
        `The String-to-Sign should have been\n'${stringToSign}'\n`,
      403,
    );
  }
}
