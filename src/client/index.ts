/**
 * `ccsim/client`: a typed client of ccsim's control plane (/__admin) for a test suite or a tool, over
 * fetch. A method per admin route (routes.ts; a test keeps the two in step), its bodies and answers typed
 * by the types generated from schemas/admin and schemas/events (src/generated). The event log paged
 * (`events`, `allEvents`) and live as an async iterator over Server-Sent Events (`stream`), and
 * `waitForEvent`. An answer that is not a success is thrown as a CcsimError with the admin envelope's code,
 * message and field; a failed verification is returned, with its near misses, for the test to print. It
 * knows nothing of the simulation: what an answer means is the server's.
 */
import { EventSourceParserStream } from 'eventsource-parser/stream';
import type {
  AdminAgent,
  AgentStatusChange,
  AdminRestInfo,
  ClockChange,
  ClockView,
  CountRule,
  EventPage,
  Fault,
  FaultSpec,
  Found,
  Health,
  InjectCall,
  InjectedCall,
  JournalEntry,
  Kpis,
  Matcher,
  NearMisses,
  Replayed,
  RequestPage,
  ScenarioView,
  SnapshotInfo,
  SnapshotList,
  TenantCreate,
  TenantInfo,
  TenantList,
  Verified,
  Verify,
  WorldState,
} from '../generated/admin/admin.js';
import type { WorldEvents } from '../generated/events/events.js';
import type { PactFile, PactQuery, ProviderStateChange, ProviderStateList, ProviderStateValues } from '../generated/admin/pact.js';
import { ADMIN_ROUTES, type AdminRouteName } from './routes.js';

export type * from '../generated/admin/admin.js';
export type * from '../generated/admin/pact.js';
export type { WorldEvents as WorldEvent } from '../generated/events/events.js';
export { ADMIN_ROUTES, type AdminRouteName } from './routes.js';

/** One event type's events: `EventOf<'call.answered'>`. */
export type EventOf<T extends WorldEvents['type']> = Extract<WorldEvents, { type: T }>;

export interface ClientOptions {
  /** Where ccsim listens: `http://127.0.0.1:8080` (a path prefix, such as a tenant's, is kept). */
  baseUrl: string;
  /** The admin token of `serve --admin-token`, sent as `Authorization: Bearer`. */
  token?: string;
  /** Another fetch (a test's, a proxy's); the global one by default. */
  fetch?: typeof fetch;
}

/** What the live stream yields: an event of the world, the log restarting (a reset or a scenario load), or events lost to the retention. */
export type StreamMessage = { kind: 'event'; event: WorldEvents } | { kind: 'reset' } | { kind: 'gap'; after: number; oldest: number; missed: number };

/** A failed verification: the admin plane's 422, its near misses included. */
export type Unverified = NearMisses & { ok: false };

/** An answer of /__admin that is not a success: its status, and the admin envelope's code, message and field. */
export class CcsimError extends Error {
  override readonly name = 'CcsimError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | undefined,
    /** The whole body, parsed when it was JSON. */
    readonly body: unknown,
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | undefined>;

interface Call {
  params?: Record<string, string | number>;
  query?: Query;
  /** JSON (an object), or text sent as `type`. */
  body?: unknown;
  type?: string;
  /** Statuses returned instead of thrown, with their bodies (a failed verification's 422). */
  accept?: readonly number[];
  signal?: AbortSignal;
}

export class CcsimClient {
  readonly baseUrl: string;
  private readonly token: string | undefined;
  private readonly fetcher: typeof fetch;

  constructor(options: ClientOptions | string) {
    const o = typeof options === 'string' ? { baseUrl: options } : options;
    this.baseUrl = o.baseUrl.replace(/\/+$/, '');
    this.token = o.token;
    this.fetcher = o.fetch ?? fetch;
  }

  /** Liveness: the scenario, its seed and the clock. */
  health(): Promise<Health> {
    return this.json('health');
  }

  /** The world back to the scenario's start (same seed); changes made through the APIs go. */
  reset(): Promise<ClockView> {
    return this.json('reset');
  }

  clock(): Promise<ClockView> {
    return this.json('clock');
  }

  /** The clock's mode (`realtime`, `manual`) or speed. */
  setClock(change: ClockChange): Promise<ClockView> {
    return this.json('setClock', { body: change });
  }

  /** Manual mode: virtual time `seconds` on, everything due on the way run. */
  advance(seconds: number): Promise<ClockView> {
    return this.json('advance', { body: { seconds } });
  }

  /** Manual mode: runs to virtual time `t`, in ms since the scenario's start. */
  runUntil(t: number): Promise<ClockView> {
    return this.json('runUntil', { body: { t } });
  }

  /** The scenario being simulated, its defaults applied. */
  scenario(): Promise<ScenarioView> {
    return this.json('scenario');
  }

  /**
   * Loads a scenario and resets: `{name, seed?}` of the server's file, a scenario or a whole file as an
   * object, or YAML text (`name` picks one scenario of a whole file).
   */
  loadScenario(scenario: { name: string; seed?: number } | Record<string, unknown> | string, options: { name?: string } = {}): Promise<ScenarioView> {
    const text = typeof scenario === 'string';
    return this.json('loadScenario', { body: scenario, type: text ? 'application/yaml' : undefined, query: { name: options.name } });
  }

  /** A page of the event log: events with seq > `after` (of types starting with `type`), at most `limit`. */
  events(query: { after?: number; limit?: number; type?: string } = {}): Promise<EventPage & { events: WorldEvents[] }> {
    return this.json('events', { query });
  }

  /** Every retained event after `after` (of types starting with `type`), oldest first, paging as it goes. */
  async *allEvents(query: { after?: number; type?: string; pageSize?: number } = {}): AsyncGenerator<WorldEvents> {
    let after = query.after ?? 0;
    for (;;) {
      const page = await this.events({ after, type: query.type, limit: query.pageSize ?? 1000 });
      yield* page.events;
      if (!page.more) return;
      after = page.next;
    }
  }

  /**
   * The event log live (Server-Sent Events): the retained events after `after` (by default, from now on),
   * then each one as it happens; a reset and a gap are messages too. It ends when the server stops or
   * `signal` aborts (then quietly); breaking out of the loop closes the connection.
   */
  async *stream(options: { after?: number; type?: string; signal?: AbortSignal } = {}): AsyncGenerator<StreamMessage> {
    const local = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, local.signal]) : local.signal;
    try {
      const response = await this.send('stream', { query: { after: options.after, type: options.type }, signal });
      if (!response.body) return;
      const messages = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
      for await (const m of messages) {
        // Messages already read when the caller gave up are not handed out.
        if (signal.aborted || m.event === 'shutdown') return;
        if (m.event === 'reset') yield { kind: 'reset' };
        else if (m.event === 'gap') yield { kind: 'gap', ...(JSON.parse(m.data) as { after: number; oldest: number; missed: number }) };
        else yield { kind: 'event', event: JSON.parse(m.data) as WorldEvents };
      }
    } catch (err) {
      // Given up (the caller's signal, a timeout): the stream just ends.
      if (signal.aborted) return;
      throw err;
    } finally {
      local.abort();
    }
  }

  /**
   * The first event of `type` (and that `match` accepts) in the retained log after `after` (0: the whole
   * log) or, failing that, as it happens; rejects after `timeoutMs` of wall time (10 s). In manual mode
   * the world moves only when told to: advance the clock while this waits, or before.
   */
  async waitForEvent<T extends WorldEvents['type']>(type: T, options: { match?: (e: EventOf<T>) => boolean; after?: number; timeoutMs?: number } = {}): Promise<EventOf<T>> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const timeout = AbortSignal.timeout(timeoutMs);
    for await (const m of this.stream({ after: options.after ?? 0, type, signal: timeout })) {
      if (m.kind !== 'event' || m.event.type !== type) continue;
      const e = m.event as EventOf<T>;
      if (!options.match || options.match(e)) return e;
    }
    throw new Error(timeout.aborted ? `no ${type} event${options.match ? ' that matches' : ''} within ${timeoutMs} ms` : `the event stream ended before a ${type} event`);
  }

  /** The KPIs of `ccsim run --json`, live. */
  kpis(): Promise<Kpis> {
    return this.json('kpis');
  }

  /** A caller joins `queue` now. */
  injectCall(call: InjectCall): Promise<InjectedCall> {
    return this.json('injectCall', { body: call });
  }

  setAgentStatus(agent: string, status: AgentStatusChange['status']): Promise<AdminAgent> {
    return this.json('setAgentStatus', { params: { id: agent }, body: { status } });
  }

  /** Rest with approval: granted now, after the call, or in line under the scenario's rest limit. */
  requestRest(agent: string, seconds: number, reason?: string): Promise<AdminAgent> {
    return this.json('requestRest', { params: { id: agent }, body: reason === undefined ? { seconds } : { seconds, reason } });
  }

  /** Leaves the rest line, or ends the rest now. */
  cancelRest(agent: string): Promise<AdminAgent> {
    return this.json('cancelRest', { params: { id: agent } });
  }

  rest(): Promise<AdminRestInfo> {
    return this.json('rest');
  }

  /** Agents, queues and callers now. */
  state(): Promise<WorldState> {
    return this.json('state');
  }

  /** The journal, newest first (page with `before: next`). */
  requests(query: { api?: string; kind?: JournalEntry['kind']; method?: string; path?: string; status?: number; since?: number; before?: number; limit?: number } = {}): Promise<RequestPage> {
    return this.json('requests', { query });
  }

  /** Empties the journal. */
  async clearRequests(): Promise<void> {
    await this.send('clearRequests');
  }

  /** Exchanges no route took, newest first. */
  unmatchedRequests(): Promise<Found> {
    return this.json('unmatchedRequests');
  }

  request(id: number): Promise<JournalEntry> {
    return this.json('request', { params: { id } });
  }

  async countRequests(matcher: Matcher): Promise<number> {
    return (await this.json<{ count: number }>('countRequests', { body: { matcher } })).count;
  }

  findRequests(matcher: Matcher): Promise<Found> {
    return this.json('findRequests', { body: { matcher } });
  }

  /** Verifies a count (`{matcher, count?}`) or a sequence (`{sequence}`); a failure comes back with its near misses. */
  async verify(rule: Verify): Promise<Verified | Unverified> {
    return this.verdict(await this.send('verify', { body: rule, accept: [422] }));
  }

  /** Waits (wall time, at most `timeoutMs`) until journaled exchanges match; the virtual clock does not move. */
  async waitForRequests(rule: { matcher: Matcher; count?: CountRule; timeoutMs: number }): Promise<Verified | Unverified> {
    return this.verdict(await this.send('waitForRequests', { body: rule, accept: [422] }));
  }

  faults(): Promise<Fault[]> {
    return this.json('faults');
  }

  addFault(spec: FaultSpec): Promise<Fault> {
    return this.json('addFault', { body: spec });
  }

  /** Removes every fault installed through the admin plane (the scenario's stay). */
  async clearFaults(): Promise<void> {
    await this.send('clearFaults');
  }

  fault(id: number): Promise<Fault> {
    return this.json('fault', { params: { id } });
  }

  async removeFault(id: number): Promise<void> {
    await this.send('removeFault', { params: { id } });
  }

  /** The session so far as a recording (NDJSON), and whether it is complete. */
  async recording(): Promise<{ text: string; complete: boolean }> {
    const r = await this.send('recording');
    return { text: await r.text(), complete: r.headers.get('x-ccsim-recording') === 'complete' };
  }

  /** Resets the world and replays a recording to its end; the clock is then manual. */
  loadRecording(recording: string): Promise<Replayed> {
    return this.json('loadRecording', { body: recording, type: 'application/x-ndjson' });
  }

  snapshots(): Promise<SnapshotList> {
    return this.json('snapshots');
  }

  /** A snapshot of the world now, under `name`. */
  takeSnapshot(name: string): Promise<SnapshotInfo> {
    return this.json('takeSnapshot', { body: { name } });
  }

  /** A snapshot as a file (NDJSON): import it elsewhere, or `serve --snapshot` it. */
  async exportSnapshot(name: string): Promise<string> {
    return (await this.send('exportSnapshot', { params: { name } })).text();
  }

  importSnapshot(name: string, file: string): Promise<SnapshotInfo> {
    return this.json('importSnapshot', { params: { name }, body: file, type: 'application/x-ndjson' });
  }

  async deleteSnapshot(name: string): Promise<void> {
    await this.send('deleteSnapshot', { params: { name } });
  }

  /** The world as it was at the snapshot: the same ids, state and random streams. */
  restoreSnapshot(name: string): Promise<Replayed & { snapshot: SnapshotInfo }> {
    return this.json('restoreSnapshot', { params: { name } });
  }

  /** The URL of an admin route, its parameters and query filled in. */
  url(route: AdminRouteName, params: Record<string, string | number> = {}, query: Query = {}): string {
    const path = ADMIN_ROUTES[route][1].replace(/\{(\w+)\}/g, (_, name: string) => {
      if (!(name in params)) throw new TypeError(`${route} needs ${name}`);
      return encodeURIComponent(String(params[name]));
    });
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) search.set(k, String(v));
    const qs = search.toString();
    return `${this.baseUrl}/__admin${path}${qs ? `?${qs}` : ''}`;
  }

  /** The process's tenants (isolated worlds), its limit, idle time and tenant domains. */
  tenants(): Promise<TenantList> {
    return this.json('tenants');
  }

  /**
   * Makes tenant `id` with its own scenario (of the server's file), seed, clock and speed (the server's
   * where left out), or finds it made with the same ones; a tenant made otherwise is a conflict.
   */
  putTenant(id: string, settings: TenantCreate = {}): Promise<TenantInfo> {
    return this.json('putTenant', { params: { id }, body: settings });
  }

  /** Deletes tenant `id`: its clock stops, its streams end, its WebSockets close. */
  async deleteTenant(id: string): Promise<void> {
    await this.send('deleteTenant', { params: { id } });
  }

  /** A client of tenant `id`'s world: the same server, under its path prefix (`/__t/{id}`), the same token. */
  tenant(id: string): CcsimClient {
    return new CcsimClient({ baseUrl: `${this.baseUrl}/__t/${encodeURIComponent(id)}`, token: this.token, fetch: this.fetcher });
  }

  /** The Pact provider states there are: the scenario's (`pact_states:`), then the built-in ones. */
  providerStates(): Promise<ProviderStateList> {
    return this.json('providerStates');
  }

  /**
   * What a Pact verifier's state-change hook sends: `{state, params, action}`. The first setup of an
   * interaction resets the world; answers the values a pact may inject.
   */
  changeProviderState(change: ProviderStateChange): Promise<ProviderStateValues> {
    return this.json('changeProviderState', { body: change });
  }

  /** A Pact v3 file of one API's journaled HTTP exchanges (credentials left out). */
  pact(query: PactQuery): Promise<PactFile> {
    return this.json('pact', { query: { ...query } });
  }

  private async json<T>(route: AdminRouteName, call: Call = {}): Promise<T> {
    return (await (await this.send(route, call)).json()) as T;
  }

  private async verdict(r: Response): Promise<Verified | Unverified> {
    const body = (await r.json()) as Verified | NearMisses;
    return r.status === 422 ? { ...(body as NearMisses), ok: false } : (body as Verified);
  }

  private async send(route: AdminRouteName, call: Call = {}): Promise<Response> {
    const [method] = ADMIN_ROUTES[route];
    const headers: Record<string, string> = {};
    if (this.token !== undefined) headers.authorization = `Bearer ${this.token}`;
    let body: string | undefined;
    if (call.body !== undefined) {
      body = typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
      headers['content-type'] = call.type ?? 'application/json';
    }
    const response = await this.fetcher(this.url(route, call.params, call.query), { method, headers, body, signal: call.signal });
    if (response.ok || call.accept?.includes(response.status)) return response;
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not the admin envelope (a proxy's page): the text is the message.
    }
    const error = (parsed as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
    throw new CcsimError(response.status, error?.code ?? 'http_error', `${method} ${ADMIN_ROUTES[route][1]}: ${response.status} ${error?.message ?? text.slice(0, 200)}`, error?.field, parsed);
  }
}
