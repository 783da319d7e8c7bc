/**
 * Telphin's documented resources that ccsim does not simulate (not-simulated.ts): each answers Telphin's
 * 404 with a message that says ccsim does not simulate it and where the README lists what it does, for
 * any method, with or without a trailing slash or a sub-path; the README's table of Telphin's resources
 * names every one of them. A path that is no resource of Telphin's still gets the plain "No such resource".
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { NOT_SIMULATED } from '../../../src/simulators/queue-rest/not-simulated.js';
import { API, harness } from './harness.js';

const README = readFileSync(new URL('../../../src/simulators/queue-rest/README.md', import.meta.url), 'utf8');

t.test('every documented resource ccsim does not simulate says so', async (t) => {
  const h = await harness('smoke');
  t.teardown(() => h.app.close());
  t.ok(NOT_SIMULATED.length >= 15, `${NOT_SIMULATED.length} resources`);
  for (const r of NOT_SIMULATED) {
    const bare = r.example.replace(/\/$/, '');
    // A resource with its items (…/sound/1/), or one of a recording's names (…/record/stats/).
    const leaf = /\/record\/(archive|stats)\/$/.test(r.example);
    const requests = leaf ? [['GET', r.example], ['GET', bare], ['POST', r.example], ['DELETE', r.example]] : [['GET', r.example], ['GET', bare], ['POST', r.example], ['DELETE', `${bare}/1`], ['PUT', `${bare}/1/`]];
    for (const [method, path] of requests) {
      const res = await h.app.inject({ method: method as 'GET', url: `${API}${path}`, headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' }, ...(method === 'POST' || method === 'PUT' ? { payload: '{}' } : {}) });
      const body = res.json();
      t.equal(res.statusCode, 404, `${method} ${path}: 404`);
      t.same(Object.keys(body), ['message'], `${method} ${path}: Telphin's not-found body`);
      t.equal(body.message, `ccsim does not simulate Telphin's ${r.name}: ${method} ${API}${path}${r.instead ? ` (use ${r.instead})` : ''}. The table "Telphin's resources" in src/simulators/queue-rest/README.md lists what it simulates`, `${method} ${path}`);
    }
    t.ok(README.includes(`\`${r.example}\``), `the README's table lists ${r.example}`);
  }
  const plain = await h.app.inject({ url: `${API}/client/@me/nothing/`, headers: { authorization: `Bearer ${h.token}` } });
  t.match([plain.statusCode, plain.json()], [404, { message: 'No such resource: GET /api/ver1.0/client/@me/nothing/' }], 'anything else: no such resource');
  const noToken = await h.app.inject({ url: `${API}/client/@me/sound/` });
  t.match([noToken.statusCode, noToken.json().message], [404, /^ccsim does not simulate Telphin's sound files/], 'without a token too, as any unknown route');
});
