/**
 * The documents a user's clone has stand on their own: every relative link in the README, docs/ and the
 * views' READMEs names a file of the repository (none reaches outside it, as ../shared did), the
 * README's commands do not go through `npx ccsim`, and every section the source cites as
 * `docs/routing.md §N` or `docs/vendors.md §N` exists there.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import t from 'tap';

const ROOT = new URL('..', import.meta.url).pathname;
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');
const MARKDOWN = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`), ...readdirSync(join(ROOT, 'src/simulators')).map((d) => `src/simulators/${d}/README.md`)].filter((f) => existsSync(join(ROOT, f)));

t.test('relative links resolve to files of the repository; nothing points at ../shared', async (t) => {
  for (const file of MARKDOWN) {
    const text = read(file);
    t.notMatch(text, /\.\.\/shared\b|\/work\/shared/, `${file} does not point outside the repository`);
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^(https?:|mailto:|#)/.test(target)) continue;
      const path = join(ROOT, dirname(file), target.split('#')[0]);
      t.ok(existsSync(path), `${file}: link ${target} resolves`);
      t.notOk(relative(ROOT, path).startsWith('..'), `${file}: link ${target} stays in the repository`);
    }
  }
  const blocks = [...read('README.md').matchAll(/^```\w*\n([\s\S]*?)^```$/gm)].map((m) => m[1]).join('\n');
  t.ok(blocks.includes('node dist/cli.js run'), 'the README\'s code blocks are found');
  t.notMatch(blocks, /\bnpx ccsim\b/, 'the README\'s commands do not depend on npx');
});

/** The section numbers a doc defines: its numbered headings, and §8's numbered items in routing.md. */
function sections(file: string): Set<string> {
  const found = new Set<string>();
  let top: string | null = null;
  for (const line of read(file).split('\n')) {
    const h = /^#{2,3} (\d+(?:\.\d+)?)\.? /.exec(line);
    if (h) {
      found.add(h[1]);
      top = line.startsWith('## ') ? h[1] : top;
      continue;
    }
    const item = /^(\d+)\. /.exec(line);
    if (item && top === '8') found.add(`8.${item[1]}`);
  }
  return found;
}

t.test('every docs/ section the source and the tests cite exists', async (t) => {
  const docs = { 'docs/routing.md': sections('docs/routing.md'), 'docs/vendors.md': sections('docs/vendors.md') };
  t.ok(docs['docs/routing.md'].has('8.21') && docs['docs/vendors.md'].has('4'), 'the section parser sees the docs');
  const sources: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mjs|json|md)$/.test(e.name)) sources.push(p);
    }
  };
  for (const dir of ['src', 'test', 'schemas']) walk(dir);
  let cited = 0;
  for (const file of sources) {
    const text = read(file);
    const cites = (Object.keys(docs) as (keyof typeof docs)[]).filter((d) => text.includes(d));
    // A file that cites exactly one of the docs uses bare § for its sections (an RFC's § aside).
    if (cites.length !== 1) continue;
    for (const m of text.matchAll(/(RFC \d+ )?§(\d+(?:\.\d+)?)/g)) {
      if (m[1]) continue;
      cited++;
      t.ok(docs[cites[0]].has(m[2]), `${file}: ${cites[0]} §${m[2]} exists`);
    }
  }
  t.ok(cited > 100, `the citations were found (${cited})`);
});
