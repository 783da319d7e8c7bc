/**
 * CC-CMS's own AK/SK signing, "C2" (docs/vendors.md §2, cec_07_0003):
 * `Authorization: auth-v2/{ak}/{timestamp}/{signedHeaders}/{signature}`. This reads the header and
 * recomputes the signature by the BCE-style recipe docs/vendors.md §2 assumes (the vendor draws its
 * steps as images): signingKey = hex HMAC-SHA256(SK, `auth-v2/{ak}/{timestamp}`), signature = hex
 * HMAC-SHA256(signingKey, METHOD \n URI \n query \n headers). Which key and which time are accepted is
 * auth.ts's business.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { unauthorized } from './errors.js';

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?Z$/;
const SIGNED_HEADERS = /^[a-z0-9-]+(;[a-z0-9-]+)*$/;
const SIGNATURE = /^[0-9a-f]{64}$/;

export interface AuthV2 {
  ak: string;
  timestamp: string;
  /** Epoch ms of the timestamp. */
  epochMs: number;
  signedHeaders: string[];
  signature: string;
}

/** The header's five parts, or why it is not an auth-v2 header. */
export function parseAuthV2(header: string): AuthV2 | string {
  const parts = header.trim().split('/');
  if (parts.length !== 5 || parts[0] !== 'auth-v2') return 'the Authorization header is not auth-v2/{ak}/{timestamp}/{signedHeaders}/{signature}';
  const [, ak, timestamp, signed, signature] = parts;
  if (!ak) return 'the access key is empty';
  const m = TIMESTAMP.exec(timestamp);
  const epochMs = m ? Date.parse(timestamp) : NaN;
  if (!m || Number.isNaN(epochMs)) return `the timestamp '${timestamp}' is not UTC ISO 8601 (yyyy-MM-ddTHH:mm:ss[.SSS]Z)`;
  if (!SIGNED_HEADERS.test(signed)) return `the signed headers '${signed}' are not lowercase names joined by ';'`;
  if (!SIGNATURE.test(signature)) return 'the signature is not 64 lowercase hex digits (HMAC-SHA256)';
  return { ak, timestamp, epochMs, signedHeaders: signed.split(';'), signature };
}

/** decodeURIComponent, or a 401 naming the malformed percent-escape (a client cannot have signed it). */
export function decodeSigned(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw unauthorized(`malformed URI: '${s}' has an invalid percent-escape`);
  }
}

/** RFC 3986 percent-encoding of everything but unreserved characters (and '/' when asked). */
export function uriEncode(s: string, keepSlash = false): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(c) || (keepSlash && c === '/')) out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A header's value as signed: repeated headers joined with ',' and trimmed. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const raw = headers[name];
  if (raw === undefined) return undefined;
  return (Array.isArray(raw) ? raw.join(',') : raw).trim();
}

/** METHOD \n URI \n query \n headers, the signed headers only (docs/vendors.md §2's inferred recipe). */
export function canonicalRequest(method: string, url: string, headers: IncomingHttpHeaders, signed: string[]): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  const pairs = query
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      const k = decodeSigned(eq < 0 ? p : p.slice(0, eq));
      const v = eq < 0 ? '' : decodeSigned(p.slice(eq + 1).replace(/\+/g, ' '));
      return { k, v };
    })
    .filter((p) => p.k.toLowerCase() !== 'authorization')
    .map((p) => `${uriEncode(p.k)}=${uriEncode(p.v)}`)
    .sort();
  const lines = signed.map((name) => `${uriEncode(name)}:${uriEncode(headerValue(headers, name) ?? '')}`).sort();
  return [method.toUpperCase(), uriEncode(decodeSigned(path), true), pairs.join('&'), lines.join('\n')].join('\n');
}

export function expectedSignature(sk: string, auth: Pick<AuthV2, 'ak' | 'timestamp'>, canonical: string): string {
  const signingKey = createHmac('sha256', sk).update(`auth-v2/${auth.ak}/${auth.timestamp}`).digest('hex');
  return createHmac('sha256', signingKey).update(canonical).digest('hex');
}

/** Whether the request's auth-v2 signature is the one `sk` gives. */
export function authV2Matches(request: { method: string; url: string; headers: IncomingHttpHeaders }, sk: string, auth: AuthV2): boolean {
  const expected = expectedSignature(sk, auth, canonicalRequest(request.method, request.url, request.headers, auth.signedHeaders));
  return timingSafeEqual(Buffer.from(expected), Buffer.from(auth.signature));
}
