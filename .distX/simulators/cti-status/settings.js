/**
 * The scenario's `apis.huawei` block (schema definition `Settings`): the call center's ccId and VDN,
 * the AK/SK pair, how strictly auth-v2 is checked, the agents' team, and optional fixed skillIds and
 * worknos. Every key is optional; a key with a bad value is logged and its default used, so a scenario
 * with a typo still serves (the README lists the defaults).
 */
import { readApiSettings, settingDefaults } from '../shared/api-settings.js';
import { definitionValidator, schemaDocument } from './schema.js';
export const DEFAULT_SETTINGS = Object.freeze(settingDefaults(schemaDocument.definitions.Settings));
export function readSettings(apis, log) {
    return readApiSettings({
        apis,
        block: 'huawei',
        view: 'Huawei',
        definition: schemaDocument.definitions.Settings,
        validate: definitionValidator('Settings'),
        log,
    });
}
