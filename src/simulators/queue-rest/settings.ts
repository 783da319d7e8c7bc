/**
 * The scenario's `apis.telphin` block (schema definition `Settings`): credentials, the client's numbers
 * and limits. Every key is optional; a key with a bad value is logged and its default used, so a
 * scenario with a typo still serves (the README lists the defaults).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { TelphinSettings } from '../../generated/queue-rest/queue-rest.js';
import { definitionValidator, schemaDocument } from './schema.js';

export type Settings = Required<TelphinSettings>;

const properties = (schemaDocument.definitions.Settings as { properties: Record<string, { default: unknown }> }).properties;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze(
  Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, v.default])) as unknown as Settings,
);

export function readSettings(apis: Record<string, unknown>, log: FastifyBaseLogger): Settings {
  const raw = apis.telphin;
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  if (raw === undefined || raw === null) return out as Settings;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    log.warn({ apis_telphin: raw }, 'apis.telphin must be a mapping; using the defaults');
    return out as Settings;
  }
  const validate = definitionValidator('Settings');
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!(key in properties)) {
      log.warn({ key }, `apis.telphin.${key} is not a setting of the Telphin simulator; ignored`);
      continue;
    }
    if (!validate({ [key]: value })) {
      log.warn({ key, value, problem: validate.errors?.[0]?.message }, `apis.telphin.${key} is not valid; using the default`);
      continue;
    }
    out[key] = value;
  }
  return out as Settings;
}
