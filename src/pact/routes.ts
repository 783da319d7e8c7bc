/**
 * /__admin/pact: ccsim as a Pact provider. `POST /pact/provider-states` is the verifier's state-change
 * hook: the first setup of an interaction resets the world (and stops the clock: manual mode), then
 * every setup applies its state's steps (states.ts) and answers the values a pact may inject
 * (`fromProviderState`); a teardown changes nothing. `GET /pact/provider-states` lists the states there
 * are; `GET /pact?api&consumer` makes a Pact v3 file of an API's journaled exchanges (builder.ts).
 * Bodies are schemas/admin/pact.schema.json's; errors are the admin envelope's.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Simulation } from '../simulation.js';
import type { Journal } from '../instruments/journal.js';
import { invalid } from '../scenarios/callcenter/errors.js';
import { VIEWS } from '../simulators/registry.js';
import { buildPact } from './builder.js';
import { BUILT_IN_STATES, prepareState, type StateValues, type StateWorld } from './states.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/admin/pact.schema.json', import.meta.url), 'utf8')) as { definitions: Record<string, object> };
const def = (name: string) => schema.definitions[name];
const ref = (name: string) => ({ $ref: `admin#/definitions/${name}` });
const tags = ['admin'];
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

interface StateChange {
  consumer?: string;
  state?: string;
  states?: string[];
  params?: Record<string, unknown>;
  action?: 'setup' | 'teardown';
}

export async function pactRoutes(app: FastifyInstance, { simulation: sim, journal }: { simulation: Simulation; journal: Journal }): Promise<void> {
  // Whether an interaction's setup is under way: its first setup resets the world, its teardown ends it.
  let open = false;
  // The newest client exchange when the last setup ran: one after it means the verifier moved on.
  let clientMark = 0;
  const newestClientExchange = () => {
    for (const e of journal.newestFirst()) if (e.kind !== 'admin') return e.id;
    return 0;
  };
  const world: StateWorld = {
    command: (fn) => sim.command(fn),
    read: (fn) => sim.read(fn),
    advance: (seconds) => void sim.advance(seconds),
    runUntil: (t) => void sim.runUntil(t),
    now: () => sim.now(),
    get startMs() {
      return sim.scenario.startMs;
    },
  };

  app.post<{ Body: StateChange }>(
    '/pact/provider-states',
    {
      schema: {
        tags,
        summary: "Pact's provider-state hook: {state, params, action} (or {consumer, states}); the first setup of an interaction resets the world; answers the values a pact may inject",
        body: def('ProviderStateChange'),
        response: { 200: def('ProviderStateValues'), 400: ref('Error'), 404: ref('Error'), 409: ref('Error') },
      },
    },
    async (req) => {
      const b = req.body;
      if (b.action === 'teardown') {
        open = false;
        return {};
      }
      if (b.state !== undefined && b.states !== undefined) throw invalid("give either 'state' or 'states', not both", 'states');
      const names = b.state !== undefined ? [b.state] : (b.states ?? []);
      if (names.length === 0) throw invalid("a setup needs 'state' (the empty string for an interaction without one) or 'states'", 'state');
      await sim.idle();
      const client = newestClientExchange();
      if (!open || client !== clientMark) {
        sim.reset();
        if (sim.mode !== 'manual') sim.setClock({ mode: 'manual' });
      }
      open = true;
      clientMark = client;
      const values: StateValues = {};
      try {
        for (const name of names) Object.assign(values, prepareState(name, b.params ?? {}, world, sim.scenario.pactStates).apply(world));
      } catch (err) {
        // Never a half-set state: the interaction's world goes back to the scenario's start.
        sim.reset();
        open = false;
        throw err;
      }
      return values;
    },
  );

  app.get('/pact/provider-states', { schema: { tags, summary: 'The provider states there are: the scenario’s (pact_states:) and the built-in ones', response: { 200: def('ProviderStateList') } } }, async () => ({
    states: [
      ...(sim.scenario.pactStates ?? []).map((s) => ({ name: s.name, source: 'scenario' as const, steps: s.steps.map((step) => JSON.stringify(step)).join('; ') })),
      ...BUILT_IN_STATES.filter((b) => b.template !== '').map((b) => ({ name: b.template, source: 'built-in' as const, steps: b.steps })),
    ],
  }));

  app.get<{ Querystring: { api: string; consumer: string; provider?: string } }>(
    '/pact',
    { schema: { tags, summary: "A Pact v3 file of one API's journaled HTTP exchanges, credentials left out, provider states inferred from the admin calls before them", querystring: def('PactQuery'), response: { 400: ref('Error') } } },
    async (req, reply) => {
      const { api, consumer } = req.query;
      if (!VIEWS.some((v) => v.name === api)) throw invalid(`api must be one of ${VIEWS.map((v) => v.name).join(', ')} (got '${api}')`, 'api');
      const pact = buildPact(journal.all(), { api, consumer, provider: req.query.provider ?? `ccsim-${api}`, startMs: sim.scenario.startMs, version: VERSION });
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(pact, null, 2));
    },
  );
}
