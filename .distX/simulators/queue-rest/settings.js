/**
 * The scenario's `apis.telphin` block (schema definition `Settings`): credentials, the client's numbers
 * and limits. Every key is optional; a key with a bad value is logged and its default used, so a
 * scenario with a typo still serves (the README lists the defaults).
 */
import { readApiSettings, settingDefaults } from '../shared/api-settings.js';
import { definitionValidator, schemaDocument } from './schema.js';
export const DEFAULT_SETTINGS = Object.freeze(settingDefaults(schemaDocument.definitions.Settings));
export function readSettings(apis, log) {
    return readApiSettings({
        apis,
        block: 'telphin',
        view: 'Telphin',
        definition: schemaDocument.definitions.Settings,
        validate: definitionValidator('Settings'),
        log,
    });
}
