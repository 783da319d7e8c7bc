/**
 * Event subscriptions and their delivery: CRUD and errors, then a local HTTP receiver subscribed to the
 * four extension events (of a queue and of an agent's phone) and the two agent events while a scripted
 * scenario runs: the keys, values and order of every delivery, GET (query) and POST (form) alike; a dead
 * and a hanging subscriber are logged and hold nothing up.
 */
import t from 'tap';
import { harness, schemaErrors } from './harness.js';
import { deadPort, receiver, type Received } from './receiver.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    hooks: {
      seed: 5,
      duration: '1h',
      queues: [{ id: 'line', strategy: 'round-robin' }],
      agents: [
        { id: 'ann', name: 'Ann Lee', number: '201', queues: [{ queue: 'line', level: 1 }], call_timeout: 5, no_answer_delay_time: 600, answer: [{ after: 2 }, 'never'], talk_time: 30 },
        { id: 'rex', name: 'Rex Roe', type: 'remote', number: '+74990000001', status: 'logged_out' },
      ],
      callers: [{ queue: 'line', arrivals: { process: 'fixed', at: [10, 100] }, numbers: ['+74951112233', '+74951112244'], patience: 20 }],
      timeline: [
        { at: 200, agent: 'rex', status: 'available' },
        { at: 210, agent: 'ann', status: 'on_break' },
        { at: 300, agent: 'ann', external_call: 60, number: '+74957654321' },
      ],
      apis: { telphin: { webhook_timeout_ms: 300 } },
    },
  },
});

const CALL_KEYS = ['EventType', 'CallID', 'CallerIDNum', 'CallerIDName', 'CalledDID', 'CallerExtension', 'CallerExtensionID', 'CalledExtension', 'CalledExtensionID', 'CalledNumber', 'CallStatus', 'CallFlow', 'SubCallID', 'CallAPIID', 'EventTime'];
const HANGUP_KEYS = [...CALL_KEYS, 'Duration', 'Bridged', 'RecID'];
const START_US = Date.parse('2026-11-20T09:00:00Z') * 1000;
const at = (s: number) => String(START_US + s * 1_000_000);

t.test('subscriptions: create, list, read, change, delete; bad ones get Telphin errors', async (t) => {
  const h = await harness('smoke');
  t.teardown(() => h.app.close());
  const created = await h.api('POST', '/extension/1000/event/', { url: 'http://127.0.0.1:1/hook', event_type: 'dial-in', method: 'GET' });
  t.equal(created.statusCode, 201);
  t.same(schemaErrors('ExtensionEvent', created.json()), []);
  t.same(created.json(), { id: 1, url: 'http://127.0.0.1:1/hook', method: 'GET', event_type: 'dial-in' });
  const post = await h.api('POST', '/extension/1000/event/', { url: 'https://example.com/x?a=1', event_type: 'hangup' });
  t.same(post.json(), { id: 2, url: 'https://example.com/x?a=1', method: 'POST', event_type: 'hangup' }, 'method defaults to POST');
  const list = await h.api('GET', '/extension/1000/event/');
  t.same(schemaErrors('ExtensionEventList', list.json()), []);
  t.same(list.json().map((e: { id: number }) => e.id), [1, 2]);
  t.same((await h.api('GET', '/extension/1001/event/')).json(), [], "another extension's list");
  const changed = await h.api('PUT', '/extension/1000/event/1', { method: 'POST', event_type: 'answer' });
  t.same(changed.json(), { id: 1, url: 'http://127.0.0.1:1/hook', method: 'POST', event_type: 'answer' });
  t.same((await h.api('GET', '/extension/1000/event/1')).json(), changed.json());

  const agent = await h.api('POST', '/client/@me/agent/local/1/event/', { url: 'http://127.0.0.1:1/a', event_type: 'agent-login', method: 'GET' });
  t.equal(agent.statusCode, 201);
  t.same(schemaErrors('AgentEvent', agent.json()), []);
  t.same(agent.json(), { id: 3, url: 'http://127.0.0.1:1/a', method: 'GET', event_type: 'agent-login' });
  t.same((await h.api('GET', '/client/@me/agent/local/1/event/')).json(), [agent.json()]);
  t.same(schemaErrors('AgentEventList', (await h.api('GET', '/client/@me/agent/local/1/event/')).json()), []);
  t.equal((await h.api('DELETE', '/client/@me/agent/local/1/event/3')).statusCode, 204);
  t.equal((await h.api('GET', '/client/@me/agent/local/1/event/3')).statusCode, 404);

  const bad: [string, string, unknown, number, RegExp][] = [
    ['POST', '/extension/1000/event/', { url: 'http://x/y', event_type: 'agent-login' }, 400, /field 'event_type'/],
    ['POST', '/extension/1000/event/', { url: 'ftp://x/y', event_type: 'hangup' }, 400, /field 'url'/],
    ['POST', '/extension/1000/event/', { url: 'http://x/y', event_type: 'hangup', method: 'PUT' }, 400, /field 'method'/],
    ['POST', '/extension/1000/event/', { event_type: 'hangup' }, 400, /The field 'url' is required/],
    ['POST', '/extension/99999/event/', { url: 'http://x/y', event_type: 'hangup' }, 404, /Extension '99999' not found/],
    ['GET', '/extension/1001/event/1', undefined, 404, /Event '1' not found/],
    ['PUT', '/extension/1000/event/7', { method: 'GET' }, 404, /Event '7' not found/],
    ['POST', '/client/@me/agent/local/1/event/', { url: 'http://x/y', event_type: 'hangup' }, 400, /field 'event_type'/],
    ['POST', '/client/@me/agent/remote/1/event/', { url: 'http://x/y', event_type: 'agent-login' }, 404, /Remote agent '1' not found/],
    ['GET', '/client/@me/agent/local/1/event/2', undefined, 404, /Event '2' not found/],
  ];
  for (const [method, path, body, code, message] of bad) {
    const r = await h.api(method as 'GET', path, body);
    t.equal(r.statusCode, code, `${method} ${path}`);
    t.same(schemaErrors('Error', r.json()), []);
    t.match(r.json().message, message);
  }
  t.equal((await h.api('GET', '/extension/1001/event/1')).json().status, 'event_not_found');

  // Subscriptions go with their extension or agent, and with a reset.
  await h.api('POST', '/client/@me/agent/local/2/event/', { url: 'http://127.0.0.1:1/a', event_type: 'agent-logout' });
  await h.api('DELETE', '/client/@me/agent/local/2');
  const phone = (await h.api('POST', '/client/@me/extension/', { name: '600', type: 'phone' })).json();
  await h.api('POST', `/extension/${phone.id}/event/`, { url: 'http://127.0.0.1:1/p', event_type: 'dial-in' });
  t.equal((await h.api('GET', `/extension/${phone.id}/event/`)).json().length, 1);
  await h.api('DELETE', `/client/@me/extension/${phone.id}`);
  t.equal((await h.api('GET', `/extension/${phone.id}/event/`)).statusCode, 404);
  await h.app.inject({ method: 'POST', url: '/__admin/reset' });
  t.same((await h.api('GET', '/extension/1000/event/')).json(), [], 'a reset drops subscriptions made through the API');
});

t.test('deliveries: the four call events of a queue and a phone, agent login/logout, in order', async (t) => {
  const h = await harness(SCENARIO, { inline: true });
  const rx = await receiver();
  const hanging = await receiver({ hang: true });
  const dead = await deadPort();
  t.teardown(async () => {
    await h.app.close();
    await rx.close();
    await hanging.close();
  });
  const ext = (await h.api('GET', '/client/@me/extension/')).json();
  t.match(ext, [{ id: 1000, name: '000*line', type: 'queue' }, { id: 1001, name: '000*201', type: 'phone' }]);
  const subs: [string, unknown][] = [
    ['/extension/1000/event/', { url: `${rx.url}/q/dial-in`, event_type: 'dial-in', method: 'GET' }],
    ['/extension/1000/event/', { url: `${rx.url}/q/dial-out`, event_type: 'dial-out', method: 'POST' }],
    ['/extension/1000/event/', { url: `${rx.url}/q/answer?tag=1`, event_type: 'answer', method: 'GET' }],
    ['/extension/1000/event/', { url: `${rx.url}/q/hangup`, event_type: 'hangup', method: 'POST' }],
    ['/extension/1001/event/', { url: `${rx.url}/p/dial-in`, event_type: 'dial-in', method: 'POST' }],
    ['/extension/1001/event/', { url: `${rx.url}/p/dial-out`, event_type: 'dial-out', method: 'POST' }],
    ['/extension/1001/event/', { url: `${rx.url}/p/answer`, event_type: 'answer', method: 'POST' }],
    ['/extension/1001/event/', { url: `${rx.url}/p/hangup`, event_type: 'hangup', method: 'GET' }],
    ['/client/@me/agent/local/1/event/', { url: `${rx.url}/a/login`, event_type: 'agent-login', method: 'GET' }],
    ['/client/@me/agent/local/1/event/', { url: `${rx.url}/a/logout`, event_type: 'agent-logout', method: 'POST' }],
    ['/client/@me/agent/remote/2/event/', { url: `${rx.url}/r/login`, event_type: 'agent-login', method: 'POST' }],
    // A subscriber that is down and one that never answers: logged, never in the way.
    ['/extension/1000/event/', { url: `http://127.0.0.1:${dead}/down`, event_type: 'dial-in' }],
    ['/extension/1001/event/', { url: `${hanging.url}/slow`, event_type: 'answer' }],
  ];
  for (const [path, body] of subs) t.equal((await h.api('POST', path, body)).statusCode, 201);

  let seen = 0;
  /** Runs to `seconds`, then expects exactly these deliveries (in any order across subscriptions). */
  const step = async (seconds: number | (() => Promise<unknown>), expected: string[]) => {
    if (typeof seconds === 'number') await h.app.inject({ method: 'POST', url: '/__admin/clock/run-until', payload: { t: seconds * 1000 } });
    else await seconds();
    const all = await rx.waitFor(seen + expected.length);
    await new Promise((r) => setTimeout(r, 30));
    const batch = rx.got.slice(seen);
    seen = rx.got.length;
    const label = (d: Received) => `${d.path} ${d.fields.CallStatus ?? d.fields.agent_status}`;
    t.same(batch.map(label).sort(), [...expected].sort(), `deliveries at ${typeof seconds === 'number' ? seconds : 'the API call'}`);
    return all.slice(-expected.length);
  };

  await step(10, ['/q/dial-in CALLING', '/q/dial-out CALLING', '/p/dial-in CALLING']);
  const arrived = (await h.app.inject('/__admin/events?type=call.arrived')).json().events;
  const call1 = arrived[0].call as string;
  const byPath = (p: string) => rx.got.filter((d) => d.path === p);
  t.same(byPath('/q/dial-in')[0].fields, {
    EventType: 'dial-in', CallID: call1, CallerIDNum: '+74951112233', CallerIDName: '+74951112233', CalledDID: '', CallerExtension: '', CallerExtensionID: '',
    CalledExtension: '000*line@sip.ringme.ru', CalledExtensionID: '1000', CalledNumber: '000*line', CallStatus: 'CALLING', CallFlow: 'IN', SubCallID: `1000-${call1}`, CallAPIID: call1, EventTime: at(10),
  });
  t.match(byPath('/q/dial-out')[0].fields, { EventType: 'dial-out', CallID: call1, CallerExtension: '000*line@sip.ringme.ru', CallerExtensionID: '1000', CalledExtension: '000*201@sip.ringme.ru', CalledExtensionID: '1001', CalledNumber: '000*201', CallFlow: 'OUT', SubCallID: `1000-${call1}` });
  t.match(byPath('/p/dial-in')[0].fields, { EventType: 'dial-in', CallID: call1, CallerIDNum: '+74951112233', CallerExtension: '000*line@sip.ringme.ru', CalledExtension: '000*201@sip.ringme.ru', CalledExtensionID: '1001', CallFlow: 'IN', SubCallID: `1001-${call1}-1` });

  await step(12, ['/q/answer ANSWER', '/p/answer ANSWER']);
  t.match(byPath('/q/answer')[0], { method: 'GET', query: { tag: '1', EventType: 'answer', CalledExtensionID: '1001', EventTime: at(12) } }, 'GET keeps the URL\'s own query');
  await step(42, ['/q/hangup ANSWER', '/p/hangup ANSWER']);
  t.match(byPath('/q/hangup')[0].fields, { EventType: 'hangup', CallID: call1, Duration: '30', Bridged: 'yes', RecID: `1001-${call1.replace(/-/g, '').toUpperCase()}`, SubCallID: `1000-${call1}` });
  t.match(byPath('/p/hangup')[0].fields, { Duration: '30', Bridged: 'yes', SubCallID: `1001-${call1}-1`, EventTime: at(42) });

  await h.app.inject({ method: 'POST', url: '/__admin/clock/run-until', payload: { t: 50_000 } });
  await step(() => h.api('PUT', '/client/@me/agent/local/1', { name: 'Ann Lee', status: 'logged_out' }), ['/a/logout logged_out']);
  await step(async () => {
    await h.api('PUT', '/client/@me/agent/local/1', { name: 'Ann Lee', status: 'available' });
    await h.api('PUT', '/client/@me/agent/local/1', { name: 'Ann Lee', status: 'available' });
  }, ['/a/login available']);
  t.same(byPath('/a/logout')[0].fields, { agent_id: '1', agent_status: 'logged_out', agent_type: 'local', extension_name: '000*201@sip.ringme.ru', event_source: 'api' });
  t.match(byPath('/a/login')[0], { method: 'GET', fields: { agent_id: '1', agent_status: 'available', event_source: 'api' } });

  await step(100, ['/q/dial-in CALLING', '/q/dial-out CALLING', '/p/dial-in CALLING']);
  await step(105, ['/p/hangup NOANSWER']);
  const call2 = (await h.app.inject('/__admin/events?type=call.arrived')).json().events[1].call as string;
  t.match(byPath('/p/hangup')[1].fields, { CallID: call2, CallStatus: 'NOANSWER', Duration: '0', Bridged: 'no', RecID: '', SubCallID: `1001-${call2}-1` });
  await step(120, ['/q/hangup CANCEL']);
  t.match(byPath('/q/hangup')[1].fields, { CallID: call2, CallStatus: 'CANCEL', Bridged: 'no', CalledExtensionID: '1000' });
  await step(200, ['/r/login available']);
  t.same(byPath('/r/login')[0].fields, { agent_id: '2', agent_status: 'available', agent_type: 'remote', agent_number: '+74990000001', event_source: 'system' });
  await step(215, []);
  await step(() => h.app.inject({ method: 'POST', url: '/__admin/agents/ann/status', payload: { status: 'logged_out' } }), ['/a/logout logged_out']);
  t.equal(byPath('/a/logout')[1].fields.event_source, 'system');
  await step(300, ['/p/dial-out CALLING', '/p/answer ANSWER']);
  const external = (await h.app.inject('/__admin/events?type=agent.external_call')).json().events[0].call as string;
  t.match(byPath('/p/dial-out')[0].fields, { CallID: external, CallFlow: 'OUT', CallerIDNum: '000*201', CallerIDName: 'Ann Lee', CallerExtension: '000*201@sip.ringme.ru', CalledNumber: '+74957654321', CalledExtension: '' });
  await step(360, ['/p/hangup ANSWER']);
  t.match(byPath('/p/hangup')[2].fields, { CallID: external, Duration: '60', Bridged: 'yes', RecID: '' });

  for (const d of rx.got) {
    const call = d.path.startsWith('/q/') || d.path.startsWith('/p/');
    if (d.path === '/q/answer') delete d.fields.tag; // the subscriber's own query parameter
    t.same(schemaErrors(call ? 'CallEventPayload' : 'AgentEventPayload', d.fields), [], d.path);
    if (call) t.same(Object.keys(d.fields).sort(), (d.fields.EventType === 'hangup' ? HANGUP_KEYS : CALL_KEYS).slice().sort(), `${d.path} keys`);
    if (d.method === 'POST') t.equal(d.contentType, 'application/x-www-form-urlencoded', `${d.path} is a form`);
    else t.equal(d.body, '', `${d.path} sends its fields in the query`);
  }
  // Per subscription, deliveries follow the event log: times never go back.
  for (const path of new Set(rx.got.map((d) => d.path))) {
    const times = byPath(path).map((d) => Number(d.fields.EventTime ?? 0));
    t.same(times, times.slice().sort((a, b) => a - b), `${path} in order`);
  }
  t.same(byPath('/p/hangup').map((d) => d.fields.CallStatus), ['ANSWER', 'NOANSWER', 'ANSWER']);

  // The dead and the hanging subscribers were logged; the simulation went on regardless.
  await new Promise((r) => setTimeout(r, 500));
  const warnings = h.logs.filter((l) => /telphin webhook/.test(String(l.msg)));
  t.ok(warnings.some((l) => String(l.url).includes('/down')), 'the dead subscriber is logged');
  t.ok(warnings.some((l) => String(l.url).includes('/slow')), 'the hanging one times out and is logged');
  t.ok(hanging.got.length >= 2, 'the hanging subscriber got its deliveries one after another');
  t.equal((await h.app.inject('/__admin/clock')).json().t, 360_000);
});

t.test('a server holds at most MAX_SUBSCRIPTIONS subscriptions: the next one is refused, one deleted makes room', async (t) => {
  const { MAX_SUBSCRIPTIONS } = await import('../../../src/simulators/queue-rest/webhooks.js');
  const h = await harness('smoke');
  t.teardown(() => h.app.close());
  let last = 0;
  for (let i = 0; i < MAX_SUBSCRIPTIONS; i++) {
    const r = await h.api('POST', '/extension/1000/event/', { url: `http://127.0.0.1:1/hook/${i}`, event_type: 'dial-in' });
    if (r.statusCode !== 201) throw new Error(r.body);
    last = r.json().id;
  }
  const refused = await h.api('POST', '/extension/1000/event/', { url: 'http://127.0.0.1:1/one-more', event_type: 'answer' });
  t.equal(refused.statusCode, 403);
  t.match(refused.json(), { status: 'subscriptions_limit_exceeded', message: /at most 1000 event subscriptions/ });
  t.equal((await h.api('GET', '/extension/1000/event/')).json().length, MAX_SUBSCRIPTIONS, 'nothing was added');
  t.equal((await h.api('DELETE', `/extension/1000/event/${last}`)).statusCode, 204);
  t.equal((await h.api('POST', '/extension/1000/event/', { url: 'http://127.0.0.1:1/one-more', event_type: 'answer' })).statusCode, 201, 'room again');
});
