/**
 * /__admin/snapshots: named snapshots of the world: take one (the world now), list them, export one as a
 * file, import one (PUT), restore one (the same ids, state and random streams: the same future), delete
 * one. It parses and renders; what a snapshot is and how it is restored is src/recording's. An unknown
 * snapshot is a 404; a snapshot of an incomplete recording, a name taken, a full store or a replay
 * already running a 409; a broken or foreign file a 400 `invalid` naming its line and field.
 */
import type { FastifyInstance } from 'fastify';
import type { Simulation } from '../simulation.js';
import type { Recordings } from '../recording/recordings.js';
import { errors, NDJSON, ref, tags, upload, uploads } from './recording.js';

const nameParams = { type: 'object', required: ['name'], properties: { name: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,64}$' } } };

export async function snapshotRoutes(app: FastifyInstance, { recordings, simulation: sim }: { recordings: Recordings; simulation: Simulation }): Promise<void> {
  app.get('/snapshots', { schema: { tags, summary: 'The snapshots this server keeps', response: { 200: ref('SnapshotList') } } }, async () => ({ snapshots: recordings.snapshots.list(), max: recordings.snapshots.max }));

  app.post<{ Body: { name: string } }>('/snapshots', { schema: { tags, summary: 'A snapshot of the world now, under a name', body: ref('SnapshotCreate'), response: { 201: ref('SnapshotInfo'), ...errors } } }, async (req, reply) =>
    reply.code(201).send(recordings.take(req.body.name)),
  );

  app.get<{ Params: { name: string } }>('/snapshots/:name', { schema: { tags, summary: 'A snapshot as a file: a recording that ends at the snapshot (PUT it back, or serve --snapshot it)', params: nameParams, produces: ['application/x-ndjson'], response: { 404: ref('Error') } } }, async (req, reply) =>
    reply.type(NDJSON).header('content-disposition', `attachment; filename="${req.params.name}.ccsim.ndjson"`).send(recordings.snapshots.text(req.params.name)),
  );

  app.post<{ Params: { name: string } }>('/snapshots/:name/restore', { schema: { tags, summary: 'The world as it was at the snapshot (the same ids, state and random streams), its clock in the mode it had then', params: nameParams, response: { 200: ref('Replayed'), ...errors } } }, async (req) => {
    const { snapshot, replay } = await recordings.restore(req.params.name);
    return { replay, clock: sim.clock(), snapshot };
  });

  app.delete<{ Params: { name: string } }>('/snapshots/:name', { schema: { tags, summary: 'Forget a snapshot', params: nameParams, response: { 204: { type: 'null' }, 404: ref('Error') } } }, async (req, reply) => {
    recordings.snapshots.remove(req.params.name);
    return reply.code(204).send();
  });

  await uploads(app, recordings, (scope, bodyLimit) => {
    scope.put<{ Params: { name: string }; Body: string | undefined }>('/snapshots/:name', { bodyLimit, schema: { tags, summary: 'Import a snapshot file (GET /__admin/snapshots/{name}) under a name, in place of one of that name', params: nameParams, body: upload('A snapshot file'), response: { 200: ref('SnapshotInfo'), 201: ref('SnapshotInfo'), ...errors } } }, async (req, reply) => {
      const existed = recordings.snapshots.has(req.params.name);
      const info = recordings.import(req.params.name, req.body ?? '');
      return reply.code(existed ? 200 : 201).send(info);
    });
  });
}
