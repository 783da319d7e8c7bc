/**
 * One server's recording: the lines the tap (tap.ts) hands it, kept in memory up to a bound of bytes and,
 * with `serve --record FILE`, written to a file as they come (in chunks, at the latest every 100 ms, and
 * whole when the server stops). It also follows the world's event log (its count and SHA-256), so that
 * the end line says what a replay must reproduce. Past its bound the recording stops taking lines (the
 * file goes on): it is then incomplete, with the reason, and says so in its end line; a replay or a
 * snapshot of it is refused. A live replay (a restore, PUT /__admin/recording) starts it again from the
 * recording replayed. It reads no request itself.
 */
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { createHash, type Hash } from 'node:crypto';
import type { Simulation } from '../simulation.js';
import type { WorldEvent } from '../scenarios/callcenter/world.js';
import { RecordingFileError, type Input, type Bytes, type End, type Header, type Line, type Recording } from './format.js';
import type { TapSink } from './tap.js';
import { keep } from './compare.js';

/** Bytes of recording kept in memory by default (`serve --record-bytes`). */
export const DEFAULT_RECORD_BYTES = 64 * 1024 * 1024;
const FLUSH_BYTES = 64 * 1024;
const FLUSH_MS = 100;

export class Recorder implements TapSink {
  private header!: Header;
  /** Every line after the header, as JSON text (snapshots share these strings). */
  private lines: string[] = [];
  private bytes = 0;
  private inputs = 0;
  private connections = 0;
  /** The server's connection numbers → the recording's (which go on from a replayed recording's). */
  private readonly connectionIds = new Map<number, number>();
  /** Why the copy in memory stopped taking lines (null: it takes them). */
  private stopped: string | null = null;
  /** Why the recording cannot be whole anywhere, the file included (a scenario JSON cannot carry). */
  private broken: string | null = null;
  private events = 0;
  private hash: Hash | null = null;
  private fd: number | null = null;
  /** Where the next write goes in the file (it is rewritten from 0 when the recording starts again). */
  private offset = 0;
  private pending: string[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private warned = false;

  constructor(
    private readonly sim: Simulation,
    /** Logs the one warning a full recording gives. */
    private readonly warn: (details: Record<string, unknown>, message: string) => void,
    /** Bytes kept in memory; 0 turns recording off. */
    readonly maxBytes: number,
    header: Header,
    /** Where `serve --record` writes it. */
    path?: string,
  ) {
    if (path !== undefined) {
      try {
        this.fd = openSync(path, 'w');
      } catch (err) {
        throw new RecordingFileError(`cannot write the recording to --record '${path}' (${(err as NodeJS.ErrnoException).code})`);
      }
    }
    sim.subscribe((e) => this.follow(e));
    this.begin(header);
    // The events of the world's first instant came before anyone could subscribe: they are in its log.
    for (const e of sim.logPage(0, Number.POSITIVE_INFINITY).events) this.follow(e);
  }

  /** Whether the tap should hand it inputs (and copy their bodies). */
  get takes(): boolean {
    return this.stopped === null || this.fd !== null;
  }

  get complete(): boolean {
    return this.stopped === null;
  }

  /** Why it is incomplete (null when it is complete). */
  get reason(): string | null {
    return this.stopped;
  }

  get size(): number {
    return this.bytes;
  }

  /** Starts again: `header`, then the lines of a recording that was replayed into this world. */
  begin(header: Header, replayed: readonly Line[] = []): void {
    this.header = header;
    this.lines = [];
    this.bytes = JSON.stringify(header).length + 1;
    this.inputs = 0;
    this.connections = 0;
    this.connectionIds.clear();
    this.events = 0;
    this.broken = null;
    this.stopped = this.maxBytes === 0 ? 'recording is off (serve --record-bytes 0)' : null;
    // The event log is followed as long as a copy (in memory or in the file) may come out whole.
    this.hash = this.stopped === null || this.fd !== null ? createHash('sha256') : null;
    if (this.fd !== null) {
      this.pending = [];
      this.pendingBytes = 0;
      ftruncateSync(this.fd, 0);
      this.offset = 0;
      this.writeNow(JSON.stringify(header) + '\n');
    }
    for (const l of replayed) {
      if (l.type === 'http' || l.type === 'ws' || l.type === 'frame' || l.type === 'close') this.inputs = Math.max(this.inputs, l.n);
      if (l.type === 'accepted') this.connections = Math.max(this.connections, l.connection);
      this.add(l);
    }
  }

  // The tap's side (TapSink): each call becomes a line.

  http(input: { method: string; url: string; headers: Record<string, string | string[]>; body?: Bytes; upgrade: boolean; t: number; wall: number }): number {
    const n = ++this.inputs;
    const line: Input = input.upgrade
      ? { type: 'ws', n, t: input.t, wall: input.wall, url: input.url, headers: input.headers }
      : { type: 'http', n, t: input.t, wall: input.wall, method: input.method, url: input.url, headers: input.headers, ...(input.body && { body: input.body }) };
    this.add(line);
    return n;
  }

  handled(input: number, t: number): null {
    if (this.sim.now() !== t) this.add({ type: 'handled', input, t: this.sim.now() });
    return null;
  }

  response(input: number, status: number, headers: Record<string, string | string[]>, body: Buffer | string | null): void {
    this.add({ type: 'response', input, status, headers, ...(body !== null && { body: keep(body) }) });
  }

  accepted(input: number | null, connection: number): void {
    const id = ++this.connections;
    this.connectionIds.set(connection, id);
    if (input !== null) this.add({ type: 'accepted', input, connection: id });
  }

  frame(connection: number, t: number, wall: number, data: Bytes, binary: boolean): void {
    const id = this.connectionIds.get(connection);
    if (id !== undefined) this.add({ type: 'frame', n: ++this.inputs, t, wall, connection: id, data, binary });
  }

  clientClose(connection: number, t: number, wall: number, code: number, reason: string): void {
    const id = this.connectionIds.get(connection);
    if (id !== undefined) this.add({ type: 'close', n: ++this.inputs, t, wall, connection: id, code, reason });
  }

  out(connection: number, frame: Buffer | string): void {
    const id = this.connectionIds.get(connection);
    if (id !== undefined) this.add({ type: 'out', connection: id, frame: keep(frame) });
  }

  serverClose(connection: number, code: number, reason: string): void {
    const id = this.connectionIds.get(connection);
    if (id !== undefined) this.add({ type: 'closed', connection: id, code, reason });
  }

  file(path: string, text: string | null, code?: string): void {
    this.add({ type: 'file', path, text, ...(code !== undefined && { code }) });
  }

  /** The recording cannot be replayed whole, in memory or in the file, for `reason`. */
  stop(reason: string): void {
    this.broken ??= reason;
    this.stopped ??= reason;
    this.hash = null;
  }

  /** The event log so far: its count and SHA-256 (null when no copy of the recording can be whole). */
  digest(): { events: number; sha256: string | null } {
    return { events: this.events, sha256: this.hash ? this.hash.copy().digest('hex') : null };
  }

  /** The end line as of now: the virtual time, the event log's count and hash, the KPIs; of the file's copy, or the memory's. */
  end(ofFile = false): End {
    const reason = ofFile ? this.broken : this.stopped;
    const clock = this.sim.clock();
    return {
      type: 'end',
      t: clock.t,
      now: clock.now,
      wall: new Date().toISOString(),
      events: this.events,
      sha256: this.hash && reason === null ? this.hash.copy().digest('hex') : null,
      kpis: this.sim.kpis(),
      complete: reason === null,
      ...(reason !== null && { reason }),
    };
  }

  /** The whole recording as NDJSON text, its end line as of now. */
  text(header: Header = this.header): string {
    return `${JSON.stringify(header)}\n${this.lines.length > 0 ? this.lines.join('\n') + '\n' : ''}${JSON.stringify(this.end())}\n`;
  }

  /** What a snapshot keeps: the header, the lines so far (shared strings) and the end line now. */
  copy(): { header: Header; lines: string[]; end: End } {
    return { header: this.header, lines: this.lines.slice(), end: this.end() };
  }

  /** The server stops: the file gets its end line and is closed. */
  finish(): void {
    if (this.fd === null) return;
    this.write(JSON.stringify(this.end(true)));
    this.flush();
    closeSync(this.fd);
    this.fd = null;
    if (this.timer) clearTimeout(this.timer);
  }

  private follow(e: WorldEvent): void {
    this.events++;
    this.hash?.update(JSON.stringify(e) + '\n');
  }

  private add(line: Line): void {
    const text = JSON.stringify(line);
    if (this.fd !== null) this.write(text);
    if (this.stopped !== null) return;
    if (this.bytes + text.length + 1 > this.maxBytes) {
      this.stopped = `the recording reached its bound of ${this.maxBytes} bytes (serve --record-bytes) at t=${this.sim.engine.now} ms; what came after is not in it${this.fd !== null ? ' (the --record file has it)' : ''}`;
      if (this.fd === null) this.hash = null;
      if (!this.warned) {
        this.warned = true;
        this.warn({ maxBytes: this.maxBytes, t: this.sim.engine.now }, 'recording stopped: its bound was reached');
      }
      return;
    }
    this.lines.push(text);
    this.bytes += text.length + 1;
  }

  private write(text: string): void {
    this.pending.push(text);
    this.pendingBytes += text.length + 1;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  private writeNow(text: string): void {
    this.offset += writeSync(this.fd as number, text, this.offset);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.fd === null || this.pending.length === 0) return;
    this.writeNow(this.pending.join('\n') + '\n');
    this.pending = [];
    this.pendingBytes = 0;
  }
}

/** A recording's parts as the recorder keeps them, read back (for a snapshot's export or a replay). */
export function parsedCopy(copy: { header: Header; lines: string[]; end: End }): Recording {
  return { header: copy.header, lines: copy.lines.map((l) => JSON.parse(l) as Line), end: copy.end };
}
