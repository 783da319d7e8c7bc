/**
 * Call sessions and calls through this API: the filters of GetCallSessionsRequestDto and
 * GetCallsRequestDto, POST call sessions (incoming now; outgoing dials out), PUT of a wrap-up result,
 * POST /calls putting a client's call into a queue of that type, and the analytics by day and type.
 */
import t from 'tap';
import { harness } from './harness.js';
import { scenario } from './fixture.js';

t.test('call sessions: filters and paging; an incoming session puts the agent on a call', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  await h.advance(200);
  const list = (await h.api('GET', '/call-sessions')).json();
  t.ok(list.totalCount >= 2);
  const first = list.items[0];
  t.match(first, { agentId: 1, callDirection: 1, startedAt: '2026-11-20T09:00:12.000Z', endedAt: '2026-11-20T09:01:12.000Z', agent: { id: 1, webexDisplayName: 'Ann Lee' } });
  // Nobody set a wrap-up result: the simulated agent picked one when the call ended.
  const picked = (await h.events('call.disposition')).find((e) => e.agent === 'ann')!;
  t.match(picked, { by: 'agent' });
  t.equal(first.wrapupReason, ['not_found', 'success', 'no_answer', 'call_back_later', 'interrupted'].indexOf(picked.reason as string));
  t.equal(first.updateDateTime, '2026-11-20T09:01:12.000Z');
  t.same((await h.api('GET', `/call-sessions/${first.id}`)).json(), first);
  t.same((await h.api('GET', `/call-sessions?phoneNumber=${encodeURIComponent(first.phoneNumber)}`)).json().items, [first]);
  t.same((await h.api('GET', '/call-sessions?pagination.pageSize=1&pagination.page=2')).json().items, [list.items[1]]);

  const made = await h.api('POST', '/agents/2/call-sessions', { phoneNumber: '+15550100', callDirection: 1 });
  t.equal(made.statusCode, 201, made.body);
  t.match(made.json(), { agentId: 2, phoneNumber: '+15550100', callDirection: 1, startedAt: '2026-11-20T09:03:20.000Z', endedAt: null });
  t.equal(made.headers.location, `/api/call-sessions/${made.json().id}`);
  const open = (await h.api('GET', '/call-sessions?withNoEndedAt=true')).json().items;
  t.ok(open.some((s: { id: number }) => s.id === made.json().id));
  t.ok(open.every((s: { endedAt: string | null }) => s.endedAt === null));
  t.equal(open.length, (await h.api('GET', '/call-sessions')).json().items.filter((s: { endedAt: string | null }) => s.endedAt === null).length);
  // incoming_call_seconds (180 by default) later it ends.
  await h.advance(180);
  t.equal((await h.api('GET', `/call-sessions/${made.json().id}`)).json().endedAt, '2026-11-20T09:06:20.000Z');
  t.equal((await h.api('GET', '/call-sessions/99999')).statusCode, 404);
});

t.test('PUT a wrap-up result: the session shows it and the agent leaves wrap-up', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  await h.advance(80); // ann's first call (12 s → 72 s) is over; she wraps up until 102 s
  const id = (await h.api('GET', '/call-sessions')).json().items[0].id;
  const body = { id, wrapupReason: 3, comment: 'call back', recallDate: '2026-11-21T10:00:00', recallComment: 'after 10' };
  const r = await h.api('PUT', `/call-sessions/${id}`, body);
  t.equal(r.statusCode, 200, r.body);
  t.match(r.json(), { id, wrapupReason: 3, comment: 'call back', updateDateTime: '2026-11-20T09:01:20.000Z' });
  t.equal(h.sim.read((q) => q.agent('ann'))!.wrap_up_until_t, null);
  t.same((await h.api('GET', '/call-sessions?wrapupReasonFilter=CallBackLater')).json().items.map((s: { id: number }) => s.id), [id]);
  t.same((await h.api('GET', '/call-sessions?wrapupReasonFilter=1')).json().items.filter((s: { id: number }) => s.id === id), []);
});

t.test("a result set while the call is live: updateDateTime is the call's end, its last change", async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  await h.advance(13); // ann answered her first call at 12 s; it ends at 72 s
  const r = await h.api('PUT', '/call-sessions/1', { id: 1, wrapupReason: 3, comment: 'client' });
  t.equal(r.statusCode, 200, r.body);
  t.match(r.json(), { endedAt: null, updateDateTime: '2026-11-20T09:00:13.000Z' });
  await h.advance(100);
  const after = (await h.api('GET', '/call-sessions/1')).json();
  t.match(after, { wrapupReason: 3, comment: 'client', endedAt: '2026-11-20T09:01:12.000Z', updateDateTime: '2026-11-20T09:01:12.000Z' });
});

t.test('an outgoing session makes the agent dial out', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  const r = await h.api('POST', '/agents/1/call-sessions', { phoneNumber: '+15550200', callDirection: 2 });
  t.equal(r.statusCode, 201, r.body);
  t.match(r.json(), { agentId: 1, callDirection: 2, phoneNumber: '+15550200', endedAt: null });
  t.match((await h.events('agent.dialing')).at(-1), { agent: 'ann', number: '+15550200' });
  const call = (await h.api('GET', '/calls?phoneNumbers=%2B15550200')).json().items[0];
  t.match(call, { callDirection: 2, queueType: 5, queueId: null, agentId: 1 });
});

t.test('calls: filters of GetCallsRequestDto', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  await h.advance(600);
  const all = (await h.api('GET', '/calls')).json();
  t.equal(all.totalCount, 5);
  const ids = (q: string) => h.api('GET', `/calls?${q}`).then((r) => r.json().items.map((c: { id: number }) => c.id));
  const answered = all.items.filter((c: { answered: boolean }) => c.answered).map((c: { id: number }) => c.id);
  const missed = all.items.filter((c: { missed: boolean }) => c.missed).map((c: { id: number }) => c.id);
  t.same(await ids('answered=true'), answered);
  t.same(await ids('Answered=false'), all.items.filter((c: { answered: boolean }) => !c.answered).map((c: { id: number }) => c.id));
  t.same(await ids('missed=true'), missed);
  t.same(answered.length + missed.length, 5);
  t.same(await ids('queueType=2'), all.items.filter((c: { queueId: number }) => c.queueId === 2).map((c: { id: number }) => c.id));
  t.same(await ids('queueType=CallCenter1'), all.items.filter((c: { queueId: number }) => c.queueId === 1).map((c: { id: number }) => c.id));
  const [a, b] = all.items;
  t.same(await ids(`phoneNumbers=${encodeURIComponent(a.phoneNumber)}&phoneNumbers=${encodeURIComponent(b.phoneNumber)}`), [a.id, b.id]);
  t.same(await ids(`phoneNumbers[0]=${encodeURIComponent(b.phoneNumber)}`), [b.id]);
  t.same(await ids('from=2026-11-20T09:00:15Z&to=2026-11-20T09:00:50'), all.items.filter((c: { arrivedAt: string }) => c.arrivedAt >= '2026-11-20T09:00:15' && c.arrivedAt <= '2026-11-20T09:00:50.000Z').map((c: { id: number }) => c.id));
  for (const c of all.items) {
    if (c.answered) t.equal(c.waitSeconds, (Date.parse(c.answeredAt) - Date.parse(c.arrivedAt)) / 1000);
    if (c.answered) t.equal(c.talkSeconds, (Date.parse(c.endedAt) - Date.parse(c.answeredAt)) / 1000);
  }
});

t.test("POST /calls: a client's call joins the first queue of its type; PUT /queues changes the type", async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  await h.advance(3);
  const r = await h.api('POST', '/calls', { clientId: 42, callType: 2, comment: 'VIP' });
  t.equal(r.statusCode, 201, r.body);
  t.match(r.json(), { phoneNumber: '+79000000042', queueId: 2, queueType: 2, callDirection: 1, arrivedAt: '2026-11-20T09:00:03.000Z', answered: false, missed: false, comment: 'VIP' });
  t.match((await h.events('call.arrived')).at(-1), { queue: 'sales', number: '+79000000042' });
  // Ben rings at once (sales: ring-all) and answers 4 s later.
  await h.advance(5);
  t.match((await h.api('GET', '/calls?phoneNumbers=%2B79000000042')).json().items[0], { answered: true, agentId: 2, waitSeconds: 4 });
  const none = await h.api('POST', '/calls', { clientId: 1, callType: 5 });
  t.match(none.json(), { status: 409, errors: { callType: [/No queue has type 5/] } });
  const q = (await h.api('PUT', '/queues/1', { id: 1, queueType: 5, queueAgents: [] })).json();
  t.match(q, { id: 1, queueType: 5, updateDateTime: '2026-11-20T09:00:08.000Z' });
  t.equal((await h.api('POST', '/calls', { clientId: 1, callType: 5 })).json().queueId, 1);
  t.equal((await h.api('POST', '/calls', { clientId: 1, callType: 0 })).statusCode, 400);
});

t.test('analytics by UTC day and queue type', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  await h.advance(600);
  const a = (await h.api('GET', '/calls/analytics?from=2026-11-20&to=2026-11-20')).json();
  t.match(a, { from: '2026-11-20', to: '2026-11-20', total: 5 });
  t.same(a.byQueueType.map((x: { queueType: number; total: number }) => [x.queueType, x.total]), [[1, 4], [2, 1]]);
  t.equal(a.byQueueType.reduce((s: number, x: { answered: number }) => s + x.answered, 0), a.answered);
  // The seed's own example passes a date-time: its date is used.
  t.same((await h.api('GET', '/calls/analytics?from=2026-11-20T08:00:00Z')).json().total, 5);
  t.match((await h.api('GET', '/calls/analytics?from=2026-11-21')).json(), { total: 0, answered: 0, meanWaitSeconds: null, serviceLevel: null, byQueueType: [] });
  t.match((await h.api('GET', '/calls/analytics?from=2026-11-21&to=2026-11-20')).json(), { status: 400, errors: { to: [/before from/] } });
  // The whole date-time is checked before its date is used.
  t.match((await h.api('GET', '/calls/analytics?from=2026-11-20T25:00:00Z')).json(), { status: 400, errors: { from: [/not a valid date and time/] } });
  t.match((await h.api('GET', '/calls/analytics?to=2026-11-20T10:60:00%2B03:00')).json(), { status: 400, errors: { to: [/not a valid date and time/] } });
});
