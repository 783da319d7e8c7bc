/**
 * The Telphin queue REST API simulator (seed 001, docs/vendors.md §1) as a Fastify plugin:
 * POST /oauth/token, and under /api/ver1.0 the user, extensions, queue configuration and status,
 * agents in queues, the client's agents and event subscriptions, all backed by the one world of the
 * Simulation. Routes only parse and validate, call a command or a query, and map to Telphin's DTOs;
 * errors are Telphin's `{message, status?}`. The only state here is the adapter's (adapter.ts).
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Simulation } from '../../simulation.js';
import { TelphinAdapter } from './adapter.js';
import { addRateHeaders, authenticate, tokenRoutes } from './auth.js';
import { body, sendTelphinError } from './errors.js';
import { agentRoutes } from './routes/agents.js';
import { eventRoutes } from './routes/events.js';
import { extensionRoutes } from './routes/extensions.js';
import { queueAgentRoutes } from './routes/queue-agents.js';
import { queueRoutes } from './routes/queue.js';
import { userRoutes } from './routes/user.js';
import { bodyAjv, queryAjv, schemaDocument, SCHEMA_ID } from './schema.js';

export interface QueueRestOptions {
  simulation: Simulation;
}

export const API_PREFIX = '/api/ver1.0';

export const queueRestPlugin: FastifyPluginAsync<QueueRestOptions> = async (app: FastifyInstance, { simulation }) => {
  const adapter = new TelphinAdapter(simulation, app.log);
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
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : queryAjv).compile(schema));
  app.setErrorHandler((err, _request, reply) => sendTelphinError(reply, err));

  await app.register(tokenRoutes, { adapter });
  await app.register(
    async (api) => {
      api.addHook('onRequest', authenticate(adapter));
      api.addHook('onSend', addRateHeaders);
      api.setNotFoundHandler((request, reply) => reply.code(404).send(body(`No such resource: ${request.method} ${request.url.split('?')[0]}`)));
      const opts = { adapter };
      await api.register(userRoutes, opts);
      await api.register(extensionRoutes, opts);
      await api.register(queueRoutes, opts);
      await api.register(queueAgentRoutes, opts);
      await api.register(agentRoutes, opts);
      await api.register(eventRoutes, opts);
    },
    { prefix: API_PREFIX },
  );
};
