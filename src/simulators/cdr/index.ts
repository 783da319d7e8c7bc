/**
 * The Conpeek API v1.3 CDR view (seed 002, docs/vendors.md §4) as a Fastify plugin: GET /cdr_dialog,
 * GET /cdr_dialog_recording, GET /cdr_dialog/{dialog_uuid}/chat_recording and PUT /dialog/{uuid}/hangup,
 * all over the one world of the Simulation. Errors are Conpeek's `{success: false, message}`. The only
 * state here is the adapter's (adapter.ts).
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Simulation } from '../../simulation.js';
import { ConpeekAdapter } from './adapter.js';
import { authenticate } from './auth.js';
import { badRequest, sendConpeekError } from './errors.js';
import { cdrRoutes } from './routes.js';
import { schemaDocument, SCHEMA_ID } from './schema.js';

export interface CdrOptions {
  simulation: Simulation;
  /** Whether the API key is checked (`serve --auth conpeek=off` turns it off). */
  auth: boolean;
}

export const cdrPlugin: FastifyPluginAsync<CdrOptions> = async (app: FastifyInstance, { simulation, auth }) => {
  const adapter = new ConpeekAdapter(simulation, app.log);
  app.addHook('onClose', async () => adapter.close());
  if (!app.getSchema(SCHEMA_ID)) app.addSchema(schemaDocument);
  app.setErrorHandler((err, _request, reply) => sendConpeekError(reply, err));
  // PUT /dialog/{uuid}/hangup takes no body; clients often send an empty one labelled JSON.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, text, done) => {
    if (String(text).trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(String(text)));
    } catch (err) {
      done(badRequest(`Malformed JSON body: ${(err as Error).message}`), undefined);
    }
  });
  app.addHook('onRequest', authenticate(adapter, auth));
  await app.register(cdrRoutes, { adapter });
};
