/**
 * The README's examples, run. Every ```console block of the README, of docs/ and of the views' READMEs is
 * a transcript: a line `$ COMMAND` followed by the output the command prints. This runs each command and
 * compares its output with the transcript's, masking only what differs by design from run to run
 * (`wall_ms`, the table's "simulated in N ms"), so an example cannot drift from the program.
 *
 * The commands it knows: `node dist/cli.js ARGS` runs as `ccsim ARGS` in this process, on the current
 * sources (not on a dist/ that may be stale); `node dist/cli.js serve FLAGS &` builds the server those
 * flags describe, its tenants' front included (its output, when nothing goes wrong, is empty); `curl -s
 * [-H 'K: V'] [-X METHOD] [-d BODY] localhost:PORT/PATH` (or a tenant's TENANT.localhost:PORT) is sent to
 * it with `inject`; `node scripts/NAME.mjs ARGS` runs the project's script as a child process of this
 * Node, and its output (stdout, then stderr) is compared.
 * Any other command fails the test, so nothing in a console block goes unchecked.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import t from 'tap';
import { main, serveOptions } from '../src/command-line.js';
import { SWITCHABLE_AUTH } from '../src/simulators/registry.js';
import { buildFront } from '../src/server.js';
import type { Front } from '../src/tenants/front.js';
import { ScenarioSource, resolveScenario } from '../src/scenarios/load-scenario.js';

const ROOT = new URL('..', import.meta.url).pathname;
// The README's commands run from the repository's root, as a user runs them.
process.chdir(ROOT);

const DOCUMENTS = ['README.md', ...readdirSync('docs').map((f) => `docs/${f}`), ...readdirSync('src/simulators').map((d) => `src/simulators/${d}/README.md`)].filter((f) => existsSync(f));

interface Step {
  file: string;
  line: number;
  command: string;
  expected: string;
}

/** Each `$ ` line of each ```console block, with the lines up to the next `$ ` line or the block's end. */
function transcripts(file: string): Step[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const steps: Step[] = [];
  let inConsole = false;
  let current: (Step & { out: string[] }) | null = null;
  const flush = () => {
    if (current) steps.push({ file: current.file, line: current.line, command: current.command, expected: current.out.join('\n') });
    current = null;
  };
  lines.forEach((text, i) => {
    if (!inConsole) {
      if (/^```console\s*$/.test(text)) inConsole = true;
      return;
    }
    if (/^```\s*$/.test(text)) {
      flush();
      inConsole = false;
    } else if (text.startsWith('$ ')) {
      flush();
      current = { file, line: i + 1, command: text.slice(2), expected: '', out: [] };
    } else if (current) current.out.push(text);
    else throw new Error(`${file}:${i + 1}: a console block must start with a '$ ' command line`);
  });
  if (inConsole) throw new Error(`${file}: a console block is not closed`);
  return steps;
}

/** Shell words: whitespace-separated, with '…' and "…" quoting and backslash escapes (as a README uses them). */
function words(command: string): string[] {
  const out: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === "'" || c === '"') {
      const end = command.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unclosed ${c} in: ${command}`);
      word = (word ?? '') + command.slice(i + 1, end);
      i = end;
    } else if (c === '\\' && i + 1 < command.length) {
      word = (word ?? '') + command[++i];
    } else if (/\s/.test(c)) {
      if (word !== null) out.push(word);
      word = null;
    } else word = (word ?? '') + c;
  }
  if (word !== null) out.push(word);
  return out;
}

/** What differs from run to run by design: the wall-clock time a batch run took. */
const mask = (text: string) =>
  text
    .replace(/"wall_ms":\d+/g, '"wall_ms":…')
    .replace(/ simulated in \d+ ms/g, ' simulated in … ms')
    .replace(/\s+$/, '');

interface Server {
  front: Front;
  port: number;
}

/** The front and its tenants `ccsim serve FLAGS` serves, built as src/server.ts builds them, without listening. */
async function serverFor(flags: string[]): Promise<Server> {
  const options = serveOptions(flags, {}, SWITCHABLE_AUTH);
  const scenario = resolveScenario(ScenarioSource.fromFile(options.file), { scenario: options.scenario, seed: options.seed });
  const front = await buildFront(options, scenario, false);
  return { front, port: options.port };
}

/** curl's -s, -H, -X and -d, and a URL on localhost. */
function curlRequest(args: string[]) {
  const headers: Record<string, string> = {};
  let method: string | undefined;
  let payload: string | undefined;
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-s' || a === '--silent') continue;
    else if (a === '-H' || a === '--header') {
      const [name, ...value] = args[++i].split(':');
      headers[name.trim().toLowerCase()] = value.join(':').trim();
    } else if (a === '-X' || a === '--request') method = args[++i];
    else if (a === '-d' || a === '--data') payload = args[++i];
    else if (!a.startsWith('-') && url === undefined) url = a;
    else throw new Error(`the README test does not know curl's ${a}`);
  }
  if (url === undefined) throw new Error('curl without a URL');
  const parsed = new URL(/^https?:\/\//.test(url) ? url : `http://${url}`);
  if (parsed.hostname !== 'localhost' && parsed.hostname !== '127.0.0.1' && !parsed.hostname.endsWith('.localhost')) throw new Error(`curl to ${parsed.hostname}: the examples talk to a local ccsim`);
  // A tenant's host (team-a.localhost) is sent as curl sends it.
  if (parsed.hostname.endsWith('.localhost')) headers.host ??= parsed.host;
  if (payload !== undefined) headers['content-type'] ??= 'application/x-www-form-urlencoded';
  return { port: Number(parsed.port || 80), request: { method: (method ?? (payload === undefined ? 'GET' : 'POST')) as 'GET', url: parsed.pathname + parsed.search, headers, payload } };
}

const steps = DOCUMENTS.flatMap(transcripts);

t.test('the README shows the examples a newcomer runs first', async (t) => {
  const readme = steps.filter((s) => s.file === 'README.md').map((s) => s.command);
  for (const command of ['node dist/cli.js run --scenario smoke --json', 'node dist/cli.js --version', 'node dist/cli.js serve --help', 'node dist/cli.js run --help'])
    t.ok(readme.includes(command), `README.md has a checked example of '${command}'`);
  t.ok(readme.some((c) => c.startsWith('curl ')), 'and of a request to a served ccsim');
});

t.test('every console example prints what its transcript shows', async (t) => {
  let server: Server | null = null;
  t.teardown(() => server?.front.tenants.closeAll());
  for (const step of steps) {
    const where = `${step.file}:${step.line}: $ ${step.command}`;
    const argv = words(step.command);
    if (argv[0] === 'node' && argv[1] === 'dist/cli.js') {
      const background = argv.at(-1) === '&';
      const args = argv.slice(2, background ? -1 : undefined);
      if (args[0] === 'serve' && !args.some((a) => a === '--help' || a === '-h')) {
        t.ok(background, `${where}: a serve example runs in the background (&), so later commands can reach it`);
        await server?.front.tenants.closeAll();
        server = await serverFor(args.slice(1));
        t.equal(step.expected.trim(), '', `${where}: prints nothing`);
        continue;
      }
      let out = '';
      const io = { out: (s: string) => void (out += s), err: (s: string) => void (out += s) };
      await main(args, io);
      t.equal(mask(out), mask(step.expected), where);
    } else if (argv[0] === 'node' && /^scripts\/[\w.-]+\.mjs$/.test(argv[1] ?? '')) {
      const run = spawnSync(process.execPath, argv.slice(1), { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
      t.equal(run.status, 0, `${where}: exits 0${run.error ? ` (${run.error.message})` : ''}`);
      t.equal(mask(`${run.stdout}${run.stderr}`), mask(step.expected), where);
    } else if (argv[0] === 'curl') {
      const { port, request } = curlRequest(argv.slice(1));
      if (!server) {
        t.fail(`${where}: no 'node dist/cli.js serve … &' line before it says which server answers`);
        continue;
      }
      t.equal(port, server.port, `${where}: the port the server before it listens on`);
      const r = await server.front.inject(request);
      t.equal(mask(r.body), mask(step.expected), where);
    } else {
      t.fail(`${where}: the README test does not know how to run this command; use node dist/cli.js, node scripts/….mjs or curl, or a sh block`);
    }
  }
});
