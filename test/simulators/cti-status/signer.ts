/**
 * Reference client-side signers, written independently of the server's checkers. auth-v2 (CC-CMS's C2,
 * from docs/vendors.md §2): signingKey = hex HMAC-SHA256(SK, "auth-v2/{ak}/{timestamp}"), canonical
 * request = METHOD \n URI \n query \n headers (lowercase name:value, percent-encoded, sorted), signature =
 * hex HMAC-SHA256(signingKey, canonical request). SDK-HMAC-SHA256 (API Gateway, as the APIG SDK's signer
 * does it): see `apig`.
 */
import { createHash, createHmac } from 'node:crypto';

const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** What both signers sign. */
interface SignedRequest {
  ak: string;
  sk: string;
  method: string;
  /** Path with an optional query string. */
  url: string;
  /** Request headers (any case); those listed in `sign` are signed. */
  headers: Record<string, string>;
  sign: string[];
}

export interface SignInput extends SignedRequest {
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

/** `headers` has X-Sdk-Date among them. */
export interface ApigInput extends SignedRequest {
  body: string;
  /** Sign the URI as the public client does, without the SDK's trailing '/'. */
  noTrailingSlash?: boolean;
  /** The X-Sdk-Content-Sha256 value sent (e.g. UNSIGNED-PAYLOAD), which stands for the body's hash. */
  contentSha256?: string;
}

/**
 * The Authorization value of SDK-HMAC-SHA256: canonical request = METHOD, URI (segments encoded, with a
 * trailing '/'), query (sorted), `name:value\n` per signed header, their names joined by ';', hex SHA-256 of
 * the body, joined by '\n'; string to sign = "SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex SHA-256 of it>";
 * signature = hex HMAC-SHA256(SK, string to sign).
 */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function apig(input: ApigInput): string {
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  const lower = Object.fromEntries(Object.entries(input.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const names = input.sign.map((n) => n.toLowerCase()).sort();
  const [path, query = ''] = input.url.split('?');
  let uri = path.split('/').map((seg) => enc(decodeURIComponent(seg))).join('/');
  if (!uri.endsWith('/') && !input.noTrailingSlash) uri += '/';
  const canonicalQuery = query
    .split('&')
    .filter(Boolean)
    .map((kv) => kv.split('=').map((x) => decodeURIComponent(x ?? '')))
    .sort(([ka, va = ''], [kb, vb = '']) => (ka === kb ? cmp(va, vb) : cmp(ka, kb)))
    .map(([k, v = '']) => `${enc(k)}=${enc(v)}`)
    .join('&');
  const headers = names.map((n) => `${n}:${(lower[n] ?? '').trim()}\n`).join('');
  const canonical = [input.method.toUpperCase(), uri, canonicalQuery, headers, names.join(';'), input.contentSha256 ?? sha(input.body)].join('\n');
  const date = lower['x-sdk-date'];
  const signature = createHmac('sha256', input.sk).update(`SDK-HMAC-SHA256\n${date}\n${sha(canonical)}`).digest('hex');
  return `SDK-HMAC-SHA256 Access=${input.ak}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
}

/** An X-Sdk-Date value (YYYYMMDDTHHMMSSZ) for epoch ms. */
export const sdkDate = (epochMs: number) => new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
