/**
 * Queues through this API: QueueDto with its agents, PUT of the queue type and of memberships' `joined`
 * (an unjoined agent stays a member, in Telphin too, but gets none of that queue's calls), adding an
 * agent with a queue-agent id of 0, and the refusals, which change nothing.
 */
import t from 'tap';
import { harness } from './harness.js';
import { scenario } from './fixture.js';

t.test('queues list their agents; PUT sets the type and joined; unjoined agents get no calls', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  const list = (await h.api('GET', '/queues')).json();
  t.same(list.map((q: { id: number; queueType: number; webexExtension: string }) => [q.id, q.queueType, q.webexExtension]), [[1, 1, '7001'], [2, 2, '7002']]);
  t.same(list[0].queueAgents.map((a: { id: number; joined: boolean; agent: { id: number } }) => [a.id, a.joined, a.agent.id]), [[1, true, 1], [2, true, 2]]);
  t.same((await h.api('GET', '/queues/1')).json(), list[0]);

  const r = await h.api('PUT', '/queues/1', { id: 1, queueType: 3, queueAgents: [{ id: 1, agentId: 1, joined: false }] });
  t.equal(r.statusCode, 200, r.body);
  t.match(r.json(), { id: 1, queueType: 3, updateDateTime: '2026-11-20T09:00:00.000Z' });
  t.match(r.json().queueAgents, [{ id: 1, joined: false, updateDateTime: '2026-11-20T09:00:00.000Z' }, { id: 2, joined: true }]);
  t.match(h.sim.read((q) => q.agent('ann'))!.queues, [{ queue: 'support', joined: false }]);
  t.match((await h.api('GET', '/agents/1')).json().queues, [{ id: 1, joined: false, queue: { id: 1, queueType: 3 } }]);
  // Still a member for Telphin; but every support caller is offered to ben only.
  t.same((await h.telphin('GET', '/extension/1000/queue/agents/local/')).json().map((a: { agent_id: number }) => a.agent_id), [1, 2]);
  await h.advance(120);
  t.same([...new Set((await h.events('call.offered')).filter((e) => e.queue === 'support').map((e) => e.agent))], ['ben']);

  // Joined again through the agent API; and ann added to sales with queue-agent id 0, unjoined.
  const again = await h.api('PUT', '/agents/1', { id: 1, queues: [{ queueId: 1, joined: true }] });
  t.match(again.json().queues, [{ id: 1, joined: true }]);
  const add = await h.api('PUT', '/queues/2', { id: 2, queueType: 2, queueAgents: [{ id: 0, agentId: 1, joined: false }] });
  t.match(add.json().queueAgents, [{ id: 3, agent: { id: 2 } }, { id: 4, joined: false, agent: { id: 1 } }]);
  t.match(h.sim.read((q) => q.queue('sales'))!.agents, [{ agent: 'ben', joined: true }, { agent: 'ann', joined: false }]);
});

t.test('PUT /queues refuses unknown, mismatched and repeated rows and changes nothing', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  const before = (await h.api('GET', '/queues')).body;
  const cases: [unknown, Record<string, RegExp>][] = [
    [{ id: 1, queueType: 4, queueAgents: [{ id: 1, agentId: 1, joined: false }, { id: 99, agentId: 2, joined: false }] }, { 'queueAgents[1].id': /Queue agent 99 not found in queue 1/ }],
    [{ id: 1, queueType: 4, queueAgents: [{ id: 3, agentId: 2, joined: false }] }, { 'queueAgents[0].id': /not found in queue 1/ }],
    [{ id: 1, queueType: 4, queueAgents: [{ id: 1, agentId: 2, joined: false }] }, { 'queueAgents[0].agentId': /Queue agent 1 is agent 1, not 2/ }],
    [{ id: 1, queueType: 4, queueAgents: [{ id: 1, agentId: 1, joined: false }, { id: 1, agentId: 1, joined: true }] }, { 'queueAgents[1].agentId': /more than once/ }],
    [{ id: 1, queueType: 4, queueAgents: [{ id: 0, agentId: 1, joined: true }] }, { 'queueAgents[0].agentId': /already in queue 1/ }],
    [{ id: 1, queueType: 4, queueAgents: [{ id: 0, agentId: 7, joined: true }] }, { 'queueAgents[0].agentId': /Agent 7 not found/ }],
    [{ id: 2, queueType: 4, queueAgents: [] }, { id: /not the id in the path/ }],
    [{ id: 1, queueType: 9, queueAgents: [] }, { queueType: /one of 0 \(NotFound\).*5 \(Outbound\)/ }],
    [{ id: 1, queueType: 4 }, { queueAgents: /required/ }],
  ];
  for (const [body, errors] of cases) {
    const r = await h.api('PUT', '/queues/1', body);
    t.equal(r.statusCode, 400, JSON.stringify(body));
    t.match(r.json().errors, errors);
  }
  t.equal((await h.api('GET', '/queues')).body, before);
  t.match((await h.api('GET', '/queues/3')).json(), { status: 404, errors: { id: ['Queue 3 not found.'] } });
});
