/**
 * CC-CMS's AK/SK request signing, "C2" (docs/vendors.md §2, cec_07_0003): every request carries
 * `Authorization: auth-v2/{ak}/{timestamp}/{signedHeaders}/{signature}`. This checks the header's form,
 * the access key, and the timestamp against the SIMULATION's clock (virtual time, not the wall clock:
 * a client signing with its own clock needs a scenario `start` near its now, or
 * `max_clock_skew_seconds: null`), and, when `verify_signature` is on, the signature itself by the
 * BCE-style recipe docs/vendors.md §2 assumes. Any failure is HTTP 401. It does not sign anything.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { CmsError, RESULT } from './errors.js';
import type { Settings } from './settings.js';

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

const unauthorized = (why: string) => new CmsError(RESULT.noPermission, `Authentication failed: ${why}`, 401);

/** The header's five parts, or why it is not an auth-v2 header. */
export function parseAuthV2(header: string | undefined): AuthV2 | string {
  if (!header) return 'the Authorization header is missing';
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
function decode(s: string): string {
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

/**
 * METHOD \n URI \n query \n headers, the signed headers only (docs/vendors.md §2's inferred recipe). Throws a
 * 401 CmsError when the URL has a malformed percent-escape.
 */
export function canonicalRequest(method: string, url: string, headers: Record<string, string | string[] | undefined>, signed: string[]): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  const pairs = query
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      const k = decode(eq < 0 ? p : p.slice(0, eq));
      const v = eq < 0 ? '' : decode(p.slice(eq + 1).replace(/\+/g, ' '));
      return { k, v };
    })
    .filter((p) => p.k.toLowerCase() !== 'authorization')
    .map((p) => `${uriEncode(p.k)}=${uriEncode(p.v)}`)
    .sort();
  const lines = signed
    .map((name) => {
      const raw = headers[name];
      const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
      return `${uriEncode(name)}:${uriEncode(value.trim())}`;
    })
    .sort();
  return [method.toUpperCase(), uriEncode(decode(path), true), pairs.join('&'), lines.join('\n')].join('\n');
}

export function expectedSignature(sk: string, auth: Pick<AuthV2, 'ak' | 'timestamp'>, canonical: string): string {
  const signingKey = createHmac('sha256', sk).update(`auth-v2/${auth.ak}/${auth.timestamp}`).digest('hex');
  return createHmac('sha256', signingKey).update(canonical).digest('hex');
}

/** Throws a 401 CmsError unless the request's auth-v2 header passes; `nowMs` is virtual epoch ms. */
export function checkAuth(req: FastifyRequest, settings: Settings, nowMs: number): void {
  const auth = parseAuthV2(req.headers.authorization);
  if (typeof auth === 'string') throw unauthorized(auth);
  if (auth.ak !== settings.access_key) throw unauthorized(`unknown access key '${auth.ak}'`);
  const skew = settings.max_clock_skew_seconds;
  if (skew !== null && Math.abs(auth.epochMs - nowMs) > skew * 1000) {
    throw unauthorized(`the timestamp ${auth.timestamp} is more than ${skew} s from the server's (simulated) time ${new Date(nowMs).toISOString()}`);
  }
  if (!settings.verify_signature) return;
  for (const name of auth.signedHeaders) if (req.headers[name] === undefined) throw unauthorized(`the signed header '${name}' is not in the request`);
  const expected = expectedSignature(settings.secret_key, auth, canonicalRequest(req.method, req.url, req.headers, auth.signedHeaders));
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(auth.signature))) throw unauthorized('the signature does not match');
}
