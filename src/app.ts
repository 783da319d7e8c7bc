/**
 * Builds the Fastify application: OpenAPI (browsable at /docs), the /__admin control plane and the APIs
 * of the registry mounted through the front door (simulators/shared/door.ts), all over one Simulation.
 * Listening and process signals are server.ts's business, so tests use this with `app.inject`.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { adminPlugin } from './admin/index.js';
import { ADMIN_SECURITY_SCHEME, logWithoutTokens } from './admin/token.js';
import { RequestLog } from './request-log.js';
import { Instruments, type InstrumentOptions } from './instruments/instruments.js';
import { holdWhileMoving, instrumentHttp } from './instruments/http.js';
import { VIEWS } from './simulators/registry.js';
import { answerClientErrors, Door } from './simulators/shared/door.js';
import { parseQuery } from './simulators/shared/request-parsing.js';
import { sharedCompilers } from './simulators/shared/compiled.js';
import { basePath, keepBasePath, specFor } from './simulators/shared/base-path.js';
import type { ViewDescriptor } from './simulators/shared/view.js';
import type { Simulation } from './simulation.js';
import { Recordings, type RecordingOptions } from './recording/recordings.js';
import { DEFAULT_BODY_LIMIT, serveSettings } from './recording/settings.js';
import { metricsPlugin } from './metrics/metrics.js';
import { wallboardPlugin } from './wallboard/wallboard.js';
import type { TenantsControl } from './tenants/tenants.js';
import { DEFAULT_TENANT } from './tenants/choice.js';

export interface AppOptions {
  simulation: Simulation;
  /** The scenario file, for PUT /__admin/scenario {name}. */
  scenarioFile: string;
  logger?: FastifyServerOptions['logger'];
  /** Largest request body accepted, in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** APIs whose credential checks are off (`--auth`), by the registry's names. */
  authOff?: readonly string[];
  /** The APIs to serve (default: the registry's); a test adds an upstream of its own. */
  views?: readonly ViewDescriptor[];
  /** The journal's bounds and whether it shows credentials (`serve --journal…`). */
  instruments?: InstrumentOptions;
  /** When set, /__admin (but its health) needs this token (`--admin-token`). */
  adminToken?: string;
  /** The recording's bound and file, the snapshots kept (`serve --record…`, `--snapshots`). */
  recording?: RecordingOptions;
  /** The process's tenants, for /__admin/tenants (`ccsim serve`; src/tenants). */
  tenants?: TenantsControl;
  /** The tenant this app serves (its `tenant` label in /metrics); default `default`. */
  tenant?: string;
  /** The request log's lines, shared by the apps of a process so that its bound holds for all (request-log.ts). */
  requestLog?: RequestLog;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The world's recording and snapshots (src/recording). */
    recordings: Recordings;
  }
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  // The journal and the faults sit at the door: every API and the admin plane pass them.
  const instruments = new Instruments(options.simulation, options.instruments);
  // The recording taps the door too: every input (HTTP, WebSocket frames) and what was answered.
  const recordings = new Recordings(options.simulation, instruments, serveSettings(options, instruments), options.scenarioFile, options.recording);
  const door = new Door(options.views ?? VIEWS, { simulation: options.simulation, authOff: options.authOff, instruments: recordings.viewInstruments(instruments) });
  const openApi = door.openApi();
  const app = Fastify({
    logger: logWithoutTokens(options.logger),
    // One line per request instead of Fastify's two (request-log.ts).
    logController: options.requestLog ?? new RequestLog(),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Vendors send ids like "@me" and trailing slashes; accept both forms of every route. Query strings as
    // the vendors' clients write them (request-parsing.ts).
    routerOptions: { ignoreTrailingSlash: true, querystringParser: parseQuery },
    // Router errors (a malformed %-escape, a path part over the limit): in the format of the API whose path it is.
    frameworkErrors: door.frameworkErrors,
    ajv: { customOptions: { allErrors: false, coerceTypes: 'array', removeAdditional: false, useDefaults: true } },
    // Each distinct schema is compiled once for every app of the process (a tenant is an app).
    schemaController: { compilersFactory: sharedCompilers },
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'ccsim', description: 'A stateful simulator of call-center APIs over one simulated call center. The ARM WebSocket protocol (frames, commands, pushed events) is described in AsyncAPI 3 at [/docs/asyncapi.yaml](/docs/asyncapi.yaml).', version: '0.1.0' },
      tags: [{ name: 'admin', description: 'The control plane and test API (/__admin)' }, ...openApi.tags],
      components: {
        securitySchemes: {
          ...openApi.securitySchemes,
          // The admin routes name this scheme only when the server has a token (admin/token.ts).
          ...(options.adminToken !== undefined && { [ADMIN_SECURITY_SCHEME]: { type: 'http', scheme: 'bearer', description: 'The admin token of `ccsim serve --admin-token`' } }),
        },
      },
    },
  });
  // A tenant chosen by a path prefix sees its routes under it (simulators/shared/base-path.ts).
  await app.register(swaggerUi, { routePrefix: '/docs', transformSpecification: (spec, request) => specFor(spec, request) as typeof spec, transformSpecificationClone: false });
  keepBasePath(app);
  app.decorate('recordings', recordings);
  holdWhileMoving(app, options.simulation);
  recordings.attach(app);
  instrumentHttp(app, { journal: instruments.journal, faults: instruments, door, simulation: options.simulation });
  // GET /metrics, and the request counts it serves (src/metrics).
  await metricsPlugin(app, { simulation: options.simulation, instruments, door, adminToken: options.adminToken, tenant: options.tenant ?? DEFAULT_TENANT, tenants: options.tenants });
  // GET /wallboard: a live page over /__admin (src/wallboard).
  await wallboardPlugin(app);
  // GET / tells a visitor where to look: a small page for a browser, the same links as JSON for a client.
  const root = (base: string) => ({ name: 'ccsim', docs: `${base}/docs`, openapi: `${base}/docs/json`, health: `${base}/__admin/health`, metrics: `${base}/metrics`, wallboard: `${base}/wallboard` });
  const rootPage = (base: string) => `<!doctype html><meta charset="utf-8"><title>ccsim</title><h1>ccsim</h1><ul><li><a href="${base}/docs">${base}/docs</a>: every route, browsable (OpenAPI)</li><li><a href="${base}/__admin/health">${base}/__admin/health</a>: the scenario, seed and clock being served</li><li><a href="${base}/wallboard">${base}/wallboard</a>: the call center, live</li><li><a href="${base}/metrics">${base}/metrics</a>: Prometheus metrics</li></ul>\n`;
  app.get('/', { schema: { hide: true } }, async (request, reply) => (/\btext\/html\b/.test(request.headers.accept ?? '') ? reply.type('text/html; charset=utf-8').send(rootPage(basePath(request))) : root(basePath(request))));
  await app.register(adminPlugin, { prefix: '/__admin', simulation: options.simulation, scenarioFile: options.scenarioFile, adminToken: options.adminToken, instruments, recordings, readScenarioFile: (path) => recordings.tap.readScenarioFile(path), tenants: options.tenants });
  await door.mount(app);
  answerClientErrors(app, door);
  app.addHook('onClose', async () => {
    recordings.close();
    options.simulation.close();
  });
  return app;
}
