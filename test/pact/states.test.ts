/**
 * Pact provider states: how a state's name and the verifier's params are read, the errors of an unknown
 * state or a bad parameter, scenario-defined states (pact_states:) as the loader checks and the hook runs
 * them, and the hook's life cycle (the first setup of an interaction resets the world, a teardown ends it,
 * a failed setup leaves the scenario's start) seen through every view's own reads.
 */
import t from 'tap';
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { Simulation } from '../../src/simulation.js';
import { ScenarioError, loadScenarioFile, loadScenarioText } from '../../src/scenarios/load-scenario.js';
import { knownStates, readName, timeOf, type StateWorld } from '../../src/pact/states.js';

const FILE = new URL('../../examples/pact/scenarios.yaml', import.meta.url).pathname;
const pactSchema = JSON.parse(readFileSync(new URL('../../schemas/admin/pact.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ strict: false });
const valid = (definition: string, body: unknown) => ajv.validate(pactSchema.definitions[definition], body) || ajv.errorsText();

async function pactApp(): Promise<{ app: FastifyInstance; sim: Simulation }> {
  const sim = new Simulation({ scenario: loadScenarioFile(FILE, { scenario: 'pact' }), clock: 'manual', speed: 1 });
  const app = await buildApp({ simulation: sim, scenarioFile: FILE });
  await app.ready();
  return { app, sim };
}

const setup = (app: FastifyInstance, body: object) => app.inject({ method: 'POST', url: '/__admin/pact/provider-states', payload: body });
const teardown = (app: FastifyInstance) => setup(app, { state: 'x', action: 'teardown' });
const crudStatus = async (app: FastifyInstance, id: number) => JSON.parse((await app.inject(`/api/agents/${id}`)).body).agentStatus as number;

t.test('a name is read against a template: its placeholders, or the params for a placeholder left as it is', async (t) => {
  t.same(readName('agent {id} is on break', 'agent 101 is on break', {}), { id: '101' });
  t.same(readName('agent {id} is on break', 'agent {id} is on break', { id: '7' }), { id: '7' });
  t.same(readName('agent {id} is talking to {number}', 'agent alice is talking to +7495', { extra: 'x' }), { extra: 'x', id: 'alice', number: '+7495' });
  t.equal(readName('agent {id} is on break', 'agent 101 is available', {}), null, 'another state does not fit');
  t.equal(readName('{seconds} seconds have passed', 'x.y seconds have passed?', {}), null, 'literal text is not a pattern');
  t.throws(() => readName('agent {id} is on break', 'agent {id} is on break', {}), /needs the parameter 'id'/);
});

t.test("the README's table names every built-in state", async (t) => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Contract testing with Pact'), readme.indexOf('### `ccsim pact verify`'));
  for (const s of knownStates()) t.match(section, `| \`${s}\``, `'${s}' is in the table`);
});

t.test('times of a state: a time of day on the first day, an ISO date-time or a duration after the start', async (t) => {
  const world = { startMs: Date.parse('2026-11-20T09:00:00Z') } as StateWorld;
  t.equal(timeOf(world, '09:05'), 300_000);
  t.equal(timeOf(world, '09:05:30'), 330_000);
  t.equal(timeOf(world, '2026-11-20T10:00:00Z'), 3_600_000);
  t.equal(timeOf(world, '90s'), 90_000);
  t.throws(() => timeOf(world, '08:00'), /not within/, 'before the start');
  t.throws(() => timeOf(world, 'soon'), /ISO 8601 date-time, a time of day/);
});

t.test('an unknown state is a 400 that names every state there is, the scenario’s first', async (t) => {
  const { app } = await pactApp();
  t.teardown(() => app.close());
  const r = await setup(app, { state: 'agent 100 is on the moon', params: {}, action: 'setup' });
  t.equal(r.statusCode, 400);
  const e = JSON.parse(r.body).error;
  t.equal(e.code, 'invalid');
  t.equal(e.field, 'state');
  t.match(e.message, /^no provider state 'agent 100 is on the moon'; the states are: 'agent \{id\} came back from a \{minutes\} minute break', 'the scenario's start', 'agent \{id\} is available'/);
  for (const s of knownStates()) t.ok(e.message.includes(`'${s}'`), `names '${s}'`);
});

t.test('bad params are refused naming them, and a failed setup leaves the scenario’s start', async (t) => {
  const { app } = await pactApp();
  t.teardown(() => app.close());
  t.equal((await setup(app, { state: 'agent 100 is on break' })).statusCode, 200);
  // The second state of the same interaction (no request, no teardown between) fails.
  const unknown = await setup(app, { state: 'agent 999 is available' });
  t.equal(unknown.statusCode, 404);
  t.match(JSON.parse(unknown.body).error, { code: 'not_found', message: "agent '999' not found", field: 'params.id' });
  t.equal(await crudStatus(app, 1), 2, 'the break of the same interaction is gone: the world is at its start');
  const n = await setup(app, { state: 'queue support has {n} callers waiting', params: { n: 'many' } });
  t.equal(n.statusCode, 400);
  t.match(JSON.parse(n.body).error, { field: 'params.n', message: /'n' must be a whole number from 0 to 1000 \(got 'many'\)/ });
  const shape = await setup(app, { state: 'agent {id} is on break', params: { id: { nested: 1 } } });
  t.equal(shape.statusCode, 400, 'a param must be a scalar');
  t.equal((await setup(app, { action: 'setup' })).statusCode, 400, 'a setup names a state');
});

t.test('the first setup of an interaction resets the world and stops the clock; the states of one interaction add up', async (t) => {
  const sim = new Simulation({ scenario: loadScenarioFile(FILE, { scenario: 'pact' }), clock: 'realtime', speed: 1 });
  const app = await buildApp({ simulation: sim, scenarioFile: FILE });
  t.teardown(() => app.close());
  const first = await setup(app, { state: 'agent {id} is on break', params: { id: 100 }, action: 'setup' });
  t.equal(first.statusCode, 200);
  t.same(JSON.parse(first.body), { agent: 'agent-1', agent_number: '100' }, 'the values a pact may inject');
  t.equal(valid('ProviderStateValues', JSON.parse(first.body)), true);
  t.equal(sim.mode, 'manual', 'the clock stands still for the verification');
  const second = await setup(app, { state: 'agent 101 is talking to +74950001122' });
  t.match(JSON.parse(second.body), { agent: 'agent-2', number: '+74950001122', call: /^[0-9a-f-]{36}$/ });
  t.equal(await crudStatus(app, 1), 5, 'the first state of the interaction holds');
  t.equal(await crudStatus(app, 2), 4, 'and the second (Working)');
  t.same(JSON.parse((await teardown(app)).body), {}, 'a teardown changes nothing');
  t.equal(await crudStatus(app, 1), 5);
  await setup(app, { state: '' });
  t.equal(await crudStatus(app, 1), 2, 'the next interaction starts from the scenario');
  await setup(app, { state: 'agent 100 is on break' });
  await app.inject('/api/agents/1');
  await setup(app, { state: 'agent 101 is on break' });
  t.equal(await crudStatus(app, 1), 2, 'a client request between setups (a verifier that sends no teardown) also starts a new world');
  t.equal(await crudStatus(app, 2), 5);
});

t.test('each built-in state is a world every view shows', async (t) => {
  const { app } = await pactApp();
  t.teardown(() => app.close());
  await setup(app, { state: 'queue support has 2 callers waiting' });
  const state = JSON.parse((await app.inject('/__admin/state')).body);
  t.equal(state.callers.filter((c: { state: string }) => c.state === 'waiting').length, 2, 'two callers wait');
  t.ok(state.agents.every((a: { status: string; state: string }) => a.status === 'available' && a.state === 'idle'), 'agents stay available but take no calls');
  await teardown(app);
  await setup(app, { state: 'no agent is logged in' });
  t.same(JSON.parse((await app.inject('/__admin/state')).body).agents.map((a: { status: string }) => a.status), ['logged_out', 'logged_out', 'logged_out']);
  await teardown(app);
  const finished = JSON.parse((await setup(app, { state: 'a finished call from +74951234567 at 09:01' })).body);
  t.match(finished, { queue: 'support', number: '+74951234567', answered: true });
  const cdr = JSON.parse((await app.inject({ url: '/cdr_dialog?limit=5', headers: { authorization: 'ccsim-conpeek-key' } })).body);
  t.ok(cdr.data.some((d: { dialog_uuid: string; start_time: string }) => d.dialog_uuid === finished.call && d.start_time === '2026-11-20 09:01:00'), 'Conpeek has its dialog, at 09:01');
  await teardown(app);
  const clock = await setup(app, { state: 'the clock is at 10:00' });
  t.same(JSON.parse(clock.body), { t: 3_600_000 });
  t.equal((await setup(app, { state: '{seconds} seconds have passed', params: { seconds: 30 } })).statusCode, 200);
  t.equal(JSON.parse((await app.inject('/__admin/clock')).body).t, 3_630_000);
  const past = await setup(app, { state: 'the clock is at 09:30' });
  t.equal(past.statusCode, 409, 'a time the clock has passed');
  const list = JSON.parse((await app.inject('/__admin/pact/provider-states')).body);
  t.equal(valid('ProviderStateList', list), true);
  t.same(list.states[0], { name: 'agent {id} came back from a {minutes} minute break', source: 'scenario', steps: list.states[0].steps });
});

t.test("a scenario's own state: placeholders filled, steps at their times, the Ruby verifier's {states} too", async (t) => {
  const { app } = await pactApp();
  t.teardown(() => app.close());
  const r = await setup(app, { consumer: 'wallboard', states: ['agent 102 came back from a 5 minute break'] });
  t.equal(r.statusCode, 200, r.body);
  t.same(JSON.parse(r.body), { id: '102', minutes: '5' });
  const agent = JSON.parse((await app.inject('/api/agents/3')).body);
  t.equal(agent.agentStatus, 2, 'available again');
  t.equal(agent.updateDateTime, '2026-11-20T09:05:00.000Z', 'five minutes after the setup began');
  const bad = await setup(app, { state: 'agent 102 came back from a {minutes} minute break', params: { minutes: 'ten' } });
  t.equal(bad.statusCode, 400);
  t.match(JSON.parse(bad.body).error.message, /step 2: \/at must/);
});

t.test('pact_states: the loader refuses what no parameter can mend, naming the place', async (t) => {
  const problems = (states: string) => {
    try {
      loadScenarioText(`scenarios:\n  s:\n    queues: [{ id: q }]\n    agents: [{ id: a }]\n    pact_states:\n${states}`, 'bad.yaml');
    } catch (err) {
      if (err instanceof ScenarioError) return err.message;
      throw err;
    }
    return '';
  };
  t.match(problems('      "x {a b} y": [{ agent: a, status: on_break }]\n'), /pact_states\.x \{a b\} y: '\{a b\}' is not a placeholder/);
  t.match(problems('      "s": [{ agent: zed, status: on_break }]\n'), /pact_states\.s\[0\]\.agent: unknown agent 'zed'/);
  t.match(problems('      "s": [{ agent: a, status: on_break, rest: 5 }]\n'), /pact_states\.s\[0\]: needs exactly one of status, state, external_call, dial_out, rest, call, set \(has status, rest\)/);
  t.match(problems('      "s": [{ call: { queue: nope } }]\n'), /unknown queue 'nope'/);
  t.match(problems('      "s": [{ agent: a, status: dancing }]\n'), /pact_states\.s\[0\]\.status/);
  t.equal(problems('      "agent {id} rests": [{ agent: "{id}", rest: "{secs}" }]\n'), '', 'placeholders stand in for ids and numbers');
});
