/**
 * Agents through this API: listing and paging (ASP.NET query names), creating, updating, status and soft
 * delete, each seen in the world and in the Telphin view of the same app; and the reverse: changes made
 * through the Telphin API show here.
 */
import t from 'tap';
import { harness, schemaErrors } from './harness.js';
import { scenario } from './fixture.js';

const worldAgent = (h: Awaited<ReturnType<typeof harness>>, id: string) => h.sim.read((q) => q.agent(id));

t.test('agents are listed a page at a time with stable ids, numbers and webex ids', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  const list = await h.api('GET', '/agents');
  t.equal(list.statusCode, 200);
  t.match(list.json(), { totalCount: 2, page: 1, pageSize: 50 });
  const [ann, ben] = list.json().items;
  t.match(ann, { id: 1, userId: 1001, webexUserNumber: '201', webexDisplayName: 'Ann Lee', userFullName: 'Ann Lee', agentStatus: 2, createDateTime: '2026-11-20T09:00:00.000Z', updateDateTime: null, deleteDateTime: null });
  t.match(ann.queues, [{ id: 1, joined: true, queue: { id: 1, webexExtension: '7001', queueType: 1 } }]);
  t.match(ben, { id: 2, userId: 1002, webexUserNumber: '202' });
  t.same(ben.queues.map((q: { queue: { id: number } }) => q.queue.id), [1, 2]);
  t.match(ann.webexId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  t.not(ann.webexId, ben.webexId);

  // The same ids and webex ids after a reset and in a second app over the same scenario.
  await h.app.inject({ method: 'POST', url: '/__admin/reset' });
  t.same((await h.api('GET', '/agents')).json(), list.json());
  const h2 = await harness(scenario(), { inline: true });
  t.teardown(() => h2.close());
  t.equal((await h2.api('GET', '/agents')).body, list.body);

  // ASP.NET binding: names in any case, dotted nesting.
  const p2 = await h.api('GET', '/agents?Pagination.Page=2&PAGINATION.pagesize=1');
  t.match(p2.json(), { totalCount: 2, page: 2, pageSize: 1, items: [{ id: 2 }] });
  t.same((await h.api('GET', '/agents?pagination.page=3&pagination.pageSize=1')).json().items, []);
  t.same((await h.api('GET', '/agents/2')).json(), ben);
});

t.test('creating an agent makes a world agent in its queues that Telphin and the routing see', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  await h.advance(5);
  const r = await h.api('POST', '/agents', { userId: 77, webexAgentId: 'wx-carol', userFullName: 'Carol Diaz', queues: [{ queueId: 2, joined: true }] });
  t.equal(r.statusCode, 201, r.body);
  t.equal(r.headers.location, '/api/agents/3');
  t.match(r.json(), { id: 3, userId: 77, webexId: 'wx-carol', webexDisplayName: 'Carol Diaz', userFullName: 'Carol Diaz', agentStatus: 1, createDateTime: '2026-11-20T09:00:05.000Z' });
  t.match(r.json().queues, [{ id: 4, joined: true, queue: { id: 2 } }]);
  const world = worldAgent(h, 'agent-crud-3');
  t.match(world, { name: 'Carol Diaz', status: 'logged_out', queues: [{ queue: 'sales' }] });
  // Telphin lists the new agent (its next local agent id) with the same name, logged out.
  const telphin = (await h.telphin('GET', '/client/@me/agent/local/')).json();
  t.match(telphin.find((a: { name: string }) => a.name === 'Carol Diaz'), { id: 3, status: 'logged_out' });
  // Online here: the world makes her available and the sales queue offers her its next caller.
  t.equal((await h.api('PUT', '/agents/3/status', { agentStatus: 2 })).json().agentStatus, 2);
  t.equal(worldAgent(h, 'agent-crud-3')!.status, 'available');
  t.match((await h.telphin('GET', '/client/@me/agent/local/3')).json(), { status: 'available' });
  await h.advance(50);
  const offered = (await h.events('call.offered')).filter((e) => e.queue === 'sales').map((e) => e.agent);
  t.ok(offered.includes('agent-crud-3'), 'the sales caller is offered to the new agent');

  // Taken ids and queues are refused, and nothing is made.
  const before = h.sim.read((q) => q.agents().length);
  const dup = await h.api('POST', '/agents', { userId: 78, webexAgentId: 'wx-carol', userFullName: 'X', queues: [] });
  t.equal(dup.statusCode, 409);
  t.match(dup.json().errors, { webexAgentId: [/already agent 3/] });
  const dupUser = await h.api('POST', '/agents', { userId: 77, webexAgentId: 'wx-2', userFullName: 'X', queues: [] });
  t.match(dupUser.json(), { status: 409, errors: { userId: [/User 77 already has agent 3/] } });
  const noQueue = await h.api('POST', '/agents', { userId: 79, webexAgentId: 'wx-3', userFullName: 'X', queues: [{ queueId: 1, joined: true }, { queueId: 9, joined: true }, { queueId: 1, joined: false }] });
  t.equal(noQueue.statusCode, 400);
  t.same(Object.keys(noQueue.json().errors).sort(), ['queues[1].queueId', 'queues[2].queueId']);
  t.equal(h.sim.read((q) => q.agents().length), before);
});

t.test('updating an agent renames it and replaces its queues, in the world and in Telphin', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  await h.advance(1);
  const r = await h.api('PUT', '/agents/2', { id: 2, userId: 500, userFullName: 'Benjamin Ode', queues: [{ queueId: 2, joined: true }] });
  t.equal(r.statusCode, 200, r.body);
  t.match(r.json(), { id: 2, userId: 500, webexDisplayName: 'Benjamin Ode', updateDateTime: '2026-11-20T09:00:01.000Z' });
  t.same(r.json().queues.map((q: { id: number; queue: { id: number } }) => [q.id, q.queue.id]), [[3, 2]]);
  t.same(worldAgent(h, 'ben')!.queues.map((q) => q.queue), ['sales']);
  t.equal((await h.telphin('GET', '/client/@me/agent/local/2')).json().name, 'Benjamin Ode');
  t.same((await h.telphin('GET', '/extension/1000/queue/agents/local/')).json().map((a: { agent_id: number }) => a.agent_id), [1]);
  // Back into support: a new membership row (a new id).
  const back = await h.api('PUT', '/agents/2', { id: 2, queues: [{ queueId: 1, joined: true }, { queueId: 2, joined: true }] });
  t.same(back.json().queues.map((q: { id: number }) => q.id), [3, 4]);
  t.equal(back.json().userId, 500, 'a null or absent userId leaves it as it is');
  // The id in the body must be the path's.
  const wrong = await h.api('PUT', '/agents/2', { id: 1, queues: [] });
  t.match(wrong.json(), { status: 400, errors: { id: [/not the id in the path/] } });
  t.equal(worldAgent(h, 'ben')!.queues.length, 2);
});

t.test('status: Online, Paused and Offline move the world agent; Working and DailOut come from the calls', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  const set = async (id: number, agentStatus: number) => h.api('PUT', `/agents/${id}/status`, { agentStatus });
  t.equal((await set(1, 5)).json().agentStatus, 5);
  t.equal(worldAgent(h, 'ann')!.status, 'on_break');
  t.equal((await set(1, 1)).json().agentStatus, 1);
  t.equal(worldAgent(h, 'ann')!.status, 'logged_out');
  t.match((await h.telphin('GET', '/client/@me/agent/local/1')).json(), { status: 'logged_out' });
  t.equal((await set(1, 2)).json().agentStatus, 2);
  t.equal(worldAgent(h, 'ann')!.status, 'available');
  for (const s of [3, 4]) {
    const r = await set(1, s);
    t.equal(r.statusCode, 400);
    t.match(r.json().errors.agentStatus, [/set by the calls themselves/]);
  }
  // The caller at 10 s is answered by ann at 12 s: Working while they talk (60 s), Online again in wrap-up.
  await h.advance(13);
  t.equal((await h.api('GET', '/agents/1')).json().agentStatus, 4);
  t.equal(worldAgent(h, 'ann')!.state, 'in_queue_call');
  await h.advance(60);
  t.equal((await h.api('GET', '/agents/1')).json().agentStatus, 2);
  // An incoming call session outside the queues: Working too.
  await h.api('POST', '/agents/1/call-sessions', { phoneNumber: '+15550001', callDirection: 1 });
  t.equal((await h.api('GET', '/agents/1')).json().agentStatus, 4);
});

t.test('status DailOut while an agent dials out', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  t.equal((await h.api('POST', '/agents/1/call-sessions', { phoneNumber: '+15550002', callDirection: 2 })).statusCode, 201);
  t.equal((await h.api('GET', '/agents/1')).json().agentStatus, 3);
  t.match(h.sim.read((q) => q.agent('ann'))!.external, [{ direction: 'outbound', phase: 'dialing' }]);
});

t.test('soft delete: the agent leaves the world and Telphin, its record stays with deleteDateTime', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  await h.advance(2);
  const del = await h.api('DELETE', '/agents/1');
  t.equal(del.statusCode, 204);
  t.equal(worldAgent(h, 'ann'), null);
  t.equal((await h.telphin('GET', '/client/@me/agent/local/1')).statusCode, 404);
  const one = (await h.api('GET', '/agents/1')).json();
  t.match(one, { id: 1, agentStatus: 1, deleteDateTime: '2026-11-20T09:00:02.000Z', webexDisplayName: 'Ann Lee' });
  t.match(one.queues, [{ id: 1, deleteDateTime: '2026-11-20T09:00:02.000Z', queue: { id: 1 } }]);
  t.same((await h.api('GET', '/agents')).json().items.map((a: { id: number }) => a.id), [2]);
  t.same((await h.api('GET', '/agents?includeDeleted=true')).json().items.map((a: { id: number }) => a.id), [1, 2]);
  t.same((await h.api('GET', '/queues/1')).json().queueAgents.map((q: { agent: { id: number } }) => q.agent.id), [2]);
  // The routing: every support caller goes to ben.
  await h.advance(120);
  t.same([...new Set((await h.events('call.offered')).map((e) => e.agent))], ['ben']);
  // A deleted agent cannot be changed.
  for (const [m, p, b] of [['DELETE', '/agents/1', undefined], ['PUT', '/agents/1/status', { agentStatus: 2 }], ['PUT', '/agents/1', { id: 1, queues: [] }], ['POST', '/agents/1/call-sessions', { phoneNumber: '+1555', callDirection: 1 }]] as const) {
    const r = await h.api(m, p, b);
    t.equal(r.statusCode, 409, `${m} ${p}`);
    t.match(r.json().errors, { id: [/Agent 1 is deleted/] });
  }
  // A new agent gets a new id; 1 is never reused.
  t.equal((await h.api('POST', '/agents', { userId: 1, webexAgentId: 'w', userFullName: 'New', queues: [] })).json().id, 3);
});

t.test('the reverse: agents made, changed and removed through Telphin show here', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  await h.advance(1);
  const phone = (await h.telphin('POST', '/client/@me/extension/', { name: '300', type: 'phone' })).json();
  const made = await h.telphin('POST', '/client/@me/agent/local/', { extension_id: phone.id, name: 'Dora Fox', status: 'available' });
  t.equal(made.statusCode, 201);
  const list = (await h.api('GET', '/agents')).json();
  t.match(list.items[2], { id: 3, webexDisplayName: 'Dora Fox', webexUserNumber: '300', agentStatus: 2, userId: 1003, queues: [] });
  // Telphin puts her in the sales queue: a membership here.
  t.equal((await h.telphin('POST', '/extension/1001/queue/agents/local/', { agent_id: 3, level: 1, position: 1 })).statusCode, 201);
  t.match((await h.api('GET', '/agents/3')).json().queues, [{ joined: true, queue: { id: 2 } }]);
  t.ok((await h.api('GET', '/queues/2')).json().queueAgents.some((q: { agent: { id: number } }) => q.agent.id === 3));
  // Telphin logs her out, then takes ben out of support.
  t.equal((await h.telphin('PUT', '/client/@me/agent/local/3', { name: 'Dora Fox', status: 'logged_out' })).statusCode, 200);
  t.equal((await h.api('GET', '/agents/3')).json().agentStatus, 1);
  t.equal((await h.telphin('DELETE', '/extension/1000/queue/agents/local/2')).statusCode, 204);
  t.same((await h.api('GET', '/agents/2')).json().queues.map((q: { queue: { id: number } }) => q.queue.id), [2]);
  // Telphin deletes her: soft-deleted here, with the time.
  await h.advance(4);
  t.equal((await h.telphin('DELETE', '/client/@me/agent/local/3')).statusCode, 204);
  t.match((await h.api('GET', '/agents/3')).json(), { deleteDateTime: '2026-11-20T09:00:05.000Z', agentStatus: 1 });
  t.equal((await h.api('GET', '/agents')).json().totalCount, 2);
});

t.test('a generated userId skips the ids clients already took', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  // 1003 is the counter's next id; a client takes it, and 1004 too.
  t.equal((await h.api('POST', '/agents', { userId: 1003, webexAgentId: 'wx-1', userFullName: 'Cli Ent', queues: [] })).statusCode, 201);
  t.equal((await h.api('POST', '/agents', { userId: 1004, webexAgentId: 'wx-2', userFullName: 'Cli Two', queues: [] })).statusCode, 201);
  const phone = (await h.telphin('POST', '/client/@me/extension/', { name: '300', type: 'phone' })).json();
  t.equal((await h.telphin('POST', '/client/@me/agent/local/', { extension_id: phone.id, name: 'Dora Fox', status: 'available' })).statusCode, 201);
  const users = (await h.api('GET', '/agents')).json().items.map((a: { userFullName: string; userId: number }) => [a.userFullName, a.userId]);
  t.same(users, [['Ann Lee', 1001], ['Ben Ode', 1002], ['Cli Ent', 1003], ['Cli Two', 1004], ['Dora Fox', 1005]]);
  // Dora can be updated with the userId she was given: it is hers alone.
  const dora = await h.api('PUT', '/agents/5', { id: 5, userId: 1005, userFullName: 'Dora Fox', queues: [] });
  t.equal(dora.statusCode, 200, dora.body);
});
