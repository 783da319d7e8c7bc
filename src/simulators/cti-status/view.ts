/**
 * The Huawei view, its entry point for the front door (shared/view.ts): CC-CMS under /rest/cmsapp (its
 * openapi under v1/openapi, querycalls v2 under v2/openapi, ping) and API Fabric's token route under
 * /apigovernance, JSON bodies whatever their label (CC-CMS documents only application/json), three ways
 * to authenticate (auth.ts), and CC-CMS's error format (a result code; HTTP 200 for a request it cannot
 * use; the interfaces of the PDF ccsim lacks say so). The routes are in routes/, the interfaces in
 * catalogue.ts, the view's own state in adapter.ts.
 */
import type { ViewDescriptor } from '../shared/view.js';
import { HuaweiAdapter } from './adapter.js';
import { authenticate, SECURITY_SCHEMES } from './auth.js';
import { JSON_TYPE, renderCmsError } from './errors.js';
import { CMS_PREFIX, CMS_ROOT, CMS_V2_PREFIX, ownsPath } from './paths.js';
import { agentRoutes } from './routes/agents.js';
import { callRoutes, callRoutesV2 } from './routes/calls.js';
import { configureRoutes, pingRoute } from './routes/configures.js';
import { skillRoutes } from './routes/skills.js';
import { tokenRoutes } from './routes/token.js';
import { vdnRoutes } from './routes/vdn.js';
import { schemaDocument, SCHEMA_ID } from './schema.js';

export const huaweiView: ViewDescriptor = {
  name: 'huawei',
  tag: { name: 'huawei', description: 'Huawei CEC CC-CMS (/rest/cmsapp/v1/openapi, /rest/cmsapp/v2/openapi, /rest/cmsapp/v1/ping) and API Fabric\'s token route (/apigovernance/api/oauth/tokenByAkSk)' },
  paths: () => ownsPath,
  credentials: { switchable: true, schemes: SECURITY_SCHEMES },
  // Any content type is read as JSON: a client that labels it otherwise gets an answer about its parameters, not a 415.
  bodies: ['json-any'],
  render: renderCmsError,
  async register(app, { simulation, auth }) {
    const adapter = new HuaweiAdapter(simulation, app.log);
    app.addHook('onClose', async () => adapter.close());
    if (!app.getSchema(SCHEMA_ID)) app.addSchema(schemaDocument);
    // CC-CMS labels every answer so, errors included.
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-type', JSON_TYPE);
      return payload;
    });
    await app.register(tokenRoutes, { adapter });
    const opts = { adapter };
    await app.register(
      async (cms) => {
        authenticate(cms, adapter, auth);
        const v1 = CMS_PREFIX.slice(CMS_ROOT.length);
        for (const routes of [agentRoutes, vdnRoutes, skillRoutes, callRoutes, configureRoutes]) await cms.register(routes, { ...opts, prefix: v1 });
        await cms.register(callRoutesV2, { ...opts, prefix: CMS_V2_PREFIX.slice(CMS_ROOT.length) });
        await cms.register(pingRoute, { prefix: '/v1' });
      },
      { prefix: CMS_ROOT },
    );
  },
  errorProblems(r) {
    const problems: string[] = [];
    if (!/^application\/json/.test(r.contentType)) problems.push(`content type ${r.contentType}, not JSON`);
    try {
      const b = JSON.parse(r.body);
      if (!/^01\d{5}$/.test(String(b?.resultCode)) || b.resultCode === '0100000' || typeof b?.resultDesc !== 'string') problems.push(`body is not a CC-CMS failure {resultCode, resultDesc}: ${r.body.slice(0, 200)}`);
    } catch {
      problems.push(`body is not JSON: ${r.body.slice(0, 200)}`);
    }
    if (r.status >= 500) problems.push(`status ${r.status}`);
    return problems;
  },
};
