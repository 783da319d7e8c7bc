/**
 * Replays a recording into an app: the world as the recording began (the header's scenario, seed and
 * clock), then each input at its virtual time, the world run to exactly that time first: an HTTP request
 * through `app.inject`, a WebSocket's upgrade and its frames through an in-process socket (ws-client.ts),
 * each marked so the door's tap (tap.ts) tells this replay what became of it. A replay waits for each
 * input to be taken and its turn of the event loop to end before the next, for a response where the
 * served one came before the next input (a long poll's comes later), and holds a handler the recording
 * says ran later. Then it runs to the recording's end and compares what it saw with what was recorded:
 * every response and frame (the fields random by design aside, compare.ts), the event log's count and
 * SHA-256, the KPIs. The same code replays into a fresh app (`ccsim replay`) and into a live server (a
 * restore, PUT /__admin/recording); recordings.ts does the rest of the latter.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, HTTPMethods } from 'fastify';
import type { Simulation } from '../simulation.js';
import { Engine } from '../scenarios/engine.js';
import { checkScenario } from '../instruments/instruments.js';
import type { ResolvedScenario } from '../scenarios/scenario.js';
import { RecordingError, bufferOf, bytes, type Bytes, type CloseInput, type FileRead, type FrameInput, type Handled, type Header, type HttpInput, type Input, type Kept, type Line, type Recording, type Response, type WsInput } from './format.js';
import { Credentials, differs, headersDiffer } from './compare.js';
import { REPLAY_HEADER, type Tap, type TapSink } from './tap.js';
import { ReplaySocket } from './ws-client.js';

/** A replayed output, as `ccsim replay --responses` writes it. */
export type ReplayedOutput =
  | { type: 'response'; input: number; status: number; headers: Record<string, string | string[]>; body?: Bytes }
  | { type: 'out'; connection: number; frame: Bytes }
  | { type: 'closed'; connection: number; code: number; reason: string };

export interface Difference {
  input?: number;
  connection?: number;
  what: string;
}

export interface ReplayReport {
  /** Inputs re-sent, and those a live replay passed over (the journal's own routes). */
  inputs: number;
  skipped: number;
  responses: { compared: number; identical: number; differing: number };
  frames: { compared: number; identical: number; differing: number };
  /** Every difference found, and the first of them (at most MAX_DIFFERENCES), in the recording's order. */
  differing: number;
  differences: Difference[];
  events: { count: number; sha256: string; identical: boolean | null };
  kpis: { identical: boolean | null };
  /** The virtual time replayed to (ms since the start). */
  t: number;
  /** Whether the recording was complete (an incomplete one replays up to where it stopped). */
  complete: boolean;
  wall_ms: number;
  /** Virtual seconds replayed per second of wall time. */
  speed: number;
}

export interface ReplayOptions {
  /** Into a live server: the inputs of /__admin/requests… are passed over (the journal stays the clients'). */
  live?: boolean;
  /** Each event of the replayed world as an NDJSON line (`--events`). */
  onEvent?: (line: string) => void;
  /** Each replayed output as it happens (`--responses`). */
  onOutput?: (o: ReplayedOutput) => void;
  /** The event log's count and SHA-256 as someone else follows it already (a live server's recorder), instead of following it again. */
  digest?: () => { events: number; sha256: string | null };
  /** Around each input re-sent: before (the clock at its time) and after (its turn over), for to-scenario.ts. */
  onStep?: (input: Input, phase: 'before' | 'after', sim: Simulation) => void;
}

const MAX_DIFFERENCES = 50;
/** How long an input may take to reach the world before the replay calls it lost. */
const TAKE_MS = 10_000;
/** How long a response may take: the longest wait of POST /__admin/requests/wait, and a minute more. */
const RESPONSE_MS = 660_000;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One-shot signals by name: fired before anyone waits, a wait returns at once. */
class Signals {
  private readonly fired = new Set<string>();
  private readonly waiting = new Map<string, () => void>();

  fire(key: string): void {
    this.fired.add(key);
    const w = this.waiting.get(key);
    this.waiting.delete(key);
    w?.();
  }

  /** Resolves true when fired, false after `ms`. */
  wait(key: string, ms: number): Promise<boolean> {
    if (this.fired.has(key)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        resolve(false);
      }, ms);
      this.waiting.set(key, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

/**
 * The scenario a recording began with, checked before any world is touched: its faults as a server
 * checks them, and a world built from it once (a hand-edited header that cannot make one is refused here,
 * not halfway through a replay).
 */
export function recordedScenario(header: Header): ResolvedScenario {
  const scenario = header.scenario.resolved as ResolvedScenario;
  try {
    checkScenario(scenario);
    new Engine(scenario, { recordLimit: 0 });
  } catch (err) {
    throw new RecordingError(`the header's scenario cannot be served: ${(err as Error).message}`, 1, 'scenario');
  }
  return scenario;
}

export class Replayer implements TapSink {
  readonly takes = true;
  private readonly signals = new Signals();
  private readonly creds = new Credentials();
  /** Recorded connection of each accepted upgrade, by input. */
  private readonly connectionOf = new Map<number, number>();
  /** The replay's server connection → the recorded one. */
  private readonly recordedOf = new Map<number, number>();
  private readonly sockets = new Map<number, ReplaySocket>();
  private readonly allSockets: ReplaySocket[] = [];
  private readonly framesSeen = new Map<number, number>();
  private readonly responses = new Map<number, { status: number; headers: Record<string, string | string[]>; raw: Buffer | string | null }>();
  private readonly outs = new Map<number, (Buffer | string)[]>();
  private readonly recordedOuts = new Map<number, Kept[]>();
  private readonly closes = new Map<number, { code: number; reason: string }>();
  private readonly recordedCloses = new Map<number, { code: number; reason: string }>();
  private readonly held = new Set<number>();
  private readonly gates = new Map<number, () => void>();
  private files: FileRead[] = [];
  private readonly pending: AbortController[] = [];
  private readonly skippedInputs = new Set<number>();
  private readonly differences: Difference[] = [];
  private differing = 0;
  private marker = '';
  private report = { inputs: 0, skipped: 0, responses: { compared: 0, identical: 0, differing: 0 }, frames: { compared: 0, identical: 0, differing: 0 } };

  constructor(
    private readonly app: FastifyInstance,
    private readonly sim: Simulation,
    private readonly tap: Tap,
    private readonly options: ReplayOptions = {},
  ) {}

  async run(rec: Recording): Promise<ReplayReport> {
    const started = performance.now();
    const scenario = recordedScenario(rec.header);
    for (const l of rec.lines) {
      if (l.type === 'accepted') this.connectionOf.set(l.input, l.connection);
      else if (l.type === 'handled') this.held.add(l.input);
      else if (l.type === 'file') this.files.push(l);
      else if (l.type === 'out') push(this.recordedOuts, l.connection, l.frame);
      else if (l.type === 'closed') this.recordedCloses.set(l.connection, { code: l.code, reason: l.reason });
    }
    let events = 0;
    const hash = createHash('sha256');
    const { onEvent } = this.options;
    // The live server's recorder follows the event log already (when it can): its digest is the replay's.
    const digest = this.options.digest && !onEvent && this.options.digest().sha256 !== null ? this.options.digest : null;
    const unsubscribe = digest
      ? () => undefined
      : this.sim.subscribe((e) => {
          events++;
          const line = JSON.stringify(e);
          hash.update(line + '\n');
          onEvent?.(line);
        });
    this.marker = this.tap.replayMarker();
    const previous = this.tap.sink;
    this.tap.setSink(this);
    if (!this.sim.replaying) this.sim.beginReplay();
    let lastT = 0;
    try {
      // The world as the recording began: its scenario, seed and clock.
      this.sim.setClock({ mode: rec.header.clock.mode, speed: rec.header.clock.speed });
      this.sim.load(scenario);
      for (const line of rec.lines) {
        // The last input's time (a reset in the session starts the clock again from 0).
        if ('n' in line && 't' in line) lastT = line.t;
        await this.step(line);
      }
      const t = rec.end?.t ?? lastT;
      // A replayed clock move runs in slices: its end comes before the next input's time.
      await this.reach(t);
      // Frames the world pushed as the clock reached the end go out now.
      await turn();
      this.compareFrames();
      let sha256 = hash.copy().digest('hex');
      if (digest) ({ events, sha256 } = { events: digest().events, sha256: digest().sha256 ?? '' });
      const kpis = rec.end ? JSON.stringify(this.sim.kpis()) === JSON.stringify(rec.end.kpis) : null;
      if (rec.end?.sha256 && rec.end.sha256 !== sha256) this.differ({ what: `the event log differs: ${events} events (SHA-256 ${sha256}) replayed, ${rec.end.events} (SHA-256 ${rec.end.sha256}) served` });
      if (kpis === false) this.differ({ what: 'the KPIs differ' });
      const wallMs = performance.now() - started;
      return {
        ...this.report,
        differing: this.differing,
        differences: this.differences,
        events: { count: events, sha256, identical: rec.end?.sha256 ? rec.end.sha256 === sha256 : null },
        kpis: { identical: kpis },
        t,
        complete: rec.end?.complete ?? false,
        wall_ms: Math.round(wallMs),
        speed: Math.round((t / 1000 / Math.max(wallMs / 1000, 1e-3)) * 10) / 10,
      };
    } finally {
      for (const s of this.allSockets) s.destroy();
      for (const a of this.pending) a.abort();
      unsubscribe();
      this.tap.setSink(previous);
    }
  }

  // The tap's side: what became of the inputs this replay sent.

  http(input: { tag: number | null }): number {
    const n = input.tag ?? 0;
    this.signals.fire(`taken:${n}`);
    return n;
  }

  handled(input: number): Promise<void> | null {
    if (!this.held.has(input)) return null;
    return new Promise<void>((resolve) => {
      this.gates.set(input, resolve);
      this.signals.fire(`reached:${input}`);
    });
  }

  response(input: number, status: number, headers: Record<string, string | string[]>, raw: Buffer | string | null): void {
    this.responses.set(input, { status, headers, raw });
    this.options.onOutput?.({ type: 'response', input, status, headers, ...(raw !== null && { body: bytes(raw) }) });
    this.signals.fire(`responded:${input}`);
  }

  accepted(input: number | null, connection: number): void {
    if (input === null) return;
    const recorded = this.connectionOf.get(input);
    if (recorded !== undefined) this.recordedOf.set(connection, recorded);
    this.signals.fire(`accepted:${input}`);
  }

  frame(connection: number): void {
    const c = this.recordedOf.get(connection);
    if (c === undefined) return;
    const seen = (this.framesSeen.get(c) ?? 0) + 1;
    this.framesSeen.set(c, seen);
    this.signals.fire(`frame:${c}:${seen}`);
  }

  clientClose(connection: number): void {
    const c = this.recordedOf.get(connection);
    if (c !== undefined) this.signals.fire(`close:${c}`);
  }

  out(connection: number, raw: Buffer | string): void {
    const c = this.recordedOf.get(connection);
    if (c === undefined) return;
    push(this.outs, c, raw);
    this.options.onOutput?.({ type: 'out', connection: c, frame: bytes(raw) });
  }

  serverClose(connection: number, code: number, reason: string): void {
    const c = this.recordedOf.get(connection);
    if (c === undefined) return;
    this.closes.set(c, { code, reason });
    this.options.onOutput?.({ type: 'closed', connection: c, code, reason });
  }

  file(path: string, text: string | null, code?: string): { text: string | null; code?: string } {
    const recorded = this.files.shift();
    if (!recorded) {
      this.differ({ what: `the replay read the scenario file ${path}, which the served session did not read then` });
      return { text, ...(code !== undefined && { code }) };
    }
    return { text: recorded.text, ...(recorded.code !== undefined && { code: recorded.code }) };
  }

  // The driver.

  private async step(line: Line): Promise<void> {
    switch (line.type) {
      case 'http':
        return this.http1(line);
      case 'ws':
        return this.upgrade(line);
      case 'frame':
        return this.frame1(line);
      case 'close':
        return this.close1(line);
      case 'handled':
        return this.release(line);
      case 'response':
        return this.compareResponse(line);
      default:
        return;
    }
  }

  /** To an input's virtual time, once a clock move under way (a sliced advance) has ended. */
  private async reach(t: number): Promise<void> {
    await this.sim.idle();
    this.sim.replayTo(t);
  }

  /**
   * One input sent at its time, with the wall clock it saw held while it is handled, and the steps'
   * observer told before and after; `send` ends when the server has taken it.
   */
  private async at(line: HttpInput | WsInput | FrameInput, send: () => Promise<void>): Promise<void> {
    await this.reach(line.t);
    this.options.onStep?.(line, 'before', this.sim);
    const release = this.sim.holdWall(line.wall);
    try {
      await send();
      await turn();
    } finally {
      release();
    }
    this.options.onStep?.(line, 'after', this.sim);
  }

  private async http1(line: HttpInput): Promise<void> {
    if (this.options.live && /^\/__admin\/requests(?:[/?]|$)/.test(line.url)) {
      this.skippedInputs.add(line.n);
      this.report.skipped++;
      return;
    }
    this.report.inputs++;
    await this.at(line, async () => {
      const headers = this.headers(line.headers, line.n);
      let payload: Buffer | undefined;
      if (line.body) {
        const recorded = bufferOf(line.body);
        payload = this.creds.applyBytes(recorded);
        if (payload.length !== recorded.length && headers['content-length'] !== undefined) headers['content-length'] = String(payload.length);
      }
      const abort = new AbortController();
      this.pending.push(abort);
      const sent = this.app
        .inject({ method: line.method as HTTPMethods, url: this.creds.apply(line.url), headers: headers as Record<string, string>, ...(payload && { payload }), payloadAsStream: true, signal: abort.signal })
        .then(
          (res) => {
            const stream = res.stream();
            stream.on('error', () => {});
            // An event stream only reads: it is left at once (what it would have shown is the event log's).
            if (/^text\/event-stream/.test(String(res.headers['content-type']))) abort.abort();
            else stream.resume();
          },
          () => {},
        );
      const taken = await Promise.race([this.signals.wait(`taken:${line.n}`, TAKE_MS), sent.then(() => true)]);
      if (!taken) this.differ({ input: line.n, what: `the replayed request never reached the world within ${TAKE_MS} ms` });
    });
  }

  private async upgrade(line: WsInput): Promise<void> {
    this.report.inputs++;
    await this.at(line, async () => {
      const headers = Object.fromEntries(Object.entries(this.headers(line.headers, line.n)).filter((e): e is [string, string | string[]] => e[1] !== undefined));
      const socket = new ReplaySocket(this.app.server, this.creds.apply(line.url), headers);
      this.allSockets.push(socket);
      const recorded = this.connectionOf.get(line.n);
      if (recorded !== undefined) this.sockets.set(recorded, socket);
      const outcome = recorded !== undefined ? this.signals.wait(`accepted:${line.n}`, TAKE_MS) : this.signals.wait(`responded:${line.n}`, TAKE_MS);
      if (!(await outcome)) this.differ({ input: line.n, what: recorded !== undefined ? 'the WebSocket was accepted when served, not when replayed' : 'the upgrade was answered when served, not when replayed' });
    });
  }

  private async frame1(line: FrameInput): Promise<void> {
    this.report.inputs++;
    const socket = this.sockets.get(line.connection);
    if (!socket) {
      this.differ({ input: line.n, connection: line.connection, what: `a frame on connection ${line.connection}, which the replay did not open` });
      return;
    }
    await this.at(line, async () => {
      const seen = (this.framesSeen.get(line.connection) ?? 0) + 1;
      socket.send(this.creds.applyBytes(bufferOf(line.data)), line.binary);
      if (!(await this.signals.wait(`frame:${line.connection}:${seen}`, TAKE_MS))) this.differ({ input: line.n, connection: line.connection, what: 'the frame never reached the server' });
    });
  }

  private async close1(line: CloseInput): Promise<void> {
    this.report.inputs++;
    const socket = this.sockets.get(line.connection);
    if (!socket) return;
    await this.reach(line.t);
    socket.close(line.code, line.reason);
    // The server's side of the close handshake; a socket it had closed itself is already gone.
    await this.signals.wait(`close:${line.connection}`, 1000);
    await turn();
  }

  private async release(line: Handled): Promise<void> {
    if (!(await this.signals.wait(`reached:${line.input}`, RESPONSE_MS))) {
      this.differ({ input: line.input, what: 'the replayed request never reached its handler' });
      return;
    }
    await this.reach(line.t);
    this.gates.get(line.input)?.();
    this.gates.delete(line.input);
    await turn();
  }

  private async compareResponse(line: Response): Promise<void> {
    if (this.skippedInputs.has(line.input)) return;
    this.report.responses.compared++;
    if (!(await this.signals.wait(`responded:${line.input}`, RESPONSE_MS))) {
      this.report.responses.differing++;
      this.differ({ input: line.input, what: 'no response when replayed' });
      return;
    }
    const r = this.responses.get(line.input) as { status: number; headers: Record<string, string | string[]>; raw: Buffer | string | null };
    const problems: string[] = [];
    if (r.status !== line.status) problems.push(`status ${r.status} replayed, ${line.status} served`);
    const h = headersDiffer(line.headers, r.headers, this.creds);
    if (h) problems.push(h);
    if (line.body && r.raw !== null) {
      const d = differs(line.body, r.raw, this.creds);
      if (d) problems.push(d);
    }
    if (problems.length === 0) this.report.responses.identical++;
    else {
      this.report.responses.differing++;
      this.differ({ input: line.input, what: problems.join('; ') });
    }
  }

  private compareFrames(): void {
    const connections = new Set([...this.recordedOuts.keys(), ...this.outs.keys()]);
    for (const c of [...connections].sort((a, b) => a - b)) {
      const served = this.recordedOuts.get(c) ?? [];
      const replayed = this.outs.get(c) ?? [];
      for (let i = 0; i < Math.max(served.length, replayed.length); i++) {
        this.report.frames.compared++;
        const d = i >= served.length ? 'a frame the served session did not send' : i >= replayed.length ? 'a frame the replay did not send' : differs(served[i], replayed[i], this.creds);
        if (d === null) this.report.frames.identical++;
        else {
          this.report.frames.differing++;
          this.differ({ connection: c, what: `frame ${i + 1} out: ${d}` });
        }
      }
      const sc = this.recordedCloses.get(c);
      const rc = this.closes.get(c);
      if (sc?.code !== rc?.code) this.differ({ connection: c, what: `the server closed it with ${rc?.code ?? 'nothing'} replayed, ${sc?.code ?? 'nothing'} served` });
    }
  }

  /** Recorded headers as the replay sends them: the replay's credentials, its marker, no user-agent of inject's own. */
  private headers(recorded: Record<string, string | string[]>, n: number): Record<string, string | string[] | undefined> {
    const out: Record<string, string | string[] | undefined> = {};
    for (const [k, v] of Object.entries(recorded)) {
      if (k === 'transfer-encoding') continue;
      out[k] = Array.isArray(v) ? v.map((x) => this.creds.apply(x)) : this.creds.apply(v);
    }
    if (out['user-agent'] === undefined) out['user-agent'] = undefined;
    out[REPLAY_HEADER] = `${this.marker}:${n}`;
    return out;
  }

  private differ(d: Difference): void {
    this.differing++;
    if (this.differences.length < MAX_DIFFERENCES) this.differences.push(d);
  }
}

function push<T>(map: Map<number, T[]>, key: number, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
