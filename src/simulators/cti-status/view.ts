/**
 * The Huawei CC-CMS view as the front door sees it (shared/view.ts): /rest/cmsapp/v1/openapi, its signed
 * requests, and its error format (a result code, HTTP 200 for a request it cannot use). The routes are in
 * index.ts and routes/, the view's own state in adapter.ts.
 */
import type { ViewDescriptor } from '../shared/view.js';
import { renderCmsError } from './errors.js';
import { CMS_PREFIX, ctiStatusPlugin } from './index.js';

export const huaweiView: ViewDescriptor = {
  name: 'huawei',
  tag: { name: 'huawei', description: 'Huawei CEC CC-CMS monitoring openapi (/rest/cmsapp/v1/openapi)' },
  paths: () => (path) => path === CMS_PREFIX || path.startsWith(`${CMS_PREFIX}/`),
  credentials: {
    switchable: true,
    schemes: { huaweiAuthV2: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'auth-v2/{ak}/{timestamp}/{signedHeaders}/{signature} (the scenario\'s apis.huawei access_key, ccsim-ak by default)' } },
  },
  // Read by the view itself for now (index.ts): any content type as JSON.
  bodies: [],
  render: renderCmsError,
  register: (app, { simulation, auth }) => ctiStatusPlugin(app, { simulation, auth }),
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
