/**
 * The ARM WebSocket protocol's AsyncAPI 3 document (schemas/arm-xml/asyncapi.yaml, issue 18 §4): it parses
 * with @asyncapi/parser without errors; it has an operation for exactly the commands of the command table
 * (each answered by a reply) and for exactly the events a session pushes, so a command or an event added
 * without documenting it fails here; every example frame is one ccsim reads or sends, to the byte (its
 * length, its command or event, XML that validates against the XSD it names); and it is served beside
 * /docs, which links it.
 */
import t from 'tap';
import { Parser } from '@asyncapi/parser';
import { parse } from 'yaml';
import { COMMANDS } from '../../../src/simulators/arm-xml/commands.js';
import { decodeRequest, decodeServerFrame } from '../../../src/simulators/arm-xml/codec.js';
import { PUSHED_EVENTS } from '../../../src/simulators/arm-xml/session.js';
import { ASYNCAPI_YAML } from '../../../src/simulators/arm-xml/protocol.js';
import { parseIn } from '../../../src/simulators/arm-xml/xml.js';
import { armHarness, validateAll } from './harness.js';

const parsed = await new Parser().parse(ASYNCAPI_YAML);

t.test('the document parses as AsyncAPI 3 without errors', async (t) => {
  // Spectral's severity 0 is an error; warnings (1) and hints are style advice.
  t.same(parsed.diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join('.')}: ${d.message}`), []);
  t.ok(parsed.document, 'a document came out');
  t.equal(parsed.document!.version(), '3.0.0');
  t.same(parsed.document!.channels().all().map((c) => c.address()), ['/{domain}/service/cc/arm']);
});

t.test('it documents every command of the command table and every pushed event, and nothing else', async (t) => {
  const operations = parsed.document!.operations().all();
  const commands = operations.filter((o) => o.isReceive()).map((o) => o.id());
  t.same(commands.sort(), Object.keys(COMMANDS).sort(), 'one receive operation per command');
  for (const op of operations.filter((o) => o.isReceive())) t.ok(op.reply()?.messages().all().length, `${op.id()} has its reply`);
  const events = operations.filter((o) => o.isSend()).map((o) => o.id());
  t.same(events.sort(), [...PUSHED_EVENTS].sort(), 'one send operation per pushed event');
  for (const op of operations) {
    t.ok(op.summary(), `${op.id()} has a summary`);
    t.ok(op.description(), `${op.id()} has a description`);
  }
});

t.test('every example frame is one ccsim reads or sends, byte for byte', async (t) => {
  const xml: string[] = [];
  let checked = 0;
  for (const op of parsed.document!.operations().all()) {
    const id = op.id()!;
    const examples = (messages: { examples(): { all(): { payload(): unknown }[] } }[]) => messages.flatMap((m) => m.examples().all().map((e) => String(e.payload())));
    const sent = examples(op.messages().all());
    t.ok(sent.length > 0, `${id}: an example`);
    for (const frame of sent) {
      checked++;
      if (op.isReceive()) {
        const decoded = decodeRequest(Buffer.from(frame, 'utf8'), 1 << 20);
        if (!decoded.ok) {
          t.fail(`${id}: ${decoded.reason}`);
          continue;
        }
        t.equal(decoded.frame.command, id, `${id}: the request names its command`);
        t.equal(Number(frame.slice(2, 12)), decoded.frame.bytes, `${id}: the declared length is the XML's`);
        t.doesNotThrow(() => parseIn(decoded.frame.xml), `${id}: the request's XML reads`);
      } else {
        const f = decodeServerFrame(frame);
        t.equal(f?.event, id, `${id}: the event frame names the event`);
        t.equal(f?.declared, Buffer.byteLength(f?.xml ?? ''), `${id}: the declared length is the XML's`);
        xml.push(f?.xml ?? '');
      }
    }
    for (const frame of examples(op.reply()?.messages().all() ?? [])) {
      checked++;
      const f = decodeServerFrame(frame);
      t.ok(f && f.status !== null, `${id}: a reply frame`);
      t.equal(f?.declared, Buffer.byteLength(f?.xml ?? ''), `${id}: the reply's declared length is the XML's`);
      xml.push(f?.xml ?? '');
    }
  }
  t.ok(checked >= 30, `the examples were found (${checked})`);
  t.same(await validateAll(xml), [], 'every answer and event in the examples validates against its XSD');
});

t.test('served beside /docs as YAML and JSON, and linked from the ARM section of /docs', async (t) => {
  const h = await armHarness('default', { inline: false });
  t.teardown(() => h.close());
  const yaml = await h.app.inject('/docs/asyncapi.yaml');
  t.equal(yaml.statusCode, 200);
  t.match(yaml.headers['content-type'], /^application\/yaml/);
  t.equal(yaml.body, ASYNCAPI_YAML, 'the document as the repository has it');
  const json = await h.app.inject('/docs/asyncapi.json');
  t.equal(json.statusCode, 200);
  t.same(json.json(), parse(ASYNCAPI_YAML), 'the same document as JSON');
  const spec = (await h.app.inject('/docs/json')).json();
  const tag = spec.tags.find((x: { name: string }) => x.name === 'arm');
  t.match(tag.description, /\]\(\/docs\/asyncapi\.yaml\)/, 'the ARM tag links the YAML');
  t.notOk(Object.keys(spec.paths).some((p) => p.startsWith('/docs')), 'the documents are not API routes');
});
