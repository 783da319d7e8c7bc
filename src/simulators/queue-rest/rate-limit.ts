/**
 * Telphin's per-hour request limit for a client (docs/vendors.md §1): every authenticated API
 * response carries X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (seconds until the
 * counter resets), and a request over the limit gets 429 rate_limit_exceeded. The hour is the virtual
 * clock's hour of day: the counter resets at the top of the next (virtual) hour.
 */
export interface RateState {
  limit: number;
  remaining: number;
  /** Seconds until the counter resets. */
  reset: number;
  exceeded: boolean;
}

const HOUR_MS = 3_600_000;
/** What the headers show when the scenario sets no limit: clients that pace themselves see room. */
export const NOMINAL_LIMIT = 1_000_000;

export class RateLimiter {
  private window = -1;
  private count = 0;

  /** Counts one request at virtual epoch time `epochMs`; a null limit never runs down. */
  hit(epochMs: number, limit: number | null): RateState {
    const window = Math.floor(epochMs / HOUR_MS);
    if (window !== this.window) {
      this.window = window;
      this.count = 0;
    }
    this.count++;
    const reset = Math.max(1, Math.ceil(((window + 1) * HOUR_MS - epochMs) / 1000));
    if (limit === null) return { limit: NOMINAL_LIMIT, remaining: NOMINAL_LIMIT, reset, exceeded: false };
    return { limit, remaining: Math.max(0, limit - this.count), reset, exceeded: this.count > limit };
  }

  reset(): void {
    this.window = -1;
    this.count = 0;
  }
}

export function rateHeaders(s: RateState): Record<string, string> {
  return { 'x-ratelimit-limit': String(s.limit), 'x-ratelimit-remaining': String(s.remaining), 'x-ratelimit-reset': String(s.reset) };
}
