/**
 * Test harness: builds an engine from an inline YAML scenario in manual clock mode, records its event
 * log, and offers short ways to move time and read what happened.
 */
import { Engine, type EngineOptions } from '../../src/scenarios/engine.js';
import { loadScenarioText } from '../../src/scenarios/load-scenario.js';
import type { WorldEvent } from '../../src/scenarios/callcenter/world.js';

/** An event as the tests read it: any field by name (the engine's own type is the schema's union). */
export type LogEvent = WorldEvent & { [field: string]: any };

export class Sim {
  readonly engine: Engine;
  readonly events: LogEvent[] = [];

  constructor(yaml: string, options: EngineOptions & { scenario?: string } = {}) {
    const scenario = loadScenarioText(yaml, 'test.yaml', { scenario: options.scenario, seed: options.seed });
    this.engine = new Engine(scenario, { ...options, onEvent: (e) => this.events.push(e as LogEvent) });
  }

  /** Runs to `seconds` since the start (virtual time). */
  at(seconds: number): this {
    this.engine.runUntil(Math.round(seconds * 1000));
    return this;
  }

  get t(): number {
    return this.engine.now / 1000;
  }

  /** Events of a type (prefix match), optionally filtered by fields, as compact tuples for assertions. */
  of(type: string, where: Record<string, unknown> = {}): LogEvent[] {
    return this.events.filter((e) => e.type.startsWith(type) && Object.entries(where).every(([k, v]) => e[k] === v));
  }

  /** `[t seconds, agent]` of every offer (call.offered), the routing story in one list. */
  offers(call?: string): [number, string][] {
    return this.of('call.offered', call ? { call } : {}).map((e) => [e.t / 1000, e.agent as string]);
  }

  agent(id: string) {
    const a = this.engine.queries.agent(id);
    if (!a) throw new Error(`no agent ${id}`);
    return a;
  }

  /** The call id of the n-th arrival (0-based). */
  call(n: number): string {
    const e = this.of('call.arrived')[n];
    if (!e) throw new Error(`no arrival #${n}`);
    return e.call as string;
  }
}

/** A one-queue scenario with the given queue settings, agents and fixed arrivals, as YAML. */
export function oneQueue(opts: {
  queue?: Record<string, unknown>;
  agents: Record<string, unknown>[];
  arrivals?: number[];
  callers?: Record<string, unknown>;
  timeline?: Record<string, unknown>[];
  /** More top-level scenario keys (rest, outbound, wrap_up_reasons, …). */
  extra?: Record<string, unknown>;
}): string {
  const scenario = {
    scenarios: {
      t: {
        seed: 1,
        start: '2026-11-20T09:00:00Z',
        duration: '2h',
        queues: [{ id: 'q', tier_rules_apply: false, ...(opts.queue ?? {}) }],
        agents: opts.agents,
        callers: opts.arrivals ? [{ queue: 'q', arrivals: { process: 'fixed', at: opts.arrivals }, ...(opts.callers ?? {}) }] : [],
        timeline: opts.timeline ?? [],
        ...(opts.extra ?? {}),
      },
    },
  };
  return JSON.stringify(scenario);
}
