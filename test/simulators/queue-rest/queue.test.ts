/**
 * A queue's 32 parameters (types, defaults, rules), its status from the world, and agents in queues,
 * through GET|PUT /extension/{id}/queue/, …/queue/status/ and …/queue/agents/local|remote/.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { harness, schemaErrors, type Harness } from './harness.js';

const schema = JSON.parse(readFileSync(new URL('../../../schemas/queue-rest/queue-rest.schema.json', import.meta.url), 'utf8'));
// The 32 parameters; extension_id, beside them, is the queue extension's id.
const params = Object.fromEntries(Object.entries(schema.definitions.QueueConfig.properties as Record<string, { default: unknown }>).filter(([k]) => k !== 'extension_id').map(([k, v]) => [k, v.default]));
const admin = async (h: Harness, url: string, payload?: Record<string, unknown>) => (await h.app.inject(payload === undefined ? { url } : { method: 'POST', url, payload })).json();
const lastSeq = async (h: Harness) => (await admin(h, '/__admin/events?limit=1')).last as number;

t.test('the 32 parameters: the scenario\'s values, seed 001\'s defaults for the rest', async (t) => {
  const h = await harness('default');
  t.teardown(() => h.app.close());
  t.equal(Object.keys(params).length, 32);
  const support = await h.api('GET', '/extension/1000/queue/');
  t.equal(support.statusCode, 200);
  t.same(schemaErrors('QueueConfig', support.json()), []);
  t.same(Object.keys(support.json()).sort(), ['extension_id', ...Object.keys(params)].sort());
  t.equal(support.json().extension_id, 1000, "extension_id is the queue's extension (the Go SDK's Queue type reads it)");
  const scenario = { strategy: 'longest-idle-agent', tier_rules_apply: true, tier_rule_wait_second: 30, tier_rule_wait_multiply_level: true, max_wait_time: 600, timeout_transfer_dst: '333' };
  for (const [k, def] of Object.entries(params)) t.same(support.json()[k], k in scenario ? scenario[k as keyof typeof scenario] : def, k);
  const world = (await admin(h, '/__admin/state')).queues.find((q: { id: string }) => q.id === 'support').config;
  for (const k of Object.keys(params)) t.same(support.json()[k], world[k], `${k} is the world's`);

  const made = await h.api('POST', '/client/@me/extension/', { name: '370', type: 'queue' });
  const fresh = (await h.api('GET', `/extension/${made.json().id}/queue/`)).json();
  t.equal(fresh.extension_id, made.json().id);
  for (const [k, def] of Object.entries(params)) t.same(fresh[k], def, `a new queue's ${k} is seed 001's default`);
});

t.test("PUT changes parameters by seed 001's rules; bad values change nothing", async (t) => {
  const h = await harness('smoke');
  t.teardown(() => h.app.close());
  // Seed 001's example: "configure the queue as follows".
  const example = { sound: 36, announce_sound: 35, announce_frequency: 15, max_wait_time: 1800, timeout_transfer_dst: '333', strategy: 'ring-all', record_enabled: true, tier_rules_apply: true, tier_rule_wait_second: 15, tier_rule_wait_multiply_level: false };
  const put = await h.api('PUT', '/extension/1000/queue/', example);
  t.equal(put.statusCode, 200, put.body);
  t.same(schemaErrors('QueueConfig', put.json()), []);
  t.match(put.json(), example);
  t.match((await admin(h, '/__admin/events?type=queue.updated')).events, [{ queue: 'support', fields: Object.keys(example) }]);

  const ring = await h.api('PUT', '/extension/1000/queue/', { sound_type: 'ring' });
  t.match(ring.json(), { sound_type: 'ring', sound: null }, "sound_type ring resets sound to null");
  const ignored = await h.api('PUT', '/extension/1000/queue/', { sound: 40 });
  t.equal(ignored.json().sound, null, 'with ring, a sound passed is ignored');
  const music = await h.api('PUT', '/extension/1000/queue/', { sound_type: 'music', sound: 41 });
  t.match(music.json(), { sound_type: 'music', sound: 41 });

  const nulls = await h.api('PUT', '/extension/1000/queue/', { max_wait_time: null, strategy: null, timeout_transfer_dst: null, record_enabled: null, sound: null, extension_id: 1000 });
  t.equal(nulls.statusCode, 200);
  t.match(nulls.json(), { max_wait_time: 0, strategy: 'round-robin', timeout_transfer_dst: null, record_enabled: true, sound: null }, 'null puts the default back (sound: null)');
  const all = await h.api('PUT', '/extension/1000/queue/', { exit_key: '#', vm_mailto: 'ops@example.com', agent_hangup_action: 'quality_rate', quality_rate_max: 5, try_same_agent_time: 2592000, position_announce_frequency: 30 });
  t.match(all.json(), { exit_key: '#', vm_mailto: 'ops@example.com', agent_hangup_action: 'quality_rate', quality_rate_max: 5, try_same_agent_time: 2592000 });

  const before = (await h.api('GET', '/extension/1000/queue/')).json();
  const seq = await lastSeq(h);
  const bad: [unknown, RegExp][] = [
    [{ strategy: 'fastest' }, /field 'strategy' must be one of "ring-all", .*"random", null$/],
    [{ strategy: 'ring-progressively' }, /field 'strategy'/],
    [{ try_same_agent_time: 2592001 }, /field 'try_same_agent_time' must be <= 2592000/],
    [{ max_wait_time: -1 }, /field 'max_wait_time' must be >= 0/],
    [{ max_wait_time: 1.5 }, /field 'max_wait_time' must be integer or null/],
    [{ max_wait_time: '30' }, /field 'max_wait_time' must be integer or null/],
    [{ record_enabled: 'yes' }, /field 'record_enabled' must be boolean or null/],
    [{ exit_key: '12' }, /field 'exit_key'/],
    [{ vm_mailto: 'nobody' }, /field 'vm_mailto'/],
    [{ agent_hangup_action: 'hangup' }, /field 'agent_hangup_action'/],
    [{ sound_type: 'silence' }, /field 'sound_type'/],
    [{ volume: 3 }, /The field 'volume' is not known/],
    [{ max_wait_time: 10, strategy: 'bogus' }, /field 'strategy'/],
    [{ extension_id: 1001 }, /'extension_id': 1001 is not this extension \(1000\)/],
    [[1, 2], /The body must be object/],
    ['null', /The body must be object/],
  ];
  for (const [body, message] of bad) {
    const r = await h.api('PUT', '/extension/1000/queue/', body);
    t.equal(r.statusCode, 400, JSON.stringify(body));
    t.same(schemaErrors('Error', r.json()), []);
    t.match(r.json().message, message);
  }
  t.same((await h.api('GET', '/extension/1000/queue/')).json(), before, 'nothing changed');
  t.equal(await lastSeq(h), seq, 'no event: nothing happened in the world');

  for (const path of ['/extension/1001/queue/', '/extension/1001/queue/status/', '/extension/1001/queue/agents/local/']) {
    const r = await h.api('GET', path);
    t.equal(r.statusCode, 404, path);
    t.match(r.json(), { status: 'queue_not_found', message: /Extension 1001 is of type phone, not a queue/ });
  }
  t.match((await h.api('PUT', '/extension/77/queue/', { max_wait_time: 5 })).json(), { status: 'extension_not_found' });
});

t.test('a change takes effect in routing at once', async (t) => {
  const h = await harness('smoke');
  t.teardown(() => h.app.close());
  const first = await admin(h, '/__admin/calls', { queue: 'support', patience: 600 });
  let callers = (await admin(h, '/__admin/state')).callers;
  t.equal(callers.find((c: { call: string }) => c.call === first.call).ringing.length, 1, 'round-robin rings one agent');
  await h.advance(3);
  t.equal((await h.api('PUT', '/extension/1000/queue/', { strategy: 'ring-all' })).statusCode, 200);
  const second = await admin(h, '/__admin/calls', { queue: 'support', patience: 600 });
  callers = (await admin(h, '/__admin/state')).callers;
  t.equal(callers.find((c: { call: string }) => c.call === second.call).ringing.length, 2, 'ring-all rings every free agent');

  // exit_with_no_av_agents off: a caller now waits with every agent away.
  for (const a of ['agent-1', 'agent-2', 'agent-3']) await h.app.inject({ method: 'POST', url: `/__admin/agents/${a}/status`, payload: { status: 'on_break' } });
  await h.api('PUT', '/extension/1000/queue/', { exit_with_no_av_agents: false });
  const third = await admin(h, '/__admin/calls', { queue: 'support' });
  t.ok((await admin(h, '/__admin/state')).callers.some((c: { call: string }) => c.call === third.call), 'the caller waits');
});

t.test("the queue's status is the world's members", async (t) => {
  const h = await harness('smoke');
  t.teardown(() => h.app.close());
  const status = async () => {
    const r = await h.api('GET', '/extension/1000/queue/status/');
    t.equal(r.statusCode, 200);
    t.same(schemaErrors('QueueStatus', r.json()), []);
    return r.json();
  };
  t.same(await status(), { answered_members: 0, trying_members: 0, waiting_members: 0 });
  for (let i = 0; i < 5; i++) await admin(h, '/__admin/calls', { queue: 'support', patience: 900 });
  t.same(await status(), { answered_members: 0, trying_members: 3, waiting_members: 2 }, 'three agents ringing, two callers waiting');
  await h.advance(3);
  t.same(await status(), { answered_members: 3, trying_members: 0, waiting_members: 2 }, 'three answered');
  for (let s = 0; s < 400; s += 20) {
    await h.advance(20);
    const callers = (await admin(h, '/__admin/state')).callers.filter((c: { queue: string }) => c.queue === 'support');
    const count = (state: string) => callers.filter((c: { state: string }) => c.state === state).length;
    t.same(await status(), { answered_members: count('answered'), trying_members: count('trying'), waiting_members: count('waiting') });
  }
});

t.test('agents in a queue: local and remote, added, read, moved and taken out', async (t) => {
  const h = await harness('smoke');
  t.teardown(() => h.app.close());
  const local = await h.api('GET', '/extension/1000/queue/agents/local/');
  t.equal(local.statusCode, 200);
  t.same(schemaErrors('QueueAgentList', local.json()), []);
  t.same(local.json(), [
    { agent_id: 1, level: 1, position: 1 },
    { agent_id: 2, level: 1, position: 2 },
    { agent_id: 3, level: 1, position: 3 },
  ]);
  t.same((await h.api('GET', '/extension/1000/queue/agents/remote/')).json(), []);

  const remote = await h.api('POST', '/client/@me/agent/remote/', { name: 'Outsourced', number: '+74950000001', status: 'available' });
  t.equal(remote.statusCode, 201);
  const rid = remote.json().id;
  const added = await h.api('POST', '/extension/1000/queue/agents/remote/', { agent_id: rid, level: 2, position: 1 });
  t.equal(added.statusCode, 201);
  t.same(schemaErrors('QueueAgent', added.json()), []);
  t.same(added.json(), { agent_id: rid, level: 2, position: 1 });
  const worldQueue = (await admin(h, '/__admin/state')).queues.find((q: { id: string }) => q.id === 'support');
  t.match(worldQueue.agents.find((a: { agent: string }) => a.agent === `telphin-remote-${rid}`), { level: 2, position: 1 });
  t.same((await h.api('GET', '/extension/1000/queue/agents/remote/')).json(), [{ agent_id: rid, level: 2, position: 1 }]);
  t.same((await h.api('GET', '/extension/1000/queue/agents/local/')).json().length, 3, 'the local list stays local');

  const moved = await h.api('PUT', `/extension/1000/queue/agents/remote/${rid}`, { level: 3 });
  t.equal(moved.statusCode, 200);
  t.same(moved.json(), { agent_id: rid, level: 3, position: 1 });
  const one = await h.api('GET', `/extension/1000/queue/agents/remote/${rid}`);
  t.same(schemaErrors('QueueAgent', one.json()), []);
  t.same(one.json(), moved.json());
  const defaults = await h.api('POST', '/extension/1000/queue/agents/local/', { agent_id: 1 });
  t.equal(defaults.statusCode, 400, 'already in the queue');
  t.match(defaults.json().message, /local agent 1 is already in the queue of extension 1000/);

  const out = await h.api('DELETE', '/extension/1000/queue/agents/local/2');
  t.equal(out.statusCode, 204);
  t.same((await h.api('GET', '/extension/1000/queue/agents/local/')).json().map((a: { agent_id: number }) => a.agent_id), [1, 3]);
  const back = await h.api('POST', '/extension/1000/queue/agents/local/', { agent_id: 2 });
  t.same(back.json(), { agent_id: 2, level: 0, position: 0 }, 'level and position default to 0 (seed 001)');
  const types = (await admin(h, '/__admin/events?type=tier.')).events.map((e: { type: string }) => e.type);
  t.same(types, ['tier.added', 'tier.updated', 'tier.removed', 'tier.added']);

  const seq = await lastSeq(h);
  const bad: [string, string, unknown, number, RegExp][] = [
    ['POST', '/extension/1000/queue/agents/local/', { agent_id: rid }, 400, new RegExp(`'agent_id': local agent ${rid} not found`)],
    ['POST', '/extension/1000/queue/agents/remote/', { agent_id: 1 }, 400, /'agent_id': remote agent 1 not found/],
    ['POST', '/extension/1000/queue/agents/local/', { agent_id: '1' }, 400, /field 'agent_id' must be integer/],
    ['POST', '/extension/1000/queue/agents/local/', { level: 1 }, 400, /The field 'agent_id' is required/],
    ['POST', '/extension/1000/queue/agents/local/', { agent_id: 3, level: -1 }, 400, /field 'level' must be >= 0/],
    ['PUT', '/extension/1000/queue/agents/local/1', { position: 'first' }, 400, /field 'position'/],
    ['PUT', '/extension/1000/queue/agents/local/1', { agent_id: 2 }, 400, /The field 'agent_id' is not known/],
    ['GET', '/extension/1000/queue/agents/local/99', undefined, 404, /Local agent '99' not found/],
    ['GET', `/extension/1000/queue/agents/local/${rid}`, undefined, 404, /Local agent/],
    ['DELETE', '/extension/1000/queue/agents/remote/1', undefined, 404, /Remote agent '1' not found/],
    ['POST', '/extension/1001/queue/agents/local/', { agent_id: 1 }, 404, /not a queue/],
  ];
  for (const [method, path, body, code, message] of bad) {
    const r = await h.api(method as 'GET', path, body);
    t.equal(r.statusCode, code, `${method} ${path} ${JSON.stringify(body)}`);
    t.same(schemaErrors('Error', r.json()), []);
    t.match(r.json().message, message);
  }
  await h.api('DELETE', `/extension/1000/queue/agents/remote/${rid}`);
  const gone = await h.api('GET', `/extension/1000/queue/agents/remote/${rid}`);
  t.equal(gone.statusCode, 404);
  t.match(gone.json(), { status: 'agent_not_found', message: new RegExp(`remote agent ${rid} is not in the queue of extension 1000`) });
  t.equal(await lastSeq(h), seq + 1, 'only the one good change reached the world');
});
