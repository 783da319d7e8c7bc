/**
 * The agent CRUD service (features.callcenterservice, seed 000) as the front door sees it
 * (shared/view.ts), and its entry point: agents, their status and queues, queues, call sessions, calls and
 * call analytics under a prefix that is a setting of the scenario (`apis.agent_crud.prefix`, `/api` by
 * default, read when the server starts), JSON bodies only (ASP.NET's [FromBody]), ASP.NET problem details
 * for every error (errors.ts), and no credentials (the real service sits behind the team's gateway). The
 * routes are in routes/, the view's own state in adapter.ts.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ViewDescriptor } from '../shared/view.js';
import { AgentCrudAdapter } from './adapter.js';
import { EMPTY_BODY, invalidField, renderAgentCrudError } from './errors.js';
import { agentRoutes } from './routes/agents.js';
import { callSessionRoutes } from './routes/call-sessions.js';
import { callRoutes } from './routes/calls.js';
import { queueRoutes } from './routes/queues.js';
import { bodyAjv, schemaDocument, SCHEMA_ID } from './schema.js';
import { compileOnce } from '../shared/compiled.js';
import { readSettings } from './settings.js';

const quiet = { warn() {}, error() {}, info() {}, debug() {}, trace() {}, fatal() {}, child: () => quiet } as unknown as FastifyBaseLogger;

export const agentCrudView: ViewDescriptor = {
  name: 'agent-crud',
  tag: { name: 'agent-crud', description: 'The call-center service (features.callcenterservice): agents, queues, call sessions, calls (/api). No credentials: the real service sits behind the team\'s gateway.' },
  paths(simulation) {
    const prefix = readSettings(simulation.scenario.apis, quiet).prefix;
    return (path) => path === prefix || path.startsWith(`${prefix}/`);
  },
  bodies: ['json'],
  render: renderAgentCrudError,
  async register(app, { simulation }) {
    const adapter = new AgentCrudAdapter(simulation, app.log);
    app.addHook('onClose', async () => adapter.close());
    if (!app.getSchema(SCHEMA_ID)) app.addSchema(schemaDocument);
    // Bodies are checked strictly: a string is not an integer, nothing is filled in.
    app.setValidatorCompiler(({ schema }) => compileOnce(bodyAjv, schema));
    // The door reads an empty body as no body; a route that takes one answers as [FromBody] does.
    app.addHook('preValidation', async (request) => {
      if (request.body === undefined && request.routeOptions.schema?.body !== undefined) throw invalidField('$', EMPTY_BODY);
    });
    // The prefix is read once, when the server starts: routes cannot move under a running server.
    const prefix = adapter.settings.prefix;
    await app.register(
      async (api) => {
        const opts = { adapter, base: prefix };
        await api.register(agentRoutes, opts);
        await api.register(queueRoutes, opts);
        await api.register(callSessionRoutes, opts);
        await api.register(callRoutes, opts);
      },
      { prefix },
    );
  },
  errorProblems(r) {
    const problems: string[] = [];
    if (!/^application\/problem\+json/.test(r.contentType)) problems.push(`content type ${r.contentType}, not application/problem+json`);
    try {
      const b = JSON.parse(r.body);
      if (typeof b?.type !== 'string' || typeof b?.title !== 'string' || b?.status !== r.status) problems.push(`body is not problem details {type, title, status}: ${r.body.slice(0, 200)}`);
    } catch {
      problems.push(`body is not JSON: ${r.body.slice(0, 200)}`);
    }
    if (r.status < 400 || r.status >= 500) problems.push(`status ${r.status}, not a 4xx`);
    return problems;
  },
};
