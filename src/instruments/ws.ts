/**
 * The journal and the faults on a WebSocket connection, the same for any view that serves one: every
 * frame in and out is journaled (kind `ws`, method `IN` or `OUT`, the connection's number, the command or
 * event name and the correlation id the view read from it), and a fault may take a frame the server sends
 * (a reply or a pushed event): drop it, delay it (later frames wait behind it, as on one TCP stream),
 * send it twice, hold it back until the next frame has gone (reorder), close the socket instead of sending
 * it, or stall the connection (nothing more is sent, frames are still read, the socket stays open). Frames
 * a client sends are journaled, never faulted: what a fault models is the vendor's server misbehaving.
 * What a frame means is the view's business: it hands each frame over with what it read of it.
 */
import type { WebSocket } from 'ws';
import type { Simulation } from '../simulation.js';
import { delayMs, type Faults, type WsFault } from './faults.js';
import { capBody, type Journal, type JournalEntry } from './journal.js';
import type { Tally } from './tally.js';

/** What a view read of a frame: the command (or the pushed event's name), the correlation id, a reply's status. */
export interface FrameInfo {
  command?: string;
  correlation?: string;
  status?: number;
}

/** Frames a connection holds back at once (delayed, reordered) before it is closed as a slow reader would be. */
export const MAX_HELD_FRAMES = 10_000;

export interface WsInstrumentsContext {
  journal: Journal;
  faults: { faultsNow(): Faults };
  simulation: Simulation;
  /** Where frames are counted (GET /metrics). */
  tally?: Tally;
}

interface Outgoing {
  frame: string | Buffer;
  ready: boolean;
}

/**
 * Holds what a client sends on a WebSocket (its frames and its close) while the world's clock moves in
 * slices (Simulation.moving), and hands it on in order once the move is over: like an HTTP request, a
 * frame reaches the world after the move, never in the middle of it. Installed before any listener.
 */
export function holdFramesWhileMoving(socket: WebSocket, sim: Simulation): void {
  const emit = socket.emit.bind(socket) as (event: string | symbol, ...args: unknown[]) => boolean;
  const held: [string | symbol, unknown[]][] = [];
  const drain = (): void => {
    while (held.length > 0) {
      if (sim.moving) return void sim.idle().then(drain);
      const [event, args] = held.shift() as [string | symbol, unknown[]];
      emit(event, ...args);
    }
  };
  socket.emit = ((event: string | symbol, ...args: unknown[]) => {
    if ((event !== 'message' && event !== 'close') || (sim.moving === null && held.length === 0)) return emit(event, ...args);
    if (held.length === 0) void sim.idle().then(drain);
    if (held.length >= MAX_HELD_FRAMES && event === 'message') {
      socket.close(1013, 'too many frames sent while the clock moved');
      return true;
    }
    held.push([event, args]);
    return true;
  }) as typeof socket.emit;
}

export class InstrumentedSocket {
  private stalled = false;
  private closed = false;
  /** Frames on their way out, in order: a delayed one holds back those behind it. */
  private readonly outgoing: Outgoing[] = [];
  /** A frame a reorder fault holds until the next one has gone. */
  private reordered: (string | Buffer)[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly ctx: WsInstrumentsContext,
    readonly socket: WebSocket,
    private readonly api: string,
    private readonly path: string,
    readonly connection: number,
    /** Sends a frame on the socket (the view's own checks, a slow reader's limit). */
    private readonly write: (frame: string | Buffer) => void,
  ) {
    socket.on('close', () => this.stop());
  }

  /** A frame the client sent: journaled with what the view read of it. */
  received(frame: Buffer | string, info: FrameInfo): void {
    this.record('IN', frame, info);
  }

  /** A frame the server sends: journaled, then sent, unless a fault takes it. */
  send(frame: string | Buffer, info: FrameInfo): void {
    if (this.closed) return;
    const entry = this.record('OUT', frame, info);
    if (this.stalled) {
      this.mark(entry, 0, 'stall');
      return;
    }
    const picked = this.ctx.faults.faultsNow().pick('ws', entry, entry.t);
    if (!picked) return this.enqueue(frame);
    const f = picked.fault.fault as WsFault;
    this.mark(entry, picked.fault.id, f.kind);
    switch (f.kind) {
      case 'drop':
        return;
      case 'delay':
        return this.enqueue(frame, Math.max(0, delayMs(f.ms, picked.seed, picked.n)));
      case 'duplicate':
        this.enqueue(frame);
        return this.enqueue(frame);
      case 'reorder':
        if (this.reordered.length >= MAX_HELD_FRAMES) return this.overflow();
        this.reordered.push(frame);
        return;
      case 'close':
        this.closed = true;
        this.socket.close(f.code ?? 1011, f.reason ?? 'an injected fault closed the connection');
        return;
      case 'stall':
        this.stalled = true;
        return;
    }
  }

  private record(direction: 'IN' | 'OUT', frame: Buffer | string, info: FrameInfo): JournalEntry {
    const { journal, simulation } = this.ctx;
    this.ctx.tally?.frames.add({ api: this.api, direction: direction === 'IN' ? 'in' : 'out' });
    const recorded = journal.begin({
      kind: 'ws',
      api: this.api,
      method: direction,
      path: this.path,
      // With the journal off a frame's body is read only by a fault that might select by it.
      body: journal.enabled || this.ctx.faults.faultsNow().armed('ws') ? capBody(frame, journal.options.bodyCap) : null,
      status: info.status ?? null,
      t: simulation.now(),
      connection: this.connection,
      ...(info.command !== undefined && { command: info.command }),
      ...(info.correlation !== undefined && { correlation: info.correlation }),
    });
    // A frame is whole as it passes: whoever waits for entries is told at once.
    journal.completed(recorded, () => undefined);
    return recorded;
  }

  private mark(entry: JournalEntry, id: number, kind: string): void {
    this.ctx.journal.update(entry, (e) => {
      e.fault = { id, kind };
    });
  }

  private enqueue(frame: string | Buffer, delay = 0): void {
    if (this.outgoing.length >= MAX_HELD_FRAMES) return this.overflow();
    const item: Outgoing = { frame, ready: delay === 0 };
    this.outgoing.push(item);
    if (delay > 0) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        item.ready = true;
        this.flush();
      }, delay);
      this.timers.add(timer);
    }
    this.flush();
  }

  private flush(): void {
    while (!this.closed && this.outgoing.length > 0 && this.outgoing[0].ready) {
      const { frame } = this.outgoing.shift() as Outgoing;
      this.write(frame);
      // A frame held back by a reorder goes right after the next one.
      if (this.reordered.length > 0) {
        const held = this.reordered;
        this.reordered = [];
        for (const h of held) this.write(h);
      }
    }
  }

  private overflow(): void {
    this.closed = true;
    this.socket.close(1013, 'too many frames held back by faults');
  }

  private stop(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.outgoing.length = 0;
    this.reordered = [];
  }
}
