/**
 * The front door's contract, run over any registered view: whatever a client gets wrong at the door (an
 * unknown route, a malformed %-escape in the path or the query, a path part over the router's limit, a
 * query over the header limit, a body too large, of the wrong type, malformed, or empty with a JSON
 * content type), the answer is the vendor's own error format (the view's `errorProblems` says what that
 * is), never a Fastify error body and never a 5xx; and after a reset the view reads again. A view takes
 * part with a fixture: its base path, a read that succeeds, a path with a route parameter, a request with
 * a body.
 */
import { connect } from 'node:net';
import type { Test } from 'tap';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { Simulation } from '../../src/simulation.js';
import { loadScenarioFile } from '../../src/scenarios/load-scenario.js';
import { VIEWS } from '../../src/simulators/registry.js';
import type { ViewDescriptor } from '../../src/simulators/shared/view.js';
import { SCENARIO_FILE } from '../helpers/app.js';

export interface ContractFixture {
  /** A path the view's routes are under. */
  base: string;
  /** A read that answers 2xx, with whatever credentials it needs. */
  probe(app: FastifyInstance): Promise<InjectOptions>;
  /** A path whose last part is a route parameter (the suite puts an over-long value there). */
  paramPath: string;
  /** A request that carries a body, with its credentials; the suite replaces its body and content type. */
  withBody(app: FastifyInstance): Promise<InjectOptions>;
}

/** What the suite checks answers against: a view, or another part of the app with an error format (the admin plane). */
export type Subject = ViewDescriptor | { name: string; errorProblems: ViewDescriptor['errorProblems'] };

const isView = (s: Subject): s is ViewDescriptor => 'register' in s;

/** The app over the default scenario, with `subject` mounted beside the registry's views when it is a view of its own. */
export async function contractApp(subject: Subject, scenario = 'default'): Promise<FastifyInstance> {
  const simulation = new Simulation({ scenario: loadScenarioFile(SCENARIO_FILE, { scenario }), clock: 'manual', speed: 1 });
  const views = !isView(subject) || VIEWS.includes(subject) ? VIEWS : [...VIEWS, subject];
  const app = await buildApp({ simulation, scenarioFile: SCENARIO_FILE, views, bodyLimit: 64 * 1024 });
  await app.ready();
  return app;
}

/** Whether a response is the view's error (no 5xx, no Fastify body), for assertion messages. */
function verdict(view: Subject, r: { status: number; contentType: string; body: string }): string[] {
  const problems = view.errorProblems(r);
  if (r.status >= 500) problems.push(`a ${r.status}`);
  if (/FST_ERR_|"statusCode":\s*\d{3}/.test(r.body)) problems.push(`Fastify's own error body: ${r.body.slice(0, 200)}`);
  return problems;
}

const asResponse = (r: LightMyRequestResponse) => ({ status: r.statusCode, contentType: String(r.headers['content-type'] ?? ''), body: r.body });

/** A raw HTTP/1.1 request to a listening app (what light-my-request cannot send: a request line over Node's limit). */
function raw(port: number, requestLine: string): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => (data += d));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, ...rest] = data.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      const contentType = /\r\ncontent-type: ([^\r]*)/i.exec(head)?.[1] ?? '';
      resolve({ status, contentType, body: Buffer.from(rest.join('\r\n\r\n'), 'latin1').toString('utf8') });
    });
    socket.write(`${requestLine}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  });
}

export async function contractSuite(t: Test, view: Subject, fixture: ContractFixture): Promise<void> {
  const app = await contractApp(view);
  t.teardown(() => app.close());
  const check = async (what: string, req: InjectOptions, also?: (r: LightMyRequestResponse) => void) => {
    const r = await app.inject(req);
    t.same(verdict(view, asResponse(r)), [], `${view.name}: ${what} → ${r.statusCode} in the vendor's format`);
    also?.(r);
  };
  const probe = await fixture.probe(app);
  const withQuery = (url: string, q: string) => `${url}${url.includes('?') ? '&' : '?'}${q}`;
  const ok = await app.inject(probe);
  t.ok(ok.statusCode >= 200 && ok.statusCode < 300, `${view.name}: the probe reads (${ok.statusCode} ${ok.body.slice(0, 120)})`);

  await check('an unknown route', { method: 'GET', url: `${fixture.base}/no-such-route-${view.name}`, headers: probe.headers });
  await check('another method on an unknown route', { method: 'PATCH', url: `${fixture.base}/no/such/route`, headers: probe.headers });
  await check('a malformed %-escape in the path', { method: 'GET', url: `${fixture.base}/bad%ZZescape`, headers: probe.headers });
  await check('a malformed %-escape in the query', { ...probe, url: withQuery(String(probe.url), 'x=%ZZ') });
  await check('a path parameter over the router\'s limit', { method: 'GET', url: `${fixture.paramPath}${'a'.repeat(300)}`, headers: probe.headers });

  const body = await fixture.withBody(app);
  const headers = { ...(body.headers as Record<string, string>) };
  delete headers['content-type'];
  await check('a body over the limit', { ...body, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify({ x: 'y'.repeat(100 * 1024) }) });
  await check('a body of a content type the API does not read', { ...body, headers: { ...headers, 'content-type': 'text/csv' }, payload: 'a,b\n1,2\n' });
  await check('a malformed JSON body', { ...body, headers: { ...headers, 'content-type': 'application/json' }, payload: '{"unclosed": ' });
  const empty = await app.inject({ ...body, headers: { ...headers, 'content-type': 'application/json' }, payload: '' });
  const emptyOk = empty.statusCode >= 200 && empty.statusCode < 300;
  t.ok(emptyOk || verdict(view, asResponse(empty)).length === 0, `${view.name}: an empty body labelled JSON where a body is expected: no body (${empty.statusCode})`);
  t.notMatch(empty.body, /malformed|not valid JSON|unexpected end/i, `${view.name}: …not a malformed one`);
  // Clients label bodiless requests too (Content-Type: application/json on a DELETE): the label is ignored.
  for (const type of ['application/json', 'application/x-www-form-urlencoded', 'text/plain']) {
    const r = await app.inject({ ...probe, headers: { ...(probe.headers as Record<string, string>), 'content-type': type }, payload: probe.payload ?? '' });
    t.ok(r.statusCode >= 200 && r.statusCode < 300, `${view.name}: the probe with Content-Type ${type}${probe.payload ? '' : ' and no body'} still reads (${r.statusCode} ${r.body.slice(0, 120)})`);
  }

  // A request line over Node's 16 KiB header limit: Node's parser answers before any route.
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const port = Number(new URL(address).port);
  const long = await raw(port, `GET ${withQuery(String(probe.url), `q=${'x'.repeat(20 * 1024)}`)} HTTP/1.1`);
  t.equal(long.status, 431, `${view.name}: a query over the header limit is 431`);
  t.same(view.errorProblems(long), [], `${view.name}: …in the vendor's format`);

  t.equal((await app.inject({ method: 'POST', url: '/__admin/reset' })).statusCode, 200);
  const again = await app.inject(await fixture.probe(app));
  t.ok(again.statusCode >= 200 && again.statusCode < 300, `${view.name}: after a reset the probe reads again (${again.statusCode})`);
}
