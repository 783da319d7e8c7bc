/**
 * Issue 19 §3 for Conpeek: the README's table of the vendor's resources names every route the view serves
 * (the OpenAPI's, under the conpeek tag) as simulated, and a path under the vendor's prefixes that is none
 * of them is a 404 in Conpeek's format.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { harness } from './harness.js';
import { CDR_SCENARIO } from './scenario.js';

const README = readFileSync(new URL('../../../src/simulators/cdr/README.md', import.meta.url), 'utf8');

t.test("the README's table of the vendor's resources", async (t) => {
  const h = await harness(CDR_SCENARIO);
  t.teardown(() => h.app.close());
  const table = README.slice(README.indexOf("## The vendor's resources"), README.indexOf('## Settings'));
  const spec = (await h.app.inject('/docs/json')).json() as { paths: Record<string, Record<string, { tags?: string[] }>> };
  let routes = 0;
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!op.tags?.includes('conpeek')) continue;
      routes++;
      const shown = `\`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, '{$1}')}`;
      const row = table.split('\n').find((l) => l.startsWith(`| ${shown}`));
      t.match(row, /\| simulated/, `${shown}\`: in the table, simulated`);
    }
  }
  t.equal(routes, 4, "the four routes of docs/vendors.md §4");
  const other = await h.app.inject({ method: 'GET', url: '/cdr_dialog/x/video_recording', headers: { authorization: 'ccsim-conpeek-key' } });
  t.same([other.statusCode, other.json().success], [404, false], 'another path under /cdr_dialog/: a 404 in Conpeek\'s format');
});
