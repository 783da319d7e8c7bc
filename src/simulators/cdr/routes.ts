/**
 * The routes of the Conpeek CDR view: list finished dialogs (filter and paging), their recordings, a
 * dialog's chat recording, and hanging up a live dialog. Handlers parse, ask the adapter, and render.
 */
import type { FastifyInstance } from 'fastify';
import type { ConpeekAdapter } from './adapter.js';
import { notFound } from './errors.js';
import type { DialogRecording } from '../../generated/cdr/cdr.js';
import { matches, type FilterTarget } from './filter.js';
import { page, pageOf, parseListQuery } from './list-query.js';
import { ref } from './schema.js';

const tags = ['conpeek'];
const errors = { '4xx': ref('Error') };
// For the OpenAPI only: untyped, so the router passes everything to list-query.ts, whose messages are Conpeek's.
const listQuery = {
  type: 'object',
  properties: {
    limit: { description: 'Page size, a non-negative integer (default 500).' },
    offset: { description: 'Items to skip, a non-negative integer (default 0).' },
    filter: { description: 'URI-encoded JSON list of {property, operator?, value} (schema FilterItem).' },
  },
};
const FILTER_DOC =
  'filter properties: number_list, start_time/hangup_time (gt, gte, lt, lte; "YYYY-MM-DD HH:mm:ss" UTC), talking_time (gt, gte, lt, lte, eq; ms), project_id_list, tenant_user_id_list, custom_tag_id_list, operator_call_id_list, dialog_type_list, call_request_agent_id_list. Only finished calls are listed, oldest hang-up first.';

export async function cdrRoutes(app: FastifyInstance, { adapter }: { adapter: ConpeekAdapter }): Promise<void> {
  app.get('/cdr_dialog', { schema: { tags, summary: 'Conpeek: CDR dialogs of finished calls', description: FILTER_DOC, querystring: listQuery, response: { 200: ref('DialogList'), ...errors } } }, async (req) => {
    const q = parseListQuery(req.query);
    const dialogs = adapter.dialogs();
    const { data, count } = q.filters.length === 0 ? page(dialogs, q) : pageOf<FilterTarget, FilterTarget>(dialogs, q, (d, into) => matches(d, q.filters) && into(d));
    return { success: true, data: data.map((d) => d.dialog), count };
  });

  app.get('/cdr_dialog_recording', { schema: { tags, summary: 'Conpeek: recordings of the dialogs the filter selects', description: FILTER_DOC, querystring: listQuery, response: { 200: ref('RecordingList'), ...errors } } }, async (req) => {
    const q = parseListQuery(req.query);
    const { data } = pageOf(adapter.dialogs(), q, (target, into: (r: DialogRecording) => void) => {
      const d = target.dialog;
      if (d.audio_video_recording.length === 0 || !matches(target, q.filters)) return;
      for (const r of d.audio_video_recording) into({ dialog_uuid: d.dialog_uuid, operator_call_id: d.operator_call_id, ...r });
    });
    return { data };
  });

  app.get<{ Params: { dialog_uuid: string } }>(
    '/cdr_dialog/:dialog_uuid/chat_recording',
    { schema: { tags, summary: "Conpeek: a dialog's chat messages (voice dialogs have none); 404 for an unknown dialog", response: { 200: ref('ChatRecordingList'), ...errors } } },
    async (req) => {
      const uuid = req.params.dialog_uuid;
      if (!adapter.dialog(uuid)) throw notFound(`Dialog '${uuid}' not found`);
      return { success: true, data: [], count: 0 };
    },
  );

  app.put<{ Params: { uuid: string } }>(
    '/dialog/:uuid/hangup',
    { schema: { tags, summary: 'Conpeek: hang up a live dialog (the call ends in the world)', description: "The uuid of a live call's EXTERNAL side is the world's call id; an agent's side is uuidv5('CONSULTANT:<agent id>', call id).", response: { 202: ref('Accepted'), ...errors } } },
    async (req, reply) => {
      adapter.hangUp(req.params.uuid);
      return reply.code(202).send({ success: true });
    },
  );
}
