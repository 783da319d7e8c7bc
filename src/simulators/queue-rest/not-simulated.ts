/**
 * Telphin's documented resources that ccsim does not simulate (the README's "Telphin's resources" table
 * lists them with what is simulated): a request to one of them is answered with Telphin's 404 and a
 * message that says so and where to look, instead of a bare "No such resource". The paths are those the
 * public clients call (the Go and PHP SDKs, AdvantShop; docs/vendors.md §1).
 */
export interface NotSimulated {
  /** What the resource is, as the message names it. */
  readonly name: string;
  /** Matches the path after /api/ver1.0 (without the query; a trailing slash is optional). */
  readonly pattern: RegExp;
  /** A path a client calls, for the README and the tests. */
  readonly example: string;
  /** Where ccsim has what comes closest, if anything. */
  readonly instead?: string;
}

const sub = (base: string) => new RegExp(`^${base}(/.*)?$`);

export const NOT_SIMULATED: readonly NotSimulated[] = [
  { name: 'sound files', pattern: sub('/client/[^/]+/sound'), example: '/client/@me/sound/' },
  { name: 'public numbers (DIDs)', pattern: sub('/client/[^/]+/did'), example: '/client/@me/did/' },
  { name: 'number aliases', pattern: sub('/client/[^/]+/alias'), example: '/client/@me/alias/' },
  { name: 'caller ids (ANI)', pattern: sub('/extension/[^/]+/ani'), example: '/extension/1001/ani/' },
  { name: 'voice menus (IVR)', pattern: sub('/extension/[^/]+/ivr'), example: '/extension/1000/ivr/' },
  { name: 'phone settings', pattern: sub('/extension/[^/]+/phone'), example: '/extension/1001/phone/' },
  { name: 'extension groups', pattern: sub('/client/[^/]+/extension_group'), example: '/client/@me/extension_group/' },
  { name: 'registrations', pattern: sub('/extension/registration'), example: '/extension/registration/' },
  { name: 'the registration log', pattern: sub('/client/[^/]+/reg_status_log'), example: '/client/@me/reg_status_log/' },
  { name: 'client limits', pattern: sub('/client/[^/]+/limit'), example: '/client/@me/limit/' },
  { name: 'client information', pattern: sub('/client/client_info'), example: '/client/client_info/@me/' },
  { name: 'quality rating', pattern: sub('/client/[^/]+/quality_rate'), example: '/client/@me/quality_rate/' },
  { name: 'call variables', pattern: sub('/client/[^/]+/variables'), example: '/client/@me/variables/' },
  { name: "an extension's CDR and its statistics", pattern: sub('/extension/[^/]+/cdr'), example: '/extension/1001/cdr/', instead: 'GET /client/{client_id}/call_history/?extension_id=…' },
  { name: 'recording archives', pattern: /^\/client\/[^/]+\/record\/archive\/?$/, example: '/client/@me/record/archive/' },
  { name: 'recording statistics', pattern: /^\/client\/[^/]+\/record\/stats\/?$/, example: '/client/@me/record/stats/' },
];

/** The not-simulated resource a path (after /api/ver1.0) is, if any. */
export function notSimulatedResource(path: string): NotSimulated | undefined {
  return NOT_SIMULATED.find((r) => r.pattern.test(path));
}

/** The message of Telphin's 404 for a documented resource ccsim does not simulate, or null when `path` is none of them. */
export function notSimulatedMessage(method: string, prefix: string, path: string): string | null {
  const r = notSimulatedResource(path);
  if (!r) return null;
  const instead = r.instead ? ` (use ${r.instead})` : '';
  return `ccsim does not simulate Telphin's ${r.name}: ${method} ${prefix}${path}${instead}. The table "Telphin's resources" in src/simulators/queue-rest/README.md lists what it simulates`;
}
