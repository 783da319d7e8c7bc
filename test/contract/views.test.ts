/**
 * The front door's contract suite (suite.ts) over every API of the registry, each with its fixture: where
 * its routes are, a read that works (with its credentials), a path with a parameter, a request with a body.
 * A view of the registry without a fixture here fails: the suite is every view's.
 */
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { VIEWS } from '../../src/simulators/registry.js';
import { authV2 } from '../simulators/cti-status/signer.js';
import { contractSuite, type ContractFixture } from './suite.js';

async function telphinToken(app: FastifyInstance): Promise<Record<string, string>> {
  const r = await app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials&client_id=ccsim&client_secret=ccsim-secret' });
  return { authorization: `Bearer ${r.json().access_token}` };
}

const CMS = '/rest/cmsapp/v1/openapi';
/** A signed CC-CMS request, its timestamp the simulated clock's start (the app's clock stands there). */
function huawei(app: FastifyInstance, path: string, body: unknown) {
  const url = `${CMS}${path}`;
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8', host: 'cms.example:28443' };
  headers.authorization = authV2({ ak: 'ccsim-ak', sk: 'ccsim-sk', method: 'POST', url, headers, sign: ['content-type', 'host'], epochMs: Date.parse('2026-11-20T09:00:00Z') });
  void app;
  return { method: 'POST' as const, url, headers, payload: JSON.stringify(body) };
}

const FIXTURES: Record<string, ContractFixture> = {
  telphin: {
    base: '/api/ver1.0',
    probe: async (app) => ({ method: 'GET', url: '/api/ver1.0/extension/1000/queue/status/', headers: await telphinToken(app) }),
    paramPath: '/api/ver1.0/extension/',
    withBody: async (app) => ({ method: 'POST', url: '/api/ver1.0/extension/1000/event/', headers: await telphinToken(app) }),
  },
  'agent-crud': {
    base: '/api',
    probe: async () => ({ method: 'GET', url: '/api/agents' }),
    paramPath: '/api/agents/',
    withBody: async () => ({ method: 'POST', url: '/api/agents' }),
  },
  huawei: {
    base: CMS,
    probe: async (app) => huawei(app, '/agentgroup/agentbyworkno', { queryParam: { ccId: 1, vdn: 1, agentId: 101 } }),
    paramPath: `${CMS}/agentgroup/`,
    withBody: async (app) => huawei(app, '/agentgroup/agentbyworkno', {}),
  },
  arm: {
    base: '/ccsim.local/service/cc/arm',
    probe: async () => ({ method: 'POST', url: '/ccsim.local/service/cc/arm/call_history', headers: { 'content-type': 'text/xml' }, payload: '<in><request><filters limit="5"/></request></in>' }),
    paramPath: '/ccsim.local/service/cc/arm/',
    withBody: async () => ({ method: 'POST', url: '/ccsim.local/service/cc/arm/call_history' }),
  },
  conpeek: {
    base: '/cdr_dialog',
    probe: async () => ({ method: 'GET', url: '/cdr_dialog?limit=5', headers: { authorization: 'ccsim-conpeek-key' } }),
    paramPath: '/dialog/',
    withBody: async () => ({ method: 'PUT', url: '/dialog/00000000-0000-4000-8000-000000000000/hangup', headers: { authorization: 'ccsim-conpeek-key' } }),
  },
};

for (const view of VIEWS) {
  t.test(`the door's contract: ${view.name}`, async (t) => {
    const fixture = FIXTURES[view.name];
    if (!fixture) return t.fail(`no contract fixture for the view '${view.name}': add one to test/contract/views.test.ts`);
    await contractSuite(t, view, fixture);
  });
}

/** The admin plane's envelope: `{"error": {code, message, field?}}` (schemas/admin, Error). */
const admin = {
  name: 'admin',
  errorProblems(r: { status: number; contentType: string; body: string }) {
    const problems: string[] = [];
    if (!/^application\/json/.test(r.contentType)) problems.push(`content type ${r.contentType}, not JSON`);
    try {
      const b = JSON.parse(r.body);
      if (typeof b?.error?.code !== 'string' || typeof b?.error?.message !== 'string' || Object.keys(b).length !== 1) problems.push(`body is not {error: {code, message}}: ${r.body.slice(0, 200)}`);
    } catch {
      problems.push(`body is not JSON: ${r.body.slice(0, 200)}`);
    }
    if (r.status < 400 || r.status >= 500) problems.push(`status ${r.status}, not a 4xx`);
    return problems;
  },
};

t.test("the door's contract: the admin plane", async (t) => {
  await contractSuite(t, admin, {
    base: '/__admin',
    probe: async () => ({ method: 'GET', url: '/__admin/clock' }),
    paramPath: '/__admin/agents/',
    withBody: async () => ({ method: 'POST', url: '/__admin/calls' }),
  });
});
