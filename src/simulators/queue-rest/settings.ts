/**
 * The scenario's `apis.telphin` block (schema definition `Settings`): credentials, the client's numbers
 * and limits. Every key is optional; a key with a bad value is logged and its default used, so a
 * scenario with a typo still serves (the README lists the defaults).
 */

import type { FastifyBaseLogger } from 'fastify';
import type { TelphinSettings } from '../../generated/queue-rest/queue-rest.js';
import { readApiSettings, settingDefaults } from '../shared/api-settings.js';
import { definitionValidator, schemaDocument } from './schema.js';

export type Settings = Required<TelphinSettings>;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze(settingDefaults<Settings>(schemaDocument.definitions.Settings));

export function readSettings(apis: Record<string, unknown>, log: FastifyBaseLogger): Settings {
  return readApiSettings<Settings>({
    apis,
    block: 'telphin',
    view: 'Telphin',
    definition: schemaDocument.definitions.Settings,
    validate: definitionValidator('Settings'),
    log,
  });
}
