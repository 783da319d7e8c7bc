/**
 * /__admin: the control plane and test API of ccsim. Health, reset, the clock (read, mode, speed,
 * advance, run until), the scenario (read, load), the event log (paged and live as Server-Sent Events),
 * KPIs, injecting a caller, driving an agent's status and a snapshot of the world. It only parses,
 * calls the simulation and renders; errors share one envelope (errors.ts).
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type {} from '@fastify/swagger';
import type { AgentStatusChange, Advance, ClockChange, InjectCall, RunUntil } from '../generated/admin/admin.js';
import { ScenarioSource, resolveScenario } from '../scenarios/load-scenario.js';
import type { ResolvedScenario } from '../scenarios/scenario.js';
import { notFound } from '../scenarios/callcenter/errors.js';
import type { Simulation } from '../simulation.js';
import { adminError, sendAdminError } from './errors.js';
import { streamEvents } from './event-stream.js';
import { guardAdmin } from './token.js';

export interface AdminOptions {
  simulation: Simulation;
  /** The scenario file `PUT /__admin/scenario {name}` picks from. */
  scenarioFile: string;
  /** When set, every route but GET /health needs this token (token.ts). */
  adminToken?: string;
}

const schemaText = readFileSync(new URL('../../schemas/admin/admin.schema.json', import.meta.url), 'utf8');
const ref = (name: string) => ({ $ref: `admin#/definitions/${name}` });
const errors = { 400: ref('Error'), 404: ref('Error'), 409: ref('Error') };

export const adminPlugin: FastifyPluginAsync<AdminOptions> = async (app: FastifyInstance, { simulation: sim, scenarioFile, adminToken }) => {
  if (!app.getSchema('admin')) app.addSchema(JSON.parse(schemaText));
  guardAdmin(app, adminToken);
  app.setErrorHandler((err, _request, reply) => sendAdminError(reply, err));
  app.setNotFoundHandler((request, reply) => {
    const { status, body } = adminError(404, 'not_found', `no admin route ${request.method} ${request.url.split('?')[0]}`);
    return reply.code(status).send(body);
  });
  // Scenario bodies may be YAML as well as JSON.
  app.addContentTypeParser(['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const tags = ['admin'];

  app.get('/health', { schema: { tags, summary: 'Liveness: 200 while the simulation runs', response: { 200: ref('Health') } } }, async () => ({
    status: 'ok' as const,
    scenario: sim.scenario.name,
    seed: sim.scenario.seed,
    clock: sim.clock(),
  }));

  app.post('/reset', { schema: { tags, summary: "The world back to the scenario's start (same seed); API changes are dropped", response: { 200: ref('Clock') } } }, async () => {
    sim.reset();
    return sim.clock();
  });

  app.get('/clock', { schema: { tags, summary: 'Virtual time, mode and speed', response: { 200: ref('Clock') } } }, async () => sim.clock());

  app.put<{ Body: ClockChange }>('/clock', { schema: { tags, summary: 'Change the clock mode (realtime | manual) or speed', body: ref('ClockChange'), response: { 200: ref('Clock'), ...errors } } }, async (req) => sim.setClock(req.body));

  app.post<{ Body: Advance }>('/clock/advance', { schema: { tags, summary: 'Manual mode: move virtual time forward', body: ref('Advance'), response: { 200: ref('Clock'), ...errors } } }, async (req) => sim.advance(req.body.seconds));

  app.post<{ Body: RunUntil }>('/clock/run-until', { schema: { tags, summary: 'Manual mode: run to virtual time t (ms since the start)', body: ref('RunUntil'), response: { 200: ref('Clock'), ...errors } } }, async (req) =>
    sim.runUntil(req.body.t),
  );

  app.get('/scenario', { schema: { tags, summary: 'The scenario being simulated, defaults applied', response: { 200: ref('ScenarioView') } } }, async () => scenarioView(sim.scenario));

  app.put<{ Body: unknown; Querystring: { name?: string } }>(
    '/scenario',
    {
      schema: {
        tags,
        summary: 'Load a scenario and reset: {name} of the server file, a whole file, or one scenario (JSON or YAML)',
        querystring: { type: 'object', additionalProperties: false, properties: { name: { type: 'string', minLength: 1 } } },
        response: { 200: ref('ScenarioView'), ...errors },
      },
    },
    async (req) => {
      sim.load(scenarioFromBody(req.body, req.query.name, scenarioFile));
      return scenarioView(sim.scenario);
    },
  );

  app.get<{ Querystring: { after?: number; limit?: number; type?: string } }>(
    '/events',
    {
      schema: {
        tags,
        summary: 'The event log, oldest first: events with seq > after',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { after: { type: 'integer', minimum: 0, default: 0 }, limit: { type: 'integer', minimum: 1, maximum: 10000, default: 1000 }, type: { type: 'string', maxLength: 64 } },
        },
        response: { 200: ref('EventPage'), ...errors },
      },
    },
    async (req) => sim.events(req.query.after ?? 0, req.query.limit ?? 1000, req.query.type),
  );

  app.get<{ Querystring: { after?: number; type?: string } }>(
    '/events/stream',
    {
      schema: {
        tags,
        summary: 'The event log live, as Server-Sent Events (id = seq, event = type); resumes after Last-Event-ID or ?after',
        querystring: { type: 'object', additionalProperties: false, properties: { after: { type: 'integer', minimum: 0 }, type: { type: 'string', maxLength: 64 } } },
      },
    },
    async (req, reply) => streamEvents(sim, req, reply),
  );

  app.get('/kpis', { schema: { tags, summary: 'The KPIs of `ccsim run --json`, live', response: { 200: ref('Kpis') } } }, async () => sim.kpis());

  app.post<{ Body: InjectCall }>('/calls', { schema: { tags, summary: 'Put a caller into a queue now', body: ref('InjectCall'), response: { 201: ref('InjectedCall'), ...errors } } }, async (req, reply) => {
    const call = sim.command((c) => c.injectCaller({ queue: req.body.queue, number: req.body.number, patience: req.body.patience }));
    return reply.code(201).send({ call: call.id, queue: req.body.queue, number: call.number, t: call.arrivedT });
  });

  app.post<{ Params: { id: string }; Body: AgentStatusChange }>(
    '/agents/:id/status',
    { schema: { tags, summary: "Set an agent's status", params: { type: 'object', properties: { id: { type: 'string' } } }, body: ref('AgentStatusChange'), response: { 200: ref('AgentView'), ...errors } } },
    async (req) => {
      sim.command((c) => c.setAgentStatus(req.params.id, req.body.status));
      const view = sim.read((q) => q.agent(req.params.id));
      if (!view) throw notFound('agent', req.params.id, 'agent');
      return view;
    },
  );

  const agentParams = { type: 'object', properties: { id: { type: 'string' } } };
  app.post<{ Params: { id: string }; Body: { seconds: number; reason?: string } }>(
    '/agents/:id/rest',
    { schema: { tags, summary: 'Ask for rest with approval (granted now, after the call, or in line under the rest limit)', params: agentParams, body: ref('RestRequest'), response: { 200: ref('AgentView'), ...errors } } },
    async (req) => {
      sim.command((c) => c.requestRest(req.params.id, req.body.seconds, req.body.reason ?? null));
      return sim.read((q) => q.agent(req.params.id));
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/agents/:id/rest',
    { schema: { tags, summary: 'Leave the rest line, or end the rest now', params: agentParams, response: { 200: ref('AgentView'), ...errors } } },
    async (req) => {
      sim.command((c) => c.cancelRest(req.params.id));
      return sim.read((q) => q.agent(req.params.id));
    },
  );

  app.get('/rest', { schema: { tags, summary: 'Rest with approval: the limit and who rests, is granted or waits', response: { 200: ref('RestInfo') } } }, async () => sim.read((q) => q.restInfo()));

  app.get('/state', { schema: { tags, summary: 'Agents, queues and callers now', response: { 200: ref('State') } } }, async () => ({
    clock: sim.clock(),
    agents: sim.read((q) => q.agents()),
    queues: sim.read((q) => q.queues()),
    callers: sim.read((q) => q.callers()),
  }));
};

function scenarioView(s: ResolvedScenario) {
  return {
    name: s.name,
    seed: s.seed,
    start: new Date(s.startMs).toISOString(),
    duration_seconds: s.durationMs / 1000,
    warmup_seconds: s.warmupMs / 1000,
    service_level_seconds: s.serviceLevelSeconds,
    queues: s.queues,
    agents: s.agents,
    callers: s.callers,
    timeline: s.timeline,
  };
}

/**
 * A scenario from a request body: `{name}` (and optionally `seed`) picks one from the server's file; a
 * YAML or JSON text with `scenarios:` is a whole file; any other mapping is one scenario.
 */
function scenarioFromBody(body: unknown, name: string | undefined, scenarioFile: string): ResolvedScenario {
  if (typeof body === 'string') {
    const source = ScenarioSource.parse(body, 'request body', name ?? 'api');
    return resolveScenario(source, { scenario: name ?? (source.names.length === 1 ? source.names[0] : undefined) });
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw adminBad('the body must be a scenario: a mapping, in JSON or YAML');
  const obj = body as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length > 0 && keys.every((k) => k === 'name' || k === 'seed')) {
    if (typeof obj.name !== 'string') throw adminBad("'name' must be the name of a scenario in the server's file");
    if (obj.seed !== undefined && !(Number.isInteger(obj.seed) && (obj.seed as number) >= 0)) throw adminBad("'seed' must be a non-negative integer");
    return resolveScenario(ScenarioSource.fromFile(scenarioFile), { scenario: obj.name, seed: obj.seed as number | undefined });
  }
  const source = ScenarioSource.parse(JSON.stringify(obj), 'request body', name ?? 'api');
  return resolveScenario(source, { scenario: name ?? (source.names.length === 1 ? source.names[0] : undefined) });
}

function adminBad(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400 });
}
