import { AgentCrudAdapter } from './adapter.js';
import { jsonBodiesOnly } from './body.js';
import { notFoundField, sendProblem } from './problems.js';
import { agentRoutes } from './routes/agents.js';
import { callSessionRoutes } from './routes/call-sessions.js';
import { callRoutes } from './routes/calls.js';
import { queueRoutes } from './routes/queues.js';
import { bodyAjv, schemaDocument, SCHEMA_ID } from './schema.js';
export const agentCrudPlugin = async (app, { simulation }) => {
    const adapter = new AgentCrudAdapter(simulation, app.log);
    app.addHook('onClose', async () => adapter.close());
    if (!app.getSchema(SCHEMA_ID))
        app.addSchema(schemaDocument);
    // Bodies are checked strictly: a string is not an integer, nothing is filled in.
    app.setValidatorCompiler(({ schema }) => bodyAjv.compile(schema));
    jsonBodiesOnly(app);
    app.setErrorHandler((err, _request, reply) => sendProblem(reply, err));
    // The prefix is read once, when the server starts: routes cannot move under a running server.
    const prefix = adapter.settings.prefix;
    await app.register(async (api) => {
        api.setNotFoundHandler((request, reply) => sendProblem(reply, notFoundField('$', `No such resource: ${request.method} ${request.url.split('?')[0]}`)));
        const opts = { adapter, base: prefix };
        await api.register(agentRoutes, opts);
        await api.register(queueRoutes, opts);
        await api.register(callSessionRoutes, opts);
        await api.register(callRoutes, opts);
    }, { prefix });
};
