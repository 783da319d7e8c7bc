/**
 * API Fabric's access tokens (the Huawei client's token mode): issued by POST
 * /apigovernance/api/oauth/tokenByAkSk to an app key, then sent as `Authorization: Bearer …` with
 * `X-APP-Key`. View state, not the world's: random (never from the seed), at most MAX_TOKENS of them,
 * with lifetimes on the simulation's clock, so a test moves one past its expiry with
 * /__admin/clock/advance.
 */
import { randomBytes } from 'node:crypto';

/** The most tokens kept: past it, expired ones go first, then the oldest. */
export const MAX_TOKENS = 10_000;

interface Issued {
  appKey: string;
  /** Virtual ms (since the scenario start) at which it expires. */
  untilT: number;
}

export type TokenCheck = { appKey: string } | 'unknown' | 'expired';

export class AccessTokens {
  private readonly issued = new Map<string, Issued>();

  issue(appKey: string, nowT: number, ttlSeconds: number): string {
    if (this.issued.size >= MAX_TOKENS) this.makeRoom(nowT);
    const token = randomBytes(20).toString('hex');
    this.issued.set(token, { appKey, untilT: nowT + ttlSeconds * 1000 });
    return token;
  }

  check(token: string, nowT: number): TokenCheck {
    const issued = this.issued.get(token);
    if (!issued) return 'unknown';
    return nowT < issued.untilT ? { appKey: issued.appKey } : 'expired';
  }

  /** After a reset (the clock back at `nowT`): each token lives a whole lifetime from there. */
  renew(nowT: number, ttlSeconds: number): void {
    for (const issued of this.issued.values()) issued.untilT = nowT + ttlSeconds * 1000;
  }

  clear(): void {
    this.issued.clear();
  }

  get size(): number {
    return this.issued.size;
  }

  private makeRoom(nowT: number): void {
    for (const [token, { untilT }] of this.issued) if (untilT <= nowT) this.issued.delete(token);
    // Map keeps insertion order: the oldest are first.
    const over = this.issued.size - MAX_TOKENS + 1;
    if (over > 0) for (const token of [...this.issued.keys()].slice(0, over)) this.issued.delete(token);
  }
}
