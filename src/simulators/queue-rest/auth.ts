/**
 * OAuth2 for trusted applications (docs/vendors.md §1): POST /oauth/token with
 * grant_type=client_credentials, client_id and client_secret as a form (urlencoded or multipart, as PHP's
 * curl sends an array of fields), query parameters, JSON, or client_id and client_secret by HTTP Basic
 * (as Swagger UI's Authorize sends them); then `Authorization: Bearer <access_token>` on every
 * /api/ver1.0 request. A missing, unknown or expired token is a 401. Authenticated requests are counted
 * against the client's hourly limit (rate-limit.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessToken } from '../../generated/queue-rest/queue-rest.js';
import type { TelphinAdapter } from './adapter.js';
import { TelphinError, badRequest, unauthorized } from './errors.js';
import { rateHeaders, type RateState } from './rate-limit.js';
import { definitionValidator, queryAjv, ref } from './schema.js';

/** The rate-limit state of each authenticated request, for its response headers. */
const rateOf = new WeakMap<FastifyRequest, RateState>();

/** The OpenAPI security schemes of this API (the view's descriptor declares them, its routes name them). */
export const BEARER_SCHEME = 'telphinOAuth';
export const CLIENT_SCHEME = 'telphinClient';

/** The token request's fields, documented once per content type it is read in. */
const tokenBody = {
  content: Object.fromEntries(['application/x-www-form-urlencoded', 'multipart/form-data', 'application/json'].map((type) => [type, { schema: ref('TokenRequest') }])),
};

export async function tokenRoutes(app: FastifyInstance, { adapter }: { adapter: TelphinAdapter }): Promise<void> {
  app.post(
    '/oauth/token',
    {
      // A token request is a few fields.
      bodyLimit: 16 * 1024,
      schema: {
        tags: ['telphin'],
        summary: 'Telphin: an access token for client_credentials (form, multipart, query parameters, JSON or HTTP Basic)',
        description:
          'Fields (schema TokenRequest): grant_type=client_credentials, client_id, client_secret; as an application/x-www-form-urlencoded or multipart/form-data body, query parameters, JSON, or client_id and client_secret by HTTP Basic (the telphinClient scheme).',
        body: tokenBody,
        // Basic, or the fields themselves: either will do.
        security: [{ [CLIENT_SCHEME]: [] }, {}],
        response: { 200: ref('Token'), '4xx': ref('Error') },
      },
      // The body is documented above but read here, from the query, the body and Basic together (an
      // empty body with the fields in the query is a token request too).
      validatorCompiler: ({ schema, httpPart }) => (httpPart === 'body' ? () => true : queryAjv.compile(schema)),
    },
    async (req: FastifyRequest, reply: FastifyReply) => {
      const { t } = adapter.ensure();
      const fields = tokenFields(req);
      if (!fields.grant_type) throw badRequest("Missing required parameter 'grant_type'");
      if (fields.grant_type !== 'client_credentials') throw new TelphinError(400, `Unsupported grant_type '${fields.grant_type}': only client_credentials is supported`, 'unsupported_grant_type');
      if (!fields.client_id) throw badRequest("Missing required parameter 'client_id'");
      if (!fields.client_secret) throw badRequest("Missing required parameter 'client_secret'");
      const validate = definitionValidator('TokenRequest');
      if (!validate(fields)) {
        const e = validate.errors?.[0];
        throw badRequest(`Invalid parameter '${(e?.instancePath ?? '').replace(/^\//, '')}': ${e?.message ?? 'is not valid'}`);
      }
      const s = adapter.settings;
      if (fields.client_id !== s.client_id || fields.client_secret !== s.client_secret) throw unauthorized('Invalid client_id or client_secret');
      const token: AccessToken = { access_token: adapter.tokens.issue(t, s.token_ttl_seconds, s), expires_in: s.token_ttl_seconds, token_type: 'Bearer' };
      // Telphin answers the token request with 200 (an OAuth2 token endpoint), not 201.
      return reply.code(200).header('cache-control', 'no-store').send(token);
    },
  );
}

/** RFC 6749 §2.3.1 %-encodes Basic's parts; a client that does not (Swagger UI) may send a bare '%'. */
function basicPart(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function tokenFields(req: FastifyRequest): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  const take = (src: unknown) => {
    if (!src || typeof src !== 'object' || Array.isArray(src)) return;
    for (const [k, v] of Object.entries(src as Record<string, unknown>)) {
      const value = Array.isArray(v) ? v[v.length - 1] : v;
      if (typeof value === 'string' || typeof value === 'number') out[k] = String(value);
    }
  };
  take(req.query);
  take(req.body);
  const auth = req.headers.authorization;
  if (auth && /^basic\s+/i.test(auth)) {
    const decoded = Buffer.from(auth.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) {
      out.client_id ??= basicPart(decoded.slice(0, i));
      out.client_secret ??= basicPart(decoded.slice(i + 1));
    }
  }
  return out;
}

/**
 * onRequest of every /api/ver1.0 route: the bearer token, then the client's hourly counter (in callback
 * style: it runs on every request, and a promise per request costs).
 */
export function authenticate(adapter: TelphinAdapter) {
  return (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void => {
    try {
      authorize(adapter, req);
      done();
    } catch (err) {
      done(err as Error);
    }
  };
}

function authorize(adapter: TelphinAdapter, req: FastifyRequest): void {
  const { t, epochMs } = adapter.ensure();
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!header) throw unauthorized('Authorization required: send Authorization: Bearer <access_token> (POST /oauth/token)');
  if (!match) throw unauthorized('Malformed Authorization header: expected Bearer <access_token>');
  const token = adapter.tokens.check(match[1], t);
  if (token === 'unknown') throw unauthorized('Invalid access token');
  if (token === 'expired') throw unauthorized('Access token expired: request a new one');
  const rate = adapter.rate.hit(epochMs, adapter.settings.rate_limit_per_hour);
  rateOf.set(req, rate);
  if (rate.exceeded) throw new TelphinError(429, `Rate limit exceeded: ${rate.limit} requests per hour; the counter resets in ${rate.reset} s`, 'rate_limit_exceeded');
}

/** onSend: the X-RateLimit-* headers on every authenticated response, errors included. */
export function addRateHeaders(req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, payload: unknown) => void): void {
  const rate = rateOf.get(req);
  if (rate) reply.headers(rateHeaders(rate));
  done(null, payload);
}
