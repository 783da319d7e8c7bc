/** The generated TypeScript types are the schemas' contract: they must be what `npm run gen` makes now. */
import { execFileSync } from 'node:child_process';
import t from 'tap';

t.test('src/generated is up to date with schemas/', async (t) => {
  const root = new URL('..', import.meta.url).pathname;
  let output = '';
  let code = 0;
  try {
    output = execFileSync(process.execPath, ['scripts/gen-types.mjs', '--check'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    code = (err as { status: number }).status;
    output = String((err as { stderr: string }).stderr);
  }
  t.equal(code, 0, output || 'generated types are current');
});
