/**
 * The front door: every API reaches the world through it, declared once (view.ts). It mounts each view in
 * a scope of its own (the door's query and body parsing, the view's renderer for every error), sends
 * unknown routes and router errors (a malformed %-escape, a path part over the router's limit) to the view
 * whose paths they are in, answers what Node's HTTP parser refuses (headers over its limit) in that
 * view's format too, and derives the OpenAPI tags and security schemes from the descriptors. It holds no
 * state of a view's and decides nothing about a vendor.
 */
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Simulation } from '../../simulation.js';
import { classify, RequestProblem, type Problem } from './problem.js';
import { checkQuery, readBodies } from './request-parsing.js';
import type { Rendered, RequestInfo, ViewContext, ViewDescriptor } from './view.js';

export interface DoorOptions {
  simulation: Simulation;
  /** Views whose credential checks are off (`serve --auth`), by name. */
  authOff?: readonly string[];
  /** What views pass their WebSocket frames and outgoing requests through (the journal, the faults). */
  instruments: ViewContext['instruments'];
}

/** Finds the view a path belongs to; views are tried in order, so list the more specific first. */
export class Door {
  private readonly owners: { view: ViewDescriptor; owns: (path: string) => boolean }[];

  constructor(
    readonly views: readonly ViewDescriptor[],
    private readonly options: DoorOptions,
  ) {
    this.owners = views.map((view) => ({ view, owns: view.paths(options.simulation) }));
  }

  ownerOf(url: string): ViewDescriptor | undefined {
    const path = url.split('?')[0];
    return this.owners.find((o) => o.owns(path))?.view;
  }

  /** The OpenAPI tags and security schemes of every view. */
  openApi(): { tags: { name: string; description: string }[]; securitySchemes: Record<string, Readonly<Record<string, unknown>>> } {
    const securitySchemes: Record<string, Readonly<Record<string, unknown>>> = {};
    for (const v of this.views) Object.assign(securitySchemes, v.credentials?.schemes ?? {});
    return { tags: this.views.map((v) => ({ ...v.tag })), securitySchemes };
  }

  /** Registers every view in its own scope. */
  async mount(app: FastifyInstance): Promise<void> {
    for (const view of this.views) {
      const auth = !(this.options.authOff ?? []).includes(view.name);
      await app.register(async (scope) => {
        if (view.bodies.length > 0) readBodies(scope, view.bodies);
        // Every route of a view with credentials says so in the OpenAPI (so /docs's Authorize sends them),
        // unless the route says otherwise (a token route needs none: `security: []`).
        const security = Object.keys(view.credentials?.schemes ?? {}).map((name) => ({ [name]: [] }));
        if (security.length > 0) {
          scope.addHook('onRoute', (route) => {
            const schema = (route.schema ?? {}) as Record<string, unknown>;
            if (schema.security === undefined) route.schema = { ...schema, security } as typeof route.schema;
          });
        }
        scope.addHook('onRequest', checkQuery);
        scope.setErrorHandler((err, request, reply) => this.send(reply, view, err, request));
        await view.register(scope, { simulation: this.options.simulation, auth, log: scope.log, instruments: this.options.instruments });
      });
    }
    // What no view's scope takes (an unknown route, and its body) is read and answered by the door too:
    // the body quietly, the error in the format of the view whose path it is.
    readBodies(app, ['raw']);
    app.setErrorHandler((err, request, reply) => {
      const view = this.ownerOf(request.url);
      if (view) return this.send(reply, view, err, request);
      const problem = this.classified(err, request);
      if (problem.kind === 'internal') request.log.error({ err }, 'request failed');
      return sendRendered(reply, unowned(problem, request.method, request.url.split('?')[0]));
    });
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0];
      const err = new RequestProblem('no_route', `no such resource: ${request.method} ${path}`, { where: 'path' });
      const view = this.ownerOf(request.url);
      if (view) return this.send(reply, view, err, request);
      return sendRendered(reply, unowned(err.problem, request.method, path));
    });
  }

  /** The classification, with what only the server knows added (the body limit a too-large body passed). */
  private classified(err: unknown, request: { server?: FastifyInstance }): Problem {
    const problem = classify(err);
    const limit = request.server?.initialConfig.bodyLimit;
    if (problem.kind === 'too_large' && limit !== undefined && !problem.message.includes('bytes')) return { ...problem, message: `${problem.message} (at most ${limit} bytes)` };
    return problem;
  }

  /** An error of a request of `view`, rendered as its vendor does; internal ones are logged. */
  send(reply: FastifyReply, view: ViewDescriptor, err: unknown, request: FastifyRequest): FastifyReply {
    const problem = this.classified(err, request);
    if (problem.kind === 'internal') request.log.error({ err }, `${view.name} request failed`);
    return sendRendered(reply, view.render(err, problem, { method: request.method, url: request.url }));
  }

  /** Fastify's `frameworkErrors`: the router's errors, before any scope of a view has run. */
  readonly frameworkErrors = (err: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const url = request.raw.url ?? request.url ?? '/';
    const view = this.ownerOf(url);
    const problem = classify(err);
    if (view) void sendRendered(reply, view.render(err, problem, { method: request.method, url }));
    else void sendRendered(reply, unowned(problem, request.method, url.split('?')[0]));
  };

  /**
   * Node's HTTP parser's refusals (a request line or headers over its limit, a broken request): answered
   * in the format of the view whose path it is, when the request line can be read; the socket is closed.
   */
  readonly clientError = (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex): void => {
    if (!socket.writable) return void socket.destroy();
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const line = /^([A-Z]+) (\S+) HTTP\/1\.[01]/.exec(err.rawPacket?.toString('latin1', 0, 64 * 1024) ?? '');
    const problem: Problem = tooLarge
      ? { kind: 'headers_too_large', status: 431, message: 'the request line and headers are larger than the server reads (16 KiB)', where: 'headers', cause: err }
      : { kind: 'malformed', status: 400, message: 'the request cannot be read as HTTP/1.1', cause: err };
    const view = line ? this.ownerOf(line[2]) : undefined;
    const info: RequestInfo = { method: line?.[1] ?? 'GET', url: line?.[2] ?? '/' };
    const rendered = view ? view.render(err, problem, info) : unowned(problem, info.method, info.url.split('?')[0]);
    const body = bodyOf(rendered);
    const head = [`HTTP/1.1 ${rendered.status} ${STATUS_CODES[rendered.status] ?? ''}`, `content-type: ${rendered.contentType}`, `content-length: ${body.length}`, 'connection: close'];
    for (const [k, v] of Object.entries(rendered.headers ?? {})) head.push(`${k}: ${v}`);
    socket.end(Buffer.concat([Buffer.from(head.join('\r\n') + '\r\n\r\n', 'latin1'), body]));
  };
}

function bodyOf(r: Rendered): Buffer {
  if (Buffer.isBuffer(r.body)) return r.body;
  return Buffer.from(typeof r.body === 'string' ? r.body : JSON.stringify(r.body), 'utf8');
}

export function sendRendered(reply: FastifyReply, r: Rendered): FastifyReply {
  if (r.headers) reply.headers(r.headers);
  return reply.code(r.status).type(r.contentType).send(typeof r.body === 'string' || Buffer.isBuffer(r.body) ? r.body : JSON.stringify(r.body));
}

/** A path no API of ccsim serves: the admin envelope, pointing at the list of what is served. */
function unowned(problem: Problem, method: string, path: string): Rendered {
  const message = problem.kind === 'no_route' ? `no API of ccsim serves ${method} ${path}; /docs lists every route` : problem.message;
  const code = problem.kind === 'no_route' ? 'not_found' : problem.status === 431 ? 'bad_request' : problem.kind === 'internal' ? 'internal' : 'bad_request';
  return { status: problem.status, contentType: 'application/json; charset=utf-8', body: { error: { code, message } } };
}

/** Wires Node's parser errors of `app`'s server to the door (once the server exists). */
export function answerClientErrors(app: FastifyInstance, door: Door): void {
  app.server.removeAllListeners('clientError');
  app.server.on('clientError', door.clientError);
}
