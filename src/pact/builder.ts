/**
 * A Pact v3 file from the journal: the HTTP exchanges of one API, one interaction per distinct request
 * (method, path, query, content headers, body) under the provider states then in force, credentials left
 * out (of a request; a response's token or session id is `[masked]`, matched by its type), the response with type matchers for what the world makes and exact values for the contract's
 * constants (matchers.ts). The provider states are inferred from the admin plane's calls that came before
 * an exchange, each named as a state of states.ts, so the pact verifies against ccsim as it is: a pact
 * setup (POST /__admin/pact/provider-states) as itself, an agent's status, a caller, a clock move, a
 * rest request as the built-in state that does the same; a reset (or a scenario load) clears them. A
 * request in an ARM session adds the state naming its operator (the verifier logs it in). What
 * a state cannot say (a snapshot restored, a fault) is counted in the file's `metadata.ccsim`.
 */
import type { JournalEntry } from '../instruments/journal.js';
import { jsonRules, xmlRules, type Rules } from './matchers.js';

export interface PactRequest {
  api: string;
  consumer: string;
  provider: string;
  /** Epoch ms of the scenario's virtual 0, for the times of clock states. */
  startMs: number;
  version: string;
}

export interface ProviderState {
  name: string;
  params?: Record<string, unknown>;
}

interface Interaction {
  description: string;
  providerStates?: ProviderState[];
  request: { method: string; path: string; query?: Record<string, string[]>; headers?: Record<string, string>; body?: unknown };
  response: { status: number; headers?: Record<string, string>; body?: unknown; matchingRules?: { body: Rules } };
}

export interface PactFile {
  consumer: { name: string };
  provider: { name: string };
  interactions: Interaction[];
  metadata: { pactSpecification: { version: '3.0.0' }; ccsim: { version: string; api: string; exchanges: number; interactions: number; left_out: { id: number; reason: string }[]; unexpressed_admin_calls: number } };
}

/** A field, parameter or attribute name that holds a credential (a `token_type` does not). */
const SECRET_NAME = /(secret|password|passwd|api_?key|app_?key|signature|session_?id|(^|_)token$|[a-z]Token$|^access$|^sig$)/i;
/** What stands for a credential the response held (a string, so its type matcher holds). */
const MASK = '[masked]';
/** Request headers a pact keeps: what says how to read the body and what to answer with. */
const KEPT_REQUEST_HEADERS = ['content-type', 'accept'];

/** The pact of `request.api`'s exchanges among `entries` (oldest first). */
export function buildPact(entries: Iterable<JournalEntry>, request: PactRequest): PactFile {
  const interactions: Interaction[] = [];
  const seen = new Set<string>();
  const descriptions = new Map<string, number>();
  const leftOut: { id: number; reason: string }[] = [];
  let states: ProviderState[] = [];
  let exchanges = 0;
  let unexpressed = 0;
  // As the provider-state route decides (routes.ts): a setup starts a new interaction's world when none is open or a client's exchange came since.
  let open = false;
  let clientSinceSetup = false;
  // ARM's HTTP sessions by id, to their operator: a request in one needs the state that names the operator.
  const armSessions = new Map<string, string>();
  for (const e of entries) {
    if (e.kind === 'admin') {
      if (e.status === null || e.status < 200 || e.status > 299) continue;
      const change = adminChange(e, request.startMs);
      if (change === 'reset') states = [];
      else if (change === 'unexpressed') unexpressed++;
      else if (change && 'teardown' in change) open = false;
      else if (change) {
        if (change.setup) {
          if (!open || clientSinceSetup) states = [];
          open = true;
          clientSinceSetup = false;
        }
        states = [...states, ...change.states];
      }
      continue;
    }
    if (e.kind !== 'http') continue;
    clientSinceSetup = true;
    if (e.api !== request.api || e.status === null || e.status === 101) continue;
    exchanges++;
    const why = leftOutReason(e);
    if (why) {
      leftOut.push({ id: e.id, reason: why });
      continue;
    }
    if (e.api === 'arm') noteArmLogin(e, armSessions);
    const operator = e.api === 'arm' ? armOperator(e, armSessions) : null;
    const i = interaction(e, operator === null ? states : [...states, { name: `agent ${operator} has an ARM session`, params: { id: operator } }]);
    const key = JSON.stringify([i.providerStates, i.request]);
    if (seen.has(key)) continue;
    seen.add(key);
    const base = `${i.request.method} ${e.path}${queryText(i.request.query)}`;
    const n = (descriptions.get(base) ?? 0) + 1;
    descriptions.set(base, n);
    i.description = n === 1 ? base : `${base} (${n})`;
    interactions.push(i);
  }
  return {
    consumer: { name: request.consumer },
    provider: { name: request.provider },
    interactions,
    metadata: { pactSpecification: { version: '3.0.0' }, ccsim: { version: request.version, api: request.api, exchanges, interactions: interactions.length, left_out: leftOut, unexpressed_admin_calls: unexpressed } },
  };
}

/** An ARM login's session and operator, from its answer. */
function noteArmLogin(e: JournalEntry, sessions: Map<string, string>): void {
  if (!/\/service\/cc\/arm\/login$/.test(e.path)) return;
  const text = e.response?.body?.text ?? '';
  const session = /session_id="([^"]+)"/.exec(text)?.[1];
  const operator = /<agent [^>]*agent_id="([^"]+)"/.exec(text)?.[1];
  if (session && operator) sessions.set(session, operator);
}

/** The operator of the ARM session a request carries, if the journal saw its login. */
function armOperator(e: JournalEntry, sessions: Map<string, string>): string | null {
  const cookie = String(e.headers.cookie ?? '');
  const session = /(?:^|;\s*)arm_session=([^;]+)/.exec(cookie)?.[1];
  return session === undefined ? null : (sessions.get(session) ?? null);
}

function leftOutReason(e: JournalEntry): string | null {
  if (e.route === null) return 'no route took it';
  if (e.fault) return `an injected fault (${e.fault.kind}) answered it`;
  if (e.body?.truncated) return 'its request body was cut at the journal body limit';
  if (e.response?.body?.truncated) return 'its response body was cut at the journal body limit';
  if (e.body?.encoding === 'base64' || e.response?.body?.encoding === 'base64') return 'a body is not text';
  return null;
}

type AdminChange = 'reset' | 'unexpressed' | { teardown: true } | { setup: boolean; states: ProviderState[] } | null;

/** What an admin call did to the world, as provider states; null for a read. */
function adminChange(e: JournalEntry, startMs: number): AdminChange {
  const body = jsonOf(e.body?.text) as Record<string, unknown> | null;
  const path = e.path.replace(/^.*?\/__admin/, '');
  const m = e.method;
  if (m === 'GET' || m === 'HEAD') return null;
  if (m === 'POST' && path === '/reset') return 'reset';
  if (m === 'PUT' && path === '/scenario') return 'reset';
  if (m === 'POST' && path === '/pact/provider-states') {
    if (body?.action === 'teardown') return { teardown: true };
    const params = body?.params && typeof body.params === 'object' ? (body.params as Record<string, unknown>) : undefined;
    const names = typeof body?.state === 'string' ? [body.state] : Array.isArray(body?.states) ? (body.states as unknown[]).filter((s): s is string => typeof s === 'string') : [];
    return { setup: true, states: names.filter((n) => n !== '').map((name) => (params && Object.keys(params).length > 0 ? { name, params } : { name })) };
  }
  const status = /^\/agents\/([^/]+)\/status$/.exec(path);
  if (m === 'POST' && status && typeof body?.status === 'string') {
    const id = decodeURIComponent(status[1]);
    const word = { available: 'available', on_break: 'on break', on_demand: 'on demand', logged_out: 'logged out' }[body.status];
    return word ? { setup: false, states: [{ name: `agent ${id} is ${word}`, params: { id } }] } : 'unexpressed';
  }
  const rest = /^\/agents\/([^/]+)\/rest$/.exec(path);
  if (m === 'POST' && rest && typeof body?.seconds === 'number') {
    const id = decodeURIComponent(rest[1]);
    return { setup: false, states: [{ name: `agent ${id} has asked for ${body.seconds} seconds of rest`, params: { id, seconds: body.seconds } }] };
  }
  if (m === 'POST' && path === '/calls') {
    const answer = jsonOf(e.response?.body?.text) as { number?: string; queue?: string } | null;
    const number = answer?.number ?? (body?.number as string | undefined);
    const queue = answer?.queue ?? (body?.queue as string | undefined);
    if (typeof number !== 'string' || typeof queue !== 'string') return 'unexpressed';
    return { setup: false, states: [{ name: `a caller from ${number} calls queue ${queue}`, params: { number, queue } }] };
  }
  if (m === 'POST' && path === '/clock/advance' && typeof body?.seconds === 'number') return { setup: false, states: [{ name: `${body.seconds} seconds have passed`, params: { seconds: body.seconds } }] };
  if (m === 'POST' && path === '/clock/run-until' && typeof body?.t === 'number') {
    const time = new Date(startMs + body.t).toISOString();
    return { setup: false, states: [{ name: `the clock is at ${time}`, params: { time } }] };
  }
  // Reading verbs over POST, and what belongs to the instruments rather than the world.
  if (/^\/(requests|faults)(\/|$)/.test(path) || path === '/snapshots' || (m === 'PUT' && path === '/clock')) return null;
  return 'unexpressed';
}

function interaction(e: JournalEntry, states: ProviderState[]): Interaction {
  const request: Interaction['request'] = { method: e.method, path: e.path };
  const query = queryOf(e.query);
  if (Object.keys(query).length > 0) request.query = query;
  const headers: Record<string, string> = {};
  for (const name of KEPT_REQUEST_HEADERS) {
    const v = e.headers[name];
    if (typeof v === 'string' && !(name === 'accept' && v === '*/*')) headers[titleCase(name)] = v;
  }
  if (e.body && e.body.text !== '') request.body = withoutCredentials(e.body.text, e.headers['content-type']);
  else delete headers['Content-Type'];
  if (Object.keys(headers).length > 0) request.headers = headers;
  const response: Interaction['response'] = { status: e.status as number };
  const type = e.response?.headers['content-type'];
  const text = e.response?.body?.text ?? '';
  if (typeof type === 'string') response.headers = { 'Content-Type': type };
  if (text !== '') {
    const json = /json/i.test(String(type ?? '')) ? jsonOf(text) : null;
    if (json !== null) {
      response.body = maskSecrets(json);
      const rules = jsonRules(json);
      if (Object.keys(rules).length > 0) response.matchingRules = { body: rules };
    } else {
      response.body = text.replace(/(\s)([A-Za-z_:][\w:.-]*)="[^"]*"/g, (all, sp: string, name: string) => (SECRET_NAME.test(name) ? `${sp}${name}="${MASK}"` : all));
      if (/xml/i.test(String(type ?? '')) || text.trimStart().startsWith('<')) {
        const rules = xmlRules(text);
        if (Object.keys(rules).length > 0) response.matchingRules = { body: rules };
      }
    }
  }
  return { description: '', ...(states.length > 0 ? { providerStates: states } : {}), request, response };
}

/** A request body without its credentials: JSON fields, form fields and XML attributes named like one are dropped. */
export function withoutCredentials(text: string, contentType: unknown): unknown {
  const type = String(contentType ?? '');
  const json = jsonOf(text);
  if (json !== null && (/json/i.test(type) || /^\s*[[{]/.test(text))) return dropSecrets(json);
  if (/x-www-form-urlencoded/i.test(type)) {
    const form = new URLSearchParams(text);
    for (const k of [...form.keys()]) if (SECRET_NAME.test(k)) form.delete(k);
    return form.toString();
  }
  if (text.trimStart().startsWith('<')) return text.replace(/\s([A-Za-z_:][\w:.-]*)="[^"]*"/g, (all, name: string) => (SECRET_NAME.test(name) ? '' : all));
  return text;
}

/** A response's credentials (a token, a session id) as a placeholder of their type: their matcher is by type. */
function maskSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(maskSecrets);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, SECRET_NAME.test(k) && typeof x === 'string' ? MASK : maskSecrets(x)]));
}

function dropSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropSecrets);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k, x]) => !(SECRET_NAME.test(k) && (x === null || typeof x !== 'object'))).map(([k, x]) => [k, dropSecrets(x)]));
}

/** The journal's parsed query as Pact's: each name with its values, a nested one as `name[key]`. */
function queryOf(q: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (name: string, v: unknown) => {
    if (SECRET_NAME.test(name)) return;
    if (Array.isArray(v)) for (const x of v) add(name, x);
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) add(`${name}[${k}]`, x);
    else (out[name] ??= []).push(String(v ?? ''));
  };
  for (const [k, v] of Object.entries(q)) add(k, v);
  return out;
}

function queryText(q: Record<string, string[]> | undefined): string {
  if (!q) return '';
  const pairs = Object.entries(q).flatMap(([k, vs]) => vs.map((v) => `${k}=${v}`));
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

function titleCase(header: string): string {
  return header.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

function jsonOf(text: string | undefined): unknown {
  if (text === undefined || text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
