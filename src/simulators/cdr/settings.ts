/**
 * The scenario's `apis.conpeek` block (schema definition `Settings`): the API key, how projects and
 * tenant users are numbered, service numbers, Call Info names and the tags of wrap-up dispositions.
 * Every key is optional; a key with a bad value is logged and its default used, so a scenario with a
 * typo still serves (the README lists the defaults).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ConpeekSettings } from '../../generated/cdr/cdr.js';
import { definitionValidator, schemaDocument } from './schema.js';

export type Settings = Required<ConpeekSettings>;

const properties = (schemaDocument.definitions.Settings as { properties: Record<string, { default: unknown }> }).properties;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze(
  Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, v.default])) as unknown as Settings,
);

export function readSettings(apis: Record<string, unknown>, log: FastifyBaseLogger): Settings {
  const raw = apis.conpeek;
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  if (raw === undefined || raw === null) return out as Settings;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    log.warn({ apis_conpeek: raw }, 'apis.conpeek must be a mapping; using the defaults');
    return out as Settings;
  }
  const validate = definitionValidator('Settings');
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!Object.hasOwn(properties, key)) {
      log.warn({ key }, `apis.conpeek.${key} is not a setting of the Conpeek simulator; ignored`);
      continue;
    }
    if (!validate({ [key]: value })) {
      log.warn({ key, value, problem: validate.errors?.[0]?.message }, `apis.conpeek.${key} is not valid; using the default`);
      continue;
    }
    // A partial disposition_tags keeps the defaults of the reasons it leaves out.
    out[key] = key === 'disposition_tags' ? { ...DEFAULT_SETTINGS.disposition_tags, ...(value as object) } : value;
  }
  return out as Settings;
}
