/**
 * Reads a view's block of the scenario's `apis` (e.g. `apis.huawei`) against that view's `Settings`
 * schema definition: every key optional, defaults from the schema, and a bad block or key logged and
 * defaulted so a scenario with a typo still serves. What the settings mean is each view's business.
 */
import type { FastifyBaseLogger } from 'fastify';

interface SettingsDefinition {
  properties: Record<string, { default?: unknown }>;
}

/** The schema's defaults, as a fresh object. */
export function settingDefaults<T>(definition: unknown): T {
  const { properties } = definition as SettingsDefinition;
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, structuredClone(v.default)])) as T;
}

export interface ReadSettings {
  apis: Record<string, unknown>;
  /** The key under `apis`, e.g. `huawei`. */
  block: string;
  /** The view's name in log messages, e.g. `Huawei`. */
  view: string;
  /** The schema's `Settings` definition. */
  definition: unknown;
  /** Validates an object holding one key (the definition compiled by the view's Ajv). */
  validate: ((value: unknown) => boolean) & { errors?: { message?: string }[] | null };
  log: FastifyBaseLogger;
  /** How a valid value replaces the default (default: it replaces it whole). */
  merge?: (key: string, value: unknown, fallback: unknown) => unknown;
}

export function readApiSettings<T>(r: ReadSettings): T {
  const out = settingDefaults<Record<string, unknown>>(r.definition);
  const raw = r.apis[r.block];
  if (raw === undefined || raw === null) return out as T;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    r.log.warn({ [`apis_${r.block}`]: raw }, `apis.${r.block} must be a mapping; using the defaults`);
    return out as T;
  }
  const { properties } = r.definition as SettingsDefinition;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!Object.hasOwn(properties, key)) {
      r.log.warn({ key }, `apis.${r.block}.${key} is not a setting of the ${r.view} simulator; ignored`);
      continue;
    }
    if (!r.validate({ [key]: value })) {
      r.log.warn({ key, value, problem: r.validate.errors?.[0]?.message }, `apis.${r.block}.${key} is not valid; using the default`);
      continue;
    }
    out[key] = r.merge ? r.merge(key, value, out[key]) : value;
  }
  return out as T;
}
