/**
 * /__admin/recording: the session's recording (GET, NDJSON; its end line says whether it is complete),
 * and PUT, which resets the world and replays a recording to its end, the clock then in manual mode to
 * be stepped through. It parses and renders; recording and replaying are src/recording's. A recording's
 * problem is a 400 `invalid` naming its line and field; a replay already running is a 409.
 */
import type { FastifyInstance } from 'fastify';
import type { Simulation } from '../simulation.js';
import type { Recordings } from '../recording/recordings.js';
import { DEFAULT_RECORD_BYTES } from '../recording/recorder.js';

export const ref = (name: string) => ({ $ref: `admin#/definitions/${name}` });
export const errors = { 400: ref('Error'), 404: ref('Error'), 409: ref('Error') };
export const tags = ['admin'];
export const NDJSON = 'application/x-ndjson; charset=utf-8';
export const upload = (what: string) => ({ content: { 'application/x-ndjson': { schema: { type: 'string', description: what } } } });

/** A scope whose bodies are read as text whatever their content type (a recording is NDJSON), up to a recording's size. */
export async function uploads(app: FastifyInstance, recordings: Recordings, routes: (scope: FastifyInstance, bodyLimit: number) => void): Promise<void> {
  const bodyLimit = Math.max(recordings.recorder.maxBytes, DEFAULT_RECORD_BYTES);
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_req, text, done) => done(null, text));
    routes(scope, bodyLimit);
  });
}

export async function recordingRoutes(app: FastifyInstance, { recordings, simulation: sim }: { recordings: Recordings; simulation: Simulation }): Promise<void> {
  app.get('/recording', { schema: { tags, summary: 'The session so far as a recording (NDJSON: a header, the inputs with their outputs, an end line that says whether it is complete)', produces: ['application/x-ndjson'] } }, async (_req, reply) => {
    const text = recordings.text();
    return reply.type(NDJSON).header('x-ccsim-recording', recordings.recorder.complete ? 'complete' : 'incomplete').send(text);
  });

  await uploads(app, recordings, (scope, bodyLimit) => {
    scope.put<{ Body: string | undefined }>('/recording', { bodyLimit, schema: { tags, summary: 'Reset the world and replay a recording to its end; the clock is then manual, to step through what followed', body: upload('A recording (GET /__admin/recording, serve --record)'), response: { 200: ref('Replayed'), ...errors } } }, async (req) => {
      const replay = await recordings.load(req.body ?? '');
      return { replay, clock: sim.clock() };
    });
  });
}
