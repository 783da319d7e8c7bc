/**
 * The layering of ccsim: the world (src/scenarios) imports nothing of the views, the admin plane, the app,
 * the server or Fastify, so every view is a view of it and none is built into it; and a view does not
 * import another view (what they share is in simulators/shared).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import t from 'tap';

const SRC = new URL('../src/', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Every module a file imports (static and dynamic), resolved against the file's folder when relative. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2];
    out.push(spec.startsWith('.') ? relative(SRC, join(file, '..', spec)) : spec);
  }
  return out;
}

t.test('src/scenarios imports nothing of the views, the admin plane, the app or Fastify', async (t) => {
  const forbidden = [/^simulators\//, /^admin\//, /^app\.js$/, /^server\.js$/, /^simulation\.js$/, /^command-line\.js$/, /^request-log\.js$/, /^(fastify|@fastify\/.*|pino|ws)$/];
  const found: string[] = [];
  const scanned = files(join(SRC, 'scenarios'));
  for (const f of scanned) for (const spec of imports(f)) if (forbidden.some((re) => re.test(spec))) found.push(`${relative(SRC, f)} imports ${spec}`);
  t.ok(scanned.length > 20, `${scanned.length} files of src/scenarios read`);
  t.same(found, []);
});

t.test('no view imports another view', async (t) => {
  const views = readdirSync(join(SRC, 'simulators'), { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'shared').map((e) => e.name);
  t.ok(views.length >= 5, views.join(', '));
  const found: string[] = [];
  for (const v of views) {
    for (const f of files(join(SRC, 'simulators', v))) {
      for (const spec of imports(f)) {
        const other = views.find((o) => o !== v && spec.startsWith(`simulators/${o}/`));
        if (other) found.push(`${relative(SRC, f)} imports ${spec}`);
      }
    }
  }
  t.same(found, []);
});

t.test('the scan sees imports (it would catch one)', async (t) => {
  t.ok(imports(join(SRC, 'app.ts')).some((s) => s.startsWith('simulators/')), 'app.ts imports the registry');
  t.ok(imports(join(SRC, 'app.ts')).includes('fastify'), 'and fastify');
});
