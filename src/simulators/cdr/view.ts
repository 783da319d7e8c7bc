/**
 * The Conpeek CDR view as the front door sees it (shared/view.ts): its paths, its API key, JSON bodies,
 * and its error format. The routes are in routes.ts, the view's own state in adapter.ts.
 */
import type { ViewDescriptor } from '../shared/view.js';
import { ConpeekAdapter } from './adapter.js';
import { authenticate } from './auth.js';
import { renderConpeekError } from './errors.js';
import { cdrRoutes } from './routes.js';
import { schemaDocument, SCHEMA_ID } from './schema.js';

const PATH = /^\/(cdr_dialog(_recording)?|dialog)(\/|$)/;

export const conpeekView: ViewDescriptor = {
  name: 'conpeek',
  tag: { name: 'conpeek', description: 'Conpeek API v1.3 CDR dialogs (/cdr_dialog, /cdr_dialog_recording, /dialog/{uuid}/hangup)' },
  paths: () => (path) => PATH.test(path),
  credentials: {
    switchable: true,
    schemes: { conpeekKey: { type: 'apiKey', in: 'header', name: 'Authorization', description: "Conpeek's API key, raw (no 'Bearer'): the scenario's apis.conpeek.api_key, ccsim-conpeek-key by default" } },
  },
  bodies: ['json'],
  render: renderConpeekError,
  async register(app, { simulation, auth }) {
    const adapter = new ConpeekAdapter(simulation, app.log);
    app.addHook('onClose', async () => adapter.close());
    if (!app.getSchema(SCHEMA_ID)) app.addSchema(schemaDocument);
    app.addHook('onRequest', authenticate(adapter, auth));
    await app.register(cdrRoutes, { adapter });
  },
  errorProblems(r) {
    const problems: string[] = [];
    if (!/^application\/json/.test(r.contentType)) problems.push(`content type ${r.contentType}, not JSON`);
    try {
      const b = JSON.parse(r.body);
      if (b?.success !== false || typeof b?.message !== 'string' || Object.keys(b).length !== 2) problems.push(`body is not {success: false, message}: ${r.body.slice(0, 200)}`);
    } catch {
      problems.push(`body is not JSON: ${r.body.slice(0, 200)}`);
    }
    if (r.status < 400 || r.status >= 500) problems.push(`status ${r.status}, not a 4xx`);
    return problems;
  },
};
