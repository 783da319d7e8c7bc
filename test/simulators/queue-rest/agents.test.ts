/**
 * The client's agents: /client/{client_id}/agent/local/ and /agent/remote/: every parameter of seed 001
 * with its default, the extension_id[] filter, status moving the world's agent, remove_from_queues.
 */
import t from 'tap';
import { harness, schemaErrors, type Harness } from './harness.js';

const worldAgent = async (h: Harness, id: string) => (await h.app.inject('/__admin/state')).json().agents.find((a: { id: string }) => a.id === id);
const lastSeq = async (h: Harness) => (await h.app.inject('/__admin/events?limit=1')).json().last as number;

t.test('scenario agents are listed with their parameters; extension_id[] filters', async (t) => {
  const h = await harness('default');
  t.teardown(() => h.app.close());
  const list = await h.api('GET', '/client/@me/agent/local/');
  t.equal(list.statusCode, 200);
  t.same(schemaErrors('LocalAgentList', list.json()), []);
  t.equal(list.json().length, 12);
  t.same(list.json()[0], { id: 1, extension_id: 1002, name: 'Alice Smith', status: 'available', busy_delay_time: 0, call_timeout: 30, extra_params: null, no_answer_delay_time: 0, reject_delay_time: 0, wrap_up_time: 15, agent_sound_id: 0 });
  t.match(list.json()[1], { id: 2, extension_id: 1003, name: 'Bob Jones', no_answer_delay_time: 10 });
  const one = await h.api('GET', '/client/@me/agent/local/2');
  t.same(schemaErrors('LocalAgent', one.json()), []);
  t.same(one.json(), list.json()[1]);

  t.same((await h.api('GET', '/client/@me/agent/local/?extension_id=1002&extension_id=1003')).json().map((a: { id: number }) => a.id), [1, 2]);
  t.same((await h.api('GET', '/client/@me/agent/local/?extension_id[]=1004')).json().map((a: { id: number }) => a.id), [3]);
  t.same((await h.api('GET', '/client/@me/agent/local/?extension_id=1000')).json(), []);
  const bad = await h.api('GET', '/client/@me/agent/local/?extension_id=abc');
  t.equal(bad.statusCode, 400);
  t.match(bad.json().message, /query parameter 'extension_id\.0' must be integer/);
  const remote = await h.api('GET', '/client/@me/agent/remote/');
  t.same(schemaErrors('RemoteAgentList', remote.json()), []);
  t.same(remote.json(), []);
});

t.test('creating agents: seed 001 defaults, world agents, and bad requests', async (t) => {
  const h = await harness('smoke');
  t.teardown(() => h.app.close());
  const phone = (await h.api('POST', '/client/@me/extension/', { name: '300', type: 'phone' })).json();
  const created = await h.api('POST', '/client/@me/agent/local/', { extension_id: phone.id, name: 'Carol' });
  t.equal(created.statusCode, 201, created.body);
  t.same(schemaErrors('LocalAgent', created.json()), []);
  t.same(created.json(), { id: 4, extension_id: phone.id, name: 'Carol', status: 'logged_out', busy_delay_time: 0, call_timeout: 0, extra_params: null, no_answer_delay_time: 0, reject_delay_time: 0, wrap_up_time: 0, agent_sound_id: 0 });
  t.match(await worldAgent(h, 'telphin-local-4'), { name: 'Carol', number: '300', type: 'local', status: 'logged_out', config: { call_timeout: 0, wrap_up_time: 0 } });

  // Seed 001's examples: a local and a remote agent.
  const phone2 = (await h.api('POST', '/client/@me/extension/', { name: '117', type: 'phone' })).json();
  const example = { status: 'available', busy_delay_time: 10, no_answer_delay_time: 10, call_timeout: 30, wrap_up_time: 0, reject_delay_time: 10, extra_params: null };
  const local = await h.api('POST', '/client/@me/agent/local/', { ...example, name: 'Dan', extension_id: phone2.id, agent_sound_id: 7 });
  t.equal(local.statusCode, 201);
  t.match(local.json(), { ...example, id: 5, extension_id: phone2.id, agent_sound_id: 7 });
  t.match(await worldAgent(h, 'telphin-local-5'), { status: 'available', config: { busy_delay_time: 10, no_answer_delay_time: 10, call_timeout: 30, reject_delay_time: 10 } });
  const remote = await h.api('POST', '/client/@me/agent/remote/', { ...example, extra_params: 'string', name: 'string', number: '89876543210' });
  t.equal(remote.statusCode, 201);
  t.same(schemaErrors('RemoteAgent', remote.json()), []);
  t.same(remote.json(), { ...example, id: 6, extra_params: 'string', name: 'string', number: '89876543210', agent_sound_id: 0 });
  t.match(await worldAgent(h, 'telphin-remote-6'), { type: 'remote', number: '89876543210' });
  t.same((await h.api('GET', '/client/@me/agent/remote/6')).json(), remote.json());

  const seq = await lastSeq(h);
  const bad: [string, unknown, RegExp][] = [
    ['local', { name: 'X' }, /The field 'extension_id' is required/],
    ['local', { extension_id: phone.id }, /The field 'name' is required/],
    ['local', { extension_id: 99999, name: 'X' }, /'extension_id': extension 99999 not found/],
    ['local', { extension_id: 1000, name: 'X' }, /extension 1000 is of type queue, not phone/],
    ['local', { extension_id: phone.id, name: 'X' }, /extension 1004 already has local agent 4/],
    ['local', { extension_id: 1001, name: 'X' }, /extension 1001 already has local agent 1/],
    ['local', { extension_id: phone.id, name: 'X', status: 'on_break' }, /field 'status'.*"available", "logged_out"/],
    ['local', { extension_id: phone.id, name: 'X', call_timeout: -5 }, /field 'call_timeout' must be >= 0/],
    ['local', { extension_id: phone.id, name: 'X', wrap_up_time: '10' }, /field 'wrap_up_time' must be integer/],
    ['local', { extension_id: phone.id, name: 'X', number: '1' }, /The field 'number' is not known/],
    ['local', { extension_id: phone.id, name: '' }, /field 'name'/],
    ['remote', { name: 'X' }, /The field 'number' is required/],
    ['remote', { name: 'X', number: 'call me' }, /field 'number'/],
    ['remote', { number: '84950000000' }, /The field 'name' is required/],
  ];
  for (const [type, body, message] of bad) {
    const r = await h.api('POST', `/client/@me/agent/${type}/`, body);
    t.equal(r.statusCode, 400, JSON.stringify(body));
    t.same(schemaErrors('Error', r.json()), []);
    t.match(r.json().message, message);
  }
  t.equal(await lastSeq(h), seq, 'no bad request reached the world');
  t.equal((await h.api('GET', '/client/@me/agent/local/')).json().length, 5);
});

t.test('PUT changes the world agent; status available or logged_out logs it in or out', async (t) => {
  const h = await harness('default');
  t.teardown(() => h.app.close());
  const put = await h.api('PUT', '/client/@me/agent/local/1', { name: 'Alice S', wrap_up_time: 20, busy_delay_time: 5, status: 'logged_out', extra_params: 'team=a', agent_sound_id: 4 });
  t.equal(put.statusCode, 200, put.body);
  t.same(schemaErrors('LocalAgent', put.json()), []);
  t.same(put.json(), { id: 1, extension_id: 1002, name: 'Alice S', status: 'logged_out', busy_delay_time: 5, call_timeout: 30, extra_params: 'team=a', no_answer_delay_time: 0, reject_delay_time: 0, wrap_up_time: 20, agent_sound_id: 4 });
  t.match(await worldAgent(h, 'alice'), { name: 'Alice S', status: 'logged_out', config: { wrap_up_time: 20, busy_delay_time: 5, call_timeout: 30 } });
  t.match((await h.app.inject('/__admin/events?type=agent.status')).json().events, [{ agent: 'alice', status: 'logged_out' }]);
  const back = await h.api('PUT', '/client/@me/agent/local/1', { name: 'Alice S', status: 'available' });
  t.equal(back.json().status, 'available');
  t.equal((await worldAgent(h, 'alice')).status, 'available');
  t.equal((await h.api('GET', '/client/@me/agent/local/1')).json().extra_params, 'team=a', 'extra_params is kept');

  // A status set elsewhere shows as the world has it.
  await h.app.inject({ method: 'POST', url: '/__admin/agents/bob/status', payload: { status: 'on_break' } });
  t.equal((await h.api('GET', '/client/@me/agent/local/2')).json().status, 'on_break');

  const seq = await lastSeq(h);
  const bad: [string, unknown, RegExp][] = [
    ['/client/@me/agent/local/1', { wrap_up_time: 3 }, /The field 'name' is required/],
    ['/client/@me/agent/local/1', { name: 'Zed', wrap_up_time: -1 }, /field 'wrap_up_time' must be >= 0/],
    ['/client/@me/agent/local/1', { name: 'Zed', status: 'on_demand' }, /field 'status'/],
    ['/client/@me/agent/local/1', { name: 'Zed', extension_id: 1003 }, /The field 'extension_id' is not known/],
    ['/client/@me/agent/local/1', { name: 'Zed', max_no_answer: 3 }, /The field 'max_no_answer' is not known/],
  ];
  for (const [path, body, message] of bad) {
    const r = await h.api('PUT', path, body);
    t.equal(r.statusCode, 400, JSON.stringify(body));
    t.same(schemaErrors('Error', r.json()), []);
    t.match(r.json().message, message);
  }
  t.equal((await worldAgent(h, 'alice')).name, 'Alice S', 'nothing was half applied');
  t.equal(await lastSeq(h), seq);

  const remote = (await h.api('POST', '/client/@me/agent/remote/', { name: 'Far', number: '+74950000001' })).json();
  const moved = await h.api('PUT', `/client/@me/agent/remote/${remote.id}`, { number: '+74950000002', call_timeout: 15 });
  t.equal(moved.statusCode, 200);
  t.match(moved.json(), { name: 'Far', number: '+74950000002', call_timeout: 15, status: 'logged_out' });
  t.match(await worldAgent(h, `telphin-remote-${remote.id}`), { number: '+74950000002', config: { call_timeout: 15 } });
  const wrongType = await h.api('PUT', `/client/@me/agent/local/${remote.id}`, { name: 'x' });
  t.equal(wrongType.statusCode, 404);
  t.match(wrongType.json(), { status: 'agent_not_found', message: new RegExp(`Local agent '${remote.id}' not found`) });
});

t.test('DELETE with remove_from_queues', async (t) => {
  const h = await harness('default');
  t.teardown(() => h.app.close());
  const refused = await h.api('DELETE', '/client/@me/agent/local/1?remove_from_queues=false');
  t.equal(refused.statusCode, 400);
  t.same(schemaErrors('Error', refused.json()), []);
  t.match(refused.json().message, /local agent 1 is in the queue of extension 1000, 1001/);
  t.ok(await worldAgent(h, 'alice'), 'still there');
  const badFlag = await h.api('DELETE', '/client/@me/agent/local/1?remove_from_queues=maybe');
  t.equal(badFlag.statusCode, 400);
  t.match(badFlag.json().message, /query parameter 'remove_from_queues' must be boolean/);

  const del = await h.api('DELETE', '/client/@me/agent/local/1');
  t.equal(del.statusCode, 204);
  t.notOk(await worldAgent(h, 'alice'), 'the world agent is gone');
  t.notOk((await h.api('GET', '/extension/1000/queue/agents/local/')).json().some((a: { agent_id: number }) => a.agent_id === 1), 'and out of its queues');
  t.equal((await h.api('GET', '/client/@me/agent/local/1')).statusCode, 404);
  t.equal((await h.api('GET', '/client/@me/extension/1002')).statusCode, 404, "a scenario agent's phone goes with it");

  const phone = (await h.api('POST', '/client/@me/extension/', { name: '300', type: 'phone' })).json();
  const carol = (await h.api('POST', '/client/@me/agent/local/', { extension_id: phone.id, name: 'Carol' })).json();
  t.equal((await h.api('DELETE', `/client/@me/agent/local/${carol.id}?remove_from_queues=false`)).statusCode, 204, 'in no queue: deleted');
  t.match((await h.api('GET', `/client/@me/extension/${phone.id}`)).json(), { name: '000*300', type: 'phone' }, 'an extension made through the API stays');
  const again = await h.api('POST', '/client/@me/agent/local/', { extension_id: phone.id, name: 'Carol again' });
  t.equal(again.statusCode, 201, 'and can get a new agent');
  t.equal(again.json().id, carol.id + 1, 'ids are not reused');
});
