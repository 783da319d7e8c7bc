/**
 * XML in: requests are checked well-formed with fast-xml-parser's XMLValidator and read into
 * `<in><request attrs…><child attrs…/></request></in>`. What the attributes mean is the commands'; the
 * answers are built by out.ts.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ArmError } from './errors.js';

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
  // References are decoded by decodeValue (the parser leaves numeric ones and passes undefined ones).
  processEntities: false,
  htmlEntities: false,
  isArray: () => true,
});

type Node = Record<string, unknown>;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** A code point XML 1.0 allows in a document (production Char). */
function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/**
 * An attribute value with its references resolved: the five predefined entities and numeric character
 * references. Any other entity is undefined (no DTD is accepted), and a bare `&` is not well-formed.
 */
function decodeValue(raw: string, where: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new ArmError('invalid_xml', `${where}: '&' must start a reference such as &amp;`);
    const numeric = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
    if (numeric) {
      const cp = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2] as string, 10);
      if (!isXmlChar(cp)) throw new ArmError('invalid_xml', `${where}: &${name}; is not a character XML allows`);
      return String.fromCodePoint(cp);
    }
    const named = PREDEFINED[name];
    if (named === undefined) throw new ArmError('invalid_xml', `${where}: undefined entity &${name.slice(0, 40)};`);
    return named;
  });
}

/** Character data is not part of any ARM request: only whitespace may sit between elements. */
function rejectText(node: unknown, element: string): void {
  const text = (node as Node | undefined)?.['#text'];
  if (text !== undefined && String(text).trim() !== '') throw new ArmError('invalid_xml', `text is not allowed inside <${element}>`);
}

function attrsOf(node: unknown, element: string): Attrs {
  const group = (node as Node | undefined)?.['@'];
  // isArray wraps everything, the attribute group too.
  const raw = Array.isArray(group) ? group[0] : group;
  const out: Attrs = {};
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw as Node)) {
      // xmlns declarations and xsi attributes (xs:noNamespaceSchemaLocation) are not parameters.
      if (k === 'xmlns' || k.startsWith('xmlns:') || k.includes(':')) continue;
      out[k] = decodeValue(String(v), `<${element} ${k}>`);
    }
  }
  return out;
}

function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/^\[[A-Z]+\]\s*/, '').slice(0, 300);
}

/**
 * The parser refuses some well-formed input with a plain Error (names such as `__proto__` or
 * `constructor`, nesting past its limit): that is the client's document, so it is invalid_xml.
 */
function parseDocument(xml: string): Node {
  try {
    return parser.parse(xml) as Node;
  } catch (err) {
    throw new ArmError('invalid_xml', `the XML is not accepted: ${messageOf(err)}`);
  }
}

/** Parses an `<in>` body. Throws ArmError invalid_xml (not well-formed) or invalid_request (wrong shape). */
export function parseIn(xml: string): ArmRequest {
  if (xml.trim() === '') throw new ArmError('invalid_xml', 'the body is empty; expected <in><request .../></in>');
  // No DTDs: they are never needed here and entity expansion is a way to blow up memory.
  if (/<!DOCTYPE/i.test(xml)) throw new ArmError('invalid_xml', 'DOCTYPE declarations are not accepted');
  let check: ReturnType<typeof XMLValidator.validate>;
  try {
    check = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  } catch (err) {
    throw new ArmError('invalid_xml', `the XML could not be read: ${messageOf(err)}`);
  }
  if (check !== true) throw new ArmError('invalid_xml', `malformed XML at line ${check.err.line}, column ${check.err.col}: ${check.err.msg}`);
  const doc = parseDocument(xml);
  rejectText(doc, 'the document');
  const roots = Object.entries(doc).filter(([k]) => k !== '?xml' && k !== '#comment' && k !== '#text');
  const rootCount = roots.reduce((n, [, v]) => n + (Array.isArray(v) ? v.length : 1), 0);
  if (rootCount > 1) throw new ArmError('invalid_xml', `a document has one root element; this one has ${rootCount}`);
  if (roots.length !== 1 || roots[0]?.[0] !== 'in') throw new ArmError('invalid_request', `the root element must be <in>, got <${roots[0]?.[0] ?? ''}>`);
  const inNodes = doc.in as Node[];
  rejectText(inNodes[0], 'in');
  const requests = (inNodes[0]?.request as Node[] | undefined) ?? [];
  if (requests.length !== 1) throw new ArmError('invalid_request', '<in> must hold exactly one <request>');
  const request = requests[0];
  rejectText(request, 'request');
  const children: Record<string, Attrs> = {};
  for (const [name, value] of Object.entries(request ?? {})) {
    if (name === '@' || name === '#text' || name === '#comment') continue;
    const list = value as unknown[];
    if (list.length > 1) throw new ArmError('invalid_request', `<request> must hold at most one <${name}>`);
    rejectText(list[0], name);
    children[name] = attrsOf(list[0], name);
  }
  return { attrs: attrsOf(request, 'request'), children };
}
