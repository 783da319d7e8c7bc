/**
 * GET /metrics: the simulated call center and the server in Prometheus's text format (prom-client).
 * Per queue: callers waiting and the longest wait now, the service level since the start and over the
 * rolling window, ASA, calls offered, answered, abandoned, timed out and turned away as counters, agents by
 * status and state; the center's occupancy and virtual clock. The server: HTTP requests by API, route,
 * method and status with a latency histogram, WebSocket connections and frames, webhook tries by outcome,
 * faults applied, the journal's size against its bounds, the virtual clock's lag, and (from the first
 * scrape on) Node's process metrics with the event loop's lag.
 *
 * Nothing here computes a call-center figure: the values are the world's (its KPIs, queue outcomes and
 * queries, the same that /__admin/kpis and /__admin/state answer) and the instruments' (their tally, the
 * journal), read when Prometheus scrapes, so a server nobody scrapes pays only the request count. The
 * counters of the world start again at 0 when the world is reset, as Prometheus expects of a restart.
 * With an admin token, /metrics needs it as /__admin does (Prometheus sends it as `authorization`).
 *
 * Every series carries its tenant's id (`tenant`, `default` for the server's own world). The default
 * tenant's /metrics is the process's scrape: every tenant's series, so one Prometheus job per process sees
 * them all; another tenant's (/__t/{id}/metrics) is that tenant's alone.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { AggregatorRegistry, Counter, Gauge, Registry, collectDefaultMetrics, type Histogram, type MetricObjectWithValues, type MetricValue, type MetricValueWithName } from 'prom-client';
import type { Simulation } from '../simulation.js';
import type { Instruments } from '../instruments/instruments.js';
import type { Door } from '../simulators/shared/door.js';
import { AGENT_STATES, AGENT_STATUSES } from '../scenarios/callcenter/agent-states.js';
import { SL_WINDOW_MINUTES } from '../scenarios/callcenter/kpis.js';
import { guardAdmin } from '../admin/token.js';
import { loadContract } from '../simulators/shared/contract.js';
import type { TenantsControl } from '../tenants/tenants.js';
import { DEFAULT_TENANT } from '../tenants/choice.js';

export interface MetricsOptions {
  simulation: Simulation;
  instruments: Instruments;
  /** Which API a request's path belongs to (its `api` label). */
  door: Door;
  adminToken?: string;
  /** The tenant this app serves: every series' `tenant` label. */
  tenant: string;
  /** The process's tenants: the default tenant's scrape reads each one's series. */
  tenants?: TenantsControl;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This world's series as prom-client's JSON, read now (src/metrics). */
    worldMetrics: () => Promise<MetricObjectWithValues<MetricValue<string>>[]>;
  }
}

/** The admin envelope a refused scrape answers in (the token guard's 401 names it). */
const ADMIN_SCHEMA = loadContract('admin').document;

/** package.json sits two levels above src/metrics and dist/metrics alike. */
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Upper bounds of the latency histogram, in seconds: a simulator answers in well under a millisecond, a delay fault in seconds. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Route label of a request no route took (a 404, a router error). */
const NO_ROUTE = '(none)';

/** The `api` label of what is neither a view nor the admin plane: /, /docs, /metrics, /wallboard. */
const OWN = 'ccsim';

/**
 * Node's process metrics (CPU, memory, event-loop lag, GC), once per process: prom-client's monitors are
 * never stopped, so every app of a process (a test's, a tenant's) shares them. Started by the first scrape.
 */
let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export async function metricsPlugin(app: FastifyInstance, options: MetricsOptions): Promise<void> {
  const { simulation: sim, instruments, door } = options;
  const registry = new Registry();
  registry.setDefaultLabels({ tenant: options.tenant });
  const registers = [registry];
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) => new Gauge<L>({ name, help, labelNames, registers });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) => new Counter<L>({ name, help, labelNames, registers });

  // The server's requests, counted as they end in plain numbers (a map lookup and a few additions; prom-client's
  // own counters cost far more per request) and handed to prom-client's exposition at the scrape.
  const requests = new RequestTally(LATENCY_BUCKETS);
  const apiOf = (route: string | undefined, url: string): string => {
    const path = route ?? url.split('?')[0];
    if (path === '/__admin' || path.startsWith('/__admin/')) return 'admin';
    return door.ownerOf(url)?.name ?? OWN;
  };
  app.addHook('onResponse', (request, reply, done) => {
    requests.add(request.method, request.routeOptions.url, request.url, reply.statusCode, reply.elapsedTime / 1000, apiOf);
    done();
  });
  registry.registerMetric(requests.counter('ccsim_http_requests_total', 'HTTP requests answered, by API, route, method and status') as unknown as Counter);
  registry.registerMetric(requests.histogram('ccsim_http_request_duration_seconds', 'Time from a request to its response, by API, route and method') as unknown as Histogram);

  // Everything else is read at the scrape (refresh), from the world and the instruments.
  const info = gauge('ccsim_info', 'The scenario being served (value 1)', ['scenario', 'seed', 'clock', 'version']);
  const virtualTime = gauge('ccsim_virtual_time_seconds', "Virtual time since the scenario's start");
  const clockSpeed = gauge('ccsim_clock_speed_ratio', 'Virtual seconds per real second in realtime mode');
  const clockLag = gauge('ccsim_clock_lag_seconds', 'How far the virtual clock was behind the wall clock when scraped, before catching up (virtual seconds; 0 in manual mode)');
  const events = counter('ccsim_events_total', 'Events in the world’s event log since its start (or last reset)');
  const occupancy = gauge('ccsim_occupancy_ratio', 'Handle time over staffed time after the warm-up (the KPIs’ occupancy)');
  const slThreshold = gauge('ccsim_service_level_threshold_seconds', 'A call counts for the service level when answered within this wait');
  const agents = gauge('ccsim_agents', 'Agents by status and state', ['status', 'state']);

  const q = ['queue'] as const;
  const waiting = gauge('ccsim_queue_callers_waiting', 'Callers in the queue not answered yet (ringing an agent included)', q);
  const longestWait = gauge('ccsim_queue_longest_wait_seconds', 'The longest wait of the callers in the queue now (0 when none waits)', q);
  const sl = gauge('ccsim_queue_service_level_ratio', 'Calls answered within the threshold over calls finished, since the start (absent before the first)', q);
  const slWindow = gauge('ccsim_queue_service_level_window_ratio', `The same over the calls that left the queue in the last ${SL_WINDOW_MINUTES} minutes of virtual time (absent when none did)`, q);
  const asa = gauge('ccsim_queue_asa_seconds', 'Average speed of answer: the mean wait of answered calls, since the start (absent before the first)', q);
  const offered = counter('ccsim_queue_calls_offered_total', 'Calls that arrived at the queue after the warm-up', q);
  const answered = counter('ccsim_queue_calls_answered_total', 'Calls an agent answered', q);
  const abandoned = counter('ccsim_queue_calls_abandoned_total', 'Calls whose caller hung up while waiting', q);
  const timedOut = counter('ccsim_queue_calls_timed_out_total', 'Calls the queue sent away (max_wait_time, max_wait_time_with_no_agent)', q);
  const rejected = counter('ccsim_queue_calls_rejected_total', 'Calls turned away at the door (exit_with_no_av_agents)', q);
  const queueAgents = gauge('ccsim_queue_agents', "The queue's agents (its tiers) by status and state", ['queue', 'status', 'state']);

  const wsOpen = gauge('ccsim_websocket_connections', 'WebSocket connections open');
  const wsOpened = counter('ccsim_websocket_connections_opened_total', 'WebSocket connections accepted');
  const frames = counter('ccsim_websocket_frames_total', 'WebSocket frames, in (from clients) and out (sent by a view, before faults)', ['api', 'direction']);
  const webhooks = counter('ccsim_webhook_deliveries_total', 'Webhook tries by outcome (delivered, failed, timeout, fault)', ['api', 'outcome']);
  const faults = counter('ccsim_faults_injected_total', 'Faults applied, by the protocol they match and their kind', ['protocol', 'kind']);
  const journalEntries = gauge('ccsim_journal_entries', 'Exchanges the journal holds');
  const journalBytes = gauge('ccsim_journal_bytes', 'Bytes of bodies and headers the journal holds');
  const journalDropped = gauge('ccsim_journal_dropped_entries', 'Exchanges the journal’s bounds let go since it was last emptied');
  const journalMaxEntries = gauge('ccsim_journal_max_entries', 'The journal’s bound in entries (--journal-entries)');
  const journalMaxBytes = gauge('ccsim_journal_max_bytes', 'The journal’s bound in bytes (--journal-bytes)');

  const refreshed = [info, virtualTime, clockSpeed, clockLag, events, occupancy, slThreshold, agents, waiting, longestWait, sl, slWindow, asa, offered, answered, abandoned, timedOut, rejected, queueAgents, wsOpen, wsOpened, frames, webhooks, faults, journalEntries, journalBytes, journalDropped, journalMaxEntries, journalMaxBytes];

  /** One consistent reading of the world and the instruments. */
  const refresh = (): void => {
    // Before anything catches the clock up: how far behind it is.
    const lagMs = sim.clockLagMs();
    const kpis = sim.kpis();
    const outcomes = sim.queueOutcomes();
    const clock = sim.clock();
    const { agentList, queueList, callers } = sim.read((world) => ({ agentList: world.agents(), queueList: world.queues(), callers: world.callers() }));
    for (const m of refreshed) m.reset();

    info.set({ scenario: sim.scenario.name, seed: String(sim.scenario.seed), clock: clock.mode, version: VERSION }, 1);
    virtualTime.set(clock.t / 1000);
    clockSpeed.set(clock.speed);
    clockLag.set(lagMs / 1000);
    events.inc(kpis.events);
    if (kpis.occupancy !== null) occupancy.set(kpis.occupancy);
    slThreshold.set(kpis.service_level_seconds);

    const statusOf = new Map<string, { status: string; state: string }>();
    const byStatus = zeroGrid();
    for (const a of agentList) {
      statusOf.set(a.id, { status: a.status, state: a.state });
      byStatus[a.status][a.state]++;
    }
    setGrid(agents, byStatus, {});

    const longest = new Map<string, number>();
    const waitingCount = new Map<string, number>();
    for (const c of callers) {
      if (c.state !== 'waiting' && c.state !== 'trying') continue;
      waitingCount.set(c.queue, (waitingCount.get(c.queue) ?? 0) + 1);
      longest.set(c.queue, Math.max(longest.get(c.queue) ?? 0, clock.t - c.joined_t));
    }
    for (const queue of queueList) {
      const id = queue.id;
      const k = kpis.queues[id];
      const o = outcomes[id];
      const labels = { queue: id };
      waiting.set(labels, waitingCount.get(id) ?? 0);
      longestWait.set(labels, (longest.get(id) ?? 0) / 1000);
      if (k) {
        if (k.service_level !== null) sl.set(labels, k.service_level);
        if (k.asa_seconds !== null) asa.set(labels, k.asa_seconds);
        offered.inc(labels, k.calls);
      }
      if (o) {
        if (o.window.service_level !== null) slWindow.set(labels, o.window.service_level);
        answered.inc(labels, o.answered);
        abandoned.inc(labels, o.abandoned);
        timedOut.inc(labels, o.timed_out);
        rejected.inc(labels, o.rejected);
      }
      const grid = zeroGrid();
      for (const tier of queue.agents) {
        const a = statusOf.get(tier.agent);
        if (a) grid[a.status][a.state]++;
      }
      setGrid(queueAgents, grid, labels);
    }

    const { tally, journal } = instruments;
    wsOpen.set(tally.wsOpened - tally.wsClosed);
    wsOpened.inc(tally.wsOpened);
    for (const c of tally.frames.entries()) frames.inc(c.labels, c.value);
    for (const c of tally.webhooks.entries()) webhooks.inc(c.labels, c.value);
    for (const c of tally.faults.entries()) faults.inc(c.labels, c.value);
    journalEntries.set(journal.size);
    journalBytes.set(journal.byteSize);
    journalDropped.set(journal.dropped);
    journalMaxEntries.set(journal.options.enabled ? journal.options.maxEntries : 0);
    journalMaxBytes.set(journal.options.enabled ? journal.options.maxBytes : 0);
  };

  app.decorate('worldMetrics', async () => {
    refresh();
    return registry.getMetricsAsJSON();
  });

  await app.register(async (scope) => {
    if (options.adminToken !== undefined && !scope.getSchema('admin')) scope.addSchema(ADMIN_SCHEMA);
    guardAdmin(scope, options.adminToken);
    scope.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      const worlds = options.tenant === DEFAULT_TENANT && options.tenants ? options.tenants.worlds().map((t) => t.world.app) : [app];
      // Each metric once, with every tenant's series under it (prom-client's merge of registries by name).
      const all = AggregatorRegistry.aggregate(await Promise.all(worlds.map((w) => w.worldMetrics())));
      const text = (await processMetrics().metrics()) + (await all.metrics());
      return reply.type(registry.contentType).send(text);
    });
  });
}

type Grid = Record<string, Record<string, number>>;

/** Every status × state at 0, so that a series exists before an agent takes it. */
function zeroGrid(): Grid {
  const grid: Grid = {};
  for (const status of AGENT_STATUSES) {
    grid[status] = {};
    for (const state of AGENT_STATES) grid[status][state] = 0;
  }
  return grid;
}

function setGrid(g: Gauge<string>, grid: Grid, labels: Record<string, string>): void {
  for (const [status, states] of Object.entries(grid)) for (const [state, n] of Object.entries(states)) g.set({ ...labels, status, state }, n);
}

interface RouteStats {
  labels: { api: string; route: string; method: string };
  byStatus: Map<number, number>;
  /** Requests at or under each bucket's bound (not cumulative: added up at the scrape). */
  buckets: Float64Array;
  sum: number;
  count: number;
}

/**
 * The requests answered per method and route (and, for what no route took, per API), with their statuses
 * and latencies in the histogram's buckets; read by prom-client's registry as a counter and a histogram.
 * Bounded by the routes (a fixed set) and the statuses they answer.
 */
class RequestTally {
  private readonly stats = new Map<string, RouteStats>();

  constructor(private readonly bounds: readonly number[]) {}

  add(method: string, route: string | undefined, url: string, status: number, seconds: number, apiOf: (route: string | undefined, url: string) => string): void {
    // A route belongs to one API; a request no route took is counted under the API its path belongs to.
    const api = route === undefined ? apiOf(undefined, url) : '';
    const key = route === undefined ? `${method} ${NO_ROUTE} ${api}` : `${method} ${route}`;
    let s = this.stats.get(key);
    if (!s) {
      s = { labels: { api: route === undefined ? api : apiOf(route, url), route: route ?? NO_ROUTE, method }, byStatus: new Map(), buckets: new Float64Array(this.bounds.length), sum: 0, count: 0 };
      this.stats.set(key, s);
    }
    s.byStatus.set(status, (s.byStatus.get(status) ?? 0) + 1);
    s.count++;
    s.sum += seconds;
    const b = this.bounds;
    let i = 0;
    while (i < b.length && seconds > b[i]) i++;
    if (i < b.length) s.buckets[i]++;
  }

  counter(name: string, help: string) {
    return {
      name,
      help,
      get: () => {
        const values: MetricValue<string>[] = [];
        for (const s of this.stats.values()) for (const [status, n] of s.byStatus) values.push({ labels: { ...s.labels, status: String(status) }, value: n });
        return { name, help, type: 'counter', values, aggregator: 'sum' };
      },
    };
  }

  histogram(name: string, help: string) {
    return {
      name,
      help,
      get: () => {
        const values: MetricValueWithName<string>[] = [];
        for (const s of this.stats.values()) {
          let cumulative = 0;
          this.bounds.forEach((le, i) => {
            cumulative += s.buckets[i];
            values.push({ metricName: `${name}_bucket`, labels: { ...s.labels, le }, value: cumulative });
          });
          values.push({ metricName: `${name}_bucket`, labels: { ...s.labels, le: '+Inf' }, value: s.count });
          values.push({ metricName: `${name}_sum`, labels: s.labels, value: s.sum });
          values.push({ metricName: `${name}_count`, labels: s.labels, value: s.count });
        }
        return { name, help, type: 'histogram', values, aggregator: 'sum' };
      },
    };
  }
}
