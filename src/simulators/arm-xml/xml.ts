/**
 * XML in and out. Requests are checked well-formed with fast-xml-parser's XMLValidator and read into
 * `<in><request attrs…><child attrs…/></request></in>`; responses are built with xmlbuilder2 in the
 * seed's shape: compact (no declaration, no indentation, as the seed's 159-byte request shows) and with
 * the `xmlns:xs` / `xs:noNamespaceSchemaLocation` attributes. What the attributes mean is the commands'.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { ArmError } from './errors.js';

export const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

export type Attrs = Record<string, string>;

/** A request's `<request>` element: its attributes and its child elements' attributes by name. */
export interface ArmRequest {
  attrs: Attrs;
  children: Record<string, Attrs>;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: '@',
  parseAttributeValue: false,
  parseTagValue: false,
  ignoreDeclaration: true,
  processEntities: true,
  htmlEntities: false,
  isArray: () => true,
});

type Node = Record<string, unknown>;

function attrsOf(node: unknown): Attrs {
  const group = (node as Node | undefined)?.['@'];
  // isArray wraps everything, the attribute group too.
  const raw = Array.isArray(group) ? group[0] : group;
  const out: Attrs = {};
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw as Node)) {
      // xmlns declarations and xsi attributes (xs:noNamespaceSchemaLocation) are not parameters.
      if (k === 'xmlns' || k.startsWith('xmlns:') || k.includes(':')) continue;
      out[k] = String(v);
    }
  }
  return out;
}

/** Parses an `<in>` body. Throws ArmError invalid_xml (not well-formed) or invalid_request (wrong shape). */
export function parseIn(xml: string): ArmRequest {
  if (xml.trim() === '') throw new ArmError('invalid_xml', 'the body is empty; expected <in><request .../></in>');
  // No DTDs: they are never needed here and entity expansion is a way to blow up memory.
  if (/<!DOCTYPE/i.test(xml)) throw new ArmError('invalid_xml', 'DOCTYPE declarations are not accepted');
  const check = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (check !== true) throw new ArmError('invalid_xml', `malformed XML at line ${check.err.line}, column ${check.err.col}: ${check.err.msg}`);
  const doc = parser.parse(xml) as Node;
  const roots = Object.keys(doc).filter((k) => k !== '?xml' && k !== '#comment');
  if (roots.length !== 1 || roots[0] !== 'in') throw new ArmError('invalid_request', `the root element must be <in>, got <${roots[0] ?? ''}>`);
  const inNodes = doc.in as Node[];
  const requests = (inNodes[0]?.request as Node[] | undefined) ?? [];
  if (requests.length !== 1) throw new ArmError('invalid_request', '<in> must hold exactly one <request>');
  const request = requests[0];
  const children: Record<string, Attrs> = {};
  for (const [name, value] of Object.entries(request ?? {})) {
    if (name === '@' || name === '#text' || name === '#comment') continue;
    const list = value as unknown[];
    if (list.length > 1) throw new ArmError('invalid_request', `<request> must hold at most one <${name}>`);
    children[name] = attrsOf(list[0]);
  }
  return { attrs: attrsOf(request), children };
}

/** `<out xmlns:xs… xs:noNamespaceSchemaLocation="{schema}">`, filled by `fill`, serialised compact. */
export function renderOut(schema: string, fill: (out: XMLBuilder) => void): string {
  const out = create().ele('out', { 'xmlns:xs': XSI, 'xs:noNamespaceSchemaLocation': schema });
  fill(out);
  return out.end({ headless: true, prettyPrint: false });
}

/** `<out><error type reason/></out>` against the command's own XSD (or out.xsd when there is none). */
export function renderError(schema: string, err: ArmError): string {
  return renderOut(schema, (out) => {
    out.ele('error', { type: err.kind, reason: err.message });
  });
}
