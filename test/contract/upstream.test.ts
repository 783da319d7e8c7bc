/**
 * A sixth API is one descriptor: this test defines a minimal upstream ("echo": a read of the world and a
 * write with a JSON body, its own error format `{"fault": {kind, text}}`), registers it beside the five,
 * and runs the door's whole contract suite on it. Everything the suite checks (unknown routes, router
 * errors, bad escapes, bodies, Node's header limit, a reset) the door gives the new view for free.
 */
import t from 'tap';
import type { ViewDescriptor } from '../../src/simulators/shared/view.js';
import { invalid } from '../../src/scenarios/callcenter/errors.js';
import { contractApp, contractSuite } from './suite.js';

const echoView: ViewDescriptor = {
  name: 'echo',
  tag: { name: 'echo', description: 'A test upstream' },
  paths: () => (path) => path === '/echo' || path.startsWith('/echo/'),
  credentials: { switchable: true, schemes: { echoKey: { type: 'apiKey', in: 'header', name: 'x-echo-key' } } },
  bodies: ['json'],
  render: (_err, problem) => ({ status: problem.status, contentType: 'application/json', body: { fault: { kind: problem.kind, text: problem.message } } }),
  async register(app, { simulation }) {
    app.get('/echo/agents/:id', async (req) => {
      const { id } = req.params as { id: string };
      const agent = simulation.read((q) => q.agent(id));
      if (!agent) throw invalid(`no agent '${id}'`, 'id');
      return { id: agent.id, status: agent.status };
    });
    app.post('/echo/agents/:id/status', { schema: { body: { type: 'object', required: ['status'], properties: { status: { type: 'string' } } } } }, async (req) => {
      const { id } = req.params as { id: string };
      simulation.command((c) => c.setAgentStatus(id, (req.body as { status: string }).status));
      return { ok: true };
    });
  },
  errorProblems(r) {
    const problems: string[] = [];
    try {
      const b = JSON.parse(r.body);
      if (typeof b?.fault?.kind !== 'string' || typeof b?.fault?.text !== 'string' || Object.keys(b).length !== 1) problems.push(`not {fault}: ${r.body.slice(0, 200)}`);
    } catch {
      problems.push(`not JSON: ${r.body.slice(0, 200)}`);
    }
    if (r.status < 400 || r.status >= 500) problems.push(`status ${r.status}`);
    return problems;
  },
};

t.test('a minimal upstream registered beside the five passes the door\'s contract', async (t) => {
  await contractSuite(t, echoView, {
    base: '/echo',
    probe: async () => ({ method: 'GET', url: '/echo/agents/alice' }),
    paramPath: '/echo/agents/',
    withBody: async () => ({ method: 'POST', url: '/echo/agents/alice/status' }),
  });
});

t.test('its domain errors and validation come classified, in its own format', async (t) => {
  const app = await contractApp(echoView);
  t.teardown(() => app.close());
  const set = (status: string) => app.inject({ method: 'POST', url: '/echo/agents/alice/status', payload: { status } });
  t.same((await set('on_break')).json(), { ok: true });
  t.match((await set('asleep')).json(), { fault: { kind: 'invalid', text: /status must be one of/ } });
  t.match((await app.inject('/echo/agents/nobody')).json(), { fault: { kind: 'invalid', text: "no agent 'nobody'" } });
  t.match((await app.inject({ method: 'POST', url: '/echo/agents/alice/status', payload: {} })).json(), { fault: { kind: 'invalid', text: /status' is required/ } });
  const docs = (await app.inject('/docs/json')).json();
  t.ok(docs.tags.some((tag: { name: string }) => tag.name === 'echo'), 'its OpenAPI tag');
  t.same(docs.components.securitySchemes.echoKey, { type: 'apiKey', in: 'header', name: 'x-echo-key' }, 'its security scheme');
  t.same(docs.paths['/echo/agents/{id}'].get.security, [{ echoKey: [] }], 'its routes name it');
  const { SWITCHABLE_AUTH } = await import('../../src/simulators/registry.js');
  t.notOk(SWITCHABLE_AUTH.includes('echo'), 'the registry of the five is not changed by a test view');
});
