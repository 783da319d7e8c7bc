/**
 * OAuth2 access tokens (client_credentials): issued by POST /oauth/token, sent as
 * `Authorization: Bearer …`. Lifetimes run on the virtual clock (`token_ttl_seconds`), so a test moves
 * a token past its expiry with /__admin/clock/advance. Tokens are adapter state: random, never derived
 * from the seed, and kept across a reset only when the scenario's credentials stay the same.
 */
import { randomBytes } from 'node:crypto';

const MAX_TOKENS = 10_000;

export type TokenCheck = 'ok' | 'unknown' | 'expired';

export class Tokens {
  /** Token → virtual ms (since the scenario start) at which it expires. */
  private readonly expiry = new Map<string, number>();

  issue(nowT: number, ttlSeconds: number): string {
    if (this.expiry.size >= MAX_TOKENS) this.prune(nowT);
    const token = randomBytes(20).toString('hex');
    this.expiry.set(token, nowT + ttlSeconds * 1000);
    return token;
  }

  check(token: string, nowT: number): TokenCheck {
    const until = this.expiry.get(token);
    if (until === undefined) return 'unknown';
    return nowT < until ? 'ok' : 'expired';
  }

  /** After a reset (the clock is back at the start): every token gets a whole lifetime again. */
  renew(nowT: number, ttlSeconds: number): void {
    for (const token of this.expiry.keys()) this.expiry.set(token, nowT + ttlSeconds * 1000);
  }

  clear(): void {
    this.expiry.clear();
  }

  private prune(nowT: number): void {
    for (const [token, until] of this.expiry) if (until <= nowT) this.expiry.delete(token);
    // Still full: the oldest go (Map keeps insertion order).
    for (const token of this.expiry.keys()) {
      if (this.expiry.size < MAX_TOKENS) break;
      this.expiry.delete(token);
    }
  }
}
