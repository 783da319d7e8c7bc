/**
 * Regressions from review (issue 6): close reasons within 123 UTF-8 bytes, parser failures on valid but
 * hostile XML answered as invalid_xml, well-formedness (one root, no stray text), entities, session state
 * across resets, the domain after a scenario load, and non-POST methods on a command path.
 */
import t from 'tap';
import { closeReason } from '../../../src/simulators/arm-xml/codec.js';
import { armHarness, parseOut, validateAll } from './harness.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    day: {
      seed: 5,
      duration: '1h',
      queues: [{ id: 'q', strategy: 'longest-idle-agent', tier_rules_apply: false }],
      agents: [
        { id: 'op', name: 'Olga', number: '201', status: 'logged_out', queues: [{ queue: 'q' }], call_timeout: 15, wrap_up_time: 5, answer: { after: 3 }, talk_time: 20 },
        { id: 'op2', name: 'Pavel', number: '202', queues: [{ queue: 'q' }], call_timeout: 15, wrap_up_time: 5, answer: { after: 3 }, talk_time: 20 },
      ],
      callers: [{ queue: 'q', arrivals: { process: 'fixed', at: [30, 120, 200] } }],
    },
  },
});

t.test('closeReason keeps a reason within 123 UTF-8 bytes without splitting a character', async (t) => {
  t.equal(closeReason('short'), 'short');
  for (const s of ['ÿ'.repeat(200), 'Ж'.repeat(80), '😀'.repeat(50), 'a'.repeat(500)]) {
    const r = closeReason(s);
    t.ok(Buffer.byteLength(r) <= 123, `${[...s].slice(0, 3).join("")}…: ${Buffer.byteLength(r)} bytes`);
    t.notOk(r.includes('\uFFFD'), 'no broken character');
    t.ok(r.length > 0);
  }
});

t.test('a header of high bytes closes with 1002; a non-ASCII unknown domain closes with 1008', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  const c = await h.ws();
  const closed = c.closed;
  c.raw(Buffer.alloc(20, 0xff));
  t.match(await closed, { code: 1002, reason: /header unreadable/ });
  const d = await h.ws(`/${'%D0%96'.repeat(80)}/service/cc/arm`);
  t.match(await d.closed, { code: 1008, reason: /unknown domain/ });
  t.same(h.logs.filter((l) => (l.level as number) >= 50), [], 'nothing logged as an error');
});

t.test('valid XML the parser chokes on is invalid_xml, not an internal error', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  const n = 30000;
  const rows: [string, string, string][] = [
    ['__proto__ attribute', 'call_history', '<in><request><filters limit="1" __proto__="x"/></request></in>'],
    ['__proto__ element', 'call_history', '<in><request><__proto__ limit="1"/><filters limit="1"/></request></in>'],
    ['constructor element', 'login', '<in><request agent_id="201"><constructor/></request></in>'],
    ['deep nesting', 'call_history', '<in><request>' + '<a>'.repeat(n) + '</a>'.repeat(n) + '</request></in>'],
  ];
  for (const [name, cmd, xml] of rows) {
    const r = await h.http(cmd, xml);
    t.equal(r.status, 200, name);
    const err = parseOut(r.xml).error;
    t.ok(err?.type === 'invalid_xml' || err?.type === 'invalid_request', `${name}: ${err?.type} ${err?.reason}`);
    t.notMatch(err?.reason ?? '', /internal error/, name);
  }
  t.same(h.logs.filter((l) => (l.level as number) >= 50), [], 'client input is not logged as an error');
  t.same(await validateAll(h.sent), []);
});

t.test('not well-formed: several roots, text where none is allowed', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  for (const xml of [
    '<in><request><filters limit="1"/></request></in><in/>',
    '<in><request/>junk</in>',
    '<in><request><filters limit="1"/>abc</request></in>',
    'junk<in><request/></in>',
    '<in><request/></in>junk',
  ]) {
    const r = await h.http('call_history', xml);
    t.equal(parseOut(r.xml).error?.type, 'invalid_xml', xml);
  }
  // Whitespace and comments are fine.
  const ok = await h.http('call_history', '<?xml version="1.0"?>\n<in>\n  <!-- c --><request> <filters limit="1"/> </request>\n</in>\n');
  t.notOk(parseOut(ok.xml).error, ok.xml);
});

t.test('character references are decoded; undefined entities are invalid_xml', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  const plain = await h.http('call_history', '<in><request><filters limit="1"/></request></in>');
  const ref = await h.http('call_history', '<in><request><filters limit="&#49;"/></request></in>');
  t.notOk(parseOut(ref.xml).error, ref.xml);
  t.equal(ref.xml, plain.xml, '&#49; is 1');
  const hex = await h.http('call_history', '<in><request><filters limit="&#x31;"/></request></in>');
  t.equal(hex.xml, plain.xml, '&#x31; is 1');
  const bad = await h.http('call_history', '<in><request><filters limit="&foo;"/></request></in>');
  t.match(parseOut(bad.xml).error, { type: 'invalid_xml', reason: /foo/ });
  const aux = await h.http('login', '<in><request agent_id="&#50;&#48;&#x32;"/></in>');
  t.notOk(parseOut(aux.xml).error, 'agent_id 202 by character references');
});

t.test('a reset forgets HTTP sessions; the same login after it answers the same but for a new session id', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  const a = await h.http('login', '<in><request agent_id="202"/></in>');
  t.ok(a.cookie);
  t.notOk(parseOut((await h.http('operator_call_history', '<in><request><filters limit="1"/></request></in>', a.cookie)).xml).error);
  await h.app.inject({ method: 'POST', url: '/__admin/reset' });
  const old = await h.http('operator_call_history', '<in><request><filters limit="1"/></request></in>', a.cookie);
  t.equal(parseOut(old.xml).error?.type, 'not_logged_in', 'a pre-reset cookie no longer authenticates');
  const b = await h.http('login', '<in><request agent_id="202"/></in>');
  t.ok(b.cookie);
  t.not(b.cookie, a.cookie, 'a new session id: the old one stays dead');
  const session = (xml: string) => parseOut(xml).response.session_id as string;
  t.equal(`arm_session=${session(a.xml)}`, a.cookie, 'session_id is the cookie');
  t.equal(b.xml.replace(session(b.xml), 'S'), a.xml.replace(session(a.xml), 'S'), 'otherwise the same bytes as before the reset');
});

t.test('after a scenario load the new domain is the one checked, at once', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  const sc = JSON.parse(SCENARIO).scenarios.day;
  sc.apis = { arm: { domain: 'new.dom' } };
  const load = await h.app.inject({ method: 'PUT', url: '/__admin/scenario', payload: sc });
  t.equal(load.statusCode, 200, load.body);
  const body = '<in><request agent_id="202"/></in>';
  const fresh = await h.app.inject({ method: 'POST', url: '/new.dom/service/cc/arm/login', payload: body });
  t.equal(fresh.statusCode, 200, fresh.body);
  t.notOk(parseOut(fresh.body).error, fresh.body);
  const old = await h.app.inject({ method: 'POST', url: `/${h.domain}/service/cc/arm/login`, payload: body });
  t.equal(old.statusCode, 404);
  t.equal(parseOut(old.body).error?.type, 'unknown_domain');
});

t.test('a non-POST method on a command path gets an ECSS error', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  for (const method of ['GET', 'PUT', 'DELETE'] as const) {
    const r = await h.app.inject({ method, url: `/${h.domain}/service/cc/arm/call_history` });
    t.equal(r.statusCode, 405, method);
    t.match(r.headers['content-type'], /xml/);
    t.equal(r.headers.allow, 'POST');
    t.match(parseOut(r.body).error, { type: 'invalid_request', reason: new RegExp(`${method}.*POST`) }, method);
    h.sent.push(r.body);
  }
  t.same(await validateAll(h.sent), []);
});
