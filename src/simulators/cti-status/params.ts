/**
 * Request bodies against the schema's request definitions: the older interfaces wrap their fields in
 * `queryParam`; the newer skill/ one is flat in its parameter table and wrapped in its example, so it
 * takes both. An integer field may come as a string of decimal digits (`"ccId":"1"`), as the Huawei
 * client's Postman collection sends them and CC-CMS takes them; other text stays a type error. A body
 * that is not a JSON object, misses a field, has a wrong type or a value out of the documented range is a
 * 0100002 naming the field.
 */
import type { AgentParam, SkillParam, TokenRequest, VdnParam } from '../../generated/cti-status/cti-status.js';
import { invalidParameter } from './errors.js';
import { definitionValidator, schemaDocument } from './schema.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const DECIMAL = /^-?\d+$/;

/** The fields a parameter definition types as integers (through its $refs). */
function integerFields(definition: string): ReadonlySet<string> {
  const defs = schemaDocument.definitions as Record<string, { type?: unknown; $ref?: string; properties?: Record<string, { type?: unknown; $ref?: string }> }>;
  const resolve = (s: { type?: unknown; $ref?: string }) => (s.$ref ? defs[s.$ref.replace('#/definitions/', '')] : s);
  return new Set(Object.entries(defs[definition].properties ?? {}).filter(([, s]) => resolve(s)?.type === 'integer').map(([name]) => name));
}

const INTEGERS = { VdnParam: integerFields('VdnParam'), SkillParam: integerFields('SkillParam'), AgentParam: integerFields('AgentParam') };

/** `param` with its numeric strings as numbers (a copy; anything else as it came, for the validator to name). */
function withNumbers(param: unknown, fields: ReadonlySet<string>): unknown {
  if (!isObject(param)) return param;
  let out: Json | null = null;
  for (const name of fields) {
    const v = param[name];
    if (typeof v === 'string' && DECIMAL.test(v)) (out ??= { ...param })[name] = Number(v);
  }
  return out ?? param;
}

/** Fields as CC-CMS names them in its messages ("queryParam.ccId"). */
function describe(validate: ReturnType<typeof definitionValidator>): string {
  const e = validate.errors?.[0];
  if (!e) return 'the body is not valid';
  const at = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (e.keyword === 'required') {
    const field = (e.params as { missingProperty: string }).missingProperty;
    return `${at ? `${at}.` : ''}${field} is required`;
  }
  if (e.keyword === 'type' && at === '') return 'the body must be a JSON object';
  return `${at || 'the body'} ${e.message ?? 'is not valid'}`;
}

function validated<T>(definition: string, body: unknown): T {
  if (body === undefined) throw invalidParameter('the body is empty; send a JSON object');
  const validate = definitionValidator(definition);
  if (!validate(body)) throw invalidParameter(describe(validate));
  return body as T;
}

/** A `{"queryParam": {…}}` body of `param`'s fields. */
function wrapped<T>(request: string, param: keyof typeof INTEGERS, body: unknown): T {
  const read = isObject(body) ? { ...body, queryParam: withNumbers(body.queryParam, INTEGERS[param]) } : body;
  return validated<{ queryParam: T }>(request, read).queryParam;
}

export const vdnQuery = (body: unknown) => wrapped<VdnParam>('VdnRequest', 'VdnParam', body);
export const skillQuery = (body: unknown) => wrapped<SkillParam>('SkillRequest', 'SkillParam', body);
export const agentQuery = (body: unknown) => wrapped<AgentParam>('AgentRequest', 'AgentParam', body);

/** The newer skill/agentbyconfigedskill: flat, or wrapped in `queryParam` as the PDF's example sends it. */
export function skillV2Query(body: unknown): SkillParam {
  if (isObject(body) && 'queryParam' in body) return skillQuery(body);
  return validated<SkillParam>('SkillParam', withNumbers(body, INTEGERS.SkillParam));
}

/** tokenByAkSk's body. */
export const tokenRequest = (body: unknown) => validated<TokenRequest>('TokenRequest', body);
