/**
 * Extensions: scenario queues and local agents appear with stable ids; phone, queue, ivr and fax
 * extensions are created, read, changed and deleted; a queue extension is a queue of the world.
 */
import t from 'tap';
import { harness, schemaErrors } from './harness.js';

const state = async (h: Awaited<ReturnType<typeof harness>>) => (await h.app.inject('/__admin/state')).json();

t.test('the scenario appears with stable ids: queues first, then the local agents\' phones', async (t) => {
  const h = await harness('default');
  t.teardown(() => h.app.close());
  const list = await h.api('GET', '/client/@me/extension/');
  t.equal(list.statusCode, 200);
  t.same(schemaErrors('ExtensionList', list.json()), []);
  const all = list.json() as { id: number; name: string; type: string; label: string }[];
  t.equal(all.length, 14);
  t.match(all.slice(0, 3), [
    { id: 1000, name: '000*support', type: 'queue', label: 'Support', client_id: 12, domain: 'sip.ringme.ru', status: 'active', create_date: '2026-11-20 09:00:00' },
    { id: 1001, name: '000*sales', type: 'queue', label: 'Sales' },
    { id: 1002, name: '000*101', type: 'phone', label: 'Alice Smith' },
  ]);
  const agents = (await state(h)).agents as { id: string; number: string }[];
  t.same(all.slice(2).map((e) => e.name), agents.map((a) => `000*${a.number}`), 'a phone per local agent, named by its number');

  const queues = await h.api('GET', '/client/@me/extension/?type=queue');
  t.same(queues.json().map((e: { id: number }) => e.id), [1000, 1001]);
  const both = await h.api('GET', '/client/@me/extension/?type[]=queue&type[]=phone');
  t.equal(both.json().length, 14);
  const page = await h.api('GET', '/client/@me/extension/?page=2&per_page=5');
  t.same(page.json().map((e: { id: number }) => e.id), [1005, 1006, 1007, 1008, 1009]);
  const desc = await h.api('GET', '/client/@me/extension/?order=desc&per_page=2');
  t.same(desc.json().map((e: { id: number }) => e.id), [1013, 1012]);
  const badType = await h.api('GET', '/client/@me/extension/?type=modem');
  t.equal(badType.statusCode, 400);
  t.match(badType.json().message, /query parameter 'type\.0'/);

  // The same ids after API changes and a reset, and in another app over the same scenario.
  await h.api('POST', '/client/@me/extension/', { name: '700', type: 'phone' });
  await h.app.inject({ method: 'POST', url: '/__admin/reset' });
  t.same((await h.api('GET', '/client/@me/extension/')).json(), all, 'a reset brings back the same extensions');
  const other = await harness('default');
  t.teardown(() => other.app.close());
  t.same((await other.api('GET', '/client/@me/extension/')).json(), all, 'another run: the same ids');
  const created = await other.api('POST', '/client/@me/extension/', { name: '700', type: 'phone' });
  t.equal(created.json().id, 1014, 'API-made extensions are numbered on from the scenario');
});

t.test('phone, ivr and fax extensions: create, read, change, delete', async (t) => {
  const h = await harness('smoke');
  t.teardown(() => h.app.close());
  const created = await h.api('POST', '/client/@me/extension/', { name: '000*500', type: 'phone', label: 'Desk', caller_id_name: 'Front desk' });
  t.equal(created.statusCode, 201);
  t.same(schemaErrors('Extension', created.json()), []);
  const id = created.json().id;
  t.match(created.json(), { id: 1004, name: '000*500', type: 'phone', label: 'Desk', status: 'active', caller_id_name: 'Front desk', extra_params: null, ani_rfc3325: false });
  t.same((await h.api('GET', `/client/@me/extension/${id}`)).json(), created.json());

  const put = await h.api('PUT', `/client/@me/extension/${id}`, { name: '501', status: 'blocked', extra_params: 'x=1', label: null });
  t.equal(put.statusCode, 200);
  t.same(schemaErrors('Extension', put.json()), []);
  t.match(put.json(), { name: '000*501', status: 'blocked', extra_params: 'x=1', label: null, caller_id_name: 'Front desk' });

  for (const type of ['ivr', 'fax'] as const) {
    const r = await h.api('POST', '/client/12/extension/', { name: `${type}1`, type });
    t.equal(r.statusCode, 201);
    t.match(r.json(), { type, name: `000*${type}1` });
  }

  const bad: [string, string, unknown, number, RegExp][] = [
    ['PUT', `/client/@me/extension/${id}`, { type: 'queue' }, 400, /type of extension 1004 is phone and cannot change/],
    ['PUT', `/client/@me/extension/${id}`, { name: '000*ivr1' }, 400, /name'.*000\*ivr1 already exists/],
    ['POST', '/client/@me/extension/', { name: '100', type: 'phone' }, 400, /000\*100 already exists \(id 1001\)/],
    ['POST', '/client/@me/extension/', { name: 'support', type: 'queue' }, 400, /000\*support already exists \(id 1000\)/],
    ['POST', '/client/@me/extension/', { name: '999*5', type: 'phone' }, 400, /prefix must be this client's, 000\*/],
    ['POST', '/client/@me/extension/', { name: '5', type: 'modem' }, 400, /field 'type'/],
    ['POST', '/client/@me/extension/', { type: 'phone' }, 400, /The field 'name' is required/],
    ['POST', '/client/@me/extension/', { name: 'a b', type: 'phone' }, 400, /field 'name'/],
    ['POST', '/client/@me/extension/', { name: '5', type: 'phone', color: 'red' }, 400, /The field 'color' is not known/],
    ['POST', '/client/@me/extension/', { name: '5', type: 'phone', status: 'on' }, 400, /field 'status'/],
    ['GET', '/client/@me/extension/abc', undefined, 404, /Extension 'abc' not found/],
    ['GET', '/client/@me/extension/99999', undefined, 404, /Extension '99999' not found/],
    ['DELETE', '/client/@me/extension/1001', undefined, 400, /phone of local agent 1: delete the agent first/],
  ];
  for (const [method, path, body, code, message] of bad) {
    const r = await h.api(method as 'GET', path, body);
    t.equal(r.statusCode, code, `${method} ${path} ${JSON.stringify(body)}`);
    t.same(schemaErrors('Error', r.json()), []);
    t.match(r.json().message, message);
  }
  t.equal((await h.api('GET', '/client/@me/extension/99999')).json().status, 'extension_not_found');

  const del = await h.api('DELETE', `/client/@me/extension/${id}`);
  t.equal(del.statusCode, 204);
  t.equal(del.body, '');
  t.equal((await h.api('GET', `/client/@me/extension/${id}`)).statusCode, 404);
  t.equal((await h.api('DELETE', `/client/@me/extension/${id}`)).statusCode, 404);
});

t.test("renaming an agent's phone renumbers the world's agent", async (t) => {
  const h = await harness('smoke');
  t.teardown(() => h.app.close());
  const before = (await h.api('GET', '/client/@me/extension/1001')).json();
  t.match(before, { name: '000*100', type: 'phone' });
  const r = await h.api('PUT', '/client/@me/extension/1001', { name: '555', label: 'Agent one' });
  t.equal(r.statusCode, 200);
  t.match(r.json(), { name: '000*555', label: 'Agent one' });
  const agent = (await state(h)).agents.find((a: { id: string }) => a.id === 'agent-1');
  t.equal(agent.number, '555');
});

t.test('a queue extension is a queue of the world, made and removed with it', async (t) => {
  const h = await harness('smoke');
  t.teardown(() => h.app.close());
  const created = await h.api('POST', '/client/@me/extension/', { name: '370', type: 'queue', label: 'Test queue' });
  t.equal(created.statusCode, 201);
  t.same(schemaErrors('Extension', created.json()), []);
  const id = created.json().id;
  t.match(created.json(), { id: 1004, name: '000*370', type: 'queue', label: 'Test queue' });
  const queue = (await state(h)).queues.find((q: { id: string }) => q.id === `telphin-queue-${id}`);
  t.match(queue, { name: 'Test queue' }, 'the world has the queue');
  const events = (await h.app.inject('/__admin/events?type=queue.created')).json().events;
  t.match(events, [{ queue: `telphin-queue-${id}` }]);

  const config = await h.api('GET', `/extension/${id}/queue/`);
  t.equal(config.statusCode, 200);
  t.same(schemaErrors('QueueConfig', config.json()), []);

  const call = await h.app.inject({ method: 'POST', url: '/__admin/calls', payload: { queue: `telphin-queue-${id}` } });
  t.equal(call.statusCode, 201, 'callers can be sent to it');

  const del = await h.api('DELETE', `/client/@me/extension/${id}`);
  t.equal(del.statusCode, 204);
  t.notOk((await state(h)).queues.find((q: { id: string }) => q.id === `telphin-queue-${id}`), 'the queue left the world');
  t.equal((await h.api('GET', `/extension/${id}/queue/`)).statusCode, 404);
  t.equal((await h.api('GET', `/client/@me/extension/${id}`)).statusCode, 404);
});
