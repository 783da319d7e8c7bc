const HOUR_MS = 3_600_000;
/** What the headers show when the scenario sets no limit: clients that pace themselves see room. */
export const NOMINAL_LIMIT = 1_000_000;
export class RateLimiter {
    window = -1;
    count = 0;
    /** Counts one request at virtual epoch time `epochMs`; a null limit never runs down. */
    hit(epochMs, limit) {
        const window = Math.floor(epochMs / HOUR_MS);
        if (window !== this.window) {
            this.window = window;
            this.count = 0;
        }
        this.count++;
        const reset = Math.max(1, Math.ceil(((window + 1) * HOUR_MS - epochMs) / 1000));
        if (limit === null)
            return { limit: NOMINAL_LIMIT, remaining: NOMINAL_LIMIT, reset, exceeded: false };
        return { limit, remaining: Math.max(0, limit - this.count), reset, exceeded: this.count > limit };
    }
    reset() {
        this.window = -1;
        this.count = 0;
    }
}
export function rateHeaders(s) {
    return { 'x-ratelimit-limit': String(s.limit), 'x-ratelimit-remaining': String(s.remaining), 'x-ratelimit-reset': String(s.reset) };
}
