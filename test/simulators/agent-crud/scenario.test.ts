/**
 * Done-when 2, scripted: callers arrive at fixed times and the agents answer them; at two instants the
 * call sessions, calls and analytics of this API are checked against the engine's event log, and the
 * agents' statuses and the queues' talking callers against the Telphin view of the same agents.
 */
import t, { type Test } from 'tap';
import { harness, type Harness } from './harness.js';
import { scenario } from './fixture.js';

const START = Date.parse('2026-11-20T09:00:00Z');
const at = (t: number) => new Date(START + t).toISOString();
const AGENT_IDS: Record<string, number> = { ann: 1, ben: 2 };
const REASONS = ['not_found', 'success', 'no_answer', 'call_back_later', 'interrupted'];

async function all(h: Harness, path: string): Promise<Record<string, unknown>[]> {
  const r = await h.api('GET', `${path}${path.includes('?') ? '&' : '?'}pagination.pageSize=1000`);
  return r.json().items;
}

/** Everything this API says, checked against the event log and Telphin, now. */
async function compare(t: Test, h: Harness): Promise<void> {
  const events = await h.events();
  const calls = await all(h, '/calls');
  const sessions = await all(h, '/call-sessions');
  const seqOf = new Map(calls.map((c) => [c.callId as string, c.id as number]));

  // Calls: one per arrival, in order, with the event times.
  const arrived = events.filter((e) => e.type === 'call.arrived');
  t.same(calls.map((c) => c.callId), arrived.map((e) => e.call), 'one call per arrival, in order');
  for (const e of arrived) t.match(calls.find((c) => c.callId === e.call), { arrivedAt: at(e.t as number), phoneNumber: e.number, queueId: e.queue === 'support' ? 1 : 2 });
  const answered = events.filter((e) => e.type === 'call.answered');
  const left = events.filter((e) => e.type === 'call.left');
  for (const e of left) t.match(calls.find((c) => c.callId === e.call), { missed: true, answered: false, result: e.reason, endedAt: at(e.t as number) });

  // Sessions: one per answer, started then, by that agent; ended when the call ended.
  t.same(sessions.map((s) => s.id).sort((a, b) => (a as number) - (b as number)), answered.map((e) => seqOf.get(e.call as string)).sort((a, b) => a! - b!), 'one session per answered call');
  for (const e of answered) {
    const s = sessions.find((x) => x.id === seqOf.get(e.call as string))!;
    const ended = events.find((x) => x.type === 'call.ended' && x.call === e.call);
    const picked = events.find((x) => x.type === 'call.disposition' && x.call === e.call);
    t.match(s, { agentId: AGENT_IDS[e.agent as string], startedAt: at(e.t as number), endedAt: ended ? at(ended.t as number) : null, callDirection: 1, agent: { id: AGENT_IDS[e.agent as string] } });
    t.equal(s.wrapupReason, picked ? REASONS.indexOf(picked.reason as string) : null, 'the wrap-up reason the agent picked');
  }
  const open = (await h.api('GET', '/call-sessions?withNoEndedAt=true')).json().items;
  t.same(open.map((s: { id: number }) => s.id), sessions.filter((s) => s.endedAt === null).map((s) => s.id));

  // Analytics, worked out from the events alone.
  const waits = answered.map((e) => ((e.t as number) - (arrived.find((a) => a.call === e.call)!.t as number)) / 1000);
  const analytics = (await h.api('GET', '/calls/analytics')).json();
  t.match(analytics, { total: arrived.length, answered: answered.length, missed: left.length, serviceLevelSeconds: 10 });
  if (waits.length > 0) t.equal(analytics.meanWaitSeconds, Math.round((waits.reduce((a, b) => a + b, 0) / waits.length) * 1000) / 1000);
  const slBase = answered.length + left.length;
  t.equal(analytics.serviceLevel, slBase === 0 ? null : Math.round((waits.filter((w) => w <= 10).length / slBase) * 10000) / 10000);

  // Telphin at the same instant: the same agents logged in, the same callers talking.
  const agents = (await h.api('GET', '/agents')).json().items;
  const telphin = (await h.telphin('GET', '/client/@me/agent/local/')).json();
  for (const a of agents) {
    const tp = telphin.find((x: { name: string }) => x.name === a.webexDisplayName);
    t.equal(tp.status === 'logged_out', a.agentStatus === 1, `${a.webexDisplayName} logged in or out in both views`);
  }
  const working = agents.filter((a: { agentStatus: number }) => a.agentStatus === 4).length;
  let talking = 0;
  for (const ext of [1000, 1001]) talking += (await h.telphin('GET', `/extension/${ext}/queue/status/`)).json().answered_members;
  t.equal(working, talking, 'agents Working here = callers talking in Telphin queue status');
  t.equal(open.length, talking, 'open sessions = callers talking');
}

t.test('sessions, calls and analytics agree with the event log and with Telphin', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  // 09:00:40: ann took the 10 s caller at 12 s, ben the 20 s one at 24 s; the 30 s caller waits, the
  // 50 s sales caller has not come yet.
  await h.advance(40);
  await compare(t, h);
  const now = (await h.api('GET', '/agents')).json().items;
  t.same(now.map((a: { agentStatus: number }) => a.agentStatus), [4, 4]);
  // 09:10: everyone has finished; the 30 s caller gave up (patience 25 s) or was answered.
  await h.advance(560);
  await compare(t, h);
  const calls = await all(h, '/calls');
  t.equal(calls.length, 5);
  t.same((await h.api('GET', '/agents')).json().items.map((a: { agentStatus: number }) => a.agentStatus), [2, 2]);
});

t.test('the same scenario and requests give byte-identical responses; the prefix is configurable', async (t) => {
  const bodies = async (prefix?: string) => {
    const h = await harness(scenario(prefix ? { apis: { agent_crud: { prefix } } } : {}), { inline: true, prefix });
    await h.advance(30);
    await h.api('POST', '/agents', { userId: 9, webexAgentId: 'w9', userFullName: 'Eve', queues: [{ queueId: 1, joined: true }] });
    await h.api('PUT', '/agents/3/status', { agentStatus: 2 });
    await h.advance(400);
    const out = [];
    for (const p of ['/agents', '/queues', '/call-sessions', '/calls', '/calls/analytics']) out.push((await h.api('GET', p)).body);
    await h.close();
    return out;
  };
  const a = await bodies();
  t.same(await bodies(), a);
  t.same(await bodies('/svc/cc'), a, 'the same under another prefix');
});
