/**
 * Builds the Fastify application: OpenAPI (browsable at /docs), the /__admin control plane and the API
 * simulators, all over one Simulation. Listening and process signals are server.ts's business, so
 * tests use this with `app.inject`.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { AUTH_APIS, type AuthApi } from './auth-apis.js';
import { adminPlugin } from './admin/index.js';
import { ADMIN_SECURITY_SCHEME, logWithoutTokens } from './admin/token.js';
import { RequestLog } from './request-log.js';
import { queueRestPlugin } from './simulators/queue-rest/index.js';
import { agentCrudPlugin } from './simulators/agent-crud/index.js';
import { ctiStatusPlugin, frameworkErrors } from './simulators/cti-status/index.js';
import { armXmlPlugin } from './simulators/arm-xml/index.js';
import { cdrPlugin } from './simulators/cdr/index.js';
import type { Simulation } from './simulation.js';

export interface AppOptions {
  simulation: Simulation;
  /** The scenario file, for PUT /__admin/scenario {name}. */
  scenarioFile: string;
  logger?: FastifyServerOptions['logger'];
  /** Largest request body accepted, in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** APIs whose credential checks are off (`--auth`), by name from AUTH_APIS. */
  authOff?: readonly string[];
  /** When set, /__admin (but its health) needs this token (`--admin-token`). */
  adminToken?: string;
}

/** The APIs with credentials that `--auth` can turn off (in their own module, which the command line reads). */
export { AUTH_APIS, type AuthApi };

/** Whether an API's credential checks are on for this app. */
export function authOn(options: Pick<AppOptions, 'authOff'>, api: AuthApi): boolean {
  return !(options.authOff ?? []).includes(api);
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logWithoutTokens(options.logger),
    // One line per request instead of Fastify's two (request-log.ts).
    logController: new RequestLog(),
    bodyLimit: options.bodyLimit ?? 1 << 20,
    // Vendors send ids like "@me" and trailing slashes; accept both forms of every route.
    routerOptions: { ignoreTrailingSlash: true },
    // Router errors (a path with a malformed %-escape): CC-CMS's error body under its prefix, Fastify's elsewhere.
    frameworkErrors,
    ajv: { customOptions: { allErrors: false, coerceTypes: 'array', removeAdditional: false, useDefaults: true } },
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'ccsim', description: 'A stateful simulator of call-center APIs over one simulated call center.', version: '0.1.0' },
      tags: [
        { name: 'admin', description: 'The control plane and test API (/__admin)' },
        { name: 'telphin', description: 'Telphin queue REST API ver1.0 (/oauth/token, /api/ver1.0)' },
        { name: 'agent-crud', description: 'The call-center service (features.callcenterservice): agents, queues, call sessions, calls (/api)' },
        { name: 'huawei', description: 'Huawei CEC CC-CMS monitoring openapi (/rest/cmsapp/v1/openapi)' },
        { name: 'arm', description: 'ELTEX ECSS-10 operator workstation (ARM): XML over HTTP and WebSocket (/{domain}/service/cc/arm)' },
        { name: 'conpeek', description: 'Conpeek API v1.3 CDR dialogs (/cdr_dialog, /cdr_dialog_recording, /dialog/{uuid}/hangup)' },
      ],
      // The admin routes name this scheme only when the server has a token (admin/token.ts).
      ...(options.adminToken !== undefined && { components: { securitySchemes: { [ADMIN_SECURITY_SCHEME]: { type: 'http', scheme: 'bearer', description: 'The admin token of `ccsim serve --admin-token`' } } } }),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  // GET / tells a visitor where to look: a small page for a browser, the same links as JSON for a client.
  const root = { name: 'ccsim', docs: '/docs', openapi: '/docs/json', health: '/__admin/health' };
  const rootPage = '<!doctype html><meta charset="utf-8"><title>ccsim</title><h1>ccsim</h1><ul><li><a href="/docs">/docs</a>: every route, browsable (OpenAPI)</li><li><a href="/__admin/health">/__admin/health</a>: the scenario, seed and clock being served</li></ul>\n';
  app.get('/', { schema: { hide: true } }, async (request, reply) => (/\btext\/html\b/.test(request.headers.accept ?? '') ? reply.type('text/html; charset=utf-8').send(rootPage) : root));
  await app.register(adminPlugin, { prefix: '/__admin', simulation: options.simulation, scenarioFile: options.scenarioFile, adminToken: options.adminToken });
  await app.register(queueRestPlugin, { simulation: options.simulation });
  await app.register(agentCrudPlugin, { simulation: options.simulation });
  await app.register(ctiStatusPlugin, { simulation: options.simulation, auth: authOn(options, 'huawei') });
  await app.register(armXmlPlugin, { simulation: options.simulation });
  await app.register(cdrPlugin, { simulation: options.simulation, auth: authOn(options, 'conpeek') });
  app.addHook('onClose', async () => options.simulation.close());
  return app;
}
