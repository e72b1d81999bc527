/**
 * Argument checks shared by every provider, run before any cloud is called.
 *
 * Owns: rejecting malformed metric queries with an `invalid_request` CloudError. Must never:
 * call a cloud or echo more of the caller's input than needed to say what is wrong.
 */
import { CloudError } from "./errors.ts";
import type { CloudProviderName, MetricQuery } from "./provider.ts";

export function validateMetricQuery(query: MetricQuery, provider: CloudProviderName): void {
  const problems: string[] = [];
  if (!Number.isFinite(query.start) || !Number.isFinite(query.end) || query.start >= query.end) {
    problems.push("start must be before end");
  }
  if (!Number.isInteger(query.periodSeconds) || query.periodSeconds < 60 || query.periodSeconds % 60 !== 0) {
    problems.push("periodSeconds must be a multiple of 60 (at least 60)");
  }
  if (problems.length > 0) {
    throw new CloudError({
      provider,
      code: "InvalidMetricQuery",
      message: `Invalid metric query: ${problems.join("; ")}.`,
      category: "invalid_request",
      retryable: false,
    });
  }
}
