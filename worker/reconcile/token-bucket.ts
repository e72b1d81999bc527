/**
 * Token buckets that pace one account's cloud calls per API origin (an AWS region's endpoint, or
 * Google's API host), sized below the clouds' own limits so SnoozeQL never starts the throttling
 * the retry policy would then have to absorb: RDS allows bursts of ~300 and 12 calls/s per account
 * and region; Cloud SQL Admin ~180/min per project. The clock and sleep are injected for tests.
 */
export interface BucketSize {
  burst: number;
  perSecond: number;
}

export const AWS_BUCKET: BucketSize = { burst: 100, perSecond: 8 };
export const GCP_BUCKET: BucketSize = { burst: 30, perSecond: 2.5 };

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly size: BucketSize,
    private readonly now: () => number = () => Date.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Waits until a token is available for `key`, then takes it. Returns the ms waited. */
  async take(key: string): Promise<number> {
    let waited = 0;
    for (;;) {
      const t = this.now();
      const b = this.buckets.get(key) ?? { tokens: this.size.burst, at: t };
      b.tokens = Math.min(this.size.burst, b.tokens + ((t - b.at) / 1000) * this.size.perSecond);
      b.at = t;
      this.buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return waited;
      }
      const wait = Math.ceil(((1 - b.tokens) / this.size.perSecond) * 1000);
      await this.sleep(wait);
      waited += wait;
    }
  }

  /** A fetch that takes a token for the request's origin first. */
  wrap(inner: typeof fetch): typeof fetch {
    return (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      // With an endpoint override every region shares one origin; include the signed region so
      // regions still pace separately (it is in the SigV4 credential scope of the request).
      const auth = input instanceof Request ? input.headers.get("authorization") : new Headers(init?.headers).get("authorization");
      const scope = auth ? /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\//.exec(auth) : null;
      await this.take(`${new URL(url).host}${scope ? `/${scope[1]}/${scope[2]}` : ""}`);
      return inner(input, init);
    }) as typeof fetch;
  }
}
