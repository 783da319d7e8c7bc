/**
 * What may differ between a served response and its replay, and how they are compared. Two kinds of
 * field are random by design: credentials a view makes at random (Telphin's OAuth `access_token`,
 * Huawei's `AccessToken`, ARM's HTTP session ids `arm-…`), and the wall clock (the journal's `wallTime`,
 * `latencyMs` and its responses' Date header; the Date, Connection, Keep-Alive, Content-Length and Transfer-Encoding headers). A
 * replay learns each credential's new value from the response that issued it and puts it in the later
 * inputs in place of the served one (a client would have used the new one), and compares with the
 * credentials mapped back and the wall clock masked. This module holds those rules and nothing else.
 */
import { KEPT_TEXT_BYTES, sha256, type Kept } from './format.js';

/** Credentials a view makes at random: each pattern's first group is the value. */
const CREDENTIALS: readonly RegExp[] = [/"access_token":"([^"\\]{1,512})"/g, /"AccessToken":"([^"\\]{1,512})"/g, /\b(arm-[0-9a-f]{32})\b/g];

/** The wall clock in an answer (the journal's entries): masked before comparing. */
const WALL: readonly [RegExp, string][] = [
  [/"wallTime":"[^"]*"/g, '"wallTime":"…"'],
  [/"latencyMs":(?:-?[0-9.e+-]+|null)/g, '"latencyMs":0'],
  // The Date header of a journaled response, as it went out.
  [/"date":"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT"/g, '"date":"…"'],
];

/** Response headers that follow the connection or the wall clock, never the world. */
export const IGNORED_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

export function maskWall(text: string): string {
  // Only the journal's entries carry them: most answers need no pass.
  if (!text.includes('"wallTime"') && !text.includes('"latencyMs"')) return text;
  let out = text;
  for (const [re, to] of WALL) out = out.replace(re, to);
  return out;
}

function textOf(data: Buffer | string): string | null {
  if (typeof data === 'string') return data;
  const text = data.toString('utf8');
  return Buffer.from(text, 'utf8').equals(data) ? text : null;
}

/** An output as a recording keeps it: its text when short, else the SHA-256 of its text with the wall clock masked (of its bytes, when not text). */
export function keep(data: Buffer | string): Kept {
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  const text = textOf(data);
  if (text === null) return { size, sha256: sha256(data) };
  return size <= KEPT_TEXT_BYTES ? { size, text } : { size, sha256: sha256(maskWall(text)) };
}

function credentialsIn(text: string): string[] {
  const found: { at: number; value: string }[] = [];
  for (const re of CREDENTIALS) for (const m of text.matchAll(re)) found.push({ at: m.index + m[0].indexOf(m[1]), value: m[1] });
  return found.sort((a, b) => a.at - b.at).map((f) => f.value);
}

/** Served credential → the replay's, learned as the replay goes, applied to later inputs and mapped back to compare. */
export class Credentials {
  private readonly forward = new Map<string, string>();
  private readonly back = new Map<string, string>();
  private forwardRe: RegExp | null = null;
  private backRe: RegExp | null = null;

  get size(): number {
    return this.forward.size;
  }

  /** Pairs the credentials of a served text with those of its replay, in order of appearance. */
  learn(served: string | undefined, replayed: string | null): void {
    if (served === undefined || replayed === null) return;
    const a = credentialsIn(served);
    if (a.length === 0) return;
    const b = credentialsIn(replayed);
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] === b[i] || this.forward.has(a[i])) continue;
      this.forward.set(a[i], b[i]);
      this.back.set(b[i], a[i]);
      this.forwardRe = this.backRe = null;
    }
  }

  /** The served credentials in `text` replaced by the replay's (an input as the client would now send it). */
  apply(text: string): string {
    if (this.forward.size === 0) return text;
    this.forwardRe ??= alternation(this.forward.keys());
    return text.replace(this.forwardRe, (v) => this.forward.get(v) as string);
  }

  /** The same for bytes (credentials are ASCII, so latin1 keeps every other byte as it is). */
  applyBytes(data: Buffer): Buffer {
    if (this.forward.size === 0) return data;
    const s = data.toString('latin1');
    const out = this.apply(s);
    return out === s ? data : Buffer.from(out, 'latin1');
  }

  /** The replay's credentials in `text` mapped back to the served ones, to compare. */
  unapply(text: string): string {
    if (this.back.size === 0) return text;
    this.backRe ??= alternation(this.back.keys());
    return text.replace(this.backRe, (v) => this.back.get(v) as string);
  }
}

function alternation(values: Iterable<string>): RegExp {
  const sorted = [...values].sort((a, b) => b.length - a.length);
  return new RegExp(sorted.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
}

/** Where a replayed output differs from the served one (null: the same, but the fields random by design). */
export function differs(served: Kept, replayed: Buffer | string, creds: Credentials): string | null {
  const text = textOf(replayed);
  creds.learn(served.text, text);
  const canonical = text === null ? replayed : maskWall(creds.unapply(text));
  if (served.text === undefined ? sha256(canonical) === served.sha256 : typeof canonical === 'string' && canonical === maskWall(served.text)) return null;
  if (served.text === undefined || text === null) return `body differs (${served.size} bytes served, ${typeof replayed === 'string' ? Buffer.byteLength(replayed) : replayed.length} replayed)`;
  const a = maskWall(served.text);
  const b = canonical as string;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 40);
  return `body differs at character ${i}: served …${JSON.stringify(a.slice(from, i + 80))}, replayed …${JSON.stringify(b.slice(from, i + 80))}`;
}

/** Headers as compared: lowercase names, the ignored ones out, credentials mapped back. */
export function comparableHeaders(headers: Record<string, unknown>, creds: Credentials | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers).sort()) {
    const key = name.toLowerCase();
    const v = headers[name];
    if (IGNORED_HEADERS.has(key) || v === undefined) continue;
    const text = Array.isArray(v) ? v.join('\n') : String(v);
    out[key] = creds ? creds.unapply(text) : text;
  }
  return out;
}

/** Where replayed headers differ from the served ones (null when they agree); learns credentials they carry (a Set-Cookie). */
export function headersDiffer(served: Record<string, unknown>, replayed: Record<string, unknown>, creds: Credentials): string | null {
  const s = comparableHeaders(served, null);
  const raw = comparableHeaders(replayed, null);
  for (const k of Object.keys(s)) if (raw[k] !== undefined) creds.learn(s[k], raw[k]);
  const r = comparableHeaders(replayed, creds);
  const keys = new Set([...Object.keys(s), ...Object.keys(r)]);
  const diffs: string[] = [];
  for (const k of keys) if (s[k] !== r[k]) diffs.push(`${k}: served ${JSON.stringify(s[k] ?? null)}, replayed ${JSON.stringify(r[k] ?? null)}`);
  return diffs.length === 0 ? null : `headers differ: ${diffs.join('; ')}`;
}
