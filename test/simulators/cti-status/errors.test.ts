/**
 * Parameter errors are HTTP 200 with result/resultCode 0100002 and a description naming the field;
 * unknown ccId/VDN/skill/workno are empty results; other paths and methods get 404/405; nothing is a 500.
 * Also done-when 2's other half: the seed's own example responses validate against the schemas; and
 * /docs lists every interface under the huawei tag.
 */
import t from 'tap';
import { CMS_PATHS } from '../../../src/simulators/cti-status/paths.js';
import { CMS, harness, schemaErrors } from './harness.js';
import { SCENARIO } from './story.js';

t.test('parameter errors', async (t) => {
  const h = await harness(SCENARIO, { bodyLimit: 4096 });
  t.teardown(() => h.app.close());
  const cases: [string, unknown, RegExp][] = [
    ['/agentgroup/agentbyconfigedskill', { queryParam: { ccId: 1, vdn: 1 } }, /queryParam\.skillId is required/],
    ['/agentgroup/agentbyconfigedskill', { queryParam: { ccId: 0, vdn: 1, skillId: 1 } }, /queryParam\.ccId must be >= 1/],
    ['/agentgroup/agentbyconfigedskill', { queryParam: { ccId: 65536, vdn: 1, skillId: 1 } }, /queryParam\.ccId must be <= 65535/],
    ['/agentgroup/agentbyconfigedskill', { queryParam: { ccId: 1, vdn: 5001, skillId: 1 } }, /queryParam\.vdn must be <= 5000/],
    ['/agentgroup/agentbyconfigedskill', { queryParam: { ccId: 1, vdn: 1, skillId: 2001 } }, /queryParam\.skillId must be <= 2000/],
    ['/agentgroup/agentbyconfigedskill', { queryParam: { ccId: 1, vdn: 1, skillId: 'one' } }, /queryParam\.skillId must be integer/],
    ['/agentgroup/agentbyconfigedskill', { queryParam: { ccId: 1, vdn: 1, skillId: '1.5' } }, /queryParam\.skillId must be integer/],
    ['/agentgroup/agentbyconfigedskill', { queryParam: { ccId: '', vdn: 1, skillId: 1 } }, /queryParam\.ccId must be integer/],
    ['/agentgroup/agentbyconfigedskill', { queryParam: { ccId: '70000', vdn: 1, skillId: 1 } }, /queryParam\.ccId must be <= 65535/],
    ['/agentgroup/agentbyconfigedskill', { queryParam: { ccId: 1.5, vdn: 1, skillId: 1 } }, /queryParam\.ccId must be integer/],
    ['/agentgroup/agentbyworkno', { queryParam: { ccId: 1, vdn: 1, agentId: 100 } }, /queryParam\.agentId must be >= 101/],
    ['/agentgroup/agentbyworkno', { queryParam: { ccId: 1, vdn: 1, agentId: 60000 } }, /queryParam\.agentId must be <= 59999/],
    ['/agentgroup/agentbyworkno', { ccId: 1, vdn: 1, agentId: 101 }, /queryParam is required/],
    ['/agentgroup/agentrestinfo', { queryParam: null }, /queryParam must be object/],
    ['/agentgroup/agentrestinfo', [], /the body must be a JSON object/],
    ['/querymonitor/systemstate', { queryParam: { vdn: 1 } }, /queryParam\.ccId is required/],
    ['/skill/agentbyconfigedskill', { queryParam: { ccId: 1, vdn: 1 } }, /queryParam\.skillId is required/],
    ['/skill/agentbyconfigedskill', { vdn: 1, skillId: 1 }, /^Invalid parameter: ccId is required/],
    ['/skill/agentbyconfigedskill', { ccId: 1, vdn: ' 1', skillId: 1 }, /vdn must be integer/],
    ['/skill/agentbyconfigedskill', { ccId: 1, vdn: 1, skillId: 0 }, /skillId must be >= 1/],
    ['/agentgroup/agentbyworkno', '{"queryParam": {"ccId": 1,', /not valid JSON/],
    ['/agentgroup/agentbyworkno', '', /the body is empty/],
    ['/agentgroup/agentbyworkno', 'x'.repeat(5000), /larger than the server accepts/],
  ];
  for (const [path, body, message] of cases) {
    const r = await h.post(path, body);
    t.equal(r.statusCode, 200, `${path} ${JSON.stringify(body).slice(0, 60)}: HTTP 200`);
    t.equal(r.json().result, '0100002');
    t.equal(r.json().resultCode, '0100002');
    t.match(r.json().resultDesc, message);
  }
  const r = await h.post('/agentgroup/agentbyworkno', { queryParam: { ccId: 1, vdn: 1, agentId: 101 } }, { headers: { 'content-type': 'text/plain' } });
  t.equal(r.json().result, '0', 'a JSON body labelled otherwise is still read');
});

t.test('unknown call center, VDN, skill or workno: empty results', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  const q = (path: string, p: Record<string, number>) => h.post(path, { queryParam: { ccId: 1, vdn: 1, ...p } }).then((r) => r.json());
  t.same(await q('/agentgroup/agentbyconfigedskill', { vdn: 2, skillId: 1 }), { result: '0', resultDatas: [] });
  t.same(await q('/agentgroup/agentbyconfigedskill', { ccId: 2, skillId: 1 }), { result: '0', resultDatas: [] });
  t.same(await q('/agentgroup/agentbyconfigedskill', { skillId: 3 }), { result: '0', resultDatas: [] });
  t.same(await q('/agentgroup/agentbyworkno', { agentId: 104 }), { result: '0', resultDatas: null });
  t.same(await q('/agentgroup/agentbyworkno', { vdn: 2, agentId: 101 }), { result: '0', resultDatas: null });
  t.same(await q('/agentgroup/agentrestinfo', { vdn: 2 }), { result: '0', resultDatas: { allowrestnum: 0, onrestnum: 0, waitrestnum: 0, agentsrestdetails: [] } });
  t.same(await q('/querymonitor/systemstate', { vdn: 2 }), { result: '0', resultDesc: { busyagent: 0, talkingnum: 0, Idleagent: 0, totalloginagent: 0 } });
  const v2 = (await h.post('/skill/agentbyconfigedskill', { ccId: 1, vdn: 2, skillId: 1 })).json();
  t.same(v2.resultDatas, []);
});

t.test('other paths and methods', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  const get = await h.post('/agentgroup/agentbyworkno', undefined, { method: 'GET' });
  t.equal(get.statusCode, 405);
  t.equal(get.headers.allow, 'POST');
  t.equal(get.json().resultCode, '0100001');
  const put = await h.post('/querymonitor/systemstate', { queryParam: { ccId: 1, vdn: 1 } }, { method: 'PUT' });
  t.equal(put.statusCode, 405);
  const unknown = await h.post('/multimedia/querycontent', { ccId: 1, vdn: 1, callId: '1-1' });
  t.equal(unknown.statusCode, 404, 'a path the PDF does not have (the Huawei client guesses this one)');
  t.match(unknown.json().resultDesc, /No such interface/);
  // The door answers a route no interface has before the view looks at credentials.
  const unsigned404 = await h.post('/nothing/here', {}, { unsigned: true });
  t.equal(unsigned404.statusCode, 404);
  t.same(unsigned404.json(), { result: '0100001', resultCode: '0100001', resultDesc: `No such interface: POST ${CMS}/nothing/here` });
});

t.test("the seed's example responses validate", async (t) => {
  const skill = { result: '0', resultDatas: [{ workno: 20011, name: '20011', status: 4, ctiStatus: 1, groupid: 1, mediatype: 1, vdnid: 1, phonenumber: '70942', currentstatetime: 1505, logindate: 1501125758000 }] };
  t.same(schemaErrors('SkillAgentsResponse', skill), []);
  const workno = { result: '0', resultDatas: { workno: 101, vdnid: 1, citStatus: 0, name: 'HW35154101', phonenumber: null, logindate: 4294967295000, currentstatetime: 436879, mediatype: 0, status: 2 } };
  t.same(schemaErrors('WorknoResponse', workno), []);
  // The seed's own rest example is not JSON ("{[ ... ]}"); this is it with the array the table describes.
  const rest = { result: '0', resultDatas: { allowrestnum: 101, onrestnum: 1, waitrestnum: 0, agentsrestdetails: [{ agentname: 'z1', workno: 55001, cantrestreason: 1, begintime: 2345, restduration: 22333 }] } };
  t.same(schemaErrors('RestInfoResponse', rest), []);
  const system = { result: '0', resultDesc: { busyagent: 0, talkingnum: 0, Idleagent: 0, totalloginagent: 0 } };
  t.same(schemaErrors('SystemStateResponse', system), []);
  t.same(schemaErrors('ErrorResponse', { result: '0100002', resultCode: '0100002', resultDesc: '参数不合法' }), []);
  t.not(schemaErrors('WorknoResponse', { result: '0', resultDatas: { ...workno.resultDatas, ctiStatus: 0, citStatus: undefined } }).length, 0, 'ctiStatus is not the workno interface spelling');
});

t.test('/docs lists every interface under the huawei tag, with a summary', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  const spec = (await h.app.inject('/docs/json')).json();
  t.ok(spec.tags.some((x: { name: string }) => x.name === 'huawei'));
  const ours = Object.keys(spec.paths).filter((p) => p.startsWith('/rest/'));
  t.same(ours.sort(), [...CMS_PATHS].sort());
  for (const p of ours) {
    const ops = Object.entries(spec.paths[p]) as [string, { tags?: string[]; summary?: string }][];
    t.same(ops.map(([m]) => m), ['post'], `${p}: POST only`);
    for (const [, op] of ops) {
      t.same(op.tags, ['huawei'], p);
      t.match(op.summary, /\w/, `${p} has a summary`);
    }
  }
});
