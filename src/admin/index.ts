/**
 * /__admin: the control plane and test API of ccsim. Health, reset, the clock (read, mode, speed,
 * advance, run until), the scenario (read, load), the event log (paged and live as Server-Sent Events),
 * KPIs, injecting a caller, driving an agent's status, the state of the world, the journal and faults
 * (instruments.ts), the recording and snapshots (recording.ts, snapshots.ts), the process's tenants
 * (tenants.ts). It only parses, calls the simulation and renders; errors share one envelope (errors.ts).
 * Every field has a range in schemas/admin (times within the clock's 100 years), checked before anything
 * is applied: a refused request leaves the world, the clock and the event log as they were. JSON bodies
 * are not coerced (a `true` or `null` is not a number); query strings and path parameters are, being text.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type {} from '@fastify/swagger';
import type { AgentStatusChange, Advance, ClockChange, InjectCall, RunUntil } from '../generated/admin/admin.js';
import { ScenarioSource, resolveScenario } from '../scenarios/load-scenario.js';
import type { ResolvedScenario } from '../scenarios/scenario.js';
import { invalid, notFound } from '../scenarios/callcenter/errors.js';
import { EVENT_LOG_LIMIT, type Simulation } from '../simulation.js';
import { adminError, sendAdminError } from './errors.js';
import { EventStreams } from './event-stream.js';
import { checkQuery, readBodies } from '../simulators/shared/request-parsing.js';
import { guardAdmin } from './token.js';
import { instrumentRoutes } from './instruments.js';
import { checkScenario, type Instruments } from '../instruments/instruments.js';
import type { Recordings } from '../recording/recordings.js';
import { recordingRoutes } from './recording.js';
import { snapshotRoutes } from './snapshots.js';
import { compileOnce } from '../simulators/shared/compiled.js';
import { tenantRoutes } from './tenants.js';
import type { TenantsControl } from '../tenants/tenants.js';
import { pactRoutes } from '../pact/routes.js';

export interface AdminOptions {
  simulation: Simulation;
  /** The scenario file `PUT /__admin/scenario {name}` picks from. */
  scenarioFile: string;
  /** When set, every route but GET /health needs this token (token.ts). */
  adminToken?: string;
  /** The journal and the faults (instruments.ts). */
  instruments: Instruments;
  /** The recording and the snapshots (src/recording). */
  recordings: Recordings;
  /** How the scenario file is read (the recording notes what was read; a replay reads what was recorded). */
  readScenarioFile?: (path: string) => ScenarioSource;
  /** The process's tenants, for /__admin/tenants (tenants.ts); none in a lone app. */
  tenants?: TenantsControl;
}

const schemaText = readFileSync(new URL('../../schemas/admin/admin.schema.json', import.meta.url), 'utf8');
const ref = (name: string) => ({ $ref: `admin#/definitions/${name}` });
const errors = { 400: ref('Error'), 404: ref('Error'), 409: ref('Error') };
/** Longest id, name or queue accepted in a path, a query or a body (the router refuses path parts over 100). */
const MAX_NAME = 64;
/** Largest `limit` of one page of GET /__admin/events. */
const EVENT_PAGE_CAP = 10_000;
const agentParams = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: MAX_NAME } } };
const seqParam = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER };

/**
 * Validators for the admin routes: bodies as JSON typed them, query strings and paths coerced from text.
 * One pair of Ajv instances for the process, each schema compiled once for every app (a tenant's too).
 */
const adminValidators = (() => {
  const options = { allErrors: false, removeAdditional: false, useDefaults: true, strict: false } as const;
  const body = new Ajv({ ...options, coerceTypes: false });
  const text = new Ajv({ ...options, coerceTypes: 'array' });
  body.addSchema(JSON.parse(schemaText));
  text.addSchema(JSON.parse(schemaText));
  return ({ schema: s, httpPart }: { schema: object; httpPart?: string }) => compileOnce(httpPart === 'body' ? body : text, s);
})();

export const adminPlugin: FastifyPluginAsync<AdminOptions> = async (app: FastifyInstance, { simulation: sim, scenarioFile, adminToken, instruments, recordings, readScenarioFile = (path) => ScenarioSource.fromFile(path), tenants }) => {
  if (!app.getSchema('admin')) app.addSchema(JSON.parse(schemaText));
  guardAdmin(app, adminToken);
  app.setValidatorCompiler(adminValidators);
  const streams = new EventStreams(sim);
  // Before the server closes: streams end cleanly instead of holding it open.
  app.addHook('preClose', (done) => {
    streams.closeAll();
    done();
  });
  app.setErrorHandler((err, _request, reply) => sendAdminError(reply, err));
  app.setNotFoundHandler((request, reply) => {
    const { status, body } = adminError(404, 'not_found', `no admin route ${request.method} ${request.url.split('?')[0]}`);
    return reply.code(status).send(body);
  });
  // The front door's body parsing, as every API has it; scenario bodies may be YAML as well as JSON.
  readBodies(app, ['json', 'text']);
  app.addHook('onRequest', checkQuery);

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

  app.post<{ Body: Advance }>('/clock/advance', { schema: { tags, summary: 'Manual mode: move virtual time forward', body: ref('Advance'), response: { 200: ref('Clock'), ...errors } } }, async (req) => sim.advanceInSlices(req.body.seconds));

  app.post<{ Body: RunUntil }>('/clock/run-until', { schema: { tags, summary: 'Manual mode: run to virtual time t (ms since the start)', body: ref('RunUntil'), response: { 200: ref('Clock'), ...errors } } }, async (req) =>
    sim.runUntilInSlices(req.body.t),
  );

  app.get('/scenario', { schema: { tags, summary: 'The scenario being simulated, defaults applied', response: { 200: ref('ScenarioView') } } }, async () => scenarioView(sim.scenario));

  app.put<{ Body: unknown; Querystring: { name?: string } }>(
    '/scenario',
    {
      schema: {
        tags,
        summary: 'Load a scenario and reset: {name} of the server file, a whole file, or one scenario (JSON or YAML)',
        querystring: { type: 'object', additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: MAX_NAME } } },
        response: { 200: ref('ScenarioView'), ...errors },
      },
    },
    async (req) => {
      const scenario = scenarioFromBody(req.body, req.query.name, () => readScenarioFile(scenarioFile));
      checkScenario(scenario);
      sim.load(scenario);
      return scenarioView(sim.scenario);
    },
  );

  app.get<{ Querystring: { after?: number; limit?: number; type?: string } }>(
    '/events',
    {
      schema: {
        tags,
        summary: `The event log, oldest first: events with seq > after; page on with after=next (the newest ${EVENT_LOG_LIMIT} events are retained)`,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { after: { ...seqParam, default: 0 }, limit: { type: 'integer', minimum: 1, maximum: EVENT_PAGE_CAP, default: 1000 }, type: { type: 'string', maxLength: 64 } },
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
        querystring: { type: 'object', additionalProperties: false, properties: { after: seqParam, type: { type: 'string', maxLength: 64 } } },
      },
    },
    async (req, reply) => streams.start(req, reply),
  );

  app.get('/kpis', { schema: { tags, summary: 'The KPIs of `ccsim run --json`, live', response: { 200: ref('Kpis') } } }, async () => sim.kpis());

  app.post<{ Body: InjectCall }>('/calls', { schema: { tags, summary: 'Put a caller into a queue now', body: ref('InjectCall'), response: { 201: ref('InjectedCall'), ...errors } } }, async (req, reply) => {
    const call = sim.command((c) => c.injectCaller({ queue: req.body.queue, number: req.body.number, patience: req.body.patience }));
    return reply.code(201).send({ call: call.id, queue: req.body.queue, number: call.number, t: call.arrivedT });
  });

  app.post<{ Params: { id: string }; Body: AgentStatusChange }>(
    '/agents/:id/status',
    { schema: { tags, summary: "Set an agent's status", params: agentParams, body: ref('AgentStatusChange'), response: { 200: ref('AgentView'), ...errors } } },
    async (req) => {
      sim.command((c) => c.setAgentStatus(req.params.id, req.body.status));
      const view = sim.read((q) => q.agent(req.params.id));
      if (!view) throw notFound('agent', req.params.id, 'agent');
      return view;
    },
  );

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

  await app.register(instrumentRoutes, { instruments });
  await app.register(recordingRoutes, { recordings, simulation: sim });
  await app.register(snapshotRoutes, { recordings, simulation: sim });
  if (tenants) await app.register(tenantRoutes, { tenants });
  await app.register(pactRoutes, { simulation: sim, journal: instruments.journal });
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
function scenarioFromBody(body: unknown, name: string | undefined, scenarioFile: () => ScenarioSource): ResolvedScenario {
  if (typeof body === 'string') {
    const source = ScenarioSource.parse(body, 'request body', name ?? 'api');
    return resolveScenario(source, { scenario: name ?? (source.names.length === 1 ? source.names[0] : undefined) });
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid('the body must be a scenario: a mapping, in JSON or YAML', null);
  const obj = body as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length > 0 && keys.every((k) => k === 'name' || k === 'seed')) {
    if (typeof obj.name !== 'string' || obj.name.length === 0 || obj.name.length > MAX_NAME) throw invalid(`'name' must be the name of a scenario in the server's file (a string of 1 to ${MAX_NAME} characters)`, 'name');
    if (obj.seed !== undefined && !(Number.isInteger(obj.seed) && (obj.seed as number) >= 0 && (obj.seed as number) <= 4294967295)) throw invalid("'seed' must be a whole number from 0 to 4294967295", 'seed');
    return resolveScenario(scenarioFile(), { scenario: obj.name, seed: obj.seed as number | undefined });
  }
  const source = ScenarioSource.parse(JSON.stringify(obj), 'request body', name ?? 'api');
  return resolveScenario(source, { scenario: name ?? (source.names.length === 1 ? source.names[0] : undefined) });
}
