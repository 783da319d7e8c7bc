/**
 * The contract: every example of seed 000, its "<…>" placeholders replaced by valid values, validates as
 * its DTO; and bad input (malformed JSON, wrong types, unknown enum values, missing fields, unknown ids,
 * bad query parameters) gets a problem body naming the field, never a 500, and changes nothing.
 */
import t from 'tap';
import { harness, schemaErrors } from './harness.js';
import { scenario } from './fixture.js';

const T = '2026-05-05T08:00:00Z';
const summary = { id: 0, userId: 0, webexId: 'uuid', webexUserNumber: 'string', webexDisplayName: 'string', userFullName: 'string', agentStatus: '<AgentStatusDto>', createDateTime: T, updateDateTime: T, deleteDateTime: T };
const queueSummary = { id: 0, webexId: 'uuid', webexExtension: 'string', queueType: '<queuetypedto>', createDateTime: T, updateDateTime: T, deleteDateTime: T };

/** Seed 000's examples, verbatim. */
const EXAMPLES: Record<string, unknown> = {
  AgentDto: { ...summary, queues: [] },
  AgentQueueDto: { id: 0, joined: false, createDateTime: T, updateDateTime: T, deleteDateTime: T, queue: '<QueueSummaryDto>' },
  AgentQueueRequestDto: { queueId: 0, joined: false },
  AgentStatusDto: 1,
  AgentSummaryDto: summary,
  CallDirectionDto: 1,
  CallSessionDto: { id: 0, agentId: 0, callId: 0, phoneNumber: '+49123456789', callDirection: '<CallDirectionDto>', startedAt: T, endedAt: T, wrapupReason: '<wrapupreasondto>', comment: 'string', createDateTime: T, updateDateTime: T, agent: '<agentsummarydto>' },
  CreateAgentRequestDto: { userId: 0, webexAgentId: 'uuid', userFullName: 'string', queues: [] },
  CreateCallRequestParam: { clientId: 0, callType: 0, comment: 'string' },
  CreateCallSessionRequestDto: { phoneNumber: '+49123456789', callDirection: '<CallDirectionDto>' },
  GetAgentsRequestDto: { pagination: '<Pagination>' },
  GetCallsAnalyticsRequestDto: { from: T, to: T },
  GetCallSessionsRequestDto: { phoneNumber: '+49123456789', withNoEndedAt: false, wrapupReasonFilter: '<wrapupreasondto>', pagination: '<Pagination>' },
  GetCallsRequestDto: { phoneNumbers: [], from: T, to: T, answered: false, missed: false, queueType: '<queuetypedto>', pagination: '<Pagination>' },
  QueueAgentDto: { id: 0, joined: false, createDateTime: T, updateDateTime: T, deleteDateTime: T, agent: '<AgentSummaryDto>' },
  QueueDto: { ...queueSummary, queueAgents: [] },
  QueueSummaryDto: queueSummary,
  QueueTypeDto: 0,
  UpdateAgentRequestDto: { id: 0, userId: 0, userFullName: 'string', queues: [] },
  UpdateCallSessionRequestDto: { id: 0, wrapupReason: '<WrapupReasonDto>', comment: 'string', recallDate: T, recallComment: 'string' },
  UpdateQueueAgentRequestDto: { id: 0, agentId: 0, joined: false },
  UpdateQueueRequestDto: { id: 0, queueType: '<QueueTypeDto>', queueAgents: [] },
  WrapupReasonDto: 0,
};

const PLACEHOLDERS: Record<string, unknown> = {
  '<AgentStatusDto>': 2,
  '<CallDirectionDto>': 1,
  '<wrapupreasondto>': 1,
  '<WrapupReasonDto>': 3,
  '<queuetypedto>': 5,
  '<QueueTypeDto>': 1,
  '<Pagination>': { page: 1, pageSize: 20 },
};

function fill(v: unknown): unknown {
  if (typeof v === 'string' && v.startsWith('<')) {
    if (/^<agentsummarydto>$/i.test(v)) return fill(summary);
    if (v === '<QueueSummaryDto>') return fill(queueSummary);
    if (!(v in PLACEHOLDERS)) throw new Error(`no value for ${v}`);
    return PLACEHOLDERS[v];
  }
  if (Array.isArray(v)) return v.map(fill);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
  return v;
}

t.test("seed 000's 23 examples validate as their DTOs", async (t) => {
  t.equal(Object.keys(EXAMPLES).length, 23);
  for (const [name, example] of Object.entries(EXAMPLES)) t.same(schemaErrors(name, fill(example)), [], name);
  // And the schemas are not vacuous: a placeholder left in, or a field of the wrong type, fails.
  t.not(schemaErrors('AgentDto', { ...fill(EXAMPLES.AgentDto) as object, agentStatus: '<AgentStatusDto>' }).length, 0);
  t.not(schemaErrors('AgentStatusDto', 6).length, 0);
  t.not(schemaErrors('QueueSummaryDto', { ...queueSummary, queueType: 5, createDateTime: '2026-05-05 08:00' }).length, 0);
  t.not(schemaErrors('CreateAgentRequestDto', { userId: 0, webexAgentId: 'x', userFullName: 'y' }).length, 0);
  t.same(schemaErrors('GetCallsAnalyticsRequestDto', { from: '2026-05-05', to: null }), []);
});

t.test('bad input gets a problem body naming the field, and changes nothing', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  const state = async () => (await h.api('GET', '/agents?includeDeleted=true')).body + (await h.api('GET', '/queues')).body + h.sim.eventSeq;
  const before = await state();
  const cases: [string, string, unknown, number, string, RegExp][] = [
    ['POST', '/agents', '{"userId": 1,', 400, '$', /not valid JSON/],
    ['POST', '/agents', '', 400, '$', /body is required/],
    ['POST', '/agents', { webexAgentId: 'w', userFullName: 'X', queues: [] }, 400, 'userId', /The userId field is required/],
    ['POST', '/agents', { userId: '5', webexAgentId: 'w', userFullName: 'X', queues: [] }, 400, 'userId', /must be an integer/],
    ['POST', '/agents', { userId: 5, webexAgentId: 'w', userFullName: 'X', queues: [{ queueId: 1 }] }, 400, 'queues[0].joined', /required/],
    ['POST', '/agents', { userId: 5, webexAgentId: 'w', userFullName: 'X', queues: [{ queueId: 'a', joined: 'yes' }] }, 400, 'queues[0].joined', /must be a boolean/],
    ['POST', '/agents', { userId: 5, webexAgentId: 'w', userFullName: 'X', queues: [{ queueId: 3, joined: true }] }, 400, 'queues[0].queueId', /Queue 3 not found/],
    ['POST', '/agents', { userId: 5, webexAgentId: '', userFullName: 'X', queues: [] }, 400, 'webexAgentId', /minimum length/],
    ['PUT', '/agents/1', { id: 1, userFullName: 7, queues: [] }, 400, 'userFullName', /must be a string or null/],
    ['PUT', '/agents/9', { id: 9, queues: [] }, 404, 'id', /Agent 9 not found/],
    ['PUT', '/agents/1/status', { agentStatus: 7 }, 400, 'agentStatus', /one of 1 \(Offline\)/],
    ['PUT', '/agents/1/status', { agentStatus: 'Online' }, 400, 'agentStatus', /one of/],
    ['PUT', '/agents/1/status', {}, 400, 'agentStatus', /required/],
    ['PUT', '/agents/x/status', { agentStatus: 2 }, 400, 'id', /'x' is not valid/],
    ['DELETE', '/agents/99999999999', undefined, 400, 'id', /not valid/],
    ['GET', '/agents/0', undefined, 404, 'id', /Agent 0 not found/],
    ['POST', '/agents/1/call-sessions', { phoneNumber: '+1555', callDirection: 3 }, 400, 'callDirection', /one of 1 \(Incoming\), 2 \(Outgoing\)/],
    ['POST', '/agents/1/call-sessions', { phoneNumber: 'call me', callDirection: 1 }, 400, 'phoneNumber', /phone number/],
    ['POST', '/agents/1/call-sessions', { callDirection: 1 }, 400, 'phoneNumber', /required/],
    ['PUT', '/call-sessions/1', { id: 1, wrapupReason: 1 }, 404, 'id', /Call session 1 not found/],
    ['PUT', '/call-sessions/1', { id: 1, wrapupReason: 9 }, 400, 'wrapupReason', /one of 0 \(NotFound\)/],
    ['PUT', '/call-sessions/1', { id: 1, wrapupReason: 1, recallDate: 'tomorrow' }, 400, 'recallDate', /ISO 8601/],
    ['POST', '/calls', { clientId: 1 }, 400, 'callType', /required/],
    ['POST', '/calls', { clientId: -1, callType: 1 }, 400, 'clientId', />= 0/],
    ['POST', '/calls', { clientId: 1, callType: 1, comment: 5 }, 400, 'comment', /string or null/],
    ['GET', '/agents?pagination.pageSize=abc', undefined, 400, 'pagination.pageSize', /integer/],
    ['GET', '/agents?pagination.pageSize=5000', undefined, 400, 'pagination.pageSize', /<= 1000/],
    ['GET', '/agents?includeDeleted=maybe', undefined, 400, 'includeDeleted', /not valid/],
    ['GET', '/call-sessions?wrapupReasonFilter=Sometimes', undefined, 400, 'wrapupReasonFilter', /one of 0 \(NotFound\)/],
    ['GET', '/call-sessions?withNoEndedAt=perhaps', undefined, 400, 'withNoEndedAt', /boolean/],
    ['GET', '/calls?queueType=9', undefined, 400, 'queueType', /one of/],
    ['GET', '/calls?answered=1x', undefined, 400, 'answered', /boolean/],
    ['GET', '/calls?from=yesterday', undefined, 400, 'from', /ISO 8601/],
    ['GET', '/calls?from=2026-02-31T00:00:00Z', undefined, 400, 'from', /not a valid date/],
    ['GET', '/calls/analytics?from=2026-13-01', undefined, 400, 'from', /not a valid date/],
    ['GET', '/calls/analytics?to=20261120', undefined, 400, 'to', /ISO 8601/],
    ['GET', '/no-such-thing', undefined, 404, '$', /No such resource/],
  ];
  for (const [method, path, body, status, field, message] of cases) {
    const r = await h.api(method as 'GET', path, body);
    t.equal(r.statusCode, status, `${method} ${path} ${JSON.stringify(body)}: ${r.body}`);
    t.match(r.json().errors?.[field], [message], `${method} ${path} names ${field}`);
  }
  // Not JSON at all.
  const text = await h.api('POST', '/agents', 'userId=1', { 'content-type': 'application/x-www-form-urlencoded' });
  t.equal(text.statusCode, 415);
  // JSON sent as text/plain is not taken as a string that then fails validation: 415, as ASP.NET answers.
  const plain = await h.api('POST', '/agents', JSON.stringify({ userId: 5, webexAgentId: 'w', userFullName: 'X', queues: [] }), { 'content-type': 'text/plain' });
  t.equal(plain.statusCode, 415, plain.body);
  t.match(plain.json(), { status: 415, title: 'Unsupported Media Type', detail: /text\/plain/ });
  t.equal(plain.headers['content-type'], 'application/problem+json; charset=utf-8');
  // Prototype poisoning is refused by name, not called malformed JSON.
  for (const [raw, name] of [
    ['{"userId":5,"webexAgentId":"w","userFullName":"X","queues":[],"__proto__":{"x":1}}', /'__proto__' \(prototype poisoning\)/],
    ['{"userId":5,"webexAgentId":"w","userFullName":"X","queues":[{"queueId":1,"joined":true,"constructor":{"prototype":{"x":1}}}]}', /'constructor.prototype' \(prototype poisoning\)/],
  ] as const) {
    const r = await h.api('POST', '/agents', raw, { 'content-type': 'application/json' });
    t.equal(r.statusCode, 400, r.body);
    t.match(r.json().errors?.$, [name]);
    t.notMatch(r.body, /malformed|not valid JSON/);
  }
  t.equal(await state(), before, 'nothing changed');
  t.same(h.logs.filter((l) => Number(l.level) >= 50), [], 'no refusal is logged as a failure of the server');
});
