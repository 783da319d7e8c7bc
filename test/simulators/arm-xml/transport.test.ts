/**
 * Both transports end to end: the seed's exact WebSocket frame, malformed frames and XML answered or
 * closed as the README says, only the ARM path upgrading, 50 connections under load losing no reply, and
 * HTTP errors in ECSS's <error> shape. Every XML the server sent is validated against its XSD.
 */
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import WebSocket from 'ws';
import { decodeServerFrame, encodeRequest } from '../../../src/simulators/arm-xml/codec.js';
import { armHarness, historyXml, parseOut, validateAll } from './harness.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    tr: {
      seed: 3,
      duration: '1h',
      apis: { arm: { domain: 'pbx.test', max_body_bytes: 4096 } },
      queues: [{ id: 'q', tier_rules_apply: false }],
      agents: [
        { id: 'a1', name: 'Anna', number: '101', queues: [{ queue: 'q' }], answer: { after: 2 }, talk_time: 30 },
        { id: 'a2', name: 'Boris', number: '102', queues: [{ queue: 'q' }], answer: { after: 2 }, talk_time: 30 },
      ],
      callers: [{ queue: 'q', arrivals: { process: 'poisson', per_hour: 120 } }],
    },
  },
});

const SEED_BODY = '<in xmlns:xs="http://www.w3.org/2001/XMLSchema-instance" xs:noNamespaceSchemaLocation="operator_call_history.xsd"><request><filters limit="50"/></request></in>';

t.test('the seed\'s exact request frame gets a framed reply with correlation id 0012', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  await h.runUntil(900);
  const c = await h.ws();
  const login = await c.request('0011', 'login', '<in><request agent_id="102"/></in>');
  t.equal(login.status, 200);
  t.match(parseOut(login.xml).response, { session_id: 'ws-102', agent: { agent_id: '102', status: 'available' } });
  const reply = c.next();
  c.raw(`0100000001590012operator_call_history${SEED_BODY}`);
  const raw = await reply;
  t.match(raw, /^01\d{10}0012200<out xmlns:xs="http:\/\/www.w3.org\/2001\/XMLSchema-instance" xs:noNamespaceSchemaLocation="operator_call_history.xsd"><response timestamp="2026\/11\/20 09:15:00"><history/);
  const f = decodeServerFrame(raw)!;
  t.equal(f.declared, Buffer.byteLength(f.xml), 'the length is the XML\'s in bytes');
  const lines = parseOut(f.xml).response.history.call_history;
  t.equal(lines.length, Math.min(50, h.sim.engine.queries.calls().filter((x) => x.agent === 'a2' && x.endedT !== null).length + h.sim.engine.queries.calls().flatMap((x) => x.offers.filter((o) => o.agent === 'a2' && o.outcome !== 'answered' && o.endT !== null)).length));
  t.ok(lines.length > 0);
  t.same(await validateAll(h.sent), []);
});

t.test('malformed frames and XML are answered, or closed with 1002 when the id is unreadable', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  const c = await h.ws();
  await c.request('0001', 'login', '<in><request agent_id="101"/></in>');
  const ask = async (frame: string | Buffer) => {
    const next = c.next();
    c.raw(frame);
    const f = decodeServerFrame(await next)!;
    return { ...f, out: parseOut(f.xml) };
  };
  const body = '<in><request/></in>';
  const rows: [string, string | Buffer, string, number, string, RegExp][] = [
    ['truncated', `0100000005000002make_available${body}`, '0002', 400, 'invalid_frame', /truncated/],
    ['wrong length', `0100000000010003make_available${body}`, '0003', 400, 'invalid_frame', /wrong length/],
    ['bad UTF-8', Buffer.concat([Buffer.from('0100000000300004auxwork<in><request reason="'), Buffer.from([0xd0]), Buffer.from('"/></in>')]), '0004', 400, 'invalid_frame', /UTF-8/],
    ['huge body', encodeRequest('0005', 'auxwork', `<in><request reason="${'z'.repeat(100_000)}"/></in>`), '0005', 413, 'too_large', /over the 4096-byte limit/],
    ['unknown command', encodeRequest('0006', 'make_coffee', body), '0006', 200, 'unknown_command', /unknown command 'make_coffee'/],
    ['malformed XML', encodeRequest('0007', 'auxwork', '<in><request reason="x"></in>'), '0007', 200, 'invalid_xml', /malformed XML/],
    ['wrong root', encodeRequest('0008', 'make_available', '<out><request/></out>'), '0008', 200, 'invalid_request', /root element must be <in>/],
    ['DOCTYPE', encodeRequest('0009', 'make_available', '<!DOCTYPE in [<!ENTITY a "aaaa">]><in><request/></in>'), '0009', 200, 'invalid_xml', /DOCTYPE/],
    ['unknown attribute', encodeRequest('0010', 'make_available', '<in><request colour="red"/></in>'), '0010', 200, 'invalid_request', /unknown attribute 'colour'/],
    ['unknown operator', encodeRequest('0011', 'make_available', '<in><request agent_id="999"/></in>'), '0011', 200, 'unknown_operator', /999/],
  ];
  for (const [name, frame, id, status, type, reason] of rows) {
    const r = await ask(frame);
    t.equal(r.id, id, `${name}: the reply carries the request's id`);
    t.equal(r.status, status, `${name}: status`);
    t.match(r.out.error, { type, reason }, name);
  }
  t.equal(h.sim.engine.queries.agent('a1')!.status, 'available', 'no refused frame changed the agent');
  const closed = c.closed;
  c.raw('01garbage');
  t.match(await closed, { code: 1002, reason: /header unreadable/ });
  // The server carries on: a new connection is served.
  const d = await h.ws();
  t.equal((await d.request('0001', 'login', '<in><request agent_id="101"/></in>')).status, 200);
  t.same(await validateAll(h.sent), []);
});

t.test('only the ARM path of the configured domain upgrades', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  const other = await h.ws('/other.domain/service/cc/arm');
  t.match(await other.closed, { code: 1008, reason: /unknown domain 'other.domain'/ });
  await t.rejects(h.ws('/api/ver1.0/user'), /Unexpected server response: 401/);
  await t.rejects(h.ws('/__admin/health'), /Unexpected server response: 200/);
  // A command path has a (405) GET route, so @fastify/websocket accepts the upgrade and closes it at once.
  const cmd = await h.ws('/pbx.test/service/cc/arm/login');
  t.match(await cmd.closed, { code: 1005 }, 'a command path serves no WebSocket');
  const ok = await h.ws();
  t.equal((await ok.request('0001', 'login', '<in><request agent_id="101"/></in>')).status, 200);
  const plain = await h.app.inject({ method: 'GET', url: '/pbx.test/service/cc/arm' });
  t.equal(plain.statusCode, 426, 'a plain GET on the WebSocket path is told to upgrade');
  t.equal(plain.headers.upgrade, 'websocket');
  t.match(parseOut(plain.body).error, { type: 'invalid_request', reason: /this is the ARM WebSocket: connect with a WebSocket client/ }, 'in ECSS\'s format');
});

/** An upgrade request on a raw socket that never ends its side: resolves with what the server sent once the server has closed it. */
function rawUpgrade(port: number, path: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (data += d));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, ...rest] = data.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), headers: head, body: rest.join('\r\n\r\n') });
    });
    socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`);
  });
}

t.test('an upgrade the door refuses (a malformed %-escape, an over-long path part) gets an ECSS error, and its socket is closed', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  await h.ws();
  const { port } = h.app.server.address() as AddressInfo;
  const rows: [string, number, RegExp][] = [
    ['/%ZZ/service/cc/arm', 400, /the path has a malformed percent-escape/],
    ['/pbx.test%ZZ/service/cc/arm', 400, /the path has a malformed percent-escape/],
    ['/pbx.test/service/cc/arm?x=%ZZ', 400, /the query string has a malformed percent-escape/],
    [`/${'d'.repeat(300)}/service/cc/arm`, 414, /longer than the server reads/],
  ];
  for (const [path, status, reason] of rows) {
    const r = await rawUpgrade(port, path);
    t.equal(r.status, status, `${path.slice(0, 40)}: status`);
    t.match(r.headers, /\r\ncontent-type: text\/xml/i, `${path.slice(0, 40)}: XML`);
    t.match(parseOut(r.body).error, { type: 'invalid_request', reason }, `${path.slice(0, 40)}: ECSS's <error>, and the server closed the socket`);
    h.sent.push(r.body);
  }
  // The server still upgrades a good path.
  const ok = await h.ws();
  t.equal((await ok.request('0001', 'login', '<in><request agent_id="101"/></in>')).status, 200);
  t.same(await validateAll(h.sent), []);
});

t.test('50 connections: every request answered once, under its own id', async (t) => {
  const h = await armHarness(SCENARIO);
  t.teardown(() => h.close());
  await h.runUntil(600);
  const clients = await Promise.all(Array.from({ length: 50 }, () => h.ws()));
  const perClient = 20;
  const results = await Promise.all(
    clients.map(async (c, i) => {
      await c.request('0000', 'login', `<in><request agent_id="${i % 2 ? '101' : '102'}"/></in>`);
      const replies = await Promise.all(
        Array.from({ length: perClient }, (_, k) => {
          const id = String(k + 1).padStart(4, '0');
          return k % 5 === 4 ? c.request(id, 'nonsense', '<in/>') : c.request(id, 'operator_call_history', historyXml({ offset: k, limit: 5 }));
        }),
      );
      return replies.map((r, k) => ({ k, r }));
    }),
  );
  let answered = 0;
  for (const list of results) {
    for (const { k, r } of list) {
      answered++;
      if (k % 5 === 4) t.equal(parseOut(r.xml).error.type, 'unknown_command');
      else if (!parseOut(r.xml).response) t.fail(`reply ${k}: ${r.xml}`);
    }
  }
  t.equal(answered, 50 * perClient, 'no lost reply');
  t.ok(clients.every((c) => c.socket.readyState === WebSocket.OPEN), 'every connection is still open');
  t.same(await validateAll(h.sent.slice(0, 400)), []);
});

t.test('HTTP: ECSS errors for every kind of bad request, never a 500', async (t) => {
  const h = await armHarness(SCENARIO, { inline: true, bodyLimit: 64 * 1024 });
  t.teardown(() => h.close());
  const post = (url: string, payload: string | Buffer, headers: Record<string, string> = { 'content-type': 'text/xml' }) => h.app.inject({ method: 'POST', url, payload, headers });
  const cookie = await h.loginHttp('102');
  const cases: [string, Awaited<ReturnType<typeof post>>, number, string, RegExp][] = [
    ['unknown command', await post('/pbx.test/service/cc/arm/make_coffee', '<in><request/></in>'), 200, 'unknown_command', /make_coffee/],
    ['unknown domain', await post('/nope.test/service/cc/arm/login', '<in><request agent_id="101"/></in>'), 404, 'unknown_domain', /nope.test/],
    ['malformed XML', await post('/pbx.test/service/cc/arm/login', '<in><request agent_id="101"></in>'), 200, 'invalid_xml', /malformed XML at line 1/],
    ['empty body (no parameters)', await post('/pbx.test/service/cc/arm/login', ''), 200, 'invalid_request', /^agent_id is required$/],
    ['blank body (no parameters)', await post('/pbx.test/service/cc/arm/login', '  \n'), 200, 'invalid_request', /^agent_id is required$/],
    ['bad UTF-8', await post('/pbx.test/service/cc/arm/login', Buffer.from([0x3c, 0x69, 0x6e, 0xff, 0x3e])), 200, 'invalid_xml', /UTF-8/],
    ['no content type', await post('/pbx.test/service/cc/arm/login', '<in><request agent_id="9"/></in>', {}), 200, 'unknown_operator', /'9'/],
    ['JSON content type', await post('/pbx.test/service/cc/arm/login', '{"agent_id": 101}', { 'content-type': 'application/json' }), 200, 'invalid_xml', /malformed/],
    ['over the cap', await post('/pbx.test/service/cc/arm/auxwork', `<in><request reason="${'x'.repeat(5000)}"/></in>`), 413, 'too_large', /over the 4096-byte limit/],
    ['over the server limit', await post('/pbx.test/service/cc/arm/auxwork', `<in><request reason="${'x'.repeat(70_000)}"/></in>`), 413, 'too_large', /larger than the server accepts/],
    ['not logged in', await post('/pbx.test/service/cc/arm/make_available', '<in><request/></in>'), 403, 'not_logged_in', /make_available changes an operator's status .*: log in first/],
    ['not logged in, naming an operator', await post('/pbx.test/service/cc/arm/auxwork', '<in><request agent_id="101" reason="x"/></in>'), 403, 'not_logged_in', /log in first/],
    ['unknown session', await post('/pbx.test/service/cc/arm/operator_call_history', historyXml({ limit: 1 }), { cookie: 'arm_session=forged' }), 403, 'not_logged_in', /log in first/],
    ['no such conversation', await post('/pbx.test/service/cc/arm/call_hold', '<in><request conversation_id="nope"/></in>', { 'content-type': 'text/xml', cookie }), 200, 'unknown_conversation', /nope/],
    ['missing field', await post('/pbx.test/service/cc/arm/auxwork', '<in><request agent_id="101"/></in>', { 'content-type': 'text/xml', cookie }), 200, 'invalid_request', /reason is required/],
  ];
  for (const [name, r, status, type, reason] of cases) {
    t.equal(r.statusCode, status, `${name}: status`);
    t.match(r.headers['content-type'], /^text\/xml/, `${name}: XML`);
    t.match(parseOut(r.body).error, { type, reason }, name);
    h.sent.push(r.body);
  }
  t.equal(h.sim.engine.queries.agent('a1')!.status, 'available', 'nothing was changed by a refused request');
  t.same(await validateAll(h.sent), []);
});
