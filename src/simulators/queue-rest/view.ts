/**
 * The Telphin view as the front door sees it (shared/view.ts): /oauth/token and /api/ver1.0, its OAuth2
 * client credentials and bearer tokens, and its error format `{message, status?}`. The routes are in
 * index.ts and routes/, the view's own state in adapter.ts.
 */
import type { ViewDescriptor } from '../shared/view.js';
import { renderTelphinError } from './errors.js';
import { queueRestPlugin, API_PREFIX } from './index.js';

export const telphinView: ViewDescriptor = {
  name: 'telphin',
  tag: { name: 'telphin', description: 'Telphin queue REST API ver1.0 (/oauth/token, /api/ver1.0)' },
  paths: () => (path) => path === '/oauth/token' || path.startsWith('/oauth/token/') || path === API_PREFIX || path.startsWith(`${API_PREFIX}/`),
  credentials: {
    switchable: false,
    schemes: {
      telphinOAuth: { type: 'oauth2', description: 'client_credentials at /oauth/token (the scenario\'s apis.telphin client_id and client_secret; ccsim / ccsim-secret by default)', flows: { clientCredentials: { tokenUrl: '/oauth/token', scopes: {} } } },
    },
  },
  // Read by the view itself for now (index.ts, auth.ts).
  bodies: [],
  render: renderTelphinError,
  register: (app, { simulation }) => queueRestPlugin(app, { simulation }),
  errorProblems(r) {
    const problems: string[] = [];
    if (!/^application\/json/.test(r.contentType)) problems.push(`content type ${r.contentType}, not JSON`);
    try {
      const b = JSON.parse(r.body);
      const keys = Object.keys(b ?? {});
      if (typeof b?.message !== 'string' || !keys.every((k) => k === 'message' || k === 'status') || (b.status !== undefined && typeof b.status !== 'string')) problems.push(`body is not {message, status?}: ${r.body.slice(0, 200)}`);
    } catch {
      problems.push(`body is not JSON: ${r.body.slice(0, 200)}`);
    }
    if (r.status < 400 || r.status >= 500) problems.push(`status ${r.status}, not a 4xx`);
    return problems;
  },
};
