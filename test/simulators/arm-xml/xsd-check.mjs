// Validates XML documents against the ARM XSDs they name, with xmllint-wasm, in a plain node process:
// under tap, xmllint-wasm's worker thread would inherit tap's loader hooks and take seconds to start.
// stdin: JSON array of documents; stdout: JSON array of problems ([] when all are valid).
import { readFileSync, readdirSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';

const dir = new URL('../../../schemas/arm-xml/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.xsd'))
  .map((f) => ({ fileName: f, contents: readFileSync(new URL(f, dir), 'utf8') }));

function schemaOf(xml) {
  const m = /xs:noNamespaceSchemaLocation="([^"]+)"/.exec(xml);
  if (!m) return null;
  // The seed's XSD lacks release_reason; ccsim's extension of it is the contract (README "Schemas").
  return m[1] === 'operator_call_history.xsd' ? 'operator_call_history.ccsim.xsd' : m[1];
}

// Run with no input (e.g. picked up by `tap test/simulators/arm-xml`), it has nothing to check.
const input = readFileSync(0, 'utf8');
const docs = input.trim() === '' ? [] : JSON.parse(input);
const bySchema = new Map();
const problems = [];
for (const d of docs) {
  const s = schemaOf(d);
  if (!s) problems.push(`no schema named in ${d.slice(0, 200)}`);
  else bySchema.set(s, [...(bySchema.get(s) ?? []), d]);
}
for (const [schema, list] of bySchema) {
  const main = files.find((f) => f.fileName === schema);
  if (!main) {
    problems.push(`no schema file ${schema}`);
    continue;
  }
  const r = await validateXML({ xml: list.map((contents, i) => ({ fileName: `doc${i}.xml`, contents })), schema: [main], preload: files.filter((f) => f !== main) });
  for (const e of r.errors) {
    if (/fails to validate/.test(e.rawMessage)) continue;
    const i = Number(/^doc(\d+)\.xml/.exec(e.rawMessage)?.[1] ?? -1);
    problems.push(`${schema}: ${e.message} in ${i >= 0 ? list[i].slice(0, 300) : e.rawMessage}`);
  }
  if (!r.valid && r.errors.length === 0) problems.push(`${schema}: invalid (${r.rawOutput.slice(0, 300)})`);
}
process.stdout.write(JSON.stringify(problems));
