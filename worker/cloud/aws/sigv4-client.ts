/**
 * The AWS Query-protocol client (STS, RDS, CloudWatch all speak it): form-encoded POST
 * `Action=…&Version=…`, SigV4-signed with aws4fetch, XML answers, `<ErrorResponse>` errors.
 *
 * Owns: endpoint selection (real regional endpoint, or the account's single override origin),
 * signing with the right service/region credential scope on every attempt, parsing the
 * `<{Action}Response><{Action}Result>` envelope and AWS error documents, and one credential
 * refresh when AWS says the temporary credentials expired.
 *
 * Must never: retry on its own (everything goes through ../retry.ts), keep credentials anywhere
 * but the private signing client, or let a credential reach an error (errors go through the
 * account's Redactor).
 */
import { AwsClient } from "aws4fetch";
import { CloudError, type Redactor } from "../errors.ts";
import { fetchWithRetry, type HttpAnswer, type ParsedError, type ResolvedDeps } from "../retry.ts";
import { child, parseXml, text, type XmlNode } from "./xml.ts";

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Where a client gets the credentials to sign with (static keys, or STS-assumed and cached). */
export interface CredentialSource {
  get(): Promise<AwsCredentials>;
  /** Forget cached temporary credentials (AWS said they expired). No-op for static keys. */
  invalidate(): void;
}

export type QueryParams = Record<string, string | number | boolean | undefined>;

export interface QueryClientOptions {
  /** Endpoint prefix and SigV4 signing name: "sts", "rds", "monitoring". */
  service: string;
  region: string;
  /** API version, e.g. "2014-10-31". */
  version: string;
  /** Origin (optionally with a base path) replacing the real endpoint. */
  endpoint?: string | null;
  credentials: CredentialSource;
  deps: ResolvedDeps;
  redactor: Redactor;
}

export interface QueryResult {
  /** The `<{Action}Result>` element (empty object when the action returns nothing). */
  result: XmlNode;
  requestId?: string;
}

const EXPIRED_CREDENTIAL_CODES = new Set(["ExpiredToken", "ExpiredTokenException"]);

export class AwsQueryClient {
  readonly service: string;
  readonly region: string;
  readonly url: string;
  #version: string;
  #credentials: CredentialSource;
  #deps: ResolvedDeps;
  #redactor: Redactor;
  #signer: { credentials: AwsCredentials; client: AwsClient } | undefined;

  constructor(options: QueryClientOptions) {
    this.service = options.service;
    this.region = options.region;
    this.url = endpointUrl(options.service, options.region, options.endpoint);
    this.#version = options.version;
    this.#credentials = options.credentials;
    this.#deps = options.deps;
    this.#redactor = options.redactor;
  }

  async call(action: string, params: QueryParams = {}): Promise<QueryResult> {
    const operation = `${this.service}:${action}`;
    const body = encodeQuery({ Action: action, Version: this.#version, ...params });
    let refreshed = false;
    for (;;) {
      try {
        const answer = await fetchWithRetry(
          {
            provider: "aws",
            operation,
            redactor: this.#redactor,
            parseError: parseAwsError,
            build: () => this.#sign(body),
          },
          this.#deps,
        );
        return this.#readResult(action, operation, answer);
      } catch (error) {
        if (error instanceof CloudError && EXPIRED_CREDENTIAL_CODES.has(error.code) && !refreshed) {
          refreshed = true;
          this.#credentials.invalidate();
          continue;
        }
        throw error;
      }
    }
  }

  async #sign(body: string): Promise<Request> {
    const credentials = await this.#credentials.get();
    if (this.#signer?.credentials !== credentials) {
      this.#signer = {
        credentials,
        client: new AwsClient({
          accessKeyId: credentials.accessKeyId,
          secretAccessKey: credentials.secretAccessKey,
          sessionToken: credentials.sessionToken,
          service: this.service,
          region: this.region,
          retries: 0,
        }),
      };
    }
    return this.#signer.client.sign(this.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      body,
      aws: { datetime: amzDate(this.#deps.now()) },
    });
  }

  #readResult(action: string, operation: string, answer: HttpAnswer): QueryResult {
    const doc = parseXml(answer.text);
    const root = child(doc, `${action}Response`);
    if (!root) {
      throw this.#redactor.error({
        provider: "aws",
        operation,
        code: "MalformedResponse",
        message: `The cloud answered ${action} with something that is not a ${action}Response document.`,
        httpStatus: answer.status,
        category: "protocol",
        retryable: false,
      });
    }
    return {
      result: child(root, `${action}Result`) ?? {},
      requestId: text(child(root, "ResponseMetadata"), "RequestId") ?? requestIdHeader(answer.headers),
    };
  }
}

/** The real regional endpoint, or the override origin (every service shares it). */
export function endpointUrl(service: string, region: string, endpoint?: string | null): string {
  if (endpoint) return `${endpoint.replace(/\/+$/, "")}/`;
  const suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return `https://${service}.${region}.${suffix}/`;
}

/** X-Amz-Date format (yyyymmddThhmmssZ) from epoch milliseconds. */
export function amzDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[:-]|\.\d{3}/g, "");
}

/** application/x-www-form-urlencoded with RFC 3986 escaping, as the AWS SDKs send it. */
export function encodeQuery(params: QueryParams): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    parts.push(`${rfc3986(key)}=${rfc3986(String(value))}`);
  }
  return parts.join("&");
}

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** ISO 8601 without milliseconds when they are zero, as AWS Query timestamps are written. */
export function isoTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(".000Z", "Z");
}

function requestIdHeader(headers: Headers): string | undefined {
  return headers.get("x-amzn-requestid") ?? headers.get("x-amz-request-id") ?? undefined;
}

/**
 * Reads an AWS error answer: Query `<ErrorResponse><Error><Code/><Message/></Error><RequestId/>`,
 * EC2-style `<Response><Errors><Error>…</Error></Errors><RequestID/>`, or a JSON-protocol body.
 */
export function parseAwsError(answer: HttpAnswer): ParsedError {
  const doc = parseXml(answer.text);
  if (doc) {
    const errorResponse = child(doc, "ErrorResponse");
    const ec2Response = child(doc, "Response");
    const error = child(errorResponse, "Error") ?? child(child(ec2Response, "Errors"), "Error");
    const code = text(error, "Code");
    if (code) {
      return {
        code,
        message: text(error, "Message") ?? code,
        requestId:
          text(errorResponse, "RequestId") ??
          text(ec2Response, "RequestID") ??
          requestIdHeader(answer.headers),
      };
    }
  }
  const json = tryJson(answer.text);
  if (json) {
    const rawType = json["__type"] ?? json["code"] ?? json["Code"];
    if (typeof rawType === "string" && rawType !== "") {
      const code = rawType.split("#").pop()?.split(":")[0] ?? rawType;
      const message = json["message"] ?? json["Message"];
      return {
        code,
        message: typeof message === "string" ? message : code,
        requestId: requestIdHeader(answer.headers),
      };
    }
  }
  const headerType = answer.headers.get("x-amzn-errortype")?.split(":")[0];
  return {
    code: headerType || `HTTP${answer.status}`,
    message: `The cloud answered HTTP ${answer.status} without a readable error document.`,
    requestId: requestIdHeader(answer.headers),
  };
}

function tryJson(body: string): Record<string, unknown> | undefined {
  if (!body.trim().startsWith("{")) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
