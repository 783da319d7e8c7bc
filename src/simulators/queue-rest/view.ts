/**
 * The Telphin queue REST API (seed 001, docs/vendors.md §1) as the front door sees it (shared/view.ts):
 * POST /oauth/token, and under /api/ver1.0 the user, extensions, queue configuration and status, agents
 * in queues, the client's agents, event subscriptions, call history, current calls, recordings and
 * click-to-call, all over the one world of the Simulation. Its credentials are OAuth2 client
 * credentials and bearer tokens (auth.ts; a recording's storage URL needs none), its bodies a form,
 * multipart or JSON at /oauth/token and JSON under /api/ver1.0, its errors `{message, status?}`
 * (errors.ts). Routes (routes/) only parse, call a command or a query and map to Telphin's DTOs; the
 * only state is the adapter's (adapter.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions as FastifyRouteOptions } from 'fastify';
import { readBodies } from '../shared/request-parsing.js';
import type { ViewDescriptor } from '../shared/view.js';
import { TelphinAdapter } from './adapter.js';
import { addRateHeaders, authenticate, BEARER_SCHEME, CLIENT_SCHEME, tokenRoutes } from './auth.js';
import { renderTelphinError } from './errors.js';
import { dropUnsetParameters } from './query.js';
import { agentRoutes } from './routes/agents.js';
import { callRoutes } from './routes/calls.js';
import { eventRoutes } from './routes/events.js';
import { extensionCallRoutes } from './routes/extension-calls.js';
import { extensionRoutes } from './routes/extensions.js';
import { queueAgentRoutes } from './routes/queue-agents.js';
import { queueRoutes } from './routes/queue.js';
import { recordRoutes, storageRoutes } from './routes/records.js';
import { userRoutes } from './routes/user.js';
import { bodyAjv, queryAjv, schemaDocument, SCHEMA_ID } from './schema.js';
import { compileOnce } from '../shared/compiled.js';

export const API_PREFIX = '/api/ver1.0';

/** The API under /api/ver1.0: bearer tokens, JSON bodies, the rate limit's headers. */
async function apiRoutes(api: FastifyInstance, { adapter }: { adapter: TelphinAdapter }): Promise<void> {
  // The API itself reads JSON only; forms and multipart are the token request's.
  readBodies(api, ['json']);
  // Every route names the bearer scheme, so Swagger UI's Authorize sends the token with "Try it out".
  api.addHook('onRoute', (route: FastifyRouteOptions) => {
    route.schema = { ...route.schema, security: [{ [BEARER_SCHEME]: [] }] };
  });
  api.addHook('onRequest', authenticate(adapter));
  api.addHook('preValidation', dropUnsetParameters);
  api.addHook('onSend', addRateHeaders);
  const opts = { adapter };
  await api.register(userRoutes, opts);
  await api.register(extensionRoutes, opts);
  await api.register(queueRoutes, opts);
  await api.register(queueAgentRoutes, opts);
  await api.register(agentRoutes, opts);
  await api.register(eventRoutes, opts);
  await api.register(callRoutes, opts);
  await api.register(recordRoutes, opts);
  await api.register(extensionCallRoutes, opts);
}

export const telphinView: ViewDescriptor = {
  name: 'telphin',
  tag: { name: 'telphin', description: 'Telphin queue REST API ver1.0 (/oauth/token, /api/ver1.0)' },
  // /oauth is Telphin's whole (its token path, and whatever a client gets wrong there: /oauth/token%00).
  paths: () => (path) => path === '/oauth' || path.startsWith('/oauth/') || path === API_PREFIX || path.startsWith(`${API_PREFIX}/`),
  credentials: {
    switchable: false,
    schemes: {
      [BEARER_SCHEME]: {
        type: 'oauth2',
        description: "A bearer token from /oauth/token for client_credentials (the scenario's apis.telphin client_id and client_secret; ccsim / ccsim-secret by default)",
        flows: { clientCredentials: { tokenUrl: '/oauth/token', scopes: {} } },
      },
      [CLIENT_SCHEME]: { type: 'http', scheme: 'basic', description: "/oauth/token's client_id and client_secret as HTTP Basic (instead of form fields)" },
    },
  },
  // A form first: the token request's own (the API under /api/ver1.0 reads JSON only).
  bodies: ['form', 'multipart', 'json'],
  render: renderTelphinError,
  async register(app, { simulation, instruments }) {
    const adapter = new TelphinAdapter(simulation, app.log, instruments.outgoing);
    app.addHook('onClose', async () => adapter.close());
    // Writes may change the view's own records: bump before and after, so no read caches across one.
    const countWrite = (req: FastifyRequest, _reply: FastifyReply, done: () => void) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') adapter.writes++;
      done();
    };
    app.addHook('onRequest', countWrite);
    app.addHook('onResponse', countWrite);
    if (!app.getSchema(SCHEMA_ID)) app.addSchema(schemaDocument);
    // Bodies are checked strictly (no coercion, no defaults written into a PUT); query strings leniently.
    app.setValidatorCompiler(({ schema, httpPart }) => compileOnce(httpPart === 'body' ? bodyAjv : queryAjv, schema));
    await app.register(tokenRoutes, { adapter });
    await app.register(apiRoutes, { adapter, prefix: API_PREFIX });
    // Recordings' files by their storage URLs, fetched without a token (Telphin's storage host).
    await app.register(storageRoutes, { adapter, prefix: API_PREFIX });
  },
  errorProblems(r) {
    const problems: string[] = [];
    if (!/^application\/json/.test(r.contentType)) problems.push(`content type ${r.contentType}, not JSON`);
    try {
      const b = JSON.parse(r.body);
      const keys = Object.keys(b ?? {});
      if (typeof b?.message !== 'string' || !keys.every((k) => k === 'message' || k === 'status') || (b.status !== undefined && typeof b.status !== 'string')) problems.push(`body is not {message, status?}: ${r.body.slice(0, 200)}`);
    } catch {
      problems.push(`body is not JSON: ${r.body.slice(0, 200)}`);
    }
    if (r.status < 400 || r.status >= 500) problems.push(`status ${r.status}, not a 4xx`);
    return problems;
  },
};
