/**
 * The settings of a served app that a replay needs to answer as it did (a recording's header holds them):
 * which credential checks were off, what the views and the event log retained, the journal's bounds and
 * masking, the body limit, and whether an admin token guarded /__admin (its SHA-256 only: a replay finds
 * the token in the recorded requests that carried it).
 */
import { createHash } from 'node:crypto';
import type { AppOptions } from '../app.js';
import type { Instruments } from '../instruments/instruments.js';
import type { ServeSettings } from './format.js';

/** The request body limit of an app that sets none. */
export const DEFAULT_BODY_LIMIT = 1 << 20;

export function serveSettings(options: AppOptions, instruments: Instruments): ServeSettings {
  const j = instruments.journal.options;
  return {
    auth_off: [...(options.authOff ?? [])].sort(),
    retain_calls: options.simulation.callLimit,
    retain_events: options.simulation.eventLogLimit,
    journal: { enabled: j.enabled, maxEntries: j.maxEntries, maxBytes: j.maxBytes, bodyCap: j.bodyCap },
    show_credentials: options.instruments?.showCredentials ?? false,
    body_limit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    admin_token_sha256: options.adminToken === undefined ? null : tokenHash(options.adminToken),
  };
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
