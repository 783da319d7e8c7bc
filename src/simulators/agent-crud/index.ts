/**
 * The team's own call-center service (features.callcenterservice, seed 000) as a Fastify plugin: agents,
 * their status and queues, queues, call sessions, calls and call analytics under a configurable prefix
 * (`apis.agent_crud.prefix`, default `/api`), all backed by the one world of the Simulation. Routes only
 * parse and validate, call a command or a query, and map to the service's DTOs (mapper.ts); errors are
 * ASP.NET problem details (problems.ts). The only state here is the adapter's (adapter.ts).
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Simulation } from '../../simulation.js';
import { AgentCrudAdapter } from './adapter.js';
import { jsonBodiesOnly } from './body.js';
import { notFoundField, sendProblem } from './problems.js';
import { agentRoutes } from './routes/agents.js';
import { callSessionRoutes } from './routes/call-sessions.js';
import { callRoutes } from './routes/calls.js';
import { queueRoutes } from './routes/queues.js';
import { bodyAjv, schemaDocument, SCHEMA_ID } from './schema.js';

export interface AgentCrudOptions {
  simulation: Simulation;
}

export const agentCrudPlugin: FastifyPluginAsync<AgentCrudOptions> = async (app: FastifyInstance, { simulation }) => {
  const adapter = new AgentCrudAdapter(simulation, app.log);
  app.addHook('onClose', async () => adapter.close());
  if (!app.getSchema(SCHEMA_ID)) app.addSchema(schemaDocument);
  // Bodies are checked strictly: a string is not an integer, nothing is filled in.
  app.setValidatorCompiler(({ schema }) => bodyAjv.compile(schema));
  jsonBodiesOnly(app);
  app.setErrorHandler((err, _request, reply) => sendProblem(reply, err));
  // The prefix is read once, when the server starts: routes cannot move under a running server.
  const prefix = adapter.settings.prefix;
  await app.register(
    async (api) => {
      api.setNotFoundHandler((request, reply) => sendProblem(reply, notFoundField('$', `No such resource: ${request.method} ${request.url.split('?')[0]}`)));
      const opts = { adapter, base: prefix };
      await api.register(agentRoutes, opts);
      await api.register(queueRoutes, opts);
      await api.register(callSessionRoutes, opts);
      await api.register(callRoutes, opts);
    },
    { prefix },
  );
};
