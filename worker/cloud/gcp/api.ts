/**
 * The Google REST/JSON client shared by Cloud SQL Admin and Cloud Monitoring: Bearer token from
 * the account's token source, JSON in and out, Google error documents, one token refresh when
 * Google answers 401.
 *
 * Owns: building API URLs under the real root or the account's override origin. Must never:
 * retry on its own (../retry.ts does), or put the token anywhere but the Authorization header.
 */
import { CloudError, type Redactor } from "../errors.ts";
import { fetchWithRetry, type ResolvedDeps } from "../retry.ts";
import { parseGoogleError, readJson, type GoogleTokenSource } from "./token.ts";

export type QueryValue = string | number | boolean | undefined;

export class GoogleApiClient {
  readonly root: string;
  #tokens: GoogleTokenSource;
  #deps: ResolvedDeps;
  #redactor: Redactor;

  /** `root` is e.g. https://sqladmin.googleapis.com (or the override origin, optionally with a path). */
  constructor(root: string, tokens: GoogleTokenSource, deps: ResolvedDeps, redactor: Redactor) {
    this.root = root.replace(/\/+$/, "");
    this.#tokens = tokens;
    this.#deps = deps;
    this.#redactor = redactor;
  }

  url(path: string, query: Record<string, QueryValue> = {}): string {
    const url = new URL(`${this.root}${path}`);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  async request(
    operation: string,
    method: "GET" | "PATCH" | "POST",
    url: string,
    body?: unknown,
  ): Promise<Record<string, unknown>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let refreshed = false;
    for (;;) {
      try {
        const answer = await fetchWithRetry(
          {
            provider: "gcp",
            operation,
            redactor: this.#redactor,
            parseError: parseGoogleError,
            build: async () => {
              const token = await this.#tokens.getToken();
              const headers: Record<string, string> = {
                authorization: `Bearer ${token}`,
                accept: "application/json",
              };
              if (payload !== undefined) headers["content-type"] = "application/json";
              return new Request(url, { method, headers, body: payload });
            },
          },
          this.#deps,
        );
        const parsed = answer.text.trim() === "" ? {} : readJson(answer.text);
        if (!parsed) {
          throw new CloudError({
            provider: "gcp",
            operation,
            code: "MalformedResponse",
            message: `${operation} answered with something that is not a JSON object.`,
            httpStatus: answer.status,
            category: "protocol",
            retryable: false,
          });
        }
        return parsed;
      } catch (error) {
        if (error instanceof CloudError && error.httpStatus === 401 && !refreshed) {
          refreshed = true;
          this.#tokens.invalidate();
          continue;
        }
        throw error;
      }
    }
  }
}
