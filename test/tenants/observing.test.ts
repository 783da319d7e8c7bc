/**
 * ccsim's own pages with tenants. GET /metrics: every series carries its tenant's id; the default tenant's
 * scrape (the process's, the one a Prometheus job is given) holds every tenant's series, each tenant's own
 * figures; a tenant's own /__t/{id}/metrics holds only its own. GET /wallboard through a path prefix links
 * its script, style sheet and reads under that prefix. GET / names both pages.
 */
import t from 'tap';
import { served } from './helpers.js';
import { parseMetrics } from '../metrics/prometheus.js';

t.test("the process's scrape has every tenant's series, each labelled with its tenant", async (t) => {
  const s = await served(t);
  const advance = (headers: Record<string, string>, seconds: number) => s.inject({ method: 'POST', url: '/__admin/clock/advance', headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify({ seconds }) });
  // The default tenant past both callers (70 s); team-a past the first one only (10 s); team-b made, not moved.
  t.equal((await advance({}, 70)).statusCode, 200);
  t.equal((await advance({ 'x-ccsim-tenant': 'team-a' }, 10)).statusCode, 200);
  t.equal((await s.inject({ method: 'PUT', url: '/__admin/tenants/team-b', headers: { 'content-type': 'application/json' }, payload: '{"scenario":"quiet"}' })).statusCode, 201);

  const all = parseMetrics((await s.inject({ url: '/metrics' })).body);
  t.equal(all.value('ccsim_virtual_time_seconds', { tenant: 'default' }), 70);
  t.equal(all.value('ccsim_virtual_time_seconds', { tenant: 'team-a' }), 10);
  t.equal(all.value('ccsim_virtual_time_seconds', { tenant: 'team-b' }), 0);
  t.equal(all.value('ccsim_queue_calls_offered_total', { tenant: 'default', queue: 'support' }), 2);
  t.equal(all.value('ccsim_queue_calls_offered_total', { tenant: 'team-a', queue: 'support' }), 1);
  t.equal(all.value('ccsim_info', { tenant: 'team-b', scenario: 'quiet' }), 1, "team-b's own scenario");
  t.same(new Set(all.samples('ccsim_info').map((x) => x.labels?.tenant)), new Set(['default', 'team-a', 'team-b']), 'one info series per tenant');
  for (const [name, family] of all.families) {
    if (!name.startsWith('ccsim_')) continue;
    t.ok(family.metrics.every((x) => x.labels?.tenant !== undefined), `${name}: every series names its tenant`);
  }
  // Each TYPE line once, however many tenants: a valid exposition.
  const types = [...(await s.inject({ url: '/metrics' })).body.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]);
  t.equal(types.length, new Set(types).size, 'no metric declared twice');

  const own = parseMetrics((await s.inject({ url: '/__t/team-a/metrics' })).body);
  t.same(new Set(own.samples('ccsim_virtual_time_seconds').map((x) => x.labels?.tenant)), new Set(['team-a']), "a tenant's scrape is its own");
  t.equal(own.value('ccsim_virtual_time_seconds'), 10);
});

t.test("the wallboard through a tenant's path prefix stays in that tenant", async (t) => {
  const s = await served(t);
  const page = await s.inject({ url: '/__t/team-a/wallboard' });
  t.equal(page.statusCode, 200);
  t.match(page.body, 'src="/__t/team-a/wallboard/board.js"');
  t.match(page.body, 'href="/__t/team-a/wallboard/board.css"');
  t.equal((await s.inject({ url: '/__t/team-a/wallboard/board.js' })).statusCode, 200);
  t.match((await s.inject({ url: '/wallboard' })).body, 'src="/wallboard/board.js"', 'the default tenant without a prefix');
  t.same((await s.inject({ url: '/__t/team-a/' })).json(), {
    name: 'ccsim',
    docs: '/__t/team-a/docs',
    openapi: '/__t/team-a/docs/json',
    health: '/__t/team-a/__admin/health',
    metrics: '/__t/team-a/metrics',
    wallboard: '/__t/team-a/wallboard',
  }, 'GET / names the pages under the prefix');
});
