/**
 * Recordings of the calls of queues that record (record_enabled): the list (GET /client/{client_id}/record/
 * and an extension's GET /extension/{id}/record/), the file (GET …/record/{record_uuid}/ and …/download/,
 * a WAV made on the fly, wav.ts), its storage URL (…/storage_url/, fetched without a token from
 * /api/ver1.0/storage/record/{record_uuid}), and deleting one or all in a time range. A recording is a
 * talked queue call the world keeps; the view keeps only which ones were deleted (recordings.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RecordQuery, RecordStorageUrl } from '../../../generated/queue-rest/queue-rest.js';
import type { CallRecord } from '../../../scenarios/callcenter/model.js';
import type { TelphinAdapter } from '../adapter.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import { extensionsOf, hasRecording, recordDto, recordedMs, recordFileName, recordUuid, type HistoryContext } from '../history.js';
import { notSimulatedMessage } from '../not-simulated.js';
import { storageKey } from '../recordings.js';
import { ref, schemaDocument } from '../schema.js';
import { wavSize, wavStream } from '../wav.js';
import { basePath } from '../../shared/base-path.js';
import { callByUuid } from './calls.js';
import { checkClient, errors, extensionAt, params, tags, type RouteOptions } from './common.js';
import { pageOf, timeRange } from './paging.js';

type ClientParams = { client_id: string };
type RecordParams = { client_id: string; record_uuid: string };
type ExtParams = { extension_id: string };

/** Where a recording's file is served without a token (under /api/ver1.0). */
export const STORAGE_PATH = '/storage/record';

const fileResponse = { 200: { description: 'The recording: audio/wav (PCM, 8 kHz, mono, 16-bit), with Content-Disposition naming the file', type: 'string', format: 'binary' }, ...errors };

export async function recordRoutes(app: FastifyInstance, { adapter }: RouteOptions): Promise<void> {
  const recordQuery = () => structuredClone(schemaDocument.definitions.RecordQuery);

  /** The recordings the world keeps, oldest talk first, within the query's range (on start_time_gmt, when the talk began). */
  const recorded = (q: RecordQuery, ctx: HistoryContext, extension?: number): CallRecord[] => {
    const range = timeRange(q);
    return adapter.queries
      .finished(0)
      .calls.filter((c) => hasRecording(c, ctx) && range.holds(adapter.epochMs(c.answeredT as number)) && (extension === undefined || extensionsOf(c, ctx).includes(extension)))
      .sort((a, b) => (a.answeredT as number) - (b.answeredT as number) || a.seq - b.seq);
  };
  /** Paged only when the client asks (a backup tool takes a month in one answer); bounded by the world's retention. */
  const listed = (calls: CallRecord[], q: RecordQuery, ctx: HistoryContext) => {
    const chosen = q.page !== undefined || q.per_page !== undefined || q.order !== undefined ? pageOf(calls, q, 50).items : calls;
    return chosen.map((c) => recordDto(c, ctx));
  };

  app.get<{ Params: ClientParams; Querystring: RecordQuery }>(
    '/client/:client_id/record',
    { schema: { tags, summary: "Telphin: the client's recordings (paged when page, per_page or order is given)", params: params('client_id'), querystring: recordQuery(), response: { 200: ref('RecordList'), ...errors } } },
    async (req) => {
      checkClient(adapter, req.params.client_id);
      const ctx = adapter.historyContext();
      return listed(recorded(req.query, ctx), req.query, ctx);
    },
  );

  app.get<{ Params: ExtParams; Querystring: RecordQuery }>(
    '/extension/:extension_id/record',
    { schema: { tags, summary: "Telphin: an extension's recordings (a queue's, or those its phone answered)", params: params('extension_id'), querystring: recordQuery(), response: { 200: ref('RecordList'), ...errors } } },
    async (req) => {
      const ext = extensionAt(adapter, req.params.extension_id);
      const ctx = adapter.historyContext();
      return listed(recorded(req.query, ctx, ext.id), req.query, ctx);
    },
  );

  app.delete<{ Params: ClientParams; Querystring: RecordQuery }>(
    '/client/:client_id/record',
    { schema: { tags, summary: 'Telphin: delete the recordings of a time range (start_datetime and end_datetime are required)', params: params('client_id'), querystring: recordQuery(), response: { 204: { type: 'null' }, ...errors } } },
    async (req, reply) => {
      checkClient(adapter, req.params.client_id);
      for (const name of ['start_datetime', 'end_datetime'] as const) if (req.query[name] === undefined) throw badRequest(`Missing required parameter '${name}': a bulk delete needs both ends of its time range`);
      const ctx = adapter.historyContext();
      for (const c of recorded(req.query, ctx)) adapter.deletedRecords.add(c.id);
      return reply.code(204).send();
    },
  );

  for (const suffix of ['', '/download']) {
    app.get<{ Params: RecordParams }>(
      `/client/:client_id/record/:record_uuid${suffix}`,
      { schema: { tags, summary: `Telphin: a recording's file${suffix ? ' (download)' : ''}`, params: params('client_id', 'record_uuid'), response: fileResponse } },
      async (req, reply) => {
        checkClient(adapter, req.params.client_id);
        return sendFile(reply, adapter, recordAt(adapter, req, req.params.record_uuid));
      },
    );
  }

  app.delete<{ Params: RecordParams }>(
    '/client/:client_id/record/:record_uuid',
    { schema: { tags, summary: 'Telphin: delete a recording (its call stays in the history, without it)', params: params('client_id', 'record_uuid'), response: { 204: { type: 'null' }, ...errors } } },
    async (req, reply) => {
      checkClient(adapter, req.params.client_id);
      adapter.deletedRecords.add(recordAt(adapter, req, req.params.record_uuid).id);
      return reply.code(204).send();
    },
  );

  app.get<{ Params: RecordParams }>(
    '/client/:client_id/record/:record_uuid/storage_url',
    { schema: { tags, summary: "Telphin: where a recording's file can be fetched without a token", params: params('client_id', 'record_uuid'), response: { 200: ref('RecordStorageUrl'), ...errors } } },
    async (req) => {
      checkClient(adapter, req.params.client_id);
      return storageUrl(req, adapter, recordAt(adapter, req, req.params.record_uuid));
    },
  );

  app.get<{ Params: ExtParams & { record_uuid: string } }>(
    '/extension/:extension_id/record/:record_uuid/storage_url',
    { schema: { tags, summary: "Telphin: an extension's recording's storage URL", params: params('extension_id', 'record_uuid'), response: { 200: ref('RecordStorageUrl'), ...errors } } },
    async (req) => {
      const ext = extensionAt(adapter, req.params.extension_id);
      const call = recordAt(adapter, req, req.params.record_uuid);
      if (!extensionsOf(call, adapter.historyContext()).includes(ext.id)) throw notFound(`Record '${req.params.record_uuid}' not found for extension ${ext.id}`);
      return storageUrl(req, adapter, call);
    },
  );
}

/**
 * The storage host's route, outside the token's scope (registered beside the API, not in it): a
 * recording's file for the key its storage URL carries.
 */
export async function storageRoutes(app: FastifyInstance, { adapter }: RouteOptions): Promise<void> {
  app.get<{ Params: { record_uuid: string }; Querystring: { key?: string } }>(
    `${STORAGE_PATH}/:record_uuid`,
    {
      schema: {
        tags,
        summary: "Telphin storage: a recording's file, by the URL storage_url gave (no token)",
        security: [],
        params: params('record_uuid'),
        querystring: { type: 'object', properties: { key: { type: 'string', maxLength: 64 } } },
        response: fileResponse,
      },
    },
    async (req, reply) => {
      adapter.ensure();
      const call = recordAt(adapter, req, req.params.record_uuid);
      if (req.query.key !== storageKey(adapter.settings.client_secret, req.params.record_uuid.toUpperCase())) throw forbidden(`The key of recording '${req.params.record_uuid}' is missing or wrong: ask storage_url for its URL`);
      return sendFile(reply, adapter, call);
    },
  );
}

/** The recorded call a record uuid names ('<extension id>-<32 hex digits>'); Telphin's 404 otherwise. */
function recordAt(adapter: TelphinAdapter, req: FastifyRequest, raw: string): CallRecord {
  const path = req.url.split('?')[0];
  const api = path.indexOf('/client/');
  const unsimulated = api >= 0 ? notSimulatedMessage(req.method, path.slice(0, api), path.slice(api)) : null;
  if (unsimulated) throw notFound(unsimulated);
  const m = /^[0-9]{1,15}-([0-9A-Fa-f]{32})$/.exec(raw);
  const call = m ? callByUuid(adapter, m[1]) : null;
  const ctx = adapter.historyContext();
  if (!call || !hasRecording(call, ctx) || recordUuid(call, ctx) !== raw.toUpperCase()) throw notFound(`Record '${raw}' not found`);
  return call;
}

function sendFile(reply: FastifyReply, adapter: TelphinAdapter, call: CallRecord): FastifyReply {
  const ms = recordedMs(call);
  return reply
    .header('content-type', 'audio/wav')
    .header('content-length', String(wavSize(ms)))
    .header('content-disposition', `attachment; filename="${recordFileName(call, adapter.historyContext())}"`)
    .send(wavStream(ms));
}

function storageUrl(req: FastifyRequest, adapter: TelphinAdapter, call: CallRecord): RecordStorageUrl {
  const uuid = recordUuid(call, adapter.historyContext());
  const base = `${req.protocol}://${req.host}${basePath(req)}`;
  return { record_url: `${base}/api/ver1.0${STORAGE_PATH}/${uuid}?key=${storageKey(adapter.settings.client_secret, uuid)}` };
}
