/**
 * Where a recording sees what reaches ccsim from outside, at the front door, the same for every API and
 * the admin plane: each HTTP request once its body is read (or, if it never gets that far, when its
 * error is sent), a handler that runs at a later virtual time than its request was taken (a delay fault),
 * each response, each WebSocket the server accepts with every frame in, every frame out and its close,
 * and each scenario file the admin plane reads. It hands them to a sink: the recorder while serving, a
 * replayer while replaying (which marks the requests it sends with a header only it knows, and holds the
 * handler of a request the recording says was held). While a replay runs in a live server, other
 * clients' requests wait at the door, and their WebSockets are closed first (1012). Not taken: ccsim's own
 * pages (/docs, /metrics, /wallboard), GET /__admin/health, and the recording's, snapshots' and tenants'
 * own routes (none changes this world).
 */
import { Transform, pipeline } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { InstrumentedSocket } from '../instruments/ws.js';
import type { ViewContext } from '../simulators/shared/view.js';
import { isWorldless } from '../simulators/shared/worldless.js';
import type { Simulation } from '../simulation.js';
import { ScenarioError, ScenarioSource } from '../scenarios/load-scenario.js';
import { bytes, type Bytes } from './format.js';

/** The header a replay marks its own requests with: `<nonce>:<input number>`. */
export const REPLAY_HEADER = 'x-ccsim-replay';

/** What the tap hands its sink. Connections are the server's numbers (InstrumentedSocket.connection). */
export interface TapSink {
  /** Whether it takes inputs now (bodies are copied only then). */
  readonly takes: boolean;
  /** An HTTP request or a WebSocket's upgrade taken; returns the number it goes by. */
  http(input: { method: string; url: string; headers: Record<string, string | string[]>; body?: Bytes; upgrade: boolean; t: number; wall: number; tag: number | null }): number;
  /** Its handler is about to run (it was taken at `t`); a promise holds the handler until it resolves. */
  handled(input: number, t: number): Promise<void> | null;
  /** `body` null: the reply was a stream the server wrote itself. */
  response(input: number, status: number, headers: Record<string, string | string[]>, body: Buffer | string | null): void;
  accepted(input: number | null, connection: number): void;
  frame(connection: number, t: number, wall: number, data: Bytes, binary: boolean): void;
  clientClose(connection: number, t: number, wall: number, code: number, reason: string): void;
  out(connection: number, frame: Buffer | string): void;
  serverClose(connection: number, code: number, reason: string): void;
  /** A scenario file read (text null: it could not be, for `code`). A replayer returns the recorded one instead. */
  file(path: string, text: string | null, code?: string): void | { text: string | null; code?: string };
}

interface Mark {
  /** The sink's number for it (null until taken). */
  id: number | null;
  /** The sink that took it (a response after the sink changed belongs to no recording now). */
  epoch: number;
  t: number;
  /** A replay's own request: its input number. */
  tag: number | null;
  responded: boolean;
}

const MARK = Symbol('ccsim.recordingMark');
const BODY = Symbol('ccsim.recordedBody');
type Tapped = FastifyRequest & { [MARK]?: Mark | null; [BODY]?: { chunks: Buffer[]; size: number } };

/** The recording's and snapshots' own routes (besides what is no world's: simulators/shared/worldless.ts). */
const RECORDING_ROUTES = /^\/__admin\/(?:recording|snapshots)(?:[/?]|$)/;

export class Tap {
  private sinkValue: TapSink;
  private epoch = 0;
  private nonce: string | null = null;
  private gate: Promise<void> | null = null;
  /** Clients' WebSockets (not a replay's), closed when a replay replaces their world. */
  private readonly live = new Set<WebSocket>();

  constructor(
    private readonly sim: Simulation,
    sink: TapSink,
    private readonly bodyLimit: number,
  ) {
    this.sinkValue = sink;
  }

  get sink(): TapSink {
    return this.sinkValue;
  }

  /** Hands what comes next to `sink`; what the previous one took is no longer followed (its responses, its connections). */
  setSink(sink: TapSink): void {
    this.sinkValue = sink;
    this.epoch++;
  }

  /** A replay's marker for its requests; its requests pass the door's gate, others wait. */
  replayMarker(): string {
    this.nonce = randomBytes(16).toString('hex');
    return this.nonce;
  }

  /**
   * Closes every client's WebSocket (1012, the service restarts): a world replayed anew has no session of
   * theirs, and a client that connects again is recorded from its login on.
   */
  closeLive(): void {
    for (const s of [...this.live]) s.close(1012, 'the world was replaced by a replay; connect again');
    this.live.clear();
  }

  /** Until `release` is called, other clients' requests (and WebSocket upgrades) wait at the door. */
  hold(): () => void {
    let open!: () => void;
    this.gate = new Promise<void>((resolve) => (open = resolve));
    return () => {
      this.gate = null;
      this.nonce = null;
      open();
    };
  }

  /** Registers the hooks; before the instruments' (http.ts), so a fault's answer is taken like any other. */
  install(app: FastifyInstance): void {
    app.addHook('onRequest', (request, _reply, done) => {
      const r = request as Tapped;
      const marker = request.headers[REPLAY_HEADER];
      // Not recording, no replay under way: nothing to take or to hold (a load test past the bound).
      if (marker === undefined && this.gate === null && !this.sink.takes) {
        r[MARK] = null;
        return done();
      }
      let tag: number | null = null;
      if (marker !== undefined) {
        delete request.headers[REPLAY_HEADER];
        const [nonce, n] = String(marker).split(':');
        if (this.nonce !== null && nonce === this.nonce) tag = Number(n);
      }
      const path = request.url;
      if (isWorldless(request.method, path) || RECORDING_ROUTES.test(path)) {
        r[MARK] = null;
        return done();
      }
      r[MARK] = { id: null, epoch: this.epoch, t: 0, tag, responded: false };
      if (tag === null && this.gate) void this.gate.then(() => done());
      else done();
    });

    app.addHook('preParsing', (request, _reply, payload, done) => {
      const r = request as Tapped;
      const m = r[MARK];
      if (!m || m.tag !== null || !this.sink.takes || !hasBody(request)) return done(null, payload);
      const kept = { chunks: [] as Buffer[], size: 0 };
      r[BODY] = kept;
      const cap = this.bodyLimit + 1;
      const tee = new Transform({
        transform(chunk: Buffer, _encoding, next) {
          if (kept.size < cap) kept.chunks.push(chunk);
          kept.size += chunk.length;
          next(null, chunk);
        },
      });
      done(null, pipeline(payload, tee, () => {}) as unknown as typeof payload);
    });

    app.addHook('preValidation', (request, _reply, done) => {
      const m = (request as Tapped)[MARK];
      if (!m || m.id !== null) return done();
      // A request that was on its way when a replay began waits for it, like a new one.
      if (m.tag === null && this.gate) return void this.gate.then(() => (this.take(request as Tapped, m), done()));
      this.take(request as Tapped, m);
      done();
    });

    app.addHook('preHandler', (request, _reply, done) => {
      const m = (request as Tapped)[MARK];
      if (!m || m.id === null || m.epoch !== this.epoch || !this.sink.takes) return done();
      const held = this.sink.handled(m.id, m.t);
      if (held) void held.then(() => done());
      else done();
    });

    app.addHook('onSend', (request, reply, payload, done) => {
      const m = (request as Tapped)[MARK];
      if (m && !m.responded) {
        // An error sent before the body was read (a parser's, a view's credentials refused at once) is taken now.
        if (m.id === null) this.take(request as Tapped, m);
        m.responded = true;
        if (m.id !== null && m.epoch === this.epoch && this.sink.takes) {
          const raw = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : payload === null || payload === undefined ? '' : null;
          this.sink.response(m.id, reply.statusCode, headersOf(reply.getHeaders()), raw);
        }
      }
      done(null, payload);
    });
  }

  /** A request as an input: the sink numbers it. */
  private take(request: Tapped, m: Mark): void {
    if (!this.sink.takes) return;
    const kept = request[BODY];
    const body = kept && kept.size > 0 ? bytes(Buffer.concat(kept.chunks)) : undefined;
    m.t = this.sim.now();
    m.epoch = this.epoch;
    const raw = request.raw;
    const upgrade = String(raw.headers.upgrade ?? '').toLowerCase() === 'websocket';
    m.id = this.sink.http({ method: request.method, url: raw.url ?? request.url, headers: { ...request.headers } as Record<string, string | string[]>, ...(body && { body }), upgrade, t: m.t, wall: Date.now(), tag: m.tag });
  }

  /** The instruments the views see, with every WebSocket's frames (in and out) and closes tapped; webhooks are not sent while replaying. */
  instruments(inner: ViewContext['instruments']): ViewContext['instruments'] {
    const outgoing = {
      send: ((request, timeoutMs, closing, perform) =>
        // A replay does not deliver webhooks again (the subscriber had them); each try passes the instruments as delivered.
        inner.outgoing.send(request, timeoutMs, closing, this.sim.replaying ? async () => 200 : perform)) as typeof inner.outgoing.send,
    } as ViewContext['instruments']['outgoing'];
    return {
      outgoing,
      socket: (socket, request, api, write) => {
        let io!: InstrumentedSocket;
        const epoch = this.epoch;
        io = inner.socket(socket, request, api, (frame) => {
          if (this.epoch === epoch && this.sink.takes) this.sink.out(io.connection, frame);
          write(frame);
        });
        this.accepted(socket, request as Tapped, io.connection);
        return io;
      },
    };
  }

  private accepted(socket: WebSocket, request: Tapped, connection: number): void {
    const m = request[MARK];
    const replayed = m?.tag !== null && m?.tag !== undefined;
    const epoch = this.epoch;
    // Its frames are inputs of the recording (or replay) that saw it open, and of no later one.
    const sink = () => (this.epoch === epoch && this.sink.takes ? this.sink : null);
    if (this.sink.takes) this.sink.accepted(m && m.epoch === epoch ? m.id : null, connection);
    if (!replayed) this.live.add(socket);
    let closing = false;
    // Listeners in the order added: this one sees a frame before the view does.
    socket.on('message', (data, binary) => {
      const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      sink()?.frame(connection, this.sim.now(), Date.now(), bytes(buf), binary);
    });
    const close = socket.close.bind(socket);
    socket.close = (code?: number, reason?: string | Buffer) => {
      // ws answers a client's close with close() too; only a close the server starts is the server's.
      if (!closing && !(socket as unknown as { _closeFrameReceived: boolean })._closeFrameReceived) {
        closing = true;
        sink()?.serverClose(connection, code ?? 1005, reason === undefined ? '' : String(reason));
      }
      close(code, reason);
    };
    socket.on('close', (code, reason) => {
      this.live.delete(socket);
      if (closing) return;
      closing = true;
      sink()?.clientClose(connection, this.sim.now(), Date.now(), code, reason.toString());
    });
  }

  /** The scenario file PUT /__admin/scenario {name} reads, as the sink has it: read now, or as recorded. */
  readScenarioFile(path: string): ScenarioSource {
    let text: string | null;
    let code: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      text = null;
      code = (err as NodeJS.ErrnoException).code;
    }
    const given = this.sink.takes ? this.sink.file(path, text, code) : undefined;
    if (given) ({ text, code } = given);
    if (text === null) throw new ScenarioError([{ file: path, line: null, column: null, path: '', message: code === 'ENOENT' ? 'file not found' : `cannot read the file (${code})` }]);
    return ScenarioSource.parse(text, path);
  }
}

function hasBody(request: FastifyRequest): boolean {
  const h = request.headers;
  return (h['content-length'] !== undefined && h['content-length'] !== '0') || h['transfer-encoding'] !== undefined;
}

function headersOf(h: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.map(String) : String(v);
  return out;
}
