/**
 * The Huawei CEC CC-CMS monitoring openapi simulator (seed 004, docs/vendors.md §2) as a Fastify
 * plugin under /rest/cmsapp/v1/openapi: agent status by configured skill (old and new form), by workno,
 * the VDN's rest info and its system state, all read from the one world of the Simulation. Requests are
 * POSTs of JSON, signed with auth-v2 (unless `--auth huawei=off`); every failure is rendered as CC-CMS
 * does it (errors.ts). The only state here is the adapter's (adapter.ts).
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Simulation } from '../../simulation.js';
import { HuaweiAdapter } from './adapter.js';
import { checkAuth } from './auth.js';
import { errorBody, invalidParameter, JSON_TYPE, RESULT, sendCmsError } from './errors.js';
import { agentRoutes } from './routes/agents.js';
import { vdnRoutes } from './routes/vdn.js';

export interface CtiStatusOptions {
  simulation: Simulation;
  /** Whether auth-v2 headers are checked (`--auth huawei=off` turns it off). */
  auth: boolean;
}

export const CMS_PREFIX = '/rest/cmsapp/v1/openapi';

/** The interfaces served, for telling a wrong method (405) from an unknown path (404). */
export const CMS_PATHS = ['/agentgroup/agentbyconfigedskill', '/agentgroup/agentbyworkno', '/agentgroup/agentrestinfo', '/querymonitor/systemstate', '/skill/agentbyconfigedskill'];

export const ctiStatusPlugin: FastifyPluginAsync<CtiStatusOptions> = async (app: FastifyInstance, { simulation, auth }) => {
  const adapter = new HuaweiAdapter(simulation, app.log);
  app.addHook('onClose', async () => adapter.close());
  await app.register(
    async (api) => {
      // Any content type is read as JSON (CC-CMS documents only application/json; a client that labels
      // it otherwise still gets an answer about its parameters, not a 415).
      api.removeAllContentTypeParsers();
      api.addContentTypeParser('*', { parseAs: 'string' }, (_req: FastifyRequest, text: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
        const s = String(text);
        if (s.trim() === '') return done(null, undefined);
        try {
          done(null, JSON.parse(s));
        } catch (err) {
          done(invalidParameter(`the body is not valid JSON (${(err as Error).message})`));
        }
      });
      api.addHook('onRequest', async (req) => {
        const ctx = adapter.ensure();
        if (auth) checkAuth(req, adapter.settings, ctx.epochMs);
      });
      api.addHook('onSend', async (_req, reply, payload) => {
        reply.header('content-type', JSON_TYPE);
        return payload;
      });
      api.setErrorHandler((err, request, reply) => sendCmsError(reply, err, request));
      api.setNotFoundHandler((request, reply) => {
        const path = request.url.split('?')[0].slice(CMS_PREFIX.length).replace(/\/+$/, '');
        if (CMS_PATHS.includes(path)) {
          return reply.code(405).header('allow', 'POST').type(JSON_TYPE).send(errorBody(RESULT.failed, `Request method '${request.method}' is not supported: this interface accepts POST only`));
        }
        return reply.code(404).type(JSON_TYPE).send(errorBody(RESULT.failed, `No such interface: ${request.method} ${request.url.split('?')[0]}`));
      });
      const opts = { adapter };
      await api.register(agentRoutes, opts);
      await api.register(vdnRoutes, opts);
    },
    { prefix: CMS_PREFIX },
  );
};


