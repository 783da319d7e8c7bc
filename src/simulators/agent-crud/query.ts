/**
 * ASP.NET Core's model binding of a query string onto a request DTO: names are case-insensitive,
 * nested properties are dotted (`pagination.page`), lists repeat the key (`phoneNumbers=a&phoneNumbers=b`)
 * or index it (`phoneNumbers[0]=a`), enums take their number or their name (`wrapupReasonFilter=Success`),
 * an empty value is no value, and unknown keys are ignored. The bound object is then checked against the
 * DTO's schema (with its defaults); every bad parameter is named in one 400 problem.
 */
import { definitionValidator, queryAjv, schemaDocument } from './schema.js';
import { errorsByField, ProblemDetailsError } from './errors.js';

type Schema = Record<string, unknown>;

function resolve(s: Schema | undefined): Schema | undefined {
  if (!s) return undefined;
  if (typeof s.$ref === 'string') return resolve(schemaDocument.definitions[s.$ref.split('/').pop()!]);
  if (Array.isArray(s.anyOf)) return resolve((s.anyOf as Schema[]).find((x) => x.type !== 'null'));
  return s;
}

function propertyOf(s: Schema | undefined, name: string): [string, Schema] | undefined {
  const props = resolve(s)?.properties as Record<string, Schema> | undefined;
  if (!props) return undefined;
  const lower = name.toLowerCase();
  const key = Object.keys(props).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : [key, props[key]];
}

/** An enum value given by name (case-insensitive) becomes its number; anything else is left for the schema. */
function enumValue(s: Schema, raw: string): unknown {
  const r = resolve(s);
  const names = r?.['x-enumNames'] as string[] | undefined;
  if (!names) return raw;
  const i = names.findIndex((n) => n.toLowerCase() === raw.toLowerCase());
  return i >= 0 ? (r!.enum as unknown[])[i] : raw;
}

export function bindQuery<T>(definition: string, query: unknown): T {
  const root = schemaDocument.definitions[definition];
  const out: Record<string, unknown> = {};
  const entries = Object.entries((query ?? {}) as Record<string, string | string[]>);
  // Sorted so that `phoneNumbers[1]` never lands before `phoneNumbers[0]`, whatever order they came in.
  entries.sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  for (const [rawKey, rawValue] of entries) {
    const segments = rawKey.split('.');
    let schema: Schema | undefined = root;
    let target = out;
    let ok = true;
    for (let i = 0; i < segments.length && ok; i++) {
      const seg = segments[i].replace(/\[[0-9]*\]$/, '');
      const found = propertyOf(schema, seg);
      if (!found) {
        ok = false;
        break;
      }
      const [key, propSchema] = found;
      const last = i === segments.length - 1;
      if (!last) {
        if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
        target = target[key] as Record<string, unknown>;
        schema = propSchema;
        continue;
      }
      const values = (Array.isArray(rawValue) ? rawValue : [rawValue]).filter((v) => v !== '');
      const resolved = resolve(propSchema);
      if (resolved?.type === 'array') {
        const items = resolved.items as Schema;
        const list = (Array.isArray(target[key]) ? target[key] : []) as unknown[];
        list.push(...values.map((v) => enumValue(items, v)));
        target[key] = list;
      } else if (values.length > 0 && !(key in target)) target[key] = enumValue(propSchema, values[0]);
    }
  }
  // Pagination is bound even when no parameter names it, so its defaults apply.
  const rootProps = (root.properties ?? {}) as Record<string, Schema>;
  if ('pagination' in rootProps && !('pagination' in out)) out.pagination = {};
  if ('phoneNumbers' in rootProps && !('phoneNumbers' in out)) out.phoneNumbers = [];
  const validate = definitionValidator(definition, queryAjv);
  if (!validate(out)) throw new ProblemDetailsError(400, 'One or more query parameters are not valid.', errorsByField(validate.errors ?? []));
  return out as T;
}
