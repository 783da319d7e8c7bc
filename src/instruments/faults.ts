/**
 * Faults a test makes the vendors' servers show, on every protocol: an HTTP exchange delayed, answered with
 * an error status (in the vendor's own format), reset, closed without a response, answered with garbage,
 * or sent slowly; a WebSocket frame dropped, delayed, duplicated or held back, the socket closed or
 * stalled; a webhook delivery failed, timed out or delayed. A fault selects exchanges with a journal
 * matcher, may be limited to a window of virtual time and a number of times, and applies with a
 * probability drawn from a seeded stream of its own: the n-th exchange it matches, in the order the server
 * receives them, draws the n-th number, so the same seed and the same requests give the same faults.
 * Faults come from the admin plane or from the scenario (its `faults:`, and timeline entries). Applying
 * them is each transport's business (http.ts, the ARM session, the Telphin webhooks); this decides which.
 */
import { RandomStreams, uniformAt } from '../scenarios/kernel/rng.js';
import type { ScenarioFaultSetup } from '../scenarios/scenario.js';
import { loadContract } from '../simulators/shared/contract.js';
import type { EntryKind, JournalEntry } from './journal.js';
import type { FaultAction as SchemaFaultAction, FaultSpec as SchemaFaultSpec } from '../generated/admin/admin.js';
import { compileMatcher, type CompiledMatcher } from './matcher.js';
import type { Tally } from './tally.js';

/** A delay as schemas/admin defines it (FaultAction.ms). */
export type Delay = NonNullable<SchemaFaultAction['ms']>;

export type HttpFault =
  | { kind: 'delay'; ms: Delay }
  | { kind: 'status'; status: number; message?: string }
  | { kind: 'reset' }
  | { kind: 'empty' }
  | { kind: 'malformed' }
  | { kind: 'slow_body'; bytes_per_second?: number };

export type WsFault = { kind: 'drop' } | { kind: 'delay'; ms: Delay } | { kind: 'duplicate' } | { kind: 'reorder' } | { kind: 'close'; code?: number; reason?: string } | { kind: 'stall' };

export type WebhookFault = { kind: 'fail'; status?: number } | { kind: 'timeout' } | { kind: 'delay'; ms: Delay };

export type FaultAction = HttpFault | WsFault | WebhookFault;

/**
 * A fault as schemas/admin defines it (FaultSpec), its `fault` narrowed to the kinds' own fields (the schema
 * lists every field as optional; faultProblem checks each kind's).
 */
export type FaultSpec = Omit<SchemaFaultSpec, 'fault'> & { fault: FaultAction };

export interface Fault extends FaultSpec {
  id: number;
  source: 'api' | 'scenario';
  /** Exchanges it matched, and the times it applied. */
  matched: number;
  applied: number;
}

const KINDS: Record<'http' | 'ws' | 'webhook', readonly string[]> = {
  http: ['delay', 'status', 'reset', 'empty', 'malformed', 'slow_body'],
  ws: ['drop', 'delay', 'duplicate', 'reorder', 'close', 'stall'],
  webhook: ['fail', 'timeout', 'delay'],
};

/** Why a fault specification cannot be installed (the field named), or null. */
export function faultProblem(spec: FaultSpec): { field: string; message: string } | null {
  const kind = spec.match?.kind ?? 'http';
  if (kind === 'admin') return { field: 'match.kind', message: 'faults apply to a client\'s exchanges (http, ws, webhook), not to the admin plane' };
  if (!KINDS[kind].includes(spec.fault?.kind)) return { field: 'fault.kind', message: `a ${kind} fault is one of ${KINDS[kind].join(', ')}` };
  if (kind === 'ws' && spec.match.method !== undefined && spec.match.method.toUpperCase() !== 'OUT') return { field: 'match.method', message: 'a ws fault applies to the frames the server sends (method OUT: replies and pushed events), not to what a client sends' };
  if (spec.fault.kind === 'status' && !(Number.isInteger(spec.fault.status) && spec.fault.status >= 400 && spec.fault.status <= 599)) return { field: 'fault.status', message: 'status must be an HTTP error status from 400 to 599' };
  if (spec.fault.kind === 'fail' && spec.fault.status !== undefined && !(Number.isInteger(spec.fault.status) && spec.fault.status >= 400 && spec.fault.status <= 599)) return { field: 'fault.status', message: 'status must be from 400 to 599' };
  if (spec.fault.kind === 'close' && spec.fault.code !== undefined && !(Number.isInteger(spec.fault.code) && ((spec.fault.code >= 1000 && spec.fault.code <= 1014 && ![1004, 1005, 1006].includes(spec.fault.code)) || (spec.fault.code >= 3000 && spec.fault.code <= 4999)))) return { field: 'fault.code', message: 'code must be a WebSocket close code a server may send (1000-1003, 1007-1014, 3000-4999; 1004-1006 are reserved)' };
  if (spec.fault.kind === 'close' && spec.fault.reason !== undefined && Buffer.byteLength(String(spec.fault.reason)) > 123) return { field: 'fault.reason', message: 'a close reason holds at most 123 bytes (RFC 6455)' };
  if (spec.from !== undefined && spec.until !== undefined && spec.until <= spec.from) return { field: 'until', message: 'until must be after from' };
  try {
    compileMatcher(spec.match);
  } catch (err) {
    return { field: 'match', message: `the matcher cannot be read: ${(err as Error).message}` };
  }
  return null;
}

/** A delay in ms, drawn (when it is a distribution) from the fault's stream at `n`. */
export function delayMs(d: Delay, seedWords: readonly number[], n: number): number {
  if (typeof d === 'number') return d;
  const u = uniformAt(seedWords, 2 * n + 1);
  if (d.distribution === 'uniform') return d.min + u * (d.max - d.min);
  // Lognormal with the variate's own mean and sd (as the scenario's distributions): Box-Muller on two draws.
  const v = uniformAt(seedWords, 2 * n + 2);
  const sigma2 = Math.log(1 + (d.sd * d.sd) / (d.mean * d.mean));
  const mu = Math.log(d.mean) - sigma2 / 2;
  const z = Math.sqrt(-2 * Math.log(Math.max(u, 1e-12))) * Math.cos(2 * Math.PI * v);
  return Math.exp(mu + Math.sqrt(sigma2) * z);
}

interface Armed {
  fault: Fault;
  matcher: CompiledMatcher;
  seed: readonly number[];
}

export class Faults {
  private installed: Armed[] = [];
  private nextId = 1;

  constructor(
    private seed: number,
    /** Where the faults applied are counted (GET /metrics). */
    private readonly tally?: Tally,
  ) {}

  list(): Fault[] {
    return this.installed.map((a) => a.fault);
  }

  get(id: number): Fault | undefined {
    return this.installed.find((a) => a.fault.id === id)?.fault;
  }

  add(spec: FaultSpec, source: Fault['source'] = 'api'): Fault {
    const fault: Fault = { ...structuredClone(spec), id: this.nextId++, source, matched: 0, applied: 0 };
    this.installed.push({ fault, matcher: compileMatcher(fault.match), seed: new RandomStreams(this.seed).seedWords(`fault:${fault.id}`) });
    return fault;
  }

  remove(id: number): boolean {
    const before = this.installed.length;
    this.installed = this.installed.filter((a) => a.fault.id !== id);
    return this.installed.length < before;
  }

  /** Removes the faults of one source (or all). */
  clear(source?: Fault['source']): void {
    this.installed = source ? this.installed.filter((a) => a.fault.source !== source) : [];
  }

  /**
   * A new scenario or a reset: the scenario's faults armed again from the start (their counts at zero);
   * the seed of the faults' streams is the scenario's.
   */
  rearm(seed: number, scenarioFaults: readonly FaultSpec[]): void {
    this.seed = seed;
    const api = this.installed.filter((a) => a.fault.source === 'api').map((a) => a.fault);
    this.installed = [];
    this.nextId = 1;
    for (const spec of scenarioFaults) this.add(spec, 'scenario');
    for (const f of api) this.add({ match: f.match, fault: f.fault, probability: f.probability, times: f.times, from: f.from, until: f.until }, 'api');
  }

  /** Whether any fault selects exchanges of `kind` (with the journal off, nothing else needs their fields). */
  armed(kind: EntryKind): boolean {
    return this.installed.some((a) => (a.fault.match.kind ?? 'http') === kind);
  }

  /**
   * The fault that applies to an exchange of `kind` at virtual ms `t`: every active fault that matches it
   * counts it and draws its number; the first (in the order they were installed) that draws under its
   * probability applies. Returns it with its draw index (for delays), or null.
   */
  pick(kind: EntryKind, entry: JournalEntry, t: number): { fault: Fault; n: number; seed: readonly number[] } | null {
    let chosen: { fault: Fault; n: number; seed: readonly number[] } | null = null;
    for (const a of this.installed) {
      const f = a.fault;
      if ((f.match.kind ?? 'http') !== kind) continue;
      if (f.times !== undefined && f.applied >= f.times) continue;
      if (f.from !== undefined && t < f.from * 1000) continue;
      if (f.until !== undefined && t >= f.until * 1000) continue;
      if (!a.matcher.matches(entry)) continue;
      const n = f.matched++;
      const p = f.probability ?? 1;
      if (chosen || !(p >= 1 || uniformAt(a.seed, 2 * n) < p)) continue;
      f.applied++;
      chosen = { fault: f, n, seed: a.seed };
    }
    if (chosen) this.tally?.faults.add({ protocol: kind, kind: chosen.fault.fault.kind });
    return chosen;
  }
}

const contract = loadContract('admin');
const validateSpec = contract.validator(contract.ajv({ allErrors: false, coerceTypes: false, useDefaults: false }), 'FaultSpec');

/**
 * The problems of a scenario's faults (its `faults:` and timeline entries, as the loader resolved them),
 * checked against FaultSpec as the admin plane checks one: `[]` when every one can be armed.
 */
export function scenarioFaultProblems(faults: readonly ScenarioFaultSetup[]): string[] {
  const out: string[] = [];
  faults.forEach((f, i) => {
    if (!validateSpec(f)) {
      const e = validateSpec.errors?.[0];
      out.push(`faults[${i}]${(e?.instancePath ?? '').replace(/\//g, '.')}: ${e?.message ?? 'is not valid'}`);
      return;
    }
    const p = faultProblem(f as unknown as FaultSpec);
    if (p) out.push(`faults[${i}].${p.field}: ${p.message}`);
  });
  return out;
}
