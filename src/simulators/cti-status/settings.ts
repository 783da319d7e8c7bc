/**
 * The scenario's `apis.huawei` block (schema definition `Settings`): the call center's ccId and VDN,
 * the AK/SK pair, how strictly auth-v2 is checked, the agents' team, and optional fixed skillIds and
 * worknos. Every key is optional; a key with a bad value is logged and its default used, so a scenario
 * with a typo still serves (the README lists the defaults).
 */

import type { FastifyBaseLogger } from 'fastify';
import type { HuaweiSettings } from '../../generated/cti-status/cti-status.js';
import { readApiSettings, settingDefaults } from '../shared/api-settings.js';
import { definitionValidator, schemaDocument } from './schema.js';

export type Settings = Required<HuaweiSettings> & { skill_ids: Record<string, number>; worknos: Record<string, number> };

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze(settingDefaults<Settings>(schemaDocument.definitions.Settings));

export function readSettings(apis: Record<string, unknown>, log: FastifyBaseLogger): Settings {
  return readApiSettings<Settings>({
    apis,
    block: 'huawei',
    view: 'Huawei',
    definition: schemaDocument.definitions.Settings,
    validate: definitionValidator('Settings'),
    log,
  });
}
