/**
 * The scenario's `apis.conpeek` block (schema definition `Settings`): the API key, how projects and
 * tenant users are numbered, service numbers, Call Info names and the tags of wrap-up dispositions.
 * Every key is optional; a key with a bad value is logged and its default used, so a scenario with a
 * typo still serves (the README lists the defaults).
 */
import { readApiSettings, settingDefaults } from '../shared/api-settings.js';
import { definitionValidator, schemaDocument } from './schema.js';
export const DEFAULT_SETTINGS = Object.freeze(settingDefaults(schemaDocument.definitions.Settings));
export function readSettings(apis, log) {
    return readApiSettings({
        apis,
        block: 'conpeek',
        view: 'Conpeek',
        definition: schemaDocument.definitions.Settings,
        validate: definitionValidator('Settings'),
        log,
        // A partial disposition_tags keeps the defaults of the reasons it leaves out.
        merge: (key, value, fallback) => (key === 'disposition_tags' ? { ...fallback, ...value } : value),
    });
}
