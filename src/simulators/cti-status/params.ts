/**
 * Request bodies against the schema's request definitions: the older interfaces wrap their fields in
 * `queryParam`, the newer skill/ one sends them flat. A body that is not JSON, misses a field, has a
 * wrong type or a value out of the documented range is a 0100002 naming the field.
 */
import type { AgentParam, SkillParam, VdnParam } from '../../generated/cti-status/cti-status.js';
import { invalidParameter } from './errors.js';
import { definitionValidator } from './schema.js';

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

function parse<T>(definition: string, body: unknown): T {
  if (body === undefined) throw invalidParameter('the body is empty; send a JSON object');
  const validate = definitionValidator(definition);
  if (!validate(body)) throw invalidParameter(describe(validate));
  return body as T;
}

export const vdnQuery = (body: unknown) => parse<{ queryParam: VdnParam }>('VdnRequest', body).queryParam;
export const skillQuery = (body: unknown) => parse<{ queryParam: SkillParam }>('SkillRequest', body).queryParam;
export const agentQuery = (body: unknown) => parse<{ queryParam: AgentParam }>('AgentRequest', body).queryParam;
/** The newer interface's flat body. */
export const flatSkillQuery = (body: unknown) => parse<SkillParam>('SkillParam', body);
