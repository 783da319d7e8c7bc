/**
 * A reference client-side signer for CC-CMS's auth-v2 header, written from docs/vendors.md §2
 * independently of the server's checker: signingKey = hex HMAC-SHA256(SK, "auth-v2/{ak}/{timestamp}"),
 * canonical request = METHOD \n URI \n query \n headers (lowercase name:value, percent-encoded, sorted),
 * signature = hex HMAC-SHA256(signingKey, canonical request).
 */
import { createHmac } from 'node:crypto';

const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface SignInput {
  ak: string;
  sk: string;
  method: string;
  /** Path with an optional query string. */
  url: string;
  /** Request headers (any case); those listed in `sign` are signed. */
  headers: Record<string, string>;
  sign: string[];
  /** Epoch ms of the signature. */
  epochMs: number;
}

export function authV2(input: SignInput): string {
  const timestamp = new Date(input.epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const [path, query = ''] = input.url.split('?');
  const lower = Object.fromEntries(Object.entries(input.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const names = input.sign.map((n) => n.toLowerCase()).sort();
  const canonicalHeaders = names.map((n) => `${enc(n)}:${enc((lower[n] ?? '').trim())}`).sort().join('\n');
  const canonicalQuery = query
    .split('&')
    .filter(Boolean)
    .map((kv) => kv.split('=').map((x) => enc(decodeURIComponent(x ?? ''))).join('='))
    .sort()
    .join('&');
  const canonicalUri = path.split('/').map((seg) => enc(decodeURIComponent(seg))).join('/');
  const canonical = `${input.method.toUpperCase()}\n${canonicalUri}\n${canonicalQuery}\n${canonicalHeaders}`;
  const prefix = `auth-v2/${input.ak}/${timestamp}`;
  const signingKey = createHmac('sha256', input.sk).update(prefix).digest('hex');
  const signature = createHmac('sha256', signingKey).update(canonical).digest('hex');
  return `${prefix}/${names.join(';')}/${signature}`;
}
