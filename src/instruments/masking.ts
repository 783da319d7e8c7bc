/**
 * Credentials kept out of what the journal shows: the Authorization and API-key headers, cookies, and any
 * field or parameter that names a secret, a token, a password, a key or a signature, in query strings, in
 * JSON and form bodies and in XML attributes (an ARM login's password, its session id). A setting shows
 * them (`--journal-credentials`), for debugging a client's signing against ccsim. Masking happens when
 * an entry is read, never when it is recorded.
 */
import type { JournalBody, JournalEntry } from './journal.js';

export const MASK = '[masked]';

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-app-key', 'x-api-key', 'x-auth-token']);
/** A field or parameter name that holds a credential. */
const SECRET_NAME = /(secret|token|password|passwd|api_?key|app_?key|signature|session_?id|^access$|^sig$)/i;

export class Masking {
  constructor(readonly show: boolean) {}

  entry(e: JournalEntry): JournalEntry {
    if (this.show) return e;
    return {
      ...e,
      headers: maskHeaders(e.headers),
      query: maskObject(e.query) as Record<string, unknown>,
      body: maskBody(e.body),
      response: e.response ? { headers: maskHeaders(e.response.headers), body: maskBody(e.response.body) } : null,
      ...(e.url !== undefined ? { url: maskUrl(e.url) } : {}),
    };
  }
}

function maskHeaders<T extends Record<string, unknown>>(h: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(h)) out[k] = SECRET_HEADERS.has(k.toLowerCase()) && v !== undefined ? MASK : v;
  return out as T;
}

function maskObject(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(maskObject);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = SECRET_NAME.test(k) && x !== null && typeof x !== 'object' ? MASK : maskObject(x);
  return out;
}

function maskUrl(url: string): string {
  return url.replace(/([?&])([^=&#]+)=([^&#]*)/g, (all, sep: string, key: string) => (SECRET_NAME.test(decodeURIComponentSafe(key)) ? `${sep}${key}=${MASK}` : all));
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A body with its credentials masked: JSON by key, form fields by name, XML attributes by name. */
function maskBody(b: JournalBody | null): JournalBody | null {
  if (!b) return null;
  const text = b.text;
  const shown = (masked: string): JournalBody => ({ text: masked, size: b.size, truncated: b.truncated, ...(b.encoding && { encoding: b.encoding }) });
  if (b.encoding === 'base64') return shown(text);
  const t = text.trim();
  if (!b.truncated && (t.startsWith('{') || t.startsWith('['))) {
    try {
      return shown(JSON.stringify(maskObject(JSON.parse(t))));
    } catch {
      // Not JSON after all: masked as text below.
    }
  }
  // XML, or XML after a frame header (an ARM WebSocket frame: digits and the command, then the document).
  if (t.startsWith('<') || /^[^\s<]{1,100}</.test(t)) return shown(text.replace(/(\s)([A-Za-z_:][\w:.-]*)="([^"]*)"/g, (all, sp: string, name: string) => (SECRET_NAME.test(name) ? `${sp}${name}="${MASK}"` : all)));
  if (/^[^\s=&]+=[^\s]*(&[^\s=&]+=[^\s]*)*$/.test(t)) return shown(maskUrl(`?${text}`).slice(1));
  // A multipart body: the values of secret-named fields.
  if (/content-disposition:\s*form-data/i.test(text)) {
    return shown(text.replace(/(name="([^"]+)"[^\r\n]*\r?\n\r?\n)([^\r\n]*)/gi, (all, pre: string, name: string) => (SECRET_NAME.test(name) ? `${pre}${MASK}` : all)));
  }
  // Anything else (a truncated JSON): secret-looking JSON pairs by pattern.
  return shown(text.replace(/("([^"]+)"\s*:\s*)"([^"]*)"/g, (all, pre: string, key: string) => (SECRET_NAME.test(key) ? `${pre}"${MASK}"` : all)));
}
