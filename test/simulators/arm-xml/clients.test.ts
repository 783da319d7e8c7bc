/**
 * What real clients send ARM over HTTP (issue 18 §3), as they send it. An empty body is no body whatever
 * its Content-Type: the Go SDKs' `Content-Type: application/json` with `Accept: application/json`, or
 * `Content-Type: application/x-www-form-urlencoded`, on a request without a body, is a command without
 * parameters (not a malformed document). And a body is XML whatever its label: curl's `-d` and a browser
 * workstation's form default (`application/x-www-form-urlencoded`), `application/xml`, `application/json`,
 * `text/plain` or none answer as `text/xml` does; seed 003's own request, namespace attributes and all, reads.
 */
import t from 'tap';
import { armHarness, historyXml, parseOut, validateAll } from './harness.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    clients: {
      seed: 5,
      duration: '1h',
      queues: [{ id: 'q', tier_rules_apply: false }],
      agents: [
        { id: 'a1', name: 'Anna', number: '101', queues: [{ queue: 'q' }], answer: { after: 2 }, talk_time: 30 },
        { id: 'a2', name: 'Boris', number: '102', queues: [{ queue: 'q' }], answer: { after: 2 }, talk_time: 30 },
      ],
      callers: [{ queue: 'q', arrivals: { process: 'fixed', at: [10, 100] } }],
    },
  },
});

const URL = '/ccsim.local/service/cc/arm';

t.test('an empty body with a JSON or form Content-Type is a command without parameters', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  const cookie = await h.loginHttp('101');
  const labels: Record<string, string>[] = [
    { 'content-type': 'application/json', accept: 'application/json' },
    { 'content-type': 'application/x-www-form-urlencoded' },
  ];
  for (const headers of labels) {
    const label = headers['content-type'];
    const out = await h.app.inject({ method: 'POST', url: `${URL}/logout_agent`, headers: { ...headers, cookie } });
    t.equal(out.statusCode, 200, `logout_agent, ${label}, no body`);
    t.match(out.headers['content-type'], /^text\/xml/);
    t.match(parseOut(out.body).response.agent, { agent_id: '101', status: 'logged_out' }, `${label}: the session's operator logged out`);
    t.equal(h.sim.engine.queries.agent('a1')!.status, 'logged_out');
    const back = await h.app.inject({ method: 'POST', url: `${URL}/make_available`, headers: { ...headers, cookie }, payload: '' });
    t.match(parseOut(back.body).response.agent, { agent_id: '101', status: 'available' }, `${label}: make_available, an empty payload`);
    // A command that needs a parameter names it, rather than calling the document malformed or empty.
    const history = await h.app.inject({ method: 'POST', url: `${URL}/call_history`, headers });
    t.match(parseOut(history.body).error, { type: 'invalid_request', reason: '<request> must hold a <filters> element' }, `${label}: call_history names what it needs`);
    const login = await h.app.inject({ method: 'POST', url: `${URL}/login`, headers });
    t.match(parseOut(login.body).error, { type: 'invalid_request', reason: 'agent_id is required' }, `${label}: login names what it needs`);
    for (const r of [out, back, history, login]) {
      t.notMatch(r.body, /malformed|empty|not valid JSON/i, `${label}: not a malformed body`);
      h.sent.push(r.body);
    }
  }
  t.same(await validateAll(h.sent), []);
});

t.test('a body is read as XML whatever its Content-Type says', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  await h.runUntil(200);
  const cookie = await h.loginHttp('102');
  const seed = '<in xmlns:xs="http://www.w3.org/2001/XMLSchema-instance" xs:noNamespaceSchemaLocation="operator_call_history.xsd"><request><filters limit="50"/></request></in>';
  const reference = await h.app.inject({ method: 'POST', url: `${URL}/operator_call_history`, headers: { 'content-type': 'text/xml', cookie }, payload: seed });
  const lines = parseOut(reference.body).response.history.call_history;
  t.ok(lines.length > 0, "seed 003's request reads over HTTP too");
  for (const type of ['application/x-www-form-urlencoded', 'application/xml; charset=utf-8', 'application/json', 'text/plain;charset=UTF-8', 'text/xml; charset=utf-8', undefined]) {
    const headers: Record<string, string> = { cookie, ...(type && { 'content-type': type }) };
    const r = await h.app.inject({ method: 'POST', url: `${URL}/operator_call_history`, headers, payload: seed });
    t.equal(r.statusCode, 200, `${type ?? 'no Content-Type'}`);
    t.equal(r.body, reference.body, `${type ?? 'no Content-Type'}: the same answer as text/xml`);
  }
  const open = await h.app.inject({ method: 'POST', url: `${URL}/call_history`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: historyXml({ offset: 0, limit: 1 }) });
  t.equal(parseOut(open.body).response.history.call_history.length, 1, "curl -d's form label");
  t.same(await validateAll([reference.body, open.body]), []);
});
