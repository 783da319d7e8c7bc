/**
 * The API around the dialogs: the raw-key Authorization (and `--auth conpeek=off`), settings from
 * `apis.conpeek`, Conpeek's error body for bad query strings and unknown resources, the recordings list
 * and a dialog's chat recording.
 */
import t from 'tap';
import { harness } from './harness.js';
import { CDR_SCENARIO } from './scenario.js';

const withApis = (apis: Record<string, unknown>) => {
  const doc = JSON.parse(CDR_SCENARIO);
  doc.scenarios.cdr.apis = apis;
  return JSON.stringify(doc);
};

t.test('Authorization: the raw API key; anything else is a 401 in Conpeek\'s format', async (t) => {
  const h = await harness(CDR_SCENARIO);
  t.teardown(() => h.app.close());
  t.equal(h.key, 'ccsim-conpeek-key', 'the default key');
  const cases: [Record<string, string>, RegExp][] = [
    [{}, /Authorization required: send the API key in the Authorization header/],
    [{ authorization: 'wrong' }, /Invalid API key/],
    [{ authorization: `Bearer ${h.key}` }, /raw API key .* without "Bearer"/],
  ];
  for (const path of ['/cdr_dialog', '/cdr_dialog_recording', '/cdr_dialog/x/chat_recording']) {
    for (const [headers, message] of cases) {
      const r = await h.api('GET', path, headers);
      t.equal(r.statusCode, 401, `${path} ${JSON.stringify(headers)}`);
      t.match(r.json(), { success: false, message });
    }
  }
  const put = await h.api('PUT', '/dialog/x/hangup', {});
  t.equal(put.statusCode, 401);
  t.equal((await h.api('GET', '/cdr_dialog')).statusCode, 200);
});

t.test('--auth conpeek=off serves without a key', async (t) => {
  const h = await harness(CDR_SCENARIO, { inline: true, authOff: ['conpeek'] });
  t.teardown(() => h.app.close());
  t.equal((await h.api('GET', '/cdr_dialog', {})).statusCode, 200);
});

t.test('apis.conpeek: key, ids, numbers and Call Info names; bad values are logged and defaulted', async (t) => {
  const h = await harness(withApis({ conpeek: { api_key: 'sekret', first_project_id: 900, first_tenant_user_id: 40, service_number_prefix: '4858', project_language: 'en', call_info_params: ['A', 'B', 'C', 'D', 'E'], disposition_tags: 'x', wat: 1 } }));
  t.teardown(() => h.app.close());
  t.equal((await h.api('GET', '/cdr_dialog', { authorization: 'ccsim-conpeek-key' })).statusCode, 401);
  await h.advance(600);
  const { data } = await h.list();
  const sales = data.find((d) => d.project?.name === 'Sprzedaż' && d.dialog_type === 'EXTERNAL');
  t.match(sales, { project: { id: 901, language: 'en', service_id: 901 }, project_id_list: [901], to_display_target: '48580901', call_info_param1: 'A', call_info_param5: 'E' });
  t.ok(data.some((d) => d.tenant_user?.username === 'ann' && d.tenant_user.id === 40));
  t.ok(data.some((d) => d.tenant_user?.username === 'cid' && d.tenant_user.id === 42));
  t.ok(h.logs.some((l) => /apis\.conpeek\.disposition_tags is not valid/.test(String(l.msg))), 'bad value logged');
  t.ok(h.logs.some((l) => /apis\.conpeek\.wat is not a setting/.test(String(l.msg))), 'unknown key logged');
});

t.test('bad query strings get a 400 naming the problem; nothing else breaks', async (t) => {
  const h = await harness(CDR_SCENARIO);
  t.teardown(() => h.app.close());
  await h.advance(300);
  const bad: [string, RegExp][] = [
    ['/cdr_dialog?filter=%5B%7B', /Malformed filter: 'filter' is not valid JSON/],
    ['/cdr_dialog?filter=' + encodeURIComponent('{"property":"number_list"}'), /must be a JSON list/],
    ['/cdr_dialog?filter=' + encodeURIComponent('[{"property":"duration","value":[1]}]'), /Unknown filter property 'duration' in filter\[0\]/],
    ['/cdr_dialog?filter=' + encodeURIComponent('[{"property":"talking_time","operator":"between","value":1}]'), /Unknown operator 'between' for filter property 'talking_time'/],
    ['/cdr_dialog?filter=' + encodeURIComponent('[{"property":"project_id_list","value":["1"]}]'), /'project_id_list' .* item 0 must be an integer, got "1"/],
    ['/cdr_dialog?filter=' + encodeURIComponent('[{"property":"start_time","operator":"gt","value":"yesterday"}]'), /expected a UTC time "YYYY-MM-DD HH:mm:ss", got "yesterday"/],
    ['/cdr_dialog?limit=-5', /Invalid query parameter 'limit'/],
    ['/cdr_dialog?offset=abc', /Invalid query parameter 'offset'/],
    ['/cdr_dialog?limit=1&limit=2', /'limit' is given more than once/],
    ['/cdr_dialog?sort=start_time', /Unknown query parameter 'sort'/],
    ['/cdr_dialog_recording?filter=nope', /not valid JSON/],
  ];
  for (const [url, message] of bad) {
    const r = await h.api('GET', url);
    t.equal(r.statusCode, 400, url);
    t.match(r.json(), { success: false, message }, url);
  }
  const wrongBody = await h.api('PUT', '/dialog/x/hangup', { authorization: h.key }, '{"oops"');
  t.equal(wrongBody.statusCode, 400);
  t.match(wrongBody.json().message, /not valid JSON/);
  for (const [method, url] of [['GET', '/cdr_dialog/abc'], ['DELETE', '/dialog/abc'], ['GET', '/dialog/abc/hangup']] as const) {
    const r = await h.api(method, url);
    t.equal(r.statusCode, 404, `${method} ${url}`);
    t.match(r.json(), { success: false, message: /No such resource/ });
  }
  t.equal((await h.api('GET', '/cdr_dialog')).statusCode, 200, 'still serving');
});

t.test('recordings: the consultant side of recorded queues; chat recording 404 for unknown dialogs', async (t) => {
  const h = await harness(CDR_SCENARIO);
  t.teardown(() => h.app.close());
  await h.advance(20 * 60);
  const { data } = await h.list(undefined, 10_000);
  const recorded = data.filter((d) => d.audio_video_recording.length > 0);
  t.ok(recorded.length > 3, 'some recorded dialogs');
  t.ok(recorded.every((d) => d.dialog_type === 'CONSULTANT' && d.project?.name === 'Wsparcie'), 'only consultants of the recording queue (support)');
  t.ok(data.filter((d) => d.dialog_type === 'CONSULTANT' && d.project?.name === 'Wsparcie').every((d) => d.audio_video_recording.length === 1), 'every support conversation is recorded');
  const all = (await h.api('GET', '/cdr_dialog_recording')).json();
  t.same(
    all.data,
    recorded.flatMap((d) => d.audio_video_recording.map((r) => ({ dialog_uuid: d.dialog_uuid, operator_call_id: d.operator_call_id, ...r }))),
  );
  const ann = (await h.api('GET', '/cdr_dialog_recording?limit=2&offset=1&filter=' + encodeURIComponent(JSON.stringify([{ property: 'tenant_user_id_list', value: [1] }])))).json();
  t.same(ann.data, all.data.filter((r: { dialog_uuid: string }) => recorded.find((d) => d.dialog_uuid === r.dialog_uuid)?.tenant_user?.id === 1).slice(1, 3), 'filtered and paged');

  const chat = await h.api('GET', `/cdr_dialog/${data[0].dialog_uuid}/chat_recording`);
  t.equal(chat.statusCode, 200);
  t.same(chat.json(), { success: true, data: [], count: 0 }, 'a voice dialog has no chat');
  const unknown = await h.api('GET', '/cdr_dialog/00000000-0000-4000-8000-000000000000/chat_recording');
  t.equal(unknown.statusCode, 404);
  t.match(unknown.json(), { success: false, message: "Dialog '00000000-0000-4000-8000-000000000000' not found" });
});

t.test('the OpenAPI documents the four routes under the conpeek tag', async (t) => {
  const h = await harness(CDR_SCENARIO);
  t.teardown(() => h.app.close());
  const spec = (await h.app.inject('/docs/json')).json();
  t.ok(spec.tags.some((x: { name: string }) => x.name === 'conpeek'));
  const ours = Object.keys(spec.paths).filter((p) => p.startsWith('/cdr_dialog') || p.startsWith('/dialog'));
  t.same(ours.sort(), ['/cdr_dialog', '/cdr_dialog/{dialog_uuid}/chat_recording', '/cdr_dialog_recording', '/dialog/{uuid}/hangup']);
  for (const p of ours) for (const op of Object.values(spec.paths[p]) as { tags?: string[] }[]) t.same(op.tags, ['conpeek'], p);
});
