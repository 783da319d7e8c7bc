/**
 * Request bodies against the schema's parameter definitions. The older interfaces (section 5.13) wrap
 * their fields in `queryParam`; the others list them flat in their tables while some examples wrap them,
 * so they take either (a body with a `queryParam` key is read wrapped). CC-CMS (a Java service) coerces
 * what its clients send, so a field the schema types as an integer may come as a string of decimal digits
 * (`"ccId":"1"`), an array of integers as such strings or as the text of a JSON array (`"skillIds":"[1]"`,
 * the Huawei client's Postman collection), and a "true"/"false" string as a JSON boolean; other text stays a
 * type error. A body that is not a JSON object, misses a field, has a wrong type or a value out of the
 * documented range is a 0100002 naming the field.
 */
import type { ErrorObject } from 'ajv';
import type {
  AgentIdsParam,
  AgentParam,
  AgentsByStatusParam,
  CallIdParam,
  CallsParam,
  CallsV2Param,
  CcParam,
  SkillParam,
  SkillStatusParam,
  SkillsParam,
  SkillV2Param,
  TokenRequest,
  VdnParam,
} from '../../generated/cti-status/cti-status.js';
import { invalidParameter } from './errors.js';
import { definitionValidator, schemaDocument } from './schema.js';

type Json = Record<string, unknown>;
type Schema = { type?: unknown; $ref?: string; enum?: unknown[]; items?: Schema; properties?: Record<string, Schema> };
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const DECIMAL = /^-?\d+$/;
const defs = schemaDocument.definitions as Record<string, Schema>;
const resolve = (s: Schema | undefined): Schema | undefined => (s?.$ref ? resolve(defs[s.$ref.replace('#/definitions/', '')]) : s);

type Coercion = 'integer' | 'integers' | 'boolean-string';

/** How each field of a parameter definition is coerced (through its $refs). */
function coercions(definition: string): ReadonlyMap<string, Coercion> {
  const out = new Map<string, Coercion>();
  for (const [name, raw] of Object.entries(defs[definition].properties ?? {})) {
    const s = resolve(raw);
    if (s?.type === 'integer') out.set(name, 'integer');
    else if (s?.type === 'array' && resolve(s.items)?.type === 'integer') out.set(name, 'integers');
    else if (s?.type === 'string' && s.enum?.includes('true') && s.enum.includes('false')) out.set(name, 'boolean-string');
  }
  return out;
}

const numberOf = (v: unknown) => (typeof v === 'string' && DECIMAL.test(v) ? Number(v) : v);

function coerce(value: unknown, how: Coercion): unknown {
  if (how === 'integer') return numberOf(value);
  if (how === 'boolean-string') return typeof value === 'boolean' ? String(value) : value;
  let list = value;
  if (typeof list === 'string' && list.trim().startsWith('[')) {
    try {
      list = JSON.parse(list);
    } catch {
      return value;
    }
  }
  return Array.isArray(list) ? list.map(numberOf) : value;
}

const COERCIONS = new Map<string, ReadonlyMap<string, Coercion>>();

/** `param` with its fields coerced (a copy; anything that does not coerce as it came, for the validator to name). */
function coerced(param: unknown, definition: string): unknown {
  if (!isObject(param)) return param;
  let fields = COERCIONS.get(definition);
  if (!fields) COERCIONS.set(definition, (fields = coercions(definition)));
  let out: Json | null = null;
  for (const [name, how] of fields) {
    if (!(name in param)) continue;
    const v = coerce(param[name], how);
    if (v !== param[name]) (out ??= { ...param })[name] = v;
  }
  return out ?? param;
}

/** A field's path as CC-CMS messages name it: `queryParam.skillIds[2]`. */
function fieldPath(prefix: string, instancePath: string): string {
  let out = prefix;
  for (const part of instancePath.split('/').slice(1)) out = /^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part;
  return out;
}

function describe(prefix: string, e: ErrorObject | undefined): string {
  if (!e) return 'the body is not valid';
  const at = fieldPath(prefix, e.instancePath);
  if (e.keyword === 'required') {
    const field = (e.params as { missingProperty: string }).missingProperty;
    return `${at ? `${at}.` : ''}${field} is required`;
  }
  if (e.keyword === 'type' && at === '') return 'the body must be a JSON object';
  if (e.keyword === 'enum') return `${at} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${at || 'the body'} ${e.message ?? 'is not valid'}`;
}

/**
 * The parameters of a body against `definition`: wrapped in `queryParam` (`wrapped`), or either form
 * (`either`: wrapped when the body has a `queryParam` key).
 */
function read<T>(definition: string, body: unknown, form: 'wrapped' | 'either'): T {
  if (body === undefined) throw invalidParameter('the body is empty; send a JSON object');
  if (!isObject(body)) throw invalidParameter('the body must be a JSON object');
  const wrapped = form === 'wrapped' || 'queryParam' in body;
  if (wrapped && !('queryParam' in body)) throw invalidParameter('queryParam is required');
  const param = coerced(wrapped ? body.queryParam : body, definition);
  const validate = definitionValidator(definition);
  if (!validate(param)) throw invalidParameter(describe(wrapped ? 'queryParam' : '', validate.errors?.[0]));
  return param as T;
}

export const vdnQuery = (body: unknown) => read<VdnParam>('VdnParam', body, 'wrapped');
export const skillQuery = (body: unknown) => read<SkillParam>('SkillParam', body, 'wrapped');
export const agentQuery = (body: unknown) => read<AgentParam>('AgentParam', body, 'wrapped');

/** The newer skill/agentbyconfigedskill: flat, or wrapped in `queryParam` as the PDF's example sends it. */
export const skillV2Query = (body: unknown) => read<SkillV2Param>('SkillV2Param', body, 'either');
export const skillsQuery = (body: unknown) => read<SkillsParam>('SkillsParam', body, 'either');
export const skillStatusQuery = (body: unknown) => read<SkillStatusParam>('SkillStatusParam', body, 'either');
export const vdnBody = (body: unknown) => read<VdnParam>('VdnParam', body, 'either');
export const ccBody = (body: unknown) => read<CcParam>('CcParam', body, 'either');
export const callIdQuery = (body: unknown) => read<CallIdParam>('CallIdParam', body, 'either');
export const agentsByStatusQuery = (body: unknown) => read<AgentsByStatusParam>('AgentsByStatusParam', body, 'either');
export const callsQuery = (body: unknown) => read<CallsParam>('CallsParam', body, 'either');
export const callsV2Query = (body: unknown) => read<CallsV2Param>('CallsV2Param', body, 'either');

/** agentstatusinfobyagentids: agent ids 101–59999 or 70000–999999 (the schema takes 101–999999). */
export function agentIdsQuery(body: unknown): AgentIdsParam {
  const p = read<AgentIdsParam>('AgentIdsParam', body, 'either');
  const wrapped = isObject(body) && 'queryParam' in body;
  p.agentIds.forEach((id, n) => {
    if (id > 59999 && id < 70000) throw invalidParameter(`${wrapped ? 'queryParam.' : ''}agentIds[${n}] must be 101–59999 or 70000–999999`);
  });
  return p;
}

/** ping: any JSON object, returned as it came. */
export function pingBody(body: unknown): Json {
  if (body === undefined) throw invalidParameter('the body is empty; send a JSON object such as {"say":"Hello world!"}');
  if (!isObject(body)) throw invalidParameter('the body must be a JSON object');
  return body;
}

/** tokenByAkSk's body. */
export function tokenRequest(body: unknown): TokenRequest {
  if (body === undefined) throw invalidParameter('the body is empty; send a JSON object');
  const validate = definitionValidator('TokenRequest');
  if (!validate(body)) throw invalidParameter(describe('', validate.errors?.[0]));
  return body as TokenRequest;
}
