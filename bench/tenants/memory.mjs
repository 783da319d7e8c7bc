// Memory per idle tenant (bench/tenants/run.mjs runs it as `node --expose-gc memory.mjs N`): the front and
// its default tenant as `ccsim serve` builds them (dist/server.js), then N tenants made through the front
// as a first request makes them (manual clock, so they stay idle), a full GC before each measurement. It
// prints one JSON object: RSS and heap before and after, per tenant, and the wall ms making each took.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { buildFront } = await import(join(root, 'dist', 'server.js'));
const { loadScenarioFile } = await import(join(root, 'dist', 'scenarios', 'load-scenario.js'));
const n = Number(process.argv[2] ?? 50);
const file = join(root, 'scenarios.yaml');
const options = { port: 0, host: '127.0.0.1', file, clock: 'manual', speed: 1, logLevel: 'silent', maxTenants: n + 1 };
const front = await buildFront(options, loadScenarioFile(file), false);

const settle = async () => {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((r) => setImmediate(r));
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
};
// One tenant first, so that what every tenant shares (modules, compiled schemas) is not counted per tenant.
await front.inject({ url: '/__admin/health', headers: { 'x-ccsim-tenant': 'warm-up' } });
const before = await settle();
const makeMs = [];
for (let i = 0; i < n - 1; i++) {
  const started = performance.now();
  const r = await front.inject({ url: '/__admin/health', headers: { 'x-ccsim-tenant': `t-${i}` } });
  if (r.statusCode !== 200) throw new Error(`tenant t-${i}: ${r.statusCode} ${r.body}`);
  makeMs.push(performance.now() - started);
}
const after = await settle();
const mib = (bytes) => Math.round((bytes / 1024 / 1024) * 100) / 100;
const per = (k) => mib((after[k] - before[k]) / (n - 1));
console.log(
  JSON.stringify({
    tenants: n,
    scenario: 'default',
    rss_mib: { before: mib(before.rss), after: mib(after.rss) },
    heap_mib: { before: mib(before.heap), after: mib(after.heap) },
    rss_mib_per_tenant: per('rss'),
    heap_mib_per_tenant: per('heap'),
    make_ms_mean: Math.round(makeMs.reduce((a, b) => a + b, 0) / makeMs.length),
    make_ms_max: Math.round(Math.max(...makeMs)),
  }),
);
await front.tenants.closeAll();
