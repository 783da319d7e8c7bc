/**
 * Huawei Cloud API Gateway's signing, `SDK-HMAC-SHA256`, which the Huawei client's direct mode uses:
 * `Authorization: SDK-HMAC-SHA256 Access=<ak>, SignedHeaders=<h1;h2;…>, Signature=<hex>` with
 * `X-Sdk-Date: YYYYMMDDTHHMMSSZ`. The algorithm is the APIG SDK's (huaweicloudsdkcore/signer): the
 * canonical request joins with newlines the method, the URI (each segment RFC 3986-encoded, ending in
 * `/`), the query (pairs sorted, encoded), the signed headers as `name:value\n` (values trimmed), their
 * names joined by `;`, and the hex SHA-256 of the body (or the X-Sdk-Content-Sha256 header's value); the
 * string to sign is `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex SHA-256 of the canonical request>`; the
 * signature its hex HMAC-SHA256 with the secret key. The SDK appends the `/` and the public client does
 * not, so a signature over either URI is accepted. Which key and time are accepted is auth.ts's business.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { decodeSigned, headerValue, uriEncode } from './auth-v2.js';

export const APIG_ALGORITHM = 'SDK-HMAC-SHA256';
const DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const SIGNED_HEADERS = /^[a-z0-9-]+(;[a-z0-9-]+)*$/;
const SIGNATURE = /^[0-9a-f]{64}$/;
const FORM = `${APIG_ALGORITHM} Access=<ak>, SignedHeaders=<h1;h2;…>, Signature=<hex>`;

export interface Apig {
  ak: string;
  signedHeaders: string[];
  signature: string;
  /** The X-Sdk-Date value, as signed. */
  date: string;
  /** Epoch ms of the date. */
  epochMs: number;
}

/** Whether an Authorization header claims this scheme (and should be read as it). */
export const isApig = (header: string) => header.startsWith(APIG_ALGORITHM);

/** Epoch ms of an X-Sdk-Date value, or NaN. */
export function sdkDateMs(date: string): number {
  const m = DATE.exec(date);
  if (!m) return NaN;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls over (month 13 is next January): a date that does not read back is not one.
  const back = new Date(ms);
  return back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60 ? ms : NaN;
}

/** The header's parts and the X-Sdk-Date, or why they are not an SDK-HMAC-SHA256 signature. */
export function parseApig(header: string, date: string | undefined): Apig | string {
  const rest = header.slice(APIG_ALGORITHM.length);
  if (!/^ +\S/.test(rest)) return `the Authorization header is not ${FORM}`;
  const parts = new Map<string, string>();
  for (const part of rest.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return `the Authorization header is not ${FORM}: '${part.trim()}' is not name=value`;
    parts.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const ak = parts.get('Access');
  const signed = parts.get('SignedHeaders');
  const signature = parts.get('Signature');
  if (!ak) return `the Authorization header has no Access=<ak> (${FORM})`;
  if (signed === undefined || !SIGNED_HEADERS.test(signed)) return `the SignedHeaders '${signed ?? ''}' are not lowercase header names joined by ';'`;
  if (signature === undefined || !SIGNATURE.test(signature)) return 'the Signature is not 64 lowercase hex digits (HMAC-SHA256)';
  if (date === undefined) return `the X-Sdk-Date header is missing (${APIG_ALGORITHM} needs it, as YYYYMMDDTHHMMSSZ)`;
  const epochMs = sdkDateMs(date.trim());
  if (Number.isNaN(epochMs)) return `the X-Sdk-Date '${date}' is not a UTC time as YYYYMMDDTHHMMSSZ`;
  return { ak, signedHeaders: signed.split(';'), signature, date: date.trim(), epochMs };
}

const hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The canonical URI (always ending in '/', as the SDK signs it) and the canonical query of a URL. */
export function canonicalUrl(url: string): { uri: string; query: string } {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const uri = decodeSigned(path).split('/').map((segment) => uriEncode(segment)).join('/');
  const pairs = (q < 0 ? '' : url.slice(q + 1))
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      return [decodeSigned(eq < 0 ? p : p.slice(0, eq)), eq < 0 ? '' : decodeSigned(p.slice(eq + 1))] as const;
    })
    // The SDK sorts the decoded (key, value) pairs, then encodes them.
    .sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return { uri: uri.endsWith('/') ? uri : `${uri}/`, query: pairs.map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`).join('&') };
}

/** The canonical request over `uri`; the signed headers must all be in `headers`. */
export function apigCanonicalRequest(method: string, uri: string, query: string, headers: IncomingHttpHeaders, signed: readonly string[], bodyHash: string): string {
  const lines = signed.map((name) => `${name}:${headerValue(headers, name) ?? ''}\n`).join('');
  return [method.toUpperCase(), uri, query, lines, signed.join(';'), bodyHash].join('\n');
}

export function apigSignature(sk: string, date: string, canonical: string): string {
  return createHmac('sha256', sk).update(`${APIG_ALGORITHM}\n${date}\n${hex(canonical)}`).digest('hex');
}

/** The body's hash as the signer took it: the X-Sdk-Content-Sha256 header (e.g. UNSIGNED-PAYLOAD) replaces it. */
export function declaredBodyHash(headers: IncomingHttpHeaders): string | undefined {
  return headerValue(headers, 'x-sdk-content-sha256');
}

/** Whether the signature is `sk`'s over the request, its URI with or without the SDK's trailing '/'. */
export function apigMatches(request: { method: string; url: string; headers: IncomingHttpHeaders }, sk: string, auth: Apig, bodyHash: string): boolean {
  const { uri, query } = canonicalUrl(request.url);
  const uris = request.url.split('?')[0].endsWith('/') ? [uri] : [uri, uri.slice(0, -1)];
  const given = Buffer.from(auth.signature);
  return uris.some((u) => timingSafeEqual(Buffer.from(apigSignature(sk, auth.date, apigCanonicalRequest(request.method, u, query, request.headers, auth.signedHeaders, bodyHash))), given));
}
