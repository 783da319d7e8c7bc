/**
 * Pacts made from the journal (GET /__admin/pact): which values get a type matcher and which stay exact,
 * that no credential reaches the file, that the provider states are the admin calls that came before an
 * exchange, and that each distinct request is one interaction with a description of its own.
 */
import t from 'tap';
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { Simulation } from '../../src/simulation.js';
import { loadScenarioFile } from '../../src/scenarios/load-scenario.js';
import { generatedLeaf, jsonRules, xmlRules } from '../../src/pact/matchers.js';
import { withoutCredentials } from '../../src/pact/builder.js';

const FILE = new URL('../../examples/pact/scenarios.yaml', import.meta.url).pathname;
const pactSchema = JSON.parse(readFileSync(new URL('../../schemas/admin/pact.schema.json', import.meta.url), 'utf8'));
const TYPE = { matchers: [{ match: 'type' }] };

t.test('type matchers for what the world makes, exact values for the contract’s constants', async (t) => {
  const body = {
    id: 1,
    extension_id: 1001,
    name: 'Troy Wintheiser',
    status: 'on_break',
    agentStatus: 5,
    token_type: 'Bearer',
    waiting_members: 2,
    createDateTime: '2026-11-20T09:00:00.000Z',
    success: true,
    extra_params: null,
    message: 'agent_not_found',
    result: '0',
    data: [{ dialog_uuid: '067c7de3-b50a-4bef-ae0b-6089b67cd2c6', business_direction: 'INBOUND', 'odd key': 'x' }],
  };
  t.same(jsonRules(body), {
    '$.id': TYPE,
    '$.extension_id': TYPE,
    '$.name': TYPE,
    '$.waiting_members': TYPE,
    '$.createDateTime': TYPE,
    '$.data': { matchers: [{ match: 'type', min: 0 }] },
    '$.data[*].dialog_uuid': TYPE,
  });
  t.equal(generatedLeaf('status', 'on_break'), null, 'an enum is exact');
  t.equal(generatedLeaf('agentStatus', 4), null, 'a numeric enum too');
  t.equal(generatedLeaf('resultCode', '0101003'), null, 'an error code too');
  t.ok(generatedLeaf('callId', 'abc'), 'an id is the world’s');
  t.ok(generatedLeaf('count', 3), 'a count too');
  t.ok(generatedLeaf('anything', '+74951234567'), 'a phone number by its look');
  t.same(jsonRules([{ id: 1 }]), { $: { matchers: [{ match: 'type', min: 0 }] }, '$[*].id': TYPE }, 'a list at the top');
});

t.test('an XML body’s rules by Pact’s XML paths', async (t) => {
  const rules = xmlRules('<out xmlns:xs="x" xs:noNamespaceSchemaLocation="a.xsd"><response timestamp="2026/11/20 09:00:00" session_id="arm-1"><agent agent_id="101" status="auxwork" reason="lunch"/><url>/r/1.wav</url><url>/r/2.wav</url></response></out>');
  t.same(rules, {
    "$.out.response['@timestamp']": TYPE,
    "$.out.response['@session_id']": TYPE,
    "$.out.response.agent['@agent_id']": TYPE,
    '$.out.response.url': { matchers: [{ match: 'type', min: 0 }] },
    "$.out.response.url[*]['#text']": TYPE,
  });
  t.same(xmlRules('not xml <'), {}, 'a body that is not XML gets none');
});

t.test('credentials are left out of request bodies', async (t) => {
  t.equal(withoutCredentials('grant_type=client_credentials&client_id=ccsim&client_secret=s3cret', 'application/x-www-form-urlencoded'), 'grant_type=client_credentials&client_id=ccsim');
  t.same(withoutCredentials('{"app_key":"ak","app_secret":"sk","nested":{"password":"p","keep":1}}', 'application/json'), { nested: { keep: 1 } });
  t.equal(withoutCredentials('<in><request agent_id="100" password="pw"/></in>', 'text/xml'), '<in><request agent_id="100"/></in>');
});

async function session(): Promise<{ app: FastifyInstance; pact: (api: string) => Promise<Record<string, unknown> & { interactions: Record<string, any>[]; metadata: any }> }> {
  const sim = new Simulation({ scenario: loadScenarioFile(FILE, { scenario: 'pact' }), clock: 'manual', speed: 1 });
  const app = await buildApp({ simulation: sim, scenarioFile: FILE });
  await app.ready();
  return { app, pact: async (api) => JSON.parse((await app.inject(`/__admin/pact?api=${api}&consumer=tester`)).body) };
}

t.test('a pact of one API: distinct requests, inferred states, no credentials, unique descriptions', async (t) => {
  const { app, pact } = await session();
  t.teardown(() => app.close());
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const token = JSON.parse((await app.inject({ method: 'POST', url: '/oauth/token', headers: form, payload: 'grant_type=client_credentials&client_id=ccsim&client_secret=ccsim-secret' })).body).access_token;
  const auth = { authorization: `Bearer ${token}` };
  await app.inject({ url: '/api/ver1.0/client/@me/agent/local/1', headers: auth });
  await app.inject({ url: '/api/ver1.0/client/@me/agent/local/1', headers: auth });
  await app.inject({ method: 'POST', url: '/__admin/agents/agent-1/status', payload: { status: 'on_break' } });
  await app.inject({ url: '/api/ver1.0/client/@me/agent/local/1', headers: auth });
  await app.inject({ method: 'POST', url: '/__admin/calls', payload: { queue: 'support', number: '+74957770000' } });
  await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 30 } });
  await app.inject({ url: '/api/ver1.0/extension/1000/queue/status/?token=leaked', headers: auth });
  await app.inject({ method: 'POST', url: '/__admin/faults', payload: { match: { api: 'telphin' }, fault: { kind: 'status', status: 503 }, times: 1 } });
  await app.inject({ url: '/api/ver1.0/extension/1000/queue/', headers: auth });
  await app.inject({ url: '/api/agents/1' });
  const p = await pact('telphin');
  const ajv = new Ajv({ strict: false });
  t.ok(ajv.validate(pactSchema.definitions.PactFile, p), ajv.errorsText());
  t.same(p.consumer, { name: 'tester' });
  t.same(p.provider, { name: 'ccsim-telphin' });
  const text = JSON.stringify(p);
  for (const secret of [token, 'ccsim-secret', 'leaked', 'Bearer ', 'authorization', 'Authorization']) t.notOk(text.includes(secret), `no ${secret} in the pact`);
  t.same(
    p.interactions.map((i) => i.description),
    ['POST /oauth/token', 'GET /api/ver1.0/client/@me/agent/local/1', 'GET /api/ver1.0/client/@me/agent/local/1 (2)', 'GET /api/ver1.0/extension/1000/queue/status/'],
    'the repeated read is one interaction; the same read under another state is another, named apart; the faulted exchange and other APIs are left out',
  );
  t.notOk(p.interactions[1].providerStates, 'no state before the admin call');
  t.same(p.interactions[2].providerStates, [{ name: 'agent agent-1 is on break', params: { id: 'agent-1' } }]);
  t.same(p.interactions[3].providerStates.map((s: { name: string }) => s.name), ['agent agent-1 is on break', 'a caller from +74957770000 calls queue support', '30 seconds have passed']);
  t.same(p.interactions[0].request, { method: 'POST', path: '/oauth/token', body: 'grant_type=client_credentials&client_id=ccsim', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  t.match(p.interactions[2].response, { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: { id: 1, status: 'on_break' }, matchingRules: { body: { '$.id': TYPE, '$.name': TYPE } } });
  t.notOk(p.interactions[2].response.matchingRules.body['$.status'], 'the status is exact');
  t.match(p.metadata, { pactSpecification: { version: '3.0.0' }, ccsim: { api: 'telphin', exchanges: 6, interactions: 4, left_out: [{ reason: 'an injected fault (status) answered it' }] } });
  t.equal((await pact('agent-crud')).interactions.length, 1, 'another API has its own');
});

t.test('a reset clears the inferred states; a pact setup is a state of its own', async (t) => {
  const { app, pact } = await session();
  t.teardown(() => app.close());
  await app.inject({ method: 'POST', url: '/__admin/agents/agent-1/status', payload: { status: 'logged_out' } });
  await app.inject({ method: 'POST', url: '/__admin/reset' });
  await app.inject('/api/agents/1');
  await app.inject({ method: 'POST', url: '/__admin/pact/provider-states', payload: { state: 'agent {id} is on break', params: { id: '101' }, action: 'setup' } });
  await app.inject('/api/agents/2');
  await app.inject({ method: 'POST', url: '/__admin/pact/provider-states', payload: { state: 'agent {id} is on break', action: 'teardown' } });
  await app.inject({ method: 'POST', url: '/__admin/pact/provider-states', payload: { state: '', params: {}, action: 'setup' } });
  await app.inject('/api/agents/3');
  await app.inject({ method: 'POST', url: '/__admin/pact?api=agent-crud' });
  const p = await pact('agent-crud');
  t.same(
    p.interactions.map((i) => [i.description, i.providerStates ?? []]),
    [
      ['GET /api/agents/1', []],
      ['GET /api/agents/2', [{ name: 'agent {id} is on break', params: { id: '101' } }]],
      ['GET /api/agents/3', []],
    ],
  );
  const bad = await app.inject('/__admin/pact?api=nope&consumer=x');
  t.equal(bad.statusCode, 400);
  t.match(JSON.parse(bad.body).error, { code: 'invalid', field: 'api', message: /api must be one of telphin, agent-crud, huawei, arm, conpeek/ });
  t.equal((await app.inject('/__admin/pact?api=arm')).statusCode, 400, 'the consumer is needed');
});
