/**
 * The journal and the faults at the HTTP door, the same for every API and the admin plane: each request
 * is journaled as it arrives (its API, route, query, headers and body as the door read it, the wall and
 * the virtual time) and completed with its response (status, headers, body, latency, the fault applied);
 * once its body is read and before it is validated, a fault may take over: a delay, an error status rendered in the API's own format,
 * a TCP reset, a close without a response, garbage, a slowly dribbled body. ccsim's own pages (/docs,
 * /metrics, /wallboard) are not journaled. The admin plane is journaled (kind `admin`) but never faulted.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Simulation } from '../simulation.js';
import type { Door } from '../simulators/shared/door.js';
import { sendRendered } from '../simulators/shared/door.js';
import { problemOfStatus } from '../simulators/shared/problem.js';
import { rawBodyOf } from '../simulators/shared/request-parsing.js';
import { delayMs, type Faults, type HttpFault } from './faults.js';
import { capBody, SharedHeaders, type Journal, type JournalBody, type JournalEntry } from './journal.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The command a route serves, when its path does not name it (ARM's): the journal and the matchers name the exchange by it. */
    command?: string;
  }
}

const ENTRY = Symbol('ccsim.journalEntry');
const SLOW = Symbol('ccsim.slowBody');
const PAYLOAD = Symbol('ccsim.payload');

type Marked = FastifyRequest & { [ENTRY]?: JournalEntry | null; [SLOW]?: number; [PAYLOAD]?: string | Buffer };

export interface HttpInstruments {
  journal: Journal;
  /** Where the fault registry armed for the world now comes from. */
  faults: { faultsNow(): Faults };
  door: Door;
  simulation: Simulation;
}

const ADMIN = '/__admin';
/** ccsim's own pages, which are no client's exchange with a vendor or the admin plane. */
export const OWN_PAGES = /^\/(?:docs|metrics|wallboard)(?:[/?]|$)/;

export function instrumentHttp(app: FastifyInstance, { journal, faults: registry, door, simulation }: HttpInstruments): void {
  const cap = journal.options.bodyCap;

  /**
   * The last response body kept per route: a load test reads the same resource again and again, and while
   * the world has not changed the answer is the same, so its entries share one kept body instead of each
   * allocating its own (what the garbage collector would then have to follow). One per route, so bounded.
   */
  const shared = new SharedHeaders();
  const lastBodies = new Map<string, { payload: string | Buffer; body: JournalBody | null }>();
  const responseBody = (key: string, payload: string | Buffer, reply: FastifyReply): JournalBody | null => {
    const last = lastBodies.get(key);
    if (last && (typeof payload === 'string' ? payload === last.payload : Buffer.isBuffer(last.payload) && payload.equals(last.payload))) return last.body;
    const length = Number(reply.getHeader('content-length'));
    const body = capBody(payload, cap, Number.isInteger(length) ? length : undefined);
    if (lastBodies.size < 4096 || lastBodies.has(key)) lastBodies.set(key, { payload, body });
    return body;
  };

  app.addHook('onRequest', (request, _reply, done) => {
    const url = request.url;
    if (OWN_PAGES.test(url)) return done();
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const admin = path === ADMIN || path.startsWith(`${ADMIN}/`);
    const api = admin ? 'admin' : (door.ownerOf(url)?.name ?? null);
    (request as Marked)[ENTRY] = journal.begin({
      kind: admin ? 'admin' : 'http',
      api,
      method: request.method,
      path,
      query: (request.query ?? {}) as Record<string, unknown>,
      headers: shared.keep(`${request.method} ${path}`, request.headers),
      t: simulation.now(),
    });
    done();
  });

  // After the body is read, before it is validated: a request the route will refuse is journaled whole too.
  app.addHook('preValidation', (request, reply, done) => {
    const e = (request as Marked)[ENTRY];
    // Journal off and no HTTP fault: nothing will read the exchange.
    if (e && e.id === 0 && !registry.faultsNow().armed('http')) return done();
    if (e) {
      journal.update(e, (x) => {
        x.route = request.routeOptions.url ?? null;
        x.body = capBody(rawBodyOf(request), cap);
        // A command the route declares (`config: { command }`, ARM's) or names in its path.
        const command = request.routeOptions.config?.command ?? (request.params as Record<string, unknown> | undefined)?.command;
        if (typeof command === 'string') x.command = command;
      });
    }
    if (!e || e.kind === 'admin') return done();
    const picked = registry.faultsNow().pick('http', e, e.t);
    if (!picked) return done();
    const f = picked.fault.fault as HttpFault;
    e.fault = { id: picked.fault.id, kind: f.kind };
    apply(f, request as Marked, reply, picked, done, door);
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    const m = request as Marked;
    const e = m[ENTRY];
    // The payload is kept until the response is sent, then capped (with its Content-Length known by then).
    if (e && e.id !== 0 && (typeof payload === 'string' || Buffer.isBuffer(payload))) m[PAYLOAD] = payload;
    const rate = m[SLOW];
    if (rate !== undefined && (typeof payload === 'string' || Buffer.isBuffer(payload))) return done(null, dribble(Buffer.from(payload), rate));
    done(null, payload);
  });

  app.addHook('onResponse', (request, reply, done) => {
    const m = request as Marked;
    const e = m[ENTRY];
    // Not journaled (the journal is off): nobody will read how it ended.
    if (!e || e.id === 0) return done();
    journal.completed(e, (x) => {
      x.route ??= request.routeOptions.url ?? null;
      // A body the parser refused never reached preValidation.
      x.body ??= capBody(rawBodyOf(request), cap);
      const payload = m[PAYLOAD];
      const key = `${request.method} ${x.route}`;
      x.response = payload === undefined ? null : { headers: shared.keep(key, reply.getHeaders()), body: responseBody(key, payload, reply) };
      x.status = reply.statusCode;
      x.latencyMs = Math.round(reply.elapsedTime * 10) / 10;
    });
    done();
  });
}

function apply(f: HttpFault, request: Marked, reply: FastifyReply, picked: { n: number; seed: readonly number[] }, done: (err?: Error) => void, door: Door): void {
  const socket = request.raw.socket;
  switch (f.kind) {
    case 'delay':
      setTimeout(() => done(), Math.max(0, delayMs(f.ms, picked.seed, picked.n)));
      return;
    case 'status': {
      const view = door.ownerOf(request.url);
      const problem = problemOfStatus(f.status, f.message ?? `an injected fault: the server answers ${f.status}`);
      if (view) void sendRendered(reply, view.render(problem, problem, { method: request.method, url: request.url }));
      else void reply.code(f.status).send({ error: { code: 'internal', message: problem.message } });
      return;
    }
    case 'reset':
      reply.hijack();
      socket.resetAndDestroy();
      journalEnd(request, 0);
      return;
    case 'empty':
      reply.hijack();
      socket.destroy();
      journalEnd(request, 0);
      return;
    case 'malformed':
      reply.hijack();
      socket.end('HTTP/1.1 2\u0000\u0007 ccsim garbage\r\n\u00ff\u00fe\r\n\r\n');
      journalEnd(request, 0);
      return;
    case 'slow_body':
      request[SLOW] = f.bytes_per_second ?? 256;
      done();
      return;
  }
}

/** The journal entry of a request (null when it is not journaled: /docs). */
export function journalEntryOf(request: FastifyRequest): JournalEntry | null {
  return (request as Marked)[ENTRY] ?? null;
}

/** A hijacked exchange has no response: its entry says status 0. */
function journalEnd(request: Marked, status: number): void {
  const e = request[ENTRY];
  if (e) e.status = status;
}

/** The body sent a little at a time: `rate` bytes a second, in chunks of a tenth of that. */
function dribble(body: Buffer, rate: number): Readable {
  const chunk = Math.max(1, Math.floor(rate / 10));
  let at = 0;
  return new Readable({
    read() {
      if (at >= body.length) return void this.push(null);
      const next = body.subarray(at, at + chunk);
      at += next.length;
      setTimeout(() => this.push(next), 100);
    },
  });
}
