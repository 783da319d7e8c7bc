/**
 * ARM in /docs (issue 18 §4): the session cookie of `login` is an OpenAPI security scheme (apiKey in the
 * cookie arm_session), every command is a route of its own whose security is that scheme exactly when the
 * command needs a session, and each carries the AsyncAPI document's example. What Swagger UI's "Try it
 * out" sends works: the documented example as `text/xml`, and after Authorize (or the browser's cookie
 * from a login) the header `Cookie: arm_session=<session_id>`.
 */
import t from 'tap';
import { COMMANDS } from '../../../src/simulators/arm-xml/commands.js';
import { commandDoc } from '../../../src/simulators/arm-xml/protocol.js';
import { armHarness, parseOut, validateAll } from './harness.js';

const ROUTE = '/{domain}/service/cc/arm/';

t.test('the session cookie is a security scheme, and exactly the commands that need a session reference it', async (t) => {
  const h = await armHarness('smoke', { inline: false });
  t.teardown(() => h.close());
  const spec = (await h.app.inject('/docs/json')).json();
  t.same(spec.components.securitySchemes.armSession, { type: 'apiKey', in: 'cookie', name: 'arm_session', description: spec.components.securitySchemes.armSession.description });
  const documented = Object.keys(spec.paths).filter((p) => p.startsWith(ROUTE));
  t.same(documented.map((p) => p.slice(ROUTE.length)).sort(), Object.keys(COMMANDS).sort(), 'one route per command, no other');
  for (const [name, command] of Object.entries(COMMANDS)) {
    const op = spec.paths[`${ROUTE}${name}`].post;
    t.same(op.security, command.needsLogin === null ? [] : [{ armSession: [] }], `${name}: ${command.needsLogin === null ? 'no session' : 'the session cookie'}`);
    t.same(op.tags, ['arm'], `${name}: in the ARM section`);
    t.equal(op.summary, commandDoc(name).summary, `${name}: the AsyncAPI document's summary`);
    t.equal(op.requestBody.content['text/xml'].example, commandDoc(name).request, `${name}: its example request`);
    t.match(op.requestBody.content['text/xml'].example, /^<in[ >]/);
    t.match(op.responses['200'].content['text/xml'].example, /^<out /, `${name}: its example answer`);
    t.equal(op.parameters.find((p: { name: string }) => p.name === 'domain')?.schema.default, 'ccsim.local', `${name}: the domain filled in`);
  }
  t.notOk(Object.keys(spec.paths).some((p) => p === '/{domain}/service/cc/arm' || p.endsWith('/{command}')), 'neither the WebSocket nor the catch-all routes are operations');
});

t.test('what Swagger UI sends works: the example as text/xml, then the cookie with the session_id', async (t) => {
  const h = await armHarness('smoke', { inline: false });
  t.teardown(() => h.close());
  const spec = (await h.app.inject('/docs/json')).json();
  const example = (name: string) => spec.paths[`${ROUTE}${name}`].post.requestBody.content['text/xml'].example as string;
  const tryItOut = (name: string, headers: Record<string, string> = {}) =>
    h.app.inject({ method: 'POST', url: `/ccsim.local/service/cc/arm/${name}`, headers: { accept: '*/*', 'content-type': 'text/xml', ...headers }, payload: example(name) });

  const login = await tryItOut('login');
  t.equal(login.statusCode, 200, 'login, as documented');
  const session = parseOut(login.body).response.session_id as string;
  t.match(session, /^arm-[0-9a-f]{32}$/);
  t.match(String(login.headers['set-cookie']), new RegExp(`^arm_session=${session}; Path=/ccsim.local/service/cc/arm; HttpOnly`), 'the cookie a browser keeps and sends on by itself');

  const refused = await tryItOut('auxwork');
  t.equal(refused.statusCode, 403, 'without the credential: not_logged_in');
  // Swagger UI's request for an apiKey in a cookie: the header Cookie: <name>=<value>.
  const aux = await tryItOut('auxwork', { cookie: `arm_session=${session}` });
  t.equal(aux.statusCode, 200, 'with it');
  t.match(parseOut(aux.body).response.agent, { agent_id: '100', status: 'auxwork', reason: 'lunch' });
  const back = await tryItOut('make_available', { cookie: `lang=en; arm_session=${session}` });
  t.match(parseOut(back.body).response.agent, { agent_id: '100', status: 'available' }, 'among a browser\'s other cookies too');
  t.same(await validateAll([login.body, refused.body, aux.body, back.body]), []);
});
