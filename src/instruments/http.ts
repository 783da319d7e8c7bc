/**
 * The journal and the faults at the HTTP door, the same for every API and the admin plane: each request
 * is journaled as it arrives (its API, route, query, headers and body as the door read it, the wall and
 * the virtual time) and completed with its response (status, headers, body, latency, the fault applied);
 * once its body is read and before it is validated, a fault may take over: a delay, an error status rendered in the API's own format,
 * a TCP reset, a close without a response, garbage, a slowly dribbled body. ccsim's own pages (/docs,
 * /metrics, /wallboard), /__admin/tenants (the process's, no world's) and GET /__admin/health (a liveness
 * probe's) are not journaled. The admin plane is journaled (kind `admin`) but never faulted.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Simulation } from '../simulation.js';
import type { Door } from '../simulators/shared/door.js';
import { sendRendered } from '../simulators/shared/door.js';
import { isTenantRoute, isWorldless } from '../simulators/shared/worldless.js';
import { problemOfStatus } from '../simulators/shared/problem.js';
import { rawBodyOf } from '../simulators/shared/request-parsing.js';
import { delayMs, type Faults, type HttpFault } from './faults.js';
import { capBody, NO_QUERY, SharedHeaders, StoredResponse, type Journal, type JournalBody, type JournalEntry } from './journal.js';

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
/** The header lines of the socket rather than of the exchange. */
const SOCKET_HEADER_LINES = /^(?:connection|keep-alive):[^\r\n]*\r\n/gim;

export function instrumentHttp(app: FastifyInstance, { journal, faults: registry, door, simulation }: HttpInstruments): void {
  const cap = journal.options.bodyCap;

  /**
   * The last response body kept per route: a load test reads the same resource again and again, and while
   * the world has not changed the answer is the same, so its entries share one kept body instead of each
   * allocating its own (what the garbage collector would then have to follow). One per route, so bounded.
   */
  const shared = new SharedHeaders();
  const lastBodies = new Map<string, { payload: string | Buffer; length: number; body: JournalBody | null }>();
  const responseBody = (key: string, payload: string | Buffer, reply: FastifyReply): JournalBody | null => {
    const last = lastBodies.get(key);
    const long = payload.length > cap;
    // A long payload's size is its Content-Length (a string's length counts characters, not bytes).
    const length = long ? Number(reply.getHeader('content-length')) : payload.length;
    if (last && last.length === length && sameKept(payload, last.payload, cap)) return last.body;
    const body = capBody(payload, cap, long && Number.isInteger(length) ? length : undefined);
    if (lastBodies.size < 4096 || lastBodies.has(key)) lastBodies.set(key, { payload, length, body });
    return body;
  };

  /**
   * The response's header block as Node wrote it (ServerResponse's `_header`, the bytes on the wire, Date
   * included) without the socket's own Connection and Keep-Alive (an in-process replay's socket differs),
   * shared with the route's previous entry while it is the same; headers as an object where there is no
   * such block.
   */
  const lastHeads = new Map<string, { raw: string; kept: string }>();
  const responseHead = (key: string, reply: FastifyReply): string | Record<string, unknown> => {
    const raw = (reply.raw as { _header?: unknown })._header;
    if (typeof raw !== 'string') return reply.getHeaders();
    const last = lastHeads.get(key);
    if (last?.raw === raw) return last.kept;
    const kept = raw.replace(SOCKET_HEADER_LINES, '');
    if (lastHeads.size < 4096 || last !== undefined) lastHeads.set(key, { raw, kept });
    return kept;
  };

  app.addHook('onRequest', (request, _reply, done) => {
    const url = request.url;
    // /docs holds no world; the tenants' routes belong to the process, not to this world (src/tenants);
    // a liveness probe's GET /__admin/health is not an exchange of the test (nor is it recorded).
    if (isWorldless(request.method, url)) return done();
    // Journal off and no HTTP fault armed: nothing will read the exchange, so it is not even begun.
    if (!journal.enabled && !registry.faultsNow().armed('http')) return done();
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const admin = path === ADMIN || path.startsWith(`${ADMIN}/`);
    const api = admin ? 'admin' : (door.ownerOf(url)?.name ?? null);
    (request as Marked)[ENTRY] = journal.begin({
      kind: admin ? 'admin' : 'http',
      api,
      method: request.method,
      path,
      // A URL without a query string shares one empty query (Fastify's is a fresh dictionary each time).
      query: q < 0 ? NO_QUERY : ((request.query ?? NO_QUERY) as Record<string, unknown>),
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
      // routeOptions is built anew on each read.
      const route = request.routeOptions;
      journal.update(e, (x) => {
        x.route = route.url ?? null;
        x.body = capBody(rawBodyOf(request), cap);
        // A command the route declares (`config: { command }`, ARM's) or names in its path.
        const command = route.config?.command ?? (request.params as Record<string, unknown> | undefined)?.command;
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
      x.response = payload === undefined ? null : new StoredResponse(responseHead(key, reply), responseBody(key, payload, reply));
      x.status = reply.statusCode;
      x.latencyMs = Math.round(reply.elapsedTime * 10) / 10;
    });
    done();
  });
}

/**
 * Holds a request of the world at the door while its clock moves in slices (Simulation.moving), at each
 * step where it could reach the world (arriving, its body read, its handler about to run), until the move
 * is over: to clients a move is one step. /docs and /__admin/tenants are not held (no world's).
 * Registered before the recording's tap and the journal, so that both take the request at the time the
 * world took it.
 */
export function holdWhileMoving(app: FastifyInstance, simulation: Simulation): void {
  const hold = (request: FastifyRequest, _reply: FastifyReply, done: () => void): void => {
    if (simulation.moving === null || request.url.startsWith('/docs') || isTenantRoute(request.url)) return done();
    void simulation.idle().then(() => done());
  };
  app.addHook('onRequest', hold);
  app.addHook('preValidation', hold);
  app.addHook('preHandler', hold);
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

/**
 * Whether two payloads are journaled alike: the same size and the same first `cap` characters (or
 * bytes), which is all the journal keeps of them. A long list is then compared over what is kept only.
 */
function sameKept(a: string | Buffer, b: string | Buffer, cap: number): boolean {
  if (typeof a === 'string') {
    if (typeof b !== 'string' || a.length !== b.length) return false;
    return a.length <= cap ? a === b : a.slice(0, cap) === b.slice(0, cap);
  }
  if (!Buffer.isBuffer(b) || a.length !== b.length) return false;
  return a.length <= cap ? a.equals(b) : a.subarray(0, cap).equals(b.subarray(0, cap));
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
