/**
 * The scenario's `apis.agent_crud` block (schema definition `Settings`): the route prefix, queue types,
 * and how ids and numbers this view makes up are derived. Every key is optional; a key with a bad value
 * is logged and its default used, so a scenario with a typo still serves.
 */
import { readApiSettings, settingDefaults } from '../shared/api-settings.js';
import { definitionValidator, schemaDocument } from './schema.js';
export const DEFAULT_SETTINGS = Object.freeze(settingDefaults(schemaDocument.definitions.Settings));
export function readSettings(apis, log) {
    return readApiSettings({
        apis,
        block: 'agent_crud',
        view: 'agent CRUD',
        definition: schemaDocument.definitions.Settings,
        validate: definitionValidator('Settings'),
        log,
    });
}
