/**
 * The front of a served ccsim: it owns the listening HTTP servers and hands each request and each
 * WebSocket upgrade to the tenant it chose (choice.ts), whose app routes it as if it were alone: a
 * `/__t/{tenant}` prefix is stripped from the URL first (and named in the PREFIX_HEADER, so the app's
 * links keep it: simulators/shared/base-path.ts), a request to `app.routing`, an upgrade emitted on the
 * app's own (never listening) server, where @fastify/websocket listens. /__admin/tenants goes to the
 * default tenant's app whatever was chosen, and makes no tenant. Node's parser errors are answered by
 * the default tenant's door. A bad choice (a tenant id that is no DNS label, two ways naming different
 * tenants) is a 400 and a tenant the limit refuses a 503, both in the admin plane's error envelope,
 * answered here: no tenant's journal or recording sees them. Each request, event stream and WebSocket
 * counts as its tenant's activity while it is open (tenants.ts evicts idle ones).
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { lookup } from 'node:dns/promises';
import { networkInterfaces } from 'node:os';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import inject, { type InjectOptions, type Response as InjectResponse } from 'light-my-request';
import type { FastifyBaseLogger } from 'fastify';
import { adminError, toAdminError } from '../admin/errors.js';
import { PREFIX_HEADER } from '../simulators/shared/base-path.js';
import { isTenantRoute } from '../simulators/shared/worldless.js';
import { chooseTenant } from './choice.js';
import type { Tenant, Tenants } from './tenants.js';


export class Front {
  /** The listening servers (one per address; two for `localhost` when it resolves to IPv4 and IPv6). */
  readonly servers: Server[] = [];
  /** Every TCP connection of the servers, upgraded ones included (Node's own list has only HTTP ones). */
  readonly sockets = new Set<Socket>();

  constructor(
    readonly tenants: Tenants,
    private readonly domains: readonly string[],
  ) {}

  private get log(): FastifyBaseLogger {
    return this.tenants.default.app.log;
  }

  readonly request = (req: IncomingMessage, res: ServerResponse): void => {
    const picked = this.pick(req);
    if ('status' in picked) return void sendError(res, picked.status, picked.body);
    const go = (tenant: Tenant) => {
      res.once('close', tenant.begin());
      tenant.app.routing(req, res);
    };
    if (!(picked.tenant instanceof Promise)) return go(picked.tenant);
    picked.tenant.then(go, (err: unknown) => {
      const { status, body } = toAdminError(err);
      if (status >= 500 && status !== 503) this.log.error({ err }, 'making a tenant failed');
      sendError(res, status, body);
    });
  };

  readonly upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // Node has taken its own error listener off the socket; until a WebSocket owns it, an error ends it.
    socket.on('error', () => socket.destroy());
    const picked = this.pick(req);
    if ('status' in picked) return refuseUpgrade(socket, picked.status, picked.body);
    const go = (tenant: Tenant) => {
      socket.once('close', tenant.begin());
      tenant.app.server.emit('upgrade', req, socket, head);
    };
    if (!(picked.tenant instanceof Promise)) return go(picked.tenant);
    picked.tenant.then(go, (err: unknown) => {
      const { status, body } = toAdminError(err);
      refuseUpgrade(socket, status, body);
    });
  };

  /** Node's parser refused a request: the default tenant's door answers it, in the format of the API its path (without a tenant prefix) names. */
  readonly clientError = (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex): void => {
    if (err.rawPacket) {
      const text = err.rawPacket.toString('latin1');
      const stripped = text.replace(/^([A-Z]+ )\/__t\/[^/ ?]*/, '$1');
      if (stripped !== text) err.rawPacket = Buffer.from(stripped.replace(/^([A-Z]+ )(?= )/, '$1/'), 'latin1');
    }
    this.tenants.default.app.server.emit('clientError', err, socket);
  };

  /** A request through the front without a socket (light-my-request), as a test or an example sends one. */
  inject(options: InjectOptions | string): Promise<InjectResponse> {
    return inject(this.request, options);
  }

  /** Listens on `host:port` as Fastify's listen would (every address of `localhost`), and logs where. */
  async listen(port: number, host: string): Promise<string[]> {
    const config = this.tenants.default.app.initialConfig;
    const addresses = host === 'localhost' ? (await lookup(host, { all: true })).map((a) => a.address) : [host];
    for (const [i, address] of addresses.entries()) {
      const server = createServer();
      server.keepAliveTimeout = config.keepAliveTimeout ?? 72_000;
      // Fastify's default: no limit on a request's time (a long poll, an event stream).
      server.requestTimeout = 0;
      server.setTimeout(config.connectionTimeout ?? 0);
      server.on('request', this.request);
      server.on('upgrade', this.upgrade);
      server.on('clientError', this.clientError);
      server.on('connection', (socket: Socket) => {
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
      });
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ port: i === 0 ? port : (this.servers[0].address() as { port: number }).port, host: address }, () => {
            server.off('error', reject);
            resolve();
          });
        });
      } catch (err) {
        // As Fastify does: a second address of localhost that cannot be bound is passed over.
        if (i === 0) throw err;
        continue;
      }
      this.servers.push(server);
    }
    const listening = this.servers.flatMap((s) => urlsOf(s));
    for (const url of listening) this.log.info(`Server listening at ${url}`);
    return listening;
  }

  /** No new connection is taken; idle keep-alive ones close, and `closed` resolves when every connection has ended. */
  stopListening(): { closed: Promise<void> } {
    const closed = Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))).then(() => undefined);
    for (const s of this.servers) s.closeIdleConnections();
    return { closed };
  }

  closeIdleConnections(): void {
    for (const s of this.servers) s.closeIdleConnections();
  }

  closeAllConnections(): void {
    for (const s of this.servers) s.closeAllConnections();
  }

  /** The tenant a request chose (its URL rewritten for the tenant's app), or the error to answer. */
  private pick(req: IncomingMessage): { tenant: Tenant | Promise<Tenant> } | { status: number; body: unknown } {
    const choice = chooseTenant(req, this.domains);
    if ('problem' in choice) return adminError(400, 'bad_request', choice.problem, choice.field);
    // Only the front says what prefix a request had.
    delete req.headers[PREFIX_HEADER];
    if (choice.prefix !== '') {
      req.url = choice.url;
      req.headers[PREFIX_HEADER] = choice.prefix;
    }
    try {
      return { tenant: isTenantRoute(choice.url) ? this.tenants.default : this.tenants.get(choice.id) };
    } catch (err) {
      return toAdminError(err);
    }
  }
}

function sendError(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function refuseUpgrade(socket: Duplex, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  const head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n`;
  if (socket.writable) socket.end(head + text);
  else socket.destroy();
}

/** What Fastify logs for a server: each IPv4 address of 0.0.0.0, internal ones first; an IPv6 one in brackets. */
function urlsOf(server: Server): string[] {
  const a = server.address();
  if (a === null || typeof a === 'string') return a === null ? [] : [a];
  if (a.address.includes(':')) return [`http://[${a.address}]:${a.port}`];
  const hosts =
    a.address === '0.0.0.0'
      ? Object.values(networkInterfaces())
          .flatMap((i) => i ?? [])
          .filter((i) => i.family === 'IPv4')
          .sort((x, y) => Number(y.internal) - Number(x.internal))
          .map((i) => i.address)
      : [a.address];
  return hosts.map((h) => `http://${h}:${a.port}`);
}

