/**
 * Issue 19 §3 for the ARM: every ECSS-10 command docs/vendors.md §3 names that ccsim does not simulate is
 * answered, over HTTP and on the WebSocket, with ECSS's unknown_command error saying so and where the
 * README lists the commands served; and the README's table of the vendor's commands names every command,
 * served or not.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { COMMANDS, NOT_SIMULATED } from '../../../src/simulators/arm-xml/commands.js';
import { armHarness, parseOut, validateAll } from './harness.js';

const README = readFileSync(new URL('../../../src/simulators/arm-xml/README.md', import.meta.url), 'utf8');
const REASON = (name: string) => `ccsim does not simulate the ECSS-10 command '${name}'; src/simulators/arm-xml/README.md ("The vendor's commands") lists the commands it serves`;

t.test('a command ccsim lacks says so, over HTTP and the WebSocket', async (t) => {
  const h = await armHarness('smoke', { inline: false });
  t.teardown(() => h.close());
  const ws = await h.ws();
  t.equal(NOT_SIMULATED.length, 9);
  let id = 100;
  for (const name of NOT_SIMULATED) {
    const r = await h.http(name, '<in><request/></in>');
    t.equal(r.status, 200, `${name}: 200, the error in the body as ECSS sends it`);
    t.same(parseOut(r.xml).error, { type: 'unknown_command', reason: REASON(name) }, `${name} over HTTP`);
    const reply = await ws.request(String(++id).padStart(4, '0'), name, '<in><request/></in>');
    t.same([reply.status, parseOut(reply.xml).error], [200, { type: 'unknown_command', reason: REASON(name) }], `${name} on the WebSocket`);
  }
  t.match(parseOut((await h.http('make_coffee', '<in/>')).xml).error, { type: 'unknown_command', reason: /^unknown command 'make_coffee'; known: / }, 'a name the vendor has not: unknown');
  t.same(await validateAll(h.sent), [], 'every answer valid against its XSD');
});

t.test("the README's table of the vendor's commands", async (t) => {
  const table = README.slice(README.indexOf("## The vendor's commands"), README.indexOf('## Schemas'));
  const row = (name: string) => table.split('\n').find((l) => l.startsWith('|') && l.includes(`\`${name}\``));
  for (const name of Object.keys(COMMANDS)) t.match(row(name), /\| simulated \|$/, `${name}: simulated`);
  for (const name of NOT_SIMULATED) t.match(row(name), /\| not simulated \|$/, `${name}: not simulated`);
  for (const name of ['agents_info_event', 'call_event']) t.match(row(name), /\| simulated \|$/, `${name} (pushed)`);
});
