/**
 * GET /__admin/events/stream: the event log as Server-Sent Events. A client first gets the retained
 * events after its Last-Event-ID (or ?after), then every new event as it happens; a reset of the
 * simulation is announced as `event: reset`, and the server stopping as `event: shutdown` before the
 * stream ends. Heartbeat comments keep idle proxies from closing it.
 *
 * Backpressure: the retained log is the buffer, not the socket. A client is written to only while its
 * socket takes more (`write` returns true); once the socket is full the client is paused, keeping its
 * place in the log, and it resumes from the log when the socket drains. So the server holds at most one
 * socket buffer (Node's 64 KiB) plus one chunk (CHUNK_BYTES) and one event per client, about 80 KiB,
 * whether the client is catching up on the whole log or reading live, and each event reaches it exactly
 * once, in order. A client paused for so long that the retention dropped events it had not received gets
 * `event: gap` (how many were lost) and goes on from the oldest retained event. It does not read the
 * clock or change the world.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { WorldEvent } from '../scenarios/callcenter/world.js';
import type { Simulation } from '../simulation.js';

const HEARTBEAT_MS = 15_000;
/** Events read from the log at a time while catching up. */
const PAGE = 100;
/** Frames are joined into writes of about this size while catching up. */
const CHUNK_BYTES = 16 * 1024;

type StreamRequest = FastifyRequest<{ Querystring: { after?: number; type?: string } }>;

/** The open streams of one app, so that a stopping server can end them all. */
export class EventStreams {
  private readonly open = new Set<EventStream>();

  constructor(private readonly sim: Simulation) {}

  start(req: StreamRequest, reply: FastifyReply): void {
    const stream = new EventStream(this.sim, req, reply, () => this.open.delete(stream));
    this.open.add(stream);
  }

  /** Ends every stream with `event: shutdown` (the server is stopping). */
  closeAll(): void {
    for (const stream of [...this.open]) stream.end('shutdown');
  }
}

const frame = (e: WorldEvent) => `id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;

class EventStream {
  private readonly res: ServerResponse;
  private readonly type: string | undefined;
  /** The seq of the last event sent or passed over by the type filter. */
  private after: number;
  private generation: number;
  /** Waiting for the socket to drain. */
  private paused = false;
  private pumpScheduled = false;
  private closed = false;
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly sim: Simulation,
    req: StreamRequest,
    reply: FastifyReply,
    private readonly onClosed: () => void,
  ) {
    const lastId = req.headers['last-event-id'];
    this.after = typeof lastId === 'string' && /^[0-9]{1,15}$/.test(lastId) ? Number(lastId) : (req.query.after ?? sim.eventSeq);
    this.type = req.query.type;
    this.generation = sim.generation;
    reply.hijack();
    this.res = reply.raw;
    this.res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    // Now, not with the first event: the client (an EventSource's open) knows the stream is up.
    this.res.flushHeaders();
    this.res.on('drain', () => {
      this.paused = false;
      this.pump();
    });
    this.res.on('close', () => this.close());
    this.res.on('error', () => this.close());
    this.unsubscribe = sim.subscribe((e) => this.onEvent(e));
    this.heartbeat = setInterval(() => {
      if (!this.paused) this.write(': heartbeat\n\n');
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
    this.pump();
  }

  /** Ends the stream with a last event (`shutdown`), then closes its connection. */
  end(reason: 'shutdown'): void {
    if (this.closed) return;
    const socket = this.res.socket;
    this.res.end(`event: ${reason}\ndata: {}\n\n`, () => socket?.end());
    this.close();
  }

  /** Called by the engine for every event, in order; the event is in the log already. */
  private onEvent(e: WorldEvent): void {
    if (this.closed || this.paused || this.pumpScheduled) return;
    if (this.sim.generation !== this.generation || e.seq !== this.after + 1) {
      // A reset, or events this stream has not seen: the log (read outside the engine) knows the rest.
      this.schedulePump();
      return;
    }
    this.after = e.seq;
    if (this.type && !e.type.startsWith(this.type)) return;
    this.write(frame(e));
  }

  /** Writes from the log until the stream has caught up or its socket is full. */
  private pump(): void {
    this.pumpScheduled = false;
    if (this.closed || this.paused) return;
    if (this.sim.generation !== this.generation) {
      this.generation = this.sim.generation;
      this.after = 0;
      if (!this.write('event: reset\ndata: {}\n\n')) return;
    }
    let chunk = '';
    for (;;) {
      const page = this.sim.logPage(this.after, PAGE, this.type);
      if (page.dropped > 0) chunk += `id: ${page.oldest - 1}\nevent: gap\ndata: ${JSON.stringify({ after: this.after, oldest: page.oldest, missed: page.dropped })}\n\n`;
      for (const e of page.events) {
        chunk += frame(e);
        this.after = e.seq;
        if (chunk.length >= CHUNK_BYTES) {
          if (!this.write(chunk)) return;
          chunk = '';
        }
      }
      // Past the events the type filter passed over, too.
      this.after = page.next;
      if (!page.more) break;
    }
    if (chunk.length > 0) this.write(chunk);
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => this.pump());
  }

  /** Writes, and pauses the stream when the socket is full; returns whether more may be written now. */
  private write(text: string): boolean {
    if (this.res.write(text)) return true;
    this.paused = true;
    return false;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.unsubscribe();
    this.onClosed();
  }
}
