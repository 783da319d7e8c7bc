/**
 * `ccsim run --events FILE`: the event log written as NDJSON, one `{"seq","t","type",…}` per line, in large
 * chunks; only some types with `--event-types`, and gzip-compressed (node:zlib, on libuv's threads, beside
 * the simulation) when FILE ends in `.gz`. The run waits for the file between slices of virtual time
 * (`drained`), so what is held in memory is at most a slice's lines, however large the log. It writes
 * what it is given; which events exist and what they say is the world's.
 */
import { closeSync, createWriteStream, openSync } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { readFileSync } from 'node:fs';
import type { WorldEvent } from '../scenarios/callcenter/world.js';

/** Lines are gathered into chunks of about this many characters before they are written. */
const CHUNK = 1 << 20;

/** The event types of schemas/events (each definition's `type` const), read when a filter is checked. */
export function eventTypes(): string[] {
  const schema = JSON.parse(readFileSync(new URL('../../schemas/events/events.schema.json', import.meta.url), 'utf8')) as { definitions: Record<string, { properties?: { type?: { const?: string } } }> };
  return Object.values(schema.definitions)
    .map((d) => d.properties?.type?.const)
    .filter((t): t is string => typeof t === 'string');
}

/**
 * `--event-types a,b`: each item an event type (`call.answered`) or a family (`call`: every `call.…`).
 * Returns the problem with the list, naming the item, or the predicate.
 */
export function typeFilter(list: string, known: readonly string[]): { problem: string } | { keep: (type: string) => boolean } {
  const items = list.split(',').map((s) => s.trim());
  if (items.some((i) => i === '')) return { problem: `--event-types must be a comma-separated list of event types or families (got '${list}')` };
  const families = new Set(known.map((t) => t.split('.')[0]));
  for (const item of items) {
    if (!known.includes(item) && !families.has(item)) return { problem: `--event-types: '${item}' is no event type or family; the families are ${[...families].join(', ')} (types as README's event log lists them, such as call.answered)` };
  }
  const exact = new Set(items.filter((i) => known.includes(i)));
  const prefixes = items.filter((i) => families.has(i) && !known.includes(i)).map((f) => `${f}.`);
  return { keep: (type) => exact.has(type) || prefixes.some((p) => type.startsWith(p)) };
}

export class EventFile {
  private readonly file: Writable;
  /** Where lines go: the file, or the gzip stream in front of it. */
  private readonly head: Writable;
  private lines: string[] = [];
  private size = 0;
  private failure: Error | null = null;
  /** Events written (kept by the filter). */
  written = 0;

  /** Opens `path` at once (a path that cannot be written is the caller's error before anything runs). */
  constructor(
    readonly path: string,
    private readonly keep: ((type: string) => boolean) | null,
  ) {
    const fd = openSync(path, 'w');
    try {
      this.file = createWriteStream(path, { fd });
    } catch (err) {
      closeSync(fd);
      throw err;
    }
    this.head = path.endsWith('.gz') ? createGzip() : this.file;
    if (this.head !== this.file) this.head.pipe(this.file);
    const fail = (err: Error) => void (this.failure ??= err);
    this.file.on('error', fail);
    this.head.on('error', fail);
  }

  write(e: WorldEvent): void {
    if (this.keep !== null && !this.keep(e.type)) return;
    const line = JSON.stringify(e);
    this.lines.push(line);
    this.size += line.length;
    this.written++;
    if (this.size > CHUNK) this.flush();
  }

  /** Resolves once the file has taken what it was given, as far as its buffers go (rejects when writing failed). */
  async drained(): Promise<void> {
    this.flush();
    this.check();
    if (this.head.writableNeedDrain) await this.until(this.head, 'drain');
    this.check();
  }

  /** Writes the rest and closes the file; resolves when it is on disk (rejects when writing failed). */
  async close(): Promise<void> {
    this.flush();
    const closed = this.until(this.file, 'close');
    this.head.end();
    await closed;
    this.check();
  }

  /** Resolves on `event` of `stream`, or when either stream fails (the failure is kept); leaves no listener behind. */
  private async until(stream: Writable, event: string): Promise<void> {
    const ac = new AbortController();
    const { signal } = ac;
    try {
      await Promise.race([once(stream, event, { signal }), once(this.head, 'error', { signal }), once(this.file, 'error', { signal })]);
    } catch {
      // A failure: kept by the streams' own listeners, and thrown by check().
    } finally {
      ac.abort();
    }
  }

  private flush(): void {
    if (this.lines.length === 0 || this.failure) return;
    this.head.write(this.lines.join('\n') + '\n');
    this.lines = [];
    this.size = 0;
  }

  private check(): void {
    if (this.failure) throw new Error(`cannot write --events file '${this.path}' (${(this.failure as NodeJS.ErrnoException).code ?? this.failure.message})`);
  }
}
