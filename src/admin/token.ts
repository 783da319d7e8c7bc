/**
 * The optional admin token (`ccsim serve --admin-token`, `CCSIM_ADMIN_TOKEN`). When the server has one,
 * every /__admin route but `GET /__admin/health` (the image's HEALTHCHECK) needs
 * `Authorization: Bearer <token>`; a GET may carry it as `?token=<token>` instead, because a page a browser
 * opens and an EventSource cannot send headers. A missing or wrong token is a 401 in the admin envelope
 * with a `WWW-Authenticate: Bearer` challenge, before anything is parsed or applied. The guard also marks
 * the guarded routes in the OpenAPI description (so /docs offers "Authorize"), and `logWithoutTokens`
 * keeps a `?token=` out of the request log. It guards neither /docs (the API description only, no state)
 * nor the vendor APIs, which have their own credentials.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { adminError } from './errors.js';

/** The OpenAPI security scheme of the admin token (declared in app.ts's OpenAPI components). */
export const ADMIN_SECURITY_SCHEME = 'adminToken';

const REALM = 'Bearer realm="ccsim admin"';

/** A token the server accepts: visible ASCII, no spaces (what an Authorization header can carry). */
export function tokenProblem(token: string): string | null {
  if (token === '') return 'must not be empty';
  if (!/^[\x21-\x7e]+$/.test(token)) return 'must be printable ASCII without spaces';
  return null;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Installs the guard on the admin plugin's context (its routes and its not-found handler). Call it before
 * the routes are declared, so that each one is marked in the OpenAPI description. No token: no guard.
 */
export function guardAdmin(app: FastifyInstance, token: string | undefined): void {
  if (token === undefined) return;
  const problem = tokenProblem(token);
  if (problem) throw new Error(`the admin token ${problem}`);
  const expected = digest(token);
  const open = `${app.prefix}/health`;
  const isOpen = (method: string, url: string | undefined) => url === open && (method === 'GET' || method === 'HEAD');

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((m) => isOpen(m, route.url))) return;
    const schema = route.schema ?? {};
    route.schema = { ...schema, security: [{ [ADMIN_SECURITY_SCHEME]: [] }], response: { ...(schema.response as object | undefined), 401: { $ref: 'admin#/definitions/Error' } } } as typeof schema;
  });

  app.addHook('onRequest', async (request, reply) => {
    const get = request.method === 'GET' || request.method === 'HEAD';
    const query = request.query as Record<string, unknown> | null;
    const inQuery = query?.token;
    // The routes' querystring schemas know nothing of the token.
    if (inQuery !== undefined) delete (query as Record<string, unknown>).token;
    const fromQuery = get ? inQuery : undefined;
    if (isOpen(request.method, request.routeOptions.url)) return;
    const header = request.headers.authorization;
    if (header !== undefined) {
      const m = /^bearer +([\x21-\x7e]+) *$/i.exec(header);
      if (!m) return refuse(reply, 'invalid_request', "the Authorization header must be 'Bearer <admin token>'");
      if (!matches(m[1], expected)) return refuse(reply, 'invalid_token', 'the admin token is wrong');
      return;
    }
    if (fromQuery !== undefined) {
      if (typeof fromQuery !== 'string' || !matches(fromQuery, expected)) return refuse(reply, 'invalid_token', 'the admin token (?token=) is wrong');
      return;
    }
    const hint = get ? ' (or ?token=<token> on a GET)' : inQuery !== undefined ? ' (?token= counts on a GET only)' : '';
    return refuse(reply, null, `${request.method} ${request.url.split('?')[0]} needs the admin token: send 'Authorization: Bearer <token>'${hint}`);
  });
}

/** Compares in constant time: digests have one length whatever was sent. */
function matches(presented: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(presented), expected);
}

function refuse(reply: FastifyReply, error: 'invalid_request' | 'invalid_token' | null, message: string): FastifyReply {
  const { status, body } = adminError(401, 'unauthorized', message);
  return reply
    .code(status)
    .header('www-authenticate', error ? `${REALM}, error="${error}"` : REALM)
    .type('application/json')
    .send(body);
}

type LoggerOption = FastifyServerOptions['logger'];

const TOKEN_IN_URL = /([?&]token=)[^&#\s]*/gi;

/** A URL (or a message quoting one) with the value of any `token` query parameter replaced. */
export function redactUrl(url: string): string {
  return /token=/i.test(url) ? url.replace(TOKEN_IN_URL, '$1[redacted]') : url;
}

/**
 * Fastify's logger options with `?token=` values masked: in the `req` of "incoming request" (Fastify's own
 * request serializer, field for field, but for the URL) and in any message string (Fastify's default 404
 * logs "Route GET:/… not found" with the raw URL). Headers are never logged, so a Bearer token is not.
 */
export function logWithoutTokens(logger: LoggerOption): LoggerOption {
  if (!logger) return false;
  const options = logger === true ? {} : logger;
  return {
    ...options,
    serializers: {
      ...options.serializers,
      req: (req: FastifyRequest) => ({
        method: req.method,
        url: redactUrl(req.url),
        version: req.headers?.['accept-version'] as string | undefined,
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket ? req.socket.remotePort : undefined,
      }),
    },
    hooks: {
      ...options.hooks,
      logMethod(args, method, level) {
        for (let i = 0; i < args.length; i++) if (typeof args[i] === 'string') (args as unknown[])[i] = redactUrl(args[i] as string);
        const next = options.hooks?.logMethod;
        return next ? next.call(this, args, method, level) : method.apply(this, args);
      },
    },
  };
}
