/**
 * The recording's file format: NDJSON, one header line, then one line per input that reached ccsim from
 * outside (an HTTP request, a WebSocket's upgrade, a frame in, a client's close), in the order the world
 * took them, each with its virtual time; between them the outputs a replay compares (each response, each
 * frame out, a close by the server) and the scenario files an input made the server read; last, an end
 * line with the virtual time the recording reached, the event log's count and SHA-256 and the KPIs. This
 * module encodes and reads lines and checks a whole recording, naming the line and field of a problem; it
 * records and replays nothing itself (recorder.ts, replayer.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ClockMode } from '../simulation.js';
import { RequestProblem } from '../simulators/shared/problem.js';

/** The format's version: a reader refuses any other. */
export const FORMAT = 1;
/** The first line's `type`, which tells a recording from any other NDJSON. */
export const HEADER_TYPE = 'ccsim-recording';
/** Response bodies and frames up to this many bytes are kept as text; longer ones (and bytes that are not text) by their size and SHA-256. */
export const KEPT_TEXT_BYTES = 4096;

/** The version of ccsim that made a recording: a replay needs the same (the world's rules may change between versions). */
export const CCSIM_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Bytes as JSON can carry them: text when they are UTF-8 that reads back the same, else base64. */
export type Bytes = { text: string } | { base64: string };

/** An output as kept for comparison: its size, and its text when short, else its SHA-256 (of the text with the wall-clock fields masked). */
export interface Kept {
  size: number;
  text?: string;
  sha256?: string;
}

export interface ServeSettings {
  /** APIs whose credential checks were off (`--auth`). */
  auth_off: string[];
  retain_calls: number;
  retain_events: number;
  journal: { enabled: boolean; maxEntries: number; maxBytes: number; bodyCap: number };
  show_credentials: boolean;
  body_limit: number;
  /** SHA-256 of the admin token, when the server had one (the token itself is never written). */
  admin_token_sha256: string | null;
}

export interface Header {
  type: typeof HEADER_TYPE;
  format: number;
  ccsim: string;
  /**
   * The scenario the world began with, as resolved (defaults applied; what Simulation takes), and the
   * server's scenario file (which PUT /__admin/scenario {name} reads: the `file` lines hold what it read).
   */
  scenario: { name: string; seed: number; file: string; resolved: unknown };
  clock: { mode: ClockMode; speed: number };
  settings: ServeSettings;
  /** Wall-clock time the recording began (information only). */
  started: string;
  /** A snapshot's name and when it was taken (snapshots are recordings that end at the snapshot). */
  snapshot?: { name: string; created: string };
}

interface InputBase {
  /** The input's number, from 1 in the order the world took them. */
  n: number;
  /** Virtual ms since the start when the world took it. */
  t: number;
  /** Wall-clock epoch ms then (the Huawei view reads the wall clock: a replay shows it the same). */
  wall: number;
}

export interface HttpInput extends InputBase {
  type: 'http';
  method: string;
  /** The path and query as sent. */
  url: string;
  headers: Record<string, string | string[]>;
  body?: Bytes;
}

/** A WebSocket's upgrade request. */
export interface WsInput extends InputBase {
  type: 'ws';
  url: string;
  headers: Record<string, string | string[]>;
}

export interface FrameInput extends InputBase {
  type: 'frame';
  connection: number;
  data: Bytes;
  binary: boolean;
}

/** The client closed its WebSocket (`code` 1005 without a status, 1006 when the socket just went). */
export interface CloseInput extends InputBase {
  type: 'close';
  connection: number;
  code: number;
  reason: string;
}

export type Input = HttpInput | WsInput | FrameInput | CloseInput;

/** A WebSocket upgrade (input `input`) the server accepted as connection `connection`. */
export interface Accepted {
  type: 'accepted';
  input: number;
  connection: number;
}

/** Input `input`'s handler ran at a later virtual time than it was taken (a delay fault held it). */
export interface Handled {
  type: 'handled';
  input: number;
  t: number;
}

/** A scenario file the server read (PUT /__admin/scenario {name}): a replay reads this text instead. */
export interface FileRead {
  type: 'file';
  path: string;
  text: string | null;
  /** Why it could not be read (an errno code), when text is null. */
  code?: string;
}

export interface Response {
  type: 'response';
  input: number;
  status: number;
  headers: Record<string, string | string[]>;
  /** Absent when the reply was a stream the server wrote itself (an event stream). */
  body?: Kept;
}

export interface FrameOut {
  type: 'out';
  connection: number;
  frame: Kept;
}

/** The server closed a WebSocket. */
export interface ServerClose {
  type: 'closed';
  connection: number;
  code: number;
  reason: string;
}

export interface End {
  type: 'end';
  /** The virtual time the recording reached (ms since the start of the world then served), and as ISO. */
  t: number;
  now: string;
  wall: string;
  /** Events the world logged during the recording (across resets) and the SHA-256 of them as NDJSON lines. */
  events: number;
  sha256: string | null;
  /** The KPIs (GET /__admin/kpis) at `t`. */
  kpis: unknown;
  complete: boolean;
  /** Why it is incomplete. */
  reason?: string;
}

export type Line = Header | Input | Accepted | Handled | FileRead | Response | FrameOut | ServerClose | End;

export const isInput = (l: Line): l is Input => l.type === 'http' || l.type === 'ws' || l.type === 'frame' || l.type === 'close';

export function bytes(data: Buffer | string): Bytes {
  if (typeof data === 'string') return { text: data };
  const text = data.toString('utf8');
  return Buffer.byteLength(text) === data.length && Buffer.from(text, 'utf8').equals(data) ? { text } : { base64: data.toString('base64') };
}

export function bufferOf(b: Bytes): Buffer {
  return 'text' in b ? Buffer.from(b.text, 'utf8') : Buffer.from(b.base64, 'base64');
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A recording that cannot be replayed: what is wrong, and on which line (1-based) and field (an admin 400 `invalid`). */
export class RecordingError extends RequestProblem {
  constructor(
    message: string,
    readonly line: number | null = null,
    field: string | null = null,
  ) {
    super('invalid', `the recording cannot be replayed: ${line === null ? '' : `line ${line}: `}${message}`, { where: 'body', ...(field !== null && { field }) });
    this.name = 'RecordingError';
  }
}

/** A recording file the command line cannot use (unreadable, not a recording): printed as one line, exit code 2. */
export class RecordingFileError extends Error {
  override name = 'RecordingFileError';
}

export interface Recording {
  header: Header;
  /** Every line after the header, the end line (if any) excluded. */
  lines: Line[];
  end: End | null;
}

const KINDS = new Set(['http', 'ws', 'frame', 'close', 'accepted', 'handled', 'file', 'response', 'out', 'closed', 'end']);

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const whole = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;

/** Reads a recording (NDJSON text) and checks every line's shape; throws a RecordingError naming the first problem. */
export function parseRecording(text: string): Recording {
  const raw = text.split('\n');
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  if (raw.length === 0 || raw[0].trim() === '') throw new RecordingError('the recording is empty: it needs a header line first', 1);
  const parsed: Line[] = [];
  for (let i = 0; i < raw.length; i++) {
    let line: unknown;
    try {
      line = JSON.parse(raw[i]);
    } catch (err) {
      throw new RecordingError(`not a JSON line: ${(err as Error).message}`, i + 1);
    }
    if (!isObj(line) || typeof line.type !== 'string') throw new RecordingError("each line must be a JSON object with a 'type'", i + 1, 'type');
    parsed.push(line as unknown as Line);
  }
  const header = checkHeader(parsed[0]);
  const lines: Line[] = [];
  let end: End | null = null;
  let n = 0;
  for (let i = 1; i < parsed.length; i++) {
    const l = parsed[i] as unknown as Record<string, unknown>;
    const where = i + 1;
    if (end) throw new RecordingError(`a '${String(l.type)}' line after the end line`, where, 'type');
    if (!KINDS.has(l.type as string)) throw new RecordingError(`unknown line type '${String(l.type)}'`, where, 'type');
    if (l.type === 'end') {
      if (!whole(l.t) || !whole(l.events) || typeof l.complete !== 'boolean') throw new RecordingError("an end line needs whole 't' and 'events' and a boolean 'complete'", where, 't');
      end = l as unknown as End;
      continue;
    }
    if (isInput(l as unknown as Line)) {
      if (l.n !== n + 1) throw new RecordingError(`input number ${String(l.n)} out of order (expected ${n + 1})`, where, 'n');
      n++;
      if (!whole(l.t)) throw new RecordingError("'t' must be a whole number of virtual ms", where, 't');
      if (typeof l.wall !== 'number') throw new RecordingError("'wall' must be epoch ms", where, 'wall');
      checkInput(l, where);
    } else checkOutput(l, where, n);
    lines.push(l as unknown as Line);
  }
  return { header, lines, end };
}

function checkHeader(l: Line): Header {
  const h = l as unknown as Record<string, unknown>;
  if (h.type !== HEADER_TYPE) throw new RecordingError(`the first line is not a ccsim recording's header (its type must be '${HEADER_TYPE}')`, 1, 'type');
  if (h.format !== FORMAT) throw new RecordingError(`recording format ${String(h.format)}; this ccsim reads format ${FORMAT}`, 1, 'format');
  if (h.ccsim !== CCSIM_VERSION) throw new RecordingError(`a recording of ccsim ${String(h.ccsim)}; this is ccsim ${CCSIM_VERSION}, whose world may behave differently: replay it with ccsim ${String(h.ccsim)}`, 1, 'ccsim');
  const s = h.scenario as Record<string, unknown> | undefined;
  if (!isObj(s) || typeof s.file !== 'string' || typeof s.name !== 'string' || !whole(s.seed) || !isObj(s.resolved)) throw new RecordingError("the header's scenario needs name, seed, file and resolved", 1, 'scenario');
  const c = h.clock as Record<string, unknown> | undefined;
  if (!isObj(c) || (c.mode !== 'realtime' && c.mode !== 'manual') || typeof c.speed !== 'number') throw new RecordingError("the header's clock needs mode (realtime or manual) and speed", 1, 'clock');
  const st = h.settings as Record<string, unknown> | undefined;
  if (!isObj(st) || !Array.isArray(st.auth_off) || !whole(st.retain_calls) || !whole(st.retain_events) || !isObj(st.journal) || !whole(st.body_limit)) throw new RecordingError("the header's settings are incomplete", 1, 'settings');
  return h as unknown as Header;
}

function checkBytes(b: unknown, where: number, field: string): void {
  if (!isObj(b) || !(typeof b.text === 'string' || typeof b.base64 === 'string')) throw new RecordingError(`'${field}' must be {text} or {base64}`, where, field);
}

function checkInput(l: Record<string, unknown>, where: number): void {
  switch (l.type) {
    case 'http':
      if (typeof l.method !== 'string' || typeof l.url !== 'string' || !l.url.startsWith('/')) throw new RecordingError("an http input needs a method and a url starting with '/'", where, 'url');
      if (!isObj(l.headers)) throw new RecordingError("an http input needs its headers", where, 'headers');
      if (l.body !== undefined) checkBytes(l.body, where, 'body');
      return;
    case 'ws':
      if (typeof l.url !== 'string' || !l.url.startsWith('/') || !isObj(l.headers)) throw new RecordingError("a ws input needs a url starting with '/' and its headers", where, 'url');
      return;
    case 'frame':
      if (!whole(l.connection) || typeof l.binary !== 'boolean') throw new RecordingError("a frame needs its connection and 'binary'", where, 'connection');
      checkBytes(l.data, where, 'data');
      return;
    case 'close':
      if (!whole(l.connection) || !whole(l.code) || typeof l.reason !== 'string') throw new RecordingError('a close needs its connection, code and reason', where, 'connection');
      return;
  }
}

function checkKept(k: unknown, where: number, field: string): void {
  if (!isObj(k) || !whole(k.size) || !(typeof k.text === 'string' || typeof k.sha256 === 'string')) throw new RecordingError(`'${field}' must be {size, text} or {size, sha256}`, where, field);
}

function checkOutput(l: Record<string, unknown>, where: number, inputs: number): void {
  switch (l.type) {
    case 'accepted':
    case 'handled':
    case 'response':
      if (!whole(l.input) || (l.input as number) < 1 || (l.input as number) > inputs) throw new RecordingError(`'input' ${String(l.input)} names no input before it`, where, 'input');
      if (l.type === 'accepted' && !whole(l.connection)) throw new RecordingError("an accepted line needs its connection", where, 'connection');
      if (l.type === 'handled' && !whole(l.t)) throw new RecordingError("a handled line needs its t", where, 't');
      if (l.type === 'response') {
        if (!whole(l.status) || !isObj(l.headers)) throw new RecordingError('a response needs its status and headers', where, 'status');
        if (l.body !== undefined) checkKept(l.body, where, 'body');
      }
      return;
    case 'file':
      if (typeof l.path !== 'string' || !(typeof l.text === 'string' || l.text === null)) throw new RecordingError('a file line needs its path and text (or null)', where, 'text');
      return;
    case 'out':
      if (!whole(l.connection)) throw new RecordingError('an out line needs its connection', where, 'connection');
      checkKept(l.frame, where, 'frame');
      return;
    case 'closed':
      if (!whole(l.connection) || !whole(l.code)) throw new RecordingError('a closed line needs its connection and code', where, 'connection');
      return;
  }
}

/** The recording as NDJSON text. */
export function recordingText(r: Recording): string {
  const out = [JSON.stringify(r.header)];
  for (const l of r.lines) out.push(JSON.stringify(l));
  if (r.end) out.push(JSON.stringify(r.end));
  return out.join('\n') + '\n';
}
