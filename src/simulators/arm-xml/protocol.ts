/**
 * The ARM WebSocket protocol as an AsyncAPI 3 document (schemas/arm-xml/asyncapi.yaml): read once, served
 * beside /docs as YAML and as JSON (routes.ts), and the one place each command is described: its HTTP
 * route's OpenAPI summary, description and examples come from the command's operation and messages here.
 * It runs nothing; test/simulators/arm-xml/asyncapi.test.ts holds it to the command table.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export const ASYNCAPI_YAML = readFileSync(new URL('../../../schemas/arm-xml/asyncapi.yaml', import.meta.url), 'utf8');
const document = parse(ASYNCAPI_YAML) as Record<string, unknown>;
export const ASYNCAPI_JSON = JSON.stringify(document);

type Node = Record<string, unknown> | undefined;

/** A local `$ref` (`#/a/b`) of the document, or the node itself when it is none. */
function resolve(node: unknown): Node {
  const ref = (node as Node)?.$ref;
  if (typeof ref !== 'string') return node as Node;
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((at, key) => (at as Node)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], document) as Node;
}

/** The XML of a message's first example (a frame: the XML starts at its first '<'). */
function exampleXml(message: unknown): string {
  const payload = (resolve(message)?.examples as Node[] | undefined)?.[0]?.payload;
  return typeof payload === 'string' && payload.includes('<') ? payload.slice(payload.indexOf('<')) : '';
}

export interface CommandDoc {
  summary: string;
  description: string;
  /** An `<in>` request and the `<out>` answer, as XML. */
  request: string;
  reply: string;
}

/** What the document says of a command (its operation of the same name). */
export function commandDoc(name: string): CommandDoc {
  const operations = (document.operations ?? {}) as Record<string, Node>;
  const op = Object.hasOwn(operations, name) ? operations[name] : undefined;
  const reply = resolve(op?.reply);
  return {
    summary: typeof op?.summary === 'string' ? op.summary : `The ARM command ${name}`,
    description: typeof op?.description === 'string' ? op.description.trim() : '',
    request: exampleXml((op?.messages as unknown[] | undefined)?.[0]),
    reply: exampleXml((reply?.messages as unknown[] | undefined)?.[0]),
  };
}
