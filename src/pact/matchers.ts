/**
 * The matching rules of a pact made from the journal: which values of a response body are the world's
 * (ids, times, names, numbers, counts: a type matcher, so another run's values pass) and which are the
 * contract's constants (enums, statuses, codes, messages, booleans, nulls: compared exactly). Field names
 * are always kept: a body must have them. JSON bodies by JSONPath, XML bodies by Pact's XML paths
 * (`$.out.response['@timestamp']`); a list gets a type matcher with `min: 0` and its items' rules under
 * `[*]`. It is a heuristic over names and shapes, written down here and in the README, not a schema.
 */
import { XMLParser } from 'fast-xml-parser';

export type Rules = Record<string, { matchers: { match: string; min?: number }[] }>;

const TYPE = { matchers: [{ match: 'type' }] };
const LIST = { matchers: [{ match: 'type', min: 0 }] };

/** Keys whose values are the contract's vocabulary: compared exactly. */
const CONSTANT_KEY = /(^|_|[a-z])(status|state|type|kind|code|result|direction|reason|flow|mode|strategy|action|level|message|title|error|success|media ?type|disposition)s?$/i;
/** Keys whose values the world makes: ids, times, names, numbers, counts. */
const GENERATED_KEY = /(^id$|_id$|Id$|^id_|ids$|uuid|_ref$|Ref$|^ref$|name|number|phone|digits|time|date|_at$|At$|_t$|stamp|since|until|token|session|url|href|record|tag|count|total|duration|seconds|members|calls|answered|abandoned|talk|wait|login|logon|offset|score|position|extension)/i;
const GENERATED_VALUE = [
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, // a uuid
  /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/, // an ISO date or date-time
  /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/, // ECSS's date-time
  /^[0-9a-f]{16,}$/i, // a token or a hash
  /^\+?\d{3,}$/, // a phone number or a numeric id
];

/** Why a leaf is matched by type (a reason), or null when it is compared exactly. */
export function generatedLeaf(key: string, value: unknown): string | null {
  if (value === null || typeof value === 'boolean') return null;
  if (CONSTANT_KEY.test(key) && !/(_id|Id|time|date|At|count)$/.test(key)) return null;
  if (GENERATED_KEY.test(key)) return 'a generated field';
  if (typeof value === 'number') return 'a number the world counts';
  if (typeof value === 'string' && GENERATED_VALUE.some((re) => re.test(value))) return 'a generated value';
  return null;
}

const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const step = (path: string, key: string) => (SIMPLE_KEY.test(key) ? `${path}.${key}` : `${path}['${key.replace(/'/g, "\\'")}']`);

/** The rules of a JSON body. */
export function jsonRules(body: unknown): Rules {
  const rules: Rules = {};
  const walk = (v: unknown, path: string, key: string) => {
    if (Array.isArray(v)) {
      rules[path] = LIST;
      for (const item of v) walk(item, `${path}[*]`, key);
      return;
    }
    if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, step(path, k), k);
      return;
    }
    if (generatedLeaf(key, v)) rules[path] = TYPE;
  };
  walk(body, '$', '');
  return rules;
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseAttributeValue: false, parseTagValue: false, isArray: () => true, textNodeName: '#text' });

/**
 * The rules of an XML body: each attribute and text the world makes, by Pact's XML path (elements by
 * name, `['@attr']`, `['#text']`); an element that repeats (or may: any child of a list) under `[*]`.
 */
export function xmlRules(text: string): Rules {
  let doc: Record<string, unknown[]>;
  try {
    doc = xml.parse(text) as Record<string, unknown[]>;
  } catch {
    return {};
  }
  const rules: Rules = {};
  const element = (node: unknown, path: string) => {
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k.startsWith('@')) {
        const attr = k.slice(1);
        if (attr.startsWith('xmlns') || attr.includes(':')) continue;
        if (generatedLeaf(attr, v)) rules[`${path}['@${attr}']`] = TYPE;
      } else if (k === '#text') {
        const name = path.slice(path.lastIndexOf('.') + 1).replace(/\[\*\]$/, '');
        if (generatedLeaf(name, v)) rules[`${path}['#text']`] = TYPE;
      } else {
        const children = v as unknown[];
        const child = `${path}.${k}`;
        // An element with text only is read as its text.
        const visit = (c: unknown, at: string) => (typeof c === 'string' ? generatedLeaf(k, c) && (rules[`${at}['#text']`] = TYPE) : element(c, at));
        if (children.length > 1) {
          rules[child] = LIST;
          for (const c of children) visit(c, `${child}[*]`);
        } else visit(children[0], child);
      }
    }
  };
  for (const [root, nodes] of Object.entries(doc)) if (!root.startsWith('?')) element(nodes[0], `$.${root}`);
  return rules;
}
