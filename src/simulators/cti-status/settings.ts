/**
 * The scenario's `apis.huawei` block (schema definition `Settings`): the call center's ccId and VDN,
 * the AK/SK pair, how strictly auth-v2 is checked, the agents' team, and optional fixed skillIds and
 * worknos. Every key is optional; a key with a bad value is logged and its default used, so a scenario
 * with a typo still serves (the README lists the defaults).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { HuaweiSettings } from '../../generated/cti-status/cti-status.js';
import { definitionValidator, schemaDocument } from './schema.js';

export type Settings = Required<HuaweiSettings> & { skill_ids: Record<string, number>; worknos: Record<string, number> };

const properties = (schemaDocument.definitions.Settings as { properties: Record<string, { default: unknown }> }).properties;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze(
  Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, structuredClone(v.default)])) as unknown as Settings,
);

export function readSettings(apis: Record<string, unknown>, log: FastifyBaseLogger): Settings {
  const raw = apis.huawei;
  const out: Record<string, unknown> = structuredClone({ ...DEFAULT_SETTINGS });
  if (raw === undefined || raw === null) return out as Settings;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    log.warn({ apis_huawei: raw }, 'apis.huawei must be a mapping; using the defaults');
    return out as Settings;
  }
  const validate = definitionValidator('Settings');
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!(key in properties)) {
      log.warn({ key }, `apis.huawei.${key} is not a setting of the Huawei simulator; ignored`);
      continue;
    }
    if (!validate({ [key]: value })) {
      log.warn({ key, value, problem: validate.errors?.[0]?.message }, `apis.huawei.${key} is not valid; using the default`);
      continue;
    }
    out[key] = value;
  }
  return out as Settings;
}
