/**
 * The journal: every exchange that crossed ccsim's door, newest last, in a bounded window (by entries and
 * by bytes; the oldest go first): HTTP requests of every API and of /__admin with their responses,
 * WebSocket frames in and out, outgoing webhook deliveries. Entries are recorded cheaply (references to
 * what the request and the reply already hold, bodies capped) and masked only when they are read, so a
 * load test pays little for it. Entries carry the wall time and the virtual time. It knows nothing of
 * vendors: views and the door hand it what they saw.
 */
import { isUtf8 } from 'node:buffer';
import type { Masking } from './masking.js';

export type EntryKind = 'http' | 'ws' | 'webhook' | 'admin';

/** One body as journaled: text (or base64 for binary), capped. */
export interface JournalBody {
  readonly text: string;
  /** Its whole size in bytes, when it was cut at the cap. */
  readonly size: number;
  readonly truncated: boolean;
  /** base64 when the body was not UTF-8 text. */
  readonly encoding?: 'base64';
}

/**
 * A body as the journal keeps it: its bytes outside the JavaScript heap (a Buffer), decoded only when it
 * is read. Thousands of kept bodies on the heap would make every garbage collection mark them; as
 * Buffers they cost the collector next to nothing, which is most of what journaling a busy server costs.
 */
export class StoredBody implements JournalBody {
  constructor(
    private readonly data: Buffer,
    readonly size: number,
    readonly truncated: boolean,
    readonly encoding?: 'base64',
  ) {}

  get text(): string {
    return this.encoding === 'base64' ? this.data.toString('base64') : this.data.toString('utf8');
  }

  /** Bytes kept (what the journal's byte bound counts). */
  get kept(): number {
    return this.data.length;
  }

  toJSON(): JournalBody {
    return { text: this.text, size: this.size, truncated: this.truncated, ...(this.encoding && { encoding: this.encoding }) };
  }
}

/**
 * A response as the journal keeps it: the header block exactly as it went on the wire (one string, read
 * into an object only when the entry is read) and the body. Building a headers object for every
 * response cost more than the rest of journaling it.
 */
export class StoredResponse {
  constructor(
    /** The serialised status line and headers (Node's, without the socket's own), or headers already as an object. */
    private readonly head: string | Record<string, unknown>,
    readonly body: JournalBody | null,
  ) {}

  get headers(): Record<string, unknown> {
    return typeof this.head === 'string' ? parseHead(this.head) : this.head;
  }

  /** What the journal's byte bound counts for the headers. */
  get headBytes(): number {
    return typeof this.head === 'string' ? this.head.length : headersWeight(this.head);
  }

  toJSON(): { headers: Record<string, unknown>; body: JournalBody | null } {
    return { headers: this.headers, body: this.body };
  }
}

/** `HTTP/1.1 200 OK\r\nname: value\r\n…` as headers: names lower-cased, a repeated one as a list. */
function parseHead(head: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const lines = head.split('\r\n');
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(':');
    if (colon <= 0) continue;
    const name = lines[i].slice(0, colon).trim().toLowerCase();
    const value = lines[i].slice(colon + 1).trim();
    const had = out[name];
    out[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return out;
}

export interface JournalEntry {
  id: number;
  kind: EntryKind;
  /** The API (a view's name, or `admin`); null when no API owns the path. */
  api: string | null;
  /** HTTP method; a WebSocket frame's direction (`IN`, `OUT`); a webhook's method. */
  method: string;
  /** The path (a frame's: its socket's; a webhook's: the subscriber's URL's). */
  path: string;
  /** The route that took it (Fastify's pattern); null when no route did. */
  route: string | null;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  body: JournalBody | null;
  /** HTTP status; a WebSocket reply's status; the webhook subscriber's answer. */
  status: number | null;
  response: { readonly headers: Record<string, unknown>; readonly body: JournalBody | null } | null;
  latencyMs: number | null;
  /** The fault applied to it, if any (its id and kind). */
  fault: { id: number; kind: string } | null;
  /** Wall time (ISO 8601) and virtual time (ms since the scenario's start) when it arrived. */
  wallTime: string;
  t: number;
  /** WebSocket frames: the connection (numbered from 1), the ARM command and correlation id. */
  connection?: number;
  command?: string;
  correlation?: string;
  /** Webhook deliveries: the subscriber's URL, the outcome and the try. */
  url?: string;
  outcome?: 'delivered' | 'failed' | 'timeout' | 'dropped' | 'fault';
  attempt?: number;
}

export interface JournalOptions {
  /** Off: nothing is recorded. */
  enabled: boolean;
  maxEntries: number;
  maxBytes: number;
  /** Largest body kept per request or response, in bytes. */
  bodyCap: number;
}

export const DEFAULT_JOURNAL: JournalOptions = { enabled: true, maxEntries: 10_000, maxBytes: 64 * 1024 * 1024, bodyCap: 16 * 1024 };

/**
 * A body as given (a string, a Buffer, or nothing), capped for the journal. `bytes`, when the caller knows
 * it (a response's Content-Length), saves measuring a long string whole.
 */
export function capBody(body: unknown, cap: number, bytes?: number): JournalBody | null {
  if (body === undefined || body === null) return null;
  if (Buffer.isBuffer(body)) {
    const kept = body.length > cap ? body.subarray(0, cap) : body;
    // Binary (not UTF-8) is kept as it is and shown as base64; a UTF-8 sequence cut at the cap is still text.
    const utf8 = isUtf8(kept) || (body.length > cap && isUtf8(kept.subarray(0, Math.max(0, kept.length - 3))));
    // A copy: the journal must not hold a request's whole buffer.
    return new StoredBody(Buffer.from(kept), body.length, body.length > cap, utf8 ? undefined : 'base64');
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  if (text.length <= cap) {
    const data = Buffer.from(text, 'utf8');
    return new StoredBody(data, data.length, false);
  }
  return new StoredBody(Buffer.from(text.slice(0, cap), 'utf8'), bytes ?? Buffer.byteLength(text), true);
}

const bodyWeight = (b: JournalBody): number => (b instanceof StoredBody ? b.kept : b.text.length);

/** The query of a request without one, and no headers: shared by every such entry. */
export const NO_QUERY: Record<string, unknown> = Object.freeze({});
const NO_HEADERS: Record<string, string | string[] | undefined> = Object.freeze({});

/** What an entry costs the bound (its bodies, headers and a fixed overhead). */
function weight(e: JournalEntry): number {
  // (Counted when an entry is kept and again after each change; the last count is kept with it.)
  let n = 256 + e.path.length + headersWeight(e.headers);
  if (e.body) n += bodyWeight(e.body);
  if (e.response) {
    if (e.response.body) n += bodyWeight(e.response.body);
    n += e.response instanceof StoredResponse ? e.response.headBytes : headersWeight(e.response.headers);
  }
  return n;
}

/** An entry's weight as its window last counted it. */
const WEIGHT = Symbol('ccsim.journalWeight');
type Weighed = JournalEntry & { [WEIGHT]: number };

/** Headers are mostly shared between entries (SharedHeaders): each object is measured once. */
const headerWeights = new WeakMap<object, number>();
let lastHeaders: object | null = null;
let lastHeadersWeight = 0;
function headersWeight(h: Record<string, unknown>): number {
  if (h === lastHeaders) return lastHeadersWeight;
  let n = headerWeights.get(h);
  if (n === undefined) {
    n = 0;
    for (const k in h) n += k.length + String(h[k] ?? '').length;
    headerWeights.set(h, n);
  }
  lastHeaders = h;
  lastHeadersWeight = n;
  return n;
}

let isoMs = -1;
let iso = '';
/**
 * The wall time now, ISO 8601: one string a millisecond, shared by the entries made in it (a busy server
 * journals dozens a millisecond).
 */
export function wallTimeNow(): string {
  const now = Date.now();
  if (now !== isoMs) {
    isoMs = now;
    iso = new Date(now).toISOString();
  }
  return iso;
}

/**
 * Headers to keep: those of the previous entry under the same key when they are the same (a load
 * generator sends the same headers every time, and a resource answers with the same ones), so entries
 * share one object rather than each keeping its own. One per key, at most MAX_SHARED keys.
 */
export class SharedHeaders {
  private readonly last = new Map<string, Record<string, unknown>>();

  keep<T extends Record<string, unknown>>(key: string, headers: T): T {
    const prev = this.last.get(key);
    if (prev && sameHeaders(prev, headers)) return prev as T;
    if (this.last.size < MAX_SHARED || prev) this.last.set(key, headers);
    return headers;
  }
}

const MAX_SHARED = 4096;

function sameHeaders(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  let n = 0;
  for (const k in b) {
    const x = a[k];
    const y = b[k];
    if (x !== y && !(Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => v === y[i]))) return false;
    n++;
  }
  for (const _ in a) n--;
  return n === 0;
}

/** A window of entries, oldest first, bounded by entries and bytes (the oldest go first). */
class Window {
  entries: (JournalEntry | undefined)[] = [];
  head = 0;
  bytes = 0;
  dropped = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}

  get size(): number {
    return this.entries.length - this.head;
  }

  push(e: JournalEntry): void {
    this.entries.push(e);
    const w = weight(e);
    (e as Weighed)[WEIGHT] = w;
    this.bytes += w;
    this.trim();
  }

  reweigh(delta: number): void {
    this.bytes += delta;
    this.trim();
  }

  at(i: number): JournalEntry | undefined {
    return this.entries[this.head + i];
  }

  /** The entry with `id`, by binary search (ids grow along the window). */
  find(id: number): JournalEntry | undefined {
    let lo = this.head;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.entries[mid] as JournalEntry).id < id) lo = mid + 1;
      else hi = mid;
    }
    const e = this.entries[lo];
    return e && e.id === id ? e : undefined;
  }

  clear(): void {
    this.entries = [];
    this.head = 0;
    this.bytes = 0;
    this.dropped = 0;
  }

  private trim(): void {
    while (this.size > this.maxEntries || (this.bytes > this.maxBytes && this.size > 1)) {
      const e = this.entries[this.head] as JournalEntry;
      this.entries[this.head++] = undefined;
      this.bytes -= (e as Weighed)[WEIGHT];
      this.dropped++;
    }
    if (this.head > 1024 && this.head >= this.entries.length >> 1) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}

/** The admin plane's own calls are kept apart, in a smaller window, so they never push a client's exchanges out. */
const ADMIN_SHARE = 8;

export class Journal {
  private readonly clients: Window;
  private readonly admin: Window;
  private nextId = 1;
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly options: JournalOptions,
    readonly masking: Masking,
  ) {
    this.clients = new Window(options.maxEntries, options.maxBytes);
    this.admin = new Window(Math.max(1, Math.ceil(options.maxEntries / ADMIN_SHARE)), Math.max(1, Math.ceil(options.maxBytes / ADMIN_SHARE)));
  }

  get enabled(): boolean {
    return this.options.enabled;
  }

  /** Entries kept (a client's exchanges and the admin plane's calls). */
  get size(): number {
    return this.clients.size + this.admin.size;
  }

  get byteSize(): number {
    return this.clients.bytes + this.admin.bytes;
  }

  /** Entries the bounds let go since the last clear. */
  get dropped(): number {
    return this.clients.dropped + this.admin.dropped;
  }

  private windowOf(e: JournalEntry): Window {
    return e.kind === 'admin' ? this.admin : this.clients;
  }

  /**
   * An exchange as it begins: its kind, API, method, path and virtual time, and whatever else the caller
   * knows already; the rest starts empty, the wall time is now. Returns the entry so the caller may complete
   * it (status, response). With the journal off the entry is not kept and its id is 0: faults still select
   * by its fields.
   */
  begin(fields: Pick<JournalEntry, 'kind' | 'api' | 'method' | 'path' | 't'> & Partial<Omit<JournalEntry, 'id'>>): JournalEntry {
    // One shape for every entry, its fields in place (a spread over defaults made a bigger object,
    // with its properties out of line, and kept entries are what the garbage collector copies).
    const e: JournalEntry = {
      id: 0,
      kind: fields.kind,
      api: fields.api,
      method: fields.method,
      path: fields.path,
      route: fields.route ?? null,
      query: fields.query ?? NO_QUERY,
      headers: fields.headers ?? NO_HEADERS,
      body: fields.body ?? null,
      status: fields.status ?? null,
      response: fields.response ?? null,
      latencyMs: fields.latencyMs ?? null,
      fault: fields.fault ?? null,
      wallTime: fields.wallTime ?? wallTimeNow(),
      t: fields.t,
      [WEIGHT]: 0,
    } as Weighed;
    if (fields.connection !== undefined) e.connection = fields.connection;
    if (fields.command !== undefined) e.command = fields.command;
    if (fields.correlation !== undefined) e.correlation = fields.correlation;
    if (fields.url !== undefined) e.url = fields.url;
    if (fields.outcome !== undefined) e.outcome = fields.outcome;
    if (fields.attempt !== undefined) e.attempt = fields.attempt;
    if (!this.options.enabled) return e;
    e.id = this.nextId++;
    this.windowOf(e).push(e);
    return e;
  }

  /** A change to a recorded entry (its body, once read): its weight is counted again. */
  update(e: JournalEntry | null, change: (e: JournalEntry) => void): void {
    if (!e) return;
    if (e.id === 0) return change(e);
    change(e);
    const w = weight(e);
    const before = (e as Weighed)[WEIGHT];
    (e as Weighed)[WEIGHT] = w;
    this.windowOf(e).reweigh(w - before);
  }

  /** The last change to an entry (its response): counted again, and whoever waits for entries is told. */
  completed(e: JournalEntry | null, change: (e: JournalEntry) => void): void {
    if (!e) return;
    this.update(e, change);
    if (e.id !== 0) for (const w of this.waiters) w();
  }

  /** Entries oldest first. */
  *all(): Generator<JournalEntry> {
    let i = 0;
    let j = 0;
    for (;;) {
      const a = this.clients.at(i);
      const b = this.admin.at(j);
      if (!a && !b) return;
      if (!b || (a && a.id < b.id)) {
        yield a as JournalEntry;
        i++;
      } else {
        yield b;
        j++;
      }
    }
  }

  /** Entries newest first, those with an id below `before` when given. */
  *newestFirst(before?: number): Generator<JournalEntry> {
    let i = this.clients.size - 1;
    let j = this.admin.size - 1;
    for (;;) {
      const a = i >= 0 ? this.clients.at(i) : undefined;
      const b = j >= 0 ? this.admin.at(j) : undefined;
      if (!a && !b) return;
      const take = !b || (a && a.id > b.id) ? a : b;
      if (take === a) i--;
      else j--;
      if (before === undefined || (take as JournalEntry).id < before) yield take as JournalEntry;
    }
  }

  get(id: number): JournalEntry | undefined {
    return this.clients.find(id) ?? this.admin.find(id);
  }

  clear(): void {
    this.clients.clear();
    this.admin.clear();
  }

  /** Calls `fn` whenever an entry is completed, until the returned function is called. */
  onChange(fn: () => void): () => void {
    this.waiters.add(fn);
    return () => this.waiters.delete(fn);
  }

  /** An entry as /__admin shows it: credentials masked unless the masking is off. */
  view(e: JournalEntry): JournalEntry {
    return this.masking.entry(e);
  }
}
