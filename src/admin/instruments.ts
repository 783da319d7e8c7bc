/**
 * The tester's instruments on /__admin: the journal (list, read, clear, what no route took), counting and
 * finding exchanges by matcher, verification with near misses, waiting for exchanges, and faults (list,
 * install, remove). It parses, asks the journal and the fault registry (src/instruments) and renders; a
 * failed verification is a 422 in the admin envelope with the near misses beside it.
 */
import type { FastifyInstance } from 'fastify';
import type { Instruments } from '../instruments/instruments.js';
import type { Matcher } from '../instruments/matcher.js';
import type { FaultSpec } from '../instruments/faults.js';
import { faultProblem } from '../instruments/faults.js';
import { compileMatcher } from '../instruments/matcher.js';
import { count, find, verifyCount, verifySequence, type CountRule, type Verdict } from '../instruments/verify.js';
import type { JournalEntry } from '../instruments/journal.js';
import { invalid } from '../scenarios/callcenter/errors.js';
import { RequestProblem } from '../simulators/shared/problem.js';

const missing = (message: string) => new RequestProblem('not_found', message, { field: 'id', where: 'path' });

const ref = (name: string) => ({ $ref: `admin#/definitions/${name}` });
const errors = { 400: ref('Error'), 404: ref('Error') };
const tags = ['admin'];
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } } };
const PAGE_CAP = 1000;

/** A matcher whose pattern or XPath cannot be read is the caller's error, naming the field. */
function compiled(m: Matcher, field = 'matcher') {
  try {
    return compileMatcher(m);
  } catch (err) {
    throw invalid(`${field} cannot be read: ${(err as Error).message}`, m.xpath !== undefined ? `${field}.xpath` : `${field}.pathPattern`);
  }
}

export async function instrumentRoutes(app: FastifyInstance, { instruments }: { instruments: Instruments }): Promise<void> {
  const { journal } = instruments;
  const show = (e: JournalEntry) => journal.view(e);
  const failed = (v: Extract<Verdict, { ok: false }>, timedOut = false) => ({
    error: { code: 'verification_failed' as const, message: v.message },
    count: v.count,
    ...(v.step !== undefined ? { step: v.step } : {}),
    ...(timedOut ? { timedOut: true } : {}),
    nearMisses: v.nearMisses.map((n) => ({ request: show(n.entry), differences: n.differences })),
  });

  app.get<{ Querystring: { api?: string; kind?: JournalEntry['kind']; method?: string; path?: string; status?: number; since?: number; before?: number; limit?: number } }>(
    '/requests',
    {
      schema: {
        tags,
        summary: 'The journal, newest first: filter by api, kind, method, path, status; page with before=next; since=ID keeps the newer ones',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            api: { type: 'string', maxLength: 64 },
            kind: { enum: ['http', 'ws', 'webhook', 'admin'] },
            method: { type: 'string', maxLength: 16 },
            path: { type: 'string', maxLength: 2048 },
            status: { type: 'integer', minimum: 0, maximum: 999 },
            since: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
            before: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
            limit: { type: 'integer', minimum: 1, maximum: PAGE_CAP, default: 100 },
          },
        },
        response: { 200: ref('RequestPage'), ...errors },
      },
    },
    async (req) => {
      const { api, kind, method, path, status, since, before, limit = 100 } = req.query;
      const m = compileMatcher({ kind, api, method, path, status });
      const out: JournalEntry[] = [];
      let next: number | null = null;
      for (const e of journal.newestFirst(before)) {
        if (since !== undefined && e.id <= since) break;
        if (!m.matches(e)) continue;
        if (out.length === limit) {
          next = out[out.length - 1].id;
          break;
        }
        out.push(e);
      }
      return { requests: out.map(show), next, total: journal.size, dropped: journal.dropped, bytes: journal.byteSize, bounds: { entries: journal.options.maxEntries, bytes: journal.options.maxBytes } };
    },
  );

  app.get('/requests/unmatched', { schema: { tags, summary: 'Exchanges no route took (newest first)', response: { 200: ref('Found') } } }, async () => {
    const found = [...journal.newestFirst()].filter((e) => e.kind !== 'admin' && e.kind !== 'webhook' && e.route === null && e.status !== null);
    return { count: found.length, requests: found.slice(0, PAGE_CAP).map(show) };
  });

  app.get<{ Params: { id: number } }>('/requests/:id', { schema: { tags, summary: 'One journaled exchange', params: idParams, response: { 200: ref('JournalEntry'), ...errors } } }, async (req) => {
    const e = journal.get(req.params.id);
    if (!e) throw missing(`no journaled exchange ${req.params.id} (it may have been let go by the journal's bound)`);
    return show(e);
  });

  app.delete('/requests', { schema: { tags, summary: 'Empty the journal', response: { 204: { type: 'null' } } } }, async (_req, reply) => {
    journal.clear();
    return reply.code(204).send();
  });

  app.post<{ Body: { matcher: Matcher } }>('/requests/count', { schema: { tags, summary: 'How many journaled exchanges match', body: ref('MatcherBody'), response: { 200: ref('Counted'), ...errors } } }, async (req) => ({
    count: count(journal, compiled(req.body.matcher)),
  }));

  app.post<{ Body: { matcher: Matcher } }>('/requests/find', { schema: { tags, summary: 'The journaled exchanges that match, oldest first', body: ref('MatcherBody'), response: { 200: ref('Found'), ...errors } } }, async (req) => {
    const found = find(journal, compiled(req.body.matcher));
    return { count: found.length, requests: found.slice(-PAGE_CAP).map(show) };
  });

  app.post<{ Body: { matcher?: Matcher; count?: CountRule; sequence?: Matcher[] } }>(
    '/requests/verify',
    { schema: { tags, summary: 'Verify a count ({matcher, count?}) or a sequence ({sequence}); 422 with the near misses when it does not hold', body: ref('Verify'), response: { 200: ref('Verified'), 422: ref('NearMisses'), ...errors } } },
    async (req, reply) => {
      const b = req.body;
      if (b.sequence) b.sequence.forEach((m, i) => compiled(m, `sequence[${i}]`));
      else compiled(b.matcher as Matcher);
      const v = b.sequence ? verifySequence(journal, b.sequence) : verifyCount(journal, b.matcher as Matcher, b.count);
      return v.ok ? v : reply.code(422).send(failed(v));
    },
  );

  app.post<{ Body: { matcher: Matcher; count?: CountRule; timeoutMs: number } }>(
    '/requests/wait',
    { schema: { tags, summary: 'Wait (wall time, at most timeoutMs) until journaled exchanges match; the virtual clock does not move', body: ref('Wait'), response: { 200: ref('Verified'), 422: ref('NearMisses'), ...errors } } },
    async (req, reply) => {
      const { matcher, count: rule, timeoutMs } = req.body;
      compiled(matcher);
      const check = () => verifyCount(journal, matcher, rule);
      let v = check();
      if (!v.ok) {
        v = await new Promise<Verdict>((resolve) => {
          const stop = journal.onChange(() => {
            const now = check();
            if (now.ok) finish(now);
          });
          const timer = setTimeout(() => finish(check()), timeoutMs);
          // A client that gives up: its connection's close ends the wait (the request's own 'close' comes once its body is read).
          reply.raw.once('close', () => finish(check()));
          function finish(result: Verdict) {
            stop();
            clearTimeout(timer);
            resolve(result);
          }
        });
      }
      return v.ok ? v : reply.code(422).send(failed(v, true));
    },
  );

  app.get('/faults', { schema: { tags, summary: 'The faults installed (from the API and from the scenario)', response: { 200: { type: 'array', items: ref('Fault') } } } }, async () => instruments.faultsNow().list());

  app.post<{ Body: FaultSpec }>('/faults', { schema: { tags, summary: 'Install a fault: {match, fault, probability?, times?, from?, until?}', body: ref('FaultSpec'), response: { 201: ref('Fault'), ...errors } } }, async (req, reply) => {
    const problem = faultProblem(req.body);
    if (problem) throw invalid(problem.message, problem.field);
    return reply.code(201).send(instruments.faultsNow().add(req.body));
  });

  app.get<{ Params: { id: number } }>('/faults/:id', { schema: { tags, summary: 'One fault', params: idParams, response: { 200: ref('Fault'), ...errors } } }, async (req) => {
    const f = instruments.faultsNow().get(req.params.id);
    if (!f) throw missing(`no fault ${req.params.id}`);
    return f;
  });

  app.delete('/faults', { schema: { tags, summary: "Remove every fault installed through the API (the scenario's stay)", response: { 204: { type: 'null' } } } }, async (_req, reply) => {
    instruments.faultsNow().clear('api');
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: number } }>('/faults/:id', { schema: { tags, summary: 'Remove one fault', params: idParams, response: { 204: { type: 'null' }, ...errors } } }, async (req, reply) => {
    if (!instruments.faultsNow().remove(req.params.id)) throw missing(`no fault ${req.params.id}`);
    return reply.code(204).send();
  });
}
