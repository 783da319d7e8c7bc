/**
 * The tenants of one process: isolated worlds, each an app as app.ts builds it over a Simulation of its
 * own (its scenario, seed, clock, journal, faults, recording and snapshots). The default tenant is the
 * server's own and is always there; another is made on first use from the server's scenario, seed, clock
 * and speed, or explicitly (PUT /__admin/tenants/{id}), and lives until it is deleted or has been idle
 * (no request, no WebSocket, no event stream) longer than the idle setting. At most `max` live at once:
 * one more is refused (503), never made by evicting a tenant in use. Closing a tenant stops its clock and
 * closes its app (event streams end, WebSockets close, webhooks are aborted). The eviction timer is
 * server code on the wall clock and never keeps the process alive. Which tenant a request chose is
 * choice.ts's business; handing requests to them is front.ts's.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { TenantCreate, TenantInfo, TenantList } from '../generated/admin/admin.js';
import { checkScenario } from '../instruments/instruments.js';
import { ScenarioSource, resolveScenario } from '../scenarios/load-scenario.js';
import type { ResolvedScenario } from '../scenarios/scenario.js';
import type { ClockMode, Simulation } from '../simulation.js';
import { RequestProblem } from '../simulators/shared/problem.js';
import { DEFAULT_TENANT, tenantIdProblem } from './choice.js';
import { DEFAULT_MAX_TENANTS, DEFAULT_TENANT_IDLE_SECONDS } from './settings.js';

/** What a tenant's world is made from. */
export interface TenantSettings {
  scenario: ResolvedScenario;
  clock: ClockMode;
  speed: number;
}

/** A tenant's app and the world it serves. */
export interface TenantWorld {
  app: FastifyInstance;
  simulation: Simulation;
}

export interface TenantsOptions {
  /** Builds a tenant's world (server.ts: a Simulation and buildApp with the server's settings). */
  make: (id: string, settings: TenantSettings) => Promise<TenantWorld>;
  /** The server's scenario, clock and speed: a tenant made on first use gets them. */
  defaults: TenantSettings;
  /** The scenario file, which PUT /__admin/tenants/{id} {scenario} names a scenario of. */
  scenarioFile: string;
  /** Tenants at once, the default one included. */
  max?: number;
  /** Idle time before a tenant is let go, in ms; 0: never. */
  idleMs?: number;
  /** The host names whose first label names a tenant (reported by GET /__admin/tenants). */
  domains: readonly string[];
  log: FastifyBaseLogger;
}

/** What the admin plane's /__admin/tenants routes call (admin/tenants.ts). */
export interface TenantsControl {
  list(): TenantList;
  put(id: string, body: TenantCreate): Promise<{ created: boolean; tenant: TenantInfo }>;
  remove(id: string): Promise<void>;
  /** Every tenant made (the default one first), for what reads them all: the process's GET /metrics. */
  worlds(): Array<{ id: string; world: TenantWorld }>;
}

export class Tenant {
  readonly created = new Date();
  private lastUsed = Date.now();
  private requests = 0;
  private active = 0;

  constructor(
    readonly id: string,
    readonly world: TenantWorld,
    /** What it was made from (PUT compares with it). */
    readonly made: { scenario: string; seed: number; clock: ClockMode; speed: number },
  ) {}

  get app(): FastifyInstance {
    return this.world.app;
  }

  /** A request, an event stream or a WebSocket of this tenant begins; the returned function ends it (once). */
  begin(): () => void {
    this.requests++;
    this.active++;
    this.lastUsed = Date.now();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.active--;
      this.lastUsed = Date.now();
    };
  }

  /** Wall ms it has been idle (0 while anything of it is open). */
  idleFor(now: number): number {
    return this.active > 0 ? 0 : now - this.lastUsed;
  }

  info(): TenantInfo {
    const sim = this.world.simulation;
    return {
      id: this.id,
      default: this.id === DEFAULT_TENANT,
      scenario: sim.scenario.name,
      seed: sim.scenario.seed,
      clock: sim.clock(),
      created: this.created.toISOString(),
      last_used: new Date(this.lastUsed).toISOString(),
      requests: this.requests,
      active: this.active,
    };
  }

  /** Its clock stops, then its app closes (streams end, WebSockets close, webhooks are aborted). */
  async close(): Promise<void> {
    this.world.simulation.close();
    await this.world.app.close();
  }
}

export class Tenants implements TenantsControl {
  readonly max: number;
  readonly idleMs: number;
  private readonly tenants = new Map<string, Tenant>();
  private readonly making = new Map<string, Promise<Tenant>>();
  private readonly timer: NodeJS.Timeout | null;
  private closed = false;

  constructor(
    defaultWorld: TenantWorld,
    private readonly options: TenantsOptions,
  ) {
    this.max = Math.max(1, options.max ?? DEFAULT_MAX_TENANTS);
    this.idleMs = options.idleMs ?? DEFAULT_TENANT_IDLE_SECONDS * 1000;
    const d = options.defaults;
    this.tenants.set(DEFAULT_TENANT, new Tenant(DEFAULT_TENANT, defaultWorld, { scenario: d.scenario.name, seed: d.scenario.seed, clock: d.clock, speed: d.speed }));
    // Checked often enough that a tenant goes within about a quarter of the idle time after it.
    this.timer = this.idleMs > 0 ? setInterval(() => this.evictIdle(), Math.min(60_000, Math.max(50, this.idleMs / 4))) : null;
    this.timer?.unref();
  }

  get default(): Tenant {
    return this.tenants.get(DEFAULT_TENANT) as Tenant;
  }

  /** The tenant `id`, made on first use from the server's settings (a promise while it is being made). */
  get(id: string): Tenant | Promise<Tenant> {
    return this.tenants.get(id) ?? this.making.get(id) ?? this.make(id, this.options.defaults);
  }

  /** The tenant `id` if it exists now (made or being made); never makes one. */
  peek(id: string): Tenant | Promise<Tenant> | undefined {
    return this.tenants.get(id) ?? this.making.get(id);
  }

  list(): TenantList {
    return {
      tenants: [...this.tenants.values()].map((t) => t.info()),
      max: this.max,
      idle_seconds: Math.round(this.idleMs / 1000),
      domains: [...this.options.domains],
    };
  }

  worlds(): Array<{ id: string; world: TenantWorld }> {
    return [...this.tenants.values()].map((t) => ({ id: t.id, world: t.world }));
  }

  async put(id: string, body: TenantCreate): Promise<{ created: boolean; tenant: TenantInfo }> {
    checkId(id);
    const existing = await this.peek(id);
    if (existing) {
      const m = existing.made;
      const differs = [
        body.scenario !== undefined && body.scenario !== m.scenario && `scenario ${m.scenario}`,
        body.seed !== undefined && body.seed !== m.seed && `seed ${m.seed}`,
        body.clock !== undefined && body.clock !== m.clock && `clock ${m.clock}`,
        body.speed !== undefined && body.speed !== m.speed && `speed ${m.speed}`,
      ].filter((x): x is string => typeof x === 'string');
      if (differs.length === 0) return { created: false, tenant: existing.info() };
      throw new RequestProblem('conflict', `the tenant '${id}' exists, made with ${differs.join(', ')}: DELETE /__admin/tenants/${id} first, or change its world through it (PUT /__admin/scenario, PUT /__admin/clock)`, { field: Object.keys(body).find((k) => differs.some((d) => d.startsWith(k))) });
    }
    const tenant = await this.make(id, this.settingsOf(body));
    return { created: true, tenant: tenant.info() };
  }

  async remove(id: string): Promise<void> {
    checkId(id);
    if (id === DEFAULT_TENANT) throw new RequestProblem('conflict', "the default tenant cannot be deleted: it is the server's own world (POST /__admin/reset resets it)", { field: 'id' });
    const tenant = await this.peek(id);
    if (!tenant || this.tenants.get(id) !== tenant) throw new RequestProblem('not_found', `no tenant '${id}' (GET /__admin/tenants lists them)`, { field: 'id' });
    this.tenants.delete(id);
    await tenant.close();
  }

  /** Every tenant's clock stops (a stopping server: nothing more happens in any world). */
  stopClocks(): void {
    for (const t of this.tenants.values()) t.world.simulation.close();
  }

  /** The server stops: no tenant is made any more, and each one closes. */
  async closeAll(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.making.values()]);
    await Promise.all([...this.tenants.values()].map((t) => t.close()));
  }

  /** Lets go of every tenant but the default one idle longer than the setting. */
  evictIdle(now = Date.now()): string[] {
    const gone: string[] = [];
    for (const t of [...this.tenants.values()]) {
      if (t.id === DEFAULT_TENANT || this.closed) continue;
      const idle = t.idleFor(now);
      if (this.idleMs <= 0 || idle <= this.idleMs) continue;
      this.tenants.delete(t.id);
      gone.push(t.id);
      this.options.log.info({ tenant: t.id, idle_seconds: Math.round(idle / 1000) }, 'tenant evicted: idle');
      t.close().catch((err) => this.options.log.error({ err, tenant: t.id }, 'closing an evicted tenant failed'));
    }
    return gone;
  }

  /** The settings a PUT body asks for: a scenario it names is read from the server's file and checked, before anything is made. */
  private settingsOf(body: TenantCreate): TenantSettings {
    const d = this.options.defaults;
    let scenario = d.scenario;
    if (body.scenario !== undefined || body.seed !== undefined) {
      scenario = resolveScenario(ScenarioSource.fromFile(this.options.scenarioFile), { scenario: body.scenario ?? d.scenario.name, seed: body.seed });
      checkScenario(scenario);
    }
    return { scenario, clock: body.clock ?? d.clock, speed: body.speed ?? d.speed };
  }

  private make(id: string, settings: TenantSettings): Promise<Tenant> {
    if (this.closed) return Promise.reject(new RequestProblem('unavailable', 'the server is stopping'));
    if (this.tenants.size + this.making.size >= this.max) {
      return Promise.reject(new RequestProblem('unavailable', `no tenant '${id}' can be made: the server holds its most tenants at once, ${this.max} (serve --max-tenants); DELETE /__admin/tenants/{id} one, or let one go idle (serve --tenant-idle)`, { field: 'id' }));
    }
    const making = this.options.make(id, settings).then(
      async (world) => {
        this.making.delete(id);
        const tenant = new Tenant(id, world, { scenario: settings.scenario.name, seed: settings.scenario.seed, clock: settings.clock, speed: settings.speed });
        if (this.closed) {
          await tenant.close();
          throw new RequestProblem('unavailable', 'the server is stopping');
        }
        this.tenants.set(id, tenant);
        this.options.log.info({ tenant: id, scenario: settings.scenario.name, seed: settings.scenario.seed, clock: settings.clock, speed: settings.speed }, 'tenant made');
        return tenant;
      },
      (err) => {
        this.making.delete(id);
        throw err;
      },
    );
    this.making.set(id, making);
    return making;
  }
}

function checkId(id: string): void {
  const problem = tenantIdProblem(id);
  if (problem) throw new RequestProblem('invalid', `the tenant id '${id.slice(0, 80)}' ${problem}`, { field: 'id' });
}
