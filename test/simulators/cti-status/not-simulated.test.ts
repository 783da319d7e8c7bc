/**
 * Issue 19 §3 for Huawei: every interface of the PDF's table of contents that ccsim does not simulate is
 * answered with CC-CMS's failure saying so and where the README lists what ccsim serves (HTTP 404,
 * 0100001, before credentials, whatever the method); the README's table of the vendor's interfaces is the
 * catalogue's, row by row; every interface it calls served is served, and the PDF's sections it cites exist.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { INTERFACES } from '../../../src/simulators/cti-status/catalogue.js';
import { harness } from './harness.js';
import { FAILURE, shapeProblems } from './pdf-shapes.js';
import { SCENARIO } from './story.js';

const README = readFileSync(new URL('../../../src/simulators/cti-status/README.md', import.meta.url), 'utf8');
const V1 = '/rest/cmsapp/v1/openapi/';
const LABEL = { simulated: 'simulated', configuration: 'configuration only', 'not simulated': 'not simulated' } as const;

/** A path of the catalogue with its parameters filled in. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, (p) => (p === '{service.name}' ? 'cclog' : '1'));

t.test('every interface ccsim lacks says so, in CC-CMS\'s failure', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  const missing = INTERFACES.filter((x) => x.support === 'not simulated');
  t.ok(missing.length > 60, `${missing.length} interfaces not simulated`);
  for (const x of missing) {
    const url = concrete(x.path);
    for (const method of [x.method, x.method === 'GET' ? 'POST' : 'GET'] as const) {
      const r = await h.app.inject({ method, url, headers: { 'content-type': 'application/json; charset=UTF-8' }, ...(method === 'POST' ? { payload: '{"ccId":1,"vdn":1}' } : {}) });
      const where = `${method} ${url} (§${x.section})`;
      t.equal(r.statusCode, 404, `${where}: 404, with no credentials sent`);
      t.equal(r.headers['content-type'], 'application/json; charset=UTF-8');
      t.same(shapeProblems(FAILURE, r.json(), ['result']), [], `${where}: the failure of section 5.2`);
      t.same(r.json(), {
        result: '0100001',
        resultCode: '0100001',
        resultDesc: `ccsim does not simulate CC-CMS's "${x.title}" (section ${x.section}, ${x.method} ${x.path}); src/simulators/cti-status/README.md ("The vendor's interfaces") lists what it serves`,
      }, where);
    }
  }
  const nothing = await h.app.inject({ method: 'POST', url: '/rest/cmsapp/v1/openapi/multimedia/querycontent', payload: '{}' });
  t.match(nothing.json(), { resultCode: '0100001', resultDesc: /^No such interface/ }, 'a path the PDF does not have is no interface at all');
});

t.test('every interface served answers, signed', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  for (const x of INTERFACES.filter((i) => i.support !== 'not simulated')) {
    const r = await h.post(x.path, { ccId: 1, vdn: 1 });
    t.equal(r.statusCode, 200, `${x.path}: served (a parameter error at worst, in CC-CMS's format)`);
    t.notMatch(r.body, /does not simulate|No such interface/, x.path);
  }
});

t.test("the README's table of the vendor's interfaces is the catalogue", async (t) => {
  const section = README.slice(README.indexOf("## The vendor's interfaces"), README.indexOf('## States'));
  const rows = section
    .split('\n')
    .filter((l) => /^\| \d/.test(l))
    .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
  t.equal(rows.length, INTERFACES.length, 'one row per interface');
  INTERFACES.forEach((x, i) => {
    const path = x.path.startsWith(V1) ? x.path.slice(V1.length) : x.path;
    t.same(rows[i], [`${x.section} (p. ${x.page})`, x.title, `\`${x.method} ${path}\``, LABEL[x.support]], `§${x.section}`);
  });
});

t.test('the sections cited are the PDF\'s', async (t) => {
  // The PDF's table of contents (docs/integracoes/huawei in lucaslfa1/auditoria at d16e801) numbers its sections
  // within 4.1–4.9 and 5.13; a catalogue entry outside them, or two with one number, is a typo.
  const sections = INTERFACES.map((x) => x.section);
  t.equal(new Set(sections).size, sections.length, 'no section twice');
  for (const x of INTERFACES) {
    t.match(x.section, /^(4\.[1-9](\.\d+){0,2}|5\.13\.[1-5])$/, x.title);
    t.ok(x.page >= 29 && x.page <= 414, `§${x.section}: p.${x.page}`);
  }
  const pages = INTERFACES.map((x) => x.page);
  t.same(pages, [...pages].sort((a, b) => a - b), 'in the order of the PDF');
});
