/**
 * OAuth2 access tokens (client_credentials): issued by POST /oauth/token, sent as
 * `Authorization: Bearer …`. Lifetimes run on the virtual clock (`token_ttl_seconds`), so a test moves
 * a token past its expiry with /__admin/clock/advance. Tokens are adapter state: random, never derived
 * from the seed, and kept across a reset only when the scenario's credentials stay the same.
 */
import { randomBytes } from 'node:crypto';
const MAX_TOKENS = 10_000;
export class Tokens {
    /** Token → virtual ms (since the scenario start) at which it expires. */
    expiry = new Map();
    issue(nowT, ttlSeconds) {
        if (this.expiry.size >= MAX_TOKENS)
            this.prune(nowT);
        const token = randomBytes(20).toString('hex');
        this.expiry.set(token, nowT + ttlSeconds * 1000);
        return token;
    }
    check(token, nowT) {
        const until = this.expiry.get(token);
        if (until === undefined)
            return 'unknown';
        return nowT < until ? 'ok' : 'expired';
    }
    /** After a reset (the clock is back at the start): every token gets a whole lifetime again. */
    renew(nowT, ttlSeconds) {
        for (const token of this.expiry.keys())
            this.expiry.set(token, nowT + ttlSeconds * 1000);
    }
    clear() {
        this.expiry.clear();
    }
    prune(nowT) {
        for (const [token, until] of this.expiry)
            if (until <= nowT)
                this.expiry.delete(token);
        // Still full: the oldest go (Map keeps insertion order).
        for (const token of this.expiry.keys()) {
            if (this.expiry.size < MAX_TOKENS)
                break;
            this.expiry.delete(token);
        }
    }
}
