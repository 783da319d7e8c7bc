/**
 * A recording replayed in a fresh app of its own, as `ccsim replay` does it: the app built as the
 * recording's header says the server was (its scenario, clock mode and speed, the credential checks, the
 * retention, the journal, the body limit, the admin token), its clock driven by the replay alone, and
 * closed afterwards. The admin token itself is not in a recording, only its SHA-256: it is found among the
 * recorded admin requests that carried it (if none did, no recorded admin request passed the guard, and
 * an unguessable token refuses them alike).
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { buildApp } from '../app.js';
import { Simulation } from '../simulation.js';
import { DEFAULT_JOURNAL } from '../instruments/journal.js';
import type { Recording } from './format.js';
import { Replayer, recordedScenario, type ReplayOptions, type ReplayReport } from './replayer.js';
import { tokenHash } from './settings.js';

export async function replayInFreshApp(rec: Recording, options: Omit<ReplayOptions, 'live'> = {}): Promise<ReplayReport> {
  const h = rec.header;
  const scenario = recordedScenario(h);
  const s = h.settings;
  const simulation = new Simulation({ scenario, clock: h.clock.mode, speed: h.clock.speed, callLimit: s.retain_calls, eventLogLimit: s.retain_events, replaying: true });
  const app = await buildApp({
    simulation,
    scenarioFile: h.scenario.file,
    // Only what goes wrong, on stderr: stdout is the report's.
    logger: { level: 'error', stream: pino.destination(2) },
    authOff: s.auth_off,
    bodyLimit: s.body_limit,
    // The journal shows only through /__admin/requests…: a replay that reads none of it goes without.
    instruments: { journal: { enabled: s.journal.enabled && readsJournal(rec), maxEntries: s.journal.maxEntries, maxBytes: s.journal.maxBytes, bodyCap: s.journal.bodyCap ?? DEFAULT_JOURNAL.bodyCap }, showCredentials: s.show_credentials },
    adminToken: s.admin_token_sha256 === null ? undefined : (recordedAdminToken(rec, s.admin_token_sha256) ?? randomBytes(32).toString('hex')),
    recording: { maxBytes: 0 },
  });
  try {
    await app.ready();
    return await new Replayer(app, simulation, app.recordings.tap, options).run(rec);
  } finally {
    await app.close();
  }
}

function readsJournal(rec: Recording): boolean {
  return rec.lines.some((l) => l.type === 'http' && /^\/__admin\/requests(?:[/?]|$)/.test(l.url));
}

/** The admin token whose SHA-256 the header gives, as a recorded admin request sent it (Bearer, or ?token=). */
function recordedAdminToken(rec: Recording, sha: string): string | null {
  for (const l of rec.lines) {
    if (l.type !== 'http' || !l.url.startsWith('/__admin')) continue;
    const auth = l.headers.authorization;
    const candidates = [typeof auth === 'string' ? /^Bearer (\S+)$/i.exec(auth)?.[1] : undefined, new URL(l.url, 'http://x').searchParams.get('token') ?? undefined];
    for (const c of candidates) if (c !== undefined && tokenHash(c) === sha) return c;
  }
  return null;
}
