/**
 * Issue 19 §2, the configuration interfaces: configures/skills (4.1.1.9: the scenario's queues, with the
 * skill ids the view gives them, including a queue made while running) and configures/vdns (4.3.1: the
 * scenario's one VDN, named by apis.huawei.vdn_name or the scenario), and ping (4.7). Shapes against the
 * PDF's tables (pdf-shapes.ts).
 */
import t from 'tap';
import { harness } from './harness.js';
import { CONFIGURED_SKILL, NEWER, PING, VDN_INFO, shapeProblems } from './pdf-shapes.js';
import { SCENARIO } from './story.js';

t.test('configures/skills: the VDN\'s skill queues', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  // The PDF's example request, wrapped in queryParam.
  const r = await h.post('/configures/skills', { queryParam: { ccId: 1, vdn: 1 } });
  const body = r.json();
  t.same(shapeProblems(NEWER('array'), body), [], '4.1.1.9 Table 3');
  for (const x of body.resultDesc) t.same(shapeProblems(CONFIGURED_SKILL, x), [], '4.1.1.9 Table 4');
  t.same(body.resultDesc, [
    { id: 1, mediaType: 5, submediaType: '-1', name: 'sales' },
    { id: 7, mediaType: 5, submediaType: '-1', name: 'support' },
  ], 'sales is skill 1, support 7 (apis.huawei.skill_ids); voice queues (MEDIA_TYPE_PHONE), no submedia type');
  t.same(body.resultDatas, body.resultDesc);
  h.sim.command((c) => c.createQueue('vip', 'VIP line'));
  t.same((await h.query('/configures/skills')).resultDesc, [
    { id: 1, mediaType: 5, submediaType: '-1', name: 'sales' },
    { id: 2, mediaType: 5, submediaType: '-1', name: 'VIP line' },
    { id: 7, mediaType: 5, submediaType: '-1', name: 'support' },
  ], 'a new queue gets the lowest free id; listed by id, named by the queue\'s name');
  t.same((await h.post('/configures/skills', { ccId: 1, vdn: 9 })).json().resultDesc, [], 'another VDN: none');
  t.match((await h.post('/configures/skills', { ccId: 1 })).json(), { resultCode: '0100002', resultDesc: /vdn is required/ });
});

t.test('configures/vdns: the call center\'s VDN', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  const body = (await h.post('/configures/vdns', { queryParam: { ccId: 1 } })).json();
  t.same(shapeProblems(NEWER('array'), body), [], '4.3.1 Table 3');
  for (const x of body.resultDesc) t.same(shapeProblems(VDN_INFO, x), [], '4.3.1 Table 4');
  t.same(body.resultDesc, [{ vdn: 1, vdnName: 'story' }], 'named after the scenario');
  t.same((await h.post('/configures/vdns', { ccId: 2 })).json().resultDesc, [], 'another call center: none');
  const sc = JSON.parse(SCENARIO);
  sc.scenarios.story.apis.huawei = { ...sc.scenarios.story.apis.huawei, cc_id: 7, vdn: 170, vdn_name: 'Credit card' };
  const named = await harness(JSON.stringify(sc));
  t.teardown(() => named.app.close());
  t.same((await named.post('/configures/vdns', { ccId: '7' })).json().resultDesc, [{ vdn: 170, vdnName: 'Credit card' }], 'apis.huawei.cc_id, vdn and vdn_name');
});

t.test('ping: the body back, and UP', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  const r = await h.post('/rest/cmsapp/v1/ping', { say: 'Hello world!' });
  t.same(shapeProblems(PING, r.json()), [], '4.7 Table 3');
  t.same(r.json(), { request: { say: 'Hello world!' }, status: 'UP' }, "the PDF's example");
  t.equal((await h.post('/rest/cmsapp/v1/ping', { say: 1 }, { unsigned: true })).statusCode, 401, 'it authenticates as every interface does');
  t.match((await h.post('/rest/cmsapp/v1/ping', [1])).json(), { resultCode: '0100002', resultDesc: /the body must be a JSON object/ });
});
