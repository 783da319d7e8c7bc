/**
 * The scenario's `apis.agent_crud` block (schema definition `Settings`): the route prefix, queue types,
 * and how ids and numbers this view makes up are derived. Every key is optional; a key with a bad value
 * is logged and its default used, so a scenario with a typo still serves.
 */

import type { FastifyBaseLogger } from 'fastify';
import type { AgentCrudSettings } from '../../generated/agent-crud/agent-crud.js';
import { readApiSettings, settingDefaults } from '../shared/api-settings.js';
import { definitionValidator, schemaDocument } from './schema.js';

export type Settings = Required<AgentCrudSettings>;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze(settingDefaults<Settings>(schemaDocument.definitions.Settings));

export function readSettings(apis: Record<string, unknown>, log: FastifyBaseLogger): Settings {
  return readApiSettings<Settings>({
    apis,
    block: 'agent_crud',
    view: 'agent CRUD',
    definition: schemaDocument.definitions.Settings,
    validate: definitionValidator('Settings'),
    log,
  });
}
