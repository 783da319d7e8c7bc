// After tsc: copies what the server reads beside its modules and tsc does not emit (the wallboard's page,
// script and style sheet) from src/ to dist/, at the same relative paths.
import { cpSync } from 'node:fs';

for (const dir of ['wallboard/public']) cpSync(new URL(`../src/${dir}`, import.meta.url), new URL(`../dist/${dir}`, import.meta.url), { recursive: true });
