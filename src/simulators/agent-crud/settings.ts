/**
 * The scenario's `apis.agent_crud` block (schema definition `Settings`): the route prefix, queue types,
 * and how ids and numbers this view makes up are derived. Every key is optional; a key with a bad value
 * is logged and its default used, so a scenario with a typo still serves.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AgentCrudSettings } from '../../generated/agent-crud/agent-crud.js';
import { definitionValidator, schemaDocument } from './schema.js';

export type Settings = Required<AgentCrudSettings>;

const properties = (schemaDocument.definitions.Settings as { properties: Record<string, { default: unknown }> }).properties;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze(
  Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, v.default])) as unknown as Settings,
);

export function readSettings(apis: Record<string, unknown>, log: FastifyBaseLogger): Settings {
  const raw = apis.agent_crud;
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  if (raw === undefined || raw === null) return out as Settings;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    log.warn({ apis_agent_crud: raw }, 'apis.agent_crud must be a mapping; using the defaults');
    return out as Settings;
  }
  const validate = definitionValidator('Settings');
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!(key in properties)) {
      log.warn({ key }, `apis.agent_crud.${key} is not a setting of the agent CRUD simulator; ignored`);
      continue;
    }
    if (!validate({ [key]: value })) {
      log.warn({ key, value, problem: validate.errors?.[0]?.message }, `apis.agent_crud.${key} is not valid; using the default`);
      continue;
    }
    out[key] = value;
  }
  return out as Settings;
}
