/** GET /: a visitor who opens the server's root is pointed at the documentation, the health check, the wallboard and the metrics. */
import t from 'tap';
import { testApp } from './helpers/app.js';

t.test('GET / answers JSON with the links, and a small page to a browser; each link answers 200', async (t) => {
  const { app } = await testApp('smoke');
  t.teardown(() => app.close());
  const json = await app.inject({ method: 'GET', url: '/' });
  t.equal(json.statusCode, 200);
  t.match(json.headers['content-type'], /^application\/json/);
  t.same(json.json(), { name: 'ccsim', docs: '/docs', openapi: '/docs/json', health: '/__admin/health', metrics: '/metrics', wallboard: '/wallboard' });

  const page = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /^text\/html/);
  for (const link of ['/docs', '/__admin/health', '/wallboard', '/metrics']) t.match(page.body, `<a href="${link}">`, `the page links ${link}`);

  for (const url of ['/docs', '/docs/json', '/__admin/health', '/wallboard', '/metrics']) {
    const r = await app.inject({ method: 'GET', url });
    t.equal(r.statusCode, 200, `${url} answers`);
  }
  t.notOk((await app.inject({ method: 'GET', url: '/docs/json' })).json().paths['/'], 'the pointer is not an API route in the OpenAPI');
});
