/**
 * OAuth2 access tokens (client_credentials): issued by POST /oauth/token, sent as
 * `Authorization: Bearer …`. Lifetimes run on the virtual clock (`token_ttl_seconds`), so a test moves
 * a token past its expiry with /__admin/clock/advance. Tokens are adapter state, kept across a reset
 * only when the scenario's credentials stay the same. A token is the HMAC of the server's count of
 * issued tokens under the client's secret: unguessable without the secret, never derived from the seed
 * (it touches no random stream of the world), and the n-th token of a server is the same in every run,
 * so an example or a CI script can show it. It is valid only once this server has issued it.
 */
import { createHmac } from 'node:crypto';

const MAX_TOKENS = 10_000;

export type TokenCheck = 'ok' | 'unknown' | 'expired';

export class Tokens {
  /** Token → virtual ms (since the scenario start) at which it expires. */
  private readonly expiry = new Map<string, number>();
  /** Tokens issued by this server so far (never reset, so no token is issued twice). */
  private issued = 0;

  issue(nowT: number, ttlSeconds: number, client: { client_id: string; client_secret: string }): string {
    if (this.expiry.size >= MAX_TOKENS) this.prune(nowT);
    const token = createHmac('sha256', client.client_secret).update(`${client.client_id}:${++this.issued}`).digest('hex').slice(0, 40);
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
