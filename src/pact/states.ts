/**
 * Pact provider states: the named situations a consumer's pact says an interaction needs ("agent 101 is
 * on break"), each a sequence of the world's own commands and clock moves, so the state is a real one that
 * every view shows alike. This module reads a state's name (and the verifier's params) against the
 * built-in table and the scenario's `pact_states:` (scenario-states.ts), checks what it names, and applies
 * the steps to a world that has just been reset. It holds no call-center rule: what a status, a call or a
 * clock move does is the commands' business. The admin route (routes.ts) does the reset and the envelope.
 */
import type { CallCenterCommands } from '../scenarios/callcenter/commands.js';
import type { CallCenterQueries } from '../scenarios/callcenter/queries.js';
import type { PactStateSetup } from '../scenarios/scenario.js';
import { conflict, invalid, notFound } from '../scenarios/callcenter/errors.js';
import { durationMs } from '../scenarios/duration.js';
import { MAX_VIRTUAL_MS } from '../scenarios/load-scenario.js';
import { compileScenarioState } from './scenario-states.js';

/** What a state's steps reach: the world's write path, its queries and its (manual) clock. */
export interface StateWorld {
  command<T>(fn: (c: CallCenterCommands) => T): T;
  read<T>(fn: (q: CallCenterQueries) => T): T;
  /** Moves the clock forward by `seconds`, running what falls due. */
  advance(seconds: number): void;
  /** Runs to virtual time `t` (ms since the start). */
  runUntil(t: number): void;
  /** Virtual ms since the start. */
  now(): number;
  /** Epoch ms of virtual time 0. */
  readonly startMs: number;
}

/** Values a setup hands back to the verifier (Pact v3 provider-state injected values, `fromProviderState`). */
export type StateValues = Record<string, string | number | boolean | string[] | null>;

export type StateParams = Record<string, string>;

/** A state ready to apply: its name and values read, and what it names found in the world it will change. */
export interface PreparedState {
  name: string;
  params: StateParams;
  apply(world: StateWorld): StateValues;
}

interface BuiltIn {
  template: string;
  /** What the steps are, for the README's table and the unknown-state error. */
  steps: string;
  prepare(p: StateParams, world: StateWorld): (world: StateWorld) => StateValues;
}

/** Longest a built-in state waits for a call to finish, in virtual seconds. */
const FINISH_WITHIN_S = 3600;
/** How long a built-in talking state's call lasts, in virtual seconds: long past any verification. */
const TALK_S = 3600;
/** The patience of a built-in finished call's caller, so that it ends even if no agent answers. */
const FINISHED_CALL_PATIENCE_S = 600;

const agentValues = (world: StateWorld, id: string): StateValues => {
  const a = world.read((q) => q.agent(id));
  return { agent: id, agent_number: a?.number ?? null };
};

function status(s: string): BuiltIn['prepare'] {
  return (p, world) => {
    const id = agentRef(world, p.id);
    return (w) => {
      w.command((c) => c.setAgentStatus(id, s));
      return agentValues(w, id);
    };
  };
}

export const BUILT_IN_STATES: readonly BuiltIn[] = [
  { template: '', steps: 'nothing: the scenario at its start (what the verifier sends for an interaction without a state)', prepare: () => () => ({}) },
  { template: "the scenario's start", steps: 'nothing: the scenario at its start', prepare: () => () => ({}) },
  { template: 'agent {id} is available', steps: "the agent's status set to available", prepare: status('available') },
  { template: 'agent {id} is on break', steps: "the agent's status set to on_break", prepare: status('on_break') },
  { template: 'agent {id} is on demand', steps: "the agent's status set to on_demand", prepare: status('on_demand') },
  { template: 'agent {id} is logged out', steps: "the agent's status set to logged_out", prepare: status('logged_out') },
  {
    template: 'agent {id} has an ARM session',
    steps: "nothing in the world: it names the operator whose ARM session the verifier's request filter logs in for the interaction (ccsim pact verify does; a login of a logged-out operator puts it on break, as ARM's login does)",
    prepare: (p, world) => {
      const id = agentRef(world, p.id);
      return (w) => agentValues(w, id);
    },
  },
  {
    template: 'no agent is logged in',
    steps: "every agent's status set to logged_out",
    prepare: () => (w) => {
      for (const a of w.read((q) => q.agents())) w.command((c) => c.setAgentStatus(a.id, 'logged_out'));
      return {};
    },
  },
  {
    template: 'agent {id} is talking to {number}',
    steps: `the agent available, then an inbound call from the number connected to it (an outside call, ${TALK_S} s long)`,
    prepare: (p, world) => {
      const id = agentRef(world, p.id);
      const number = phone(p.number, 'number');
      return (w) => {
        w.command((c) => c.setAgentStatus(id, 'available'));
        const call = w.command((c) => c.startExternalCall(id, TALK_S, 'inbound', number));
        return { ...agentValues(w, id), call: call.id, number };
      };
    },
  },
  {
    template: 'agent {id} is dialling {number}',
    steps: 'the agent available, then a dial-out to the number (ringing)',
    prepare: (p, world) => {
      const id = agentRef(world, p.id);
      const number = phone(p.number, 'number');
      return (w) => {
        w.command((c) => c.setAgentStatus(id, 'available'));
        const call = w.command((c) => c.dialOut(id, number));
        return { ...agentValues(w, id), call: call.id, number };
      };
    },
  },
  {
    template: 'agent {id} has asked for {seconds} seconds of rest',
    steps: 'the agent asks for rest with approval (granted, after its call, or in line)',
    prepare: (p, world) => {
      const id = agentRef(world, p.id);
      const seconds = wholeNumber(p.seconds, 'seconds', 1, 86_400);
      return (w) => {
        const phase = w.command((c) => c.requestRest(id, seconds));
        return { ...agentValues(w, id), rest_phase: phase };
      };
    },
  },
  {
    template: 'queue {id} has {n} callers waiting',
    steps: "every agent of the queue set idle (its status kept, so callers may enter), then n callers join it with generated numbers",
    prepare: (p, world) => {
      const queue = queueRef(world, p.id);
      const n = wholeNumber(p.n, 'n', 0, 1000);
      return (w) => {
        for (const a of w.read((q) => q.queue(queue)?.agents ?? [])) w.command((c) => c.setAgentState(a.agent, 'idle'));
        const calls: string[] = [];
        for (let i = 0; i < n; i++) calls.push(w.command((c) => c.injectCaller({ queue })).id);
        return { queue, calls };
      };
    },
  },
  {
    template: 'a caller from {number} calls queue {queue}',
    steps: 'a caller with that number joins the queue now (what POST /__admin/calls does)',
    prepare: (p, world) => {
      const queue = queueRef(world, p.queue);
      const number = phone(p.number, 'number');
      return (w) => ({ queue, number, call: w.command((c) => c.injectCaller({ queue, number })).id });
    },
  },
  {
    template: 'a finished call from {number} at {time}',
    steps: `the clock run to the time, a caller with that number (patience ${FINISHED_CALL_PATIENCE_S} s) joins the scenario's first queue, and the clock runs until the call has finished (at most ${FINISH_WITHIN_S} s)`,
    prepare: (p, world) => finishedCall(world, p.number, p.time, null),
  },
  {
    template: 'a finished call from {number} to queue {queue} at {time}',
    steps: 'as above, into the named queue',
    prepare: (p, world) => finishedCall(world, p.number, p.time, p.queue),
  },
  {
    template: '{seconds} seconds have passed',
    steps: 'the clock moved forward by that many seconds (what POST /__admin/clock/advance does)',
    prepare: (p) => {
      const seconds = Number(p.seconds);
      if (!(p.seconds.trim() !== '' && Number.isFinite(seconds) && seconds >= 0 && seconds <= MAX_VIRTUAL_MS / 1000)) throw invalid(`'seconds' must be a number of seconds from 0 to ${MAX_VIRTUAL_MS / 1000} (got '${p.seconds}')`, 'params.seconds');
      return (w) => {
        w.advance(seconds);
        return { t: w.now() };
      };
    },
  },
  {
    template: 'the clock is at {time}',
    steps: 'the clock run to the time (what POST /__admin/clock/run-until does)',
    prepare: (p, world) => {
      const t = timeOf(world, p.time);
      return (w) => {
        runTo(w, t);
        return { t: w.now() };
      };
    },
  },
];

function finishedCall(world: StateWorld, numberText: string, timeText: string, queueText: string | null): (w: StateWorld) => StateValues {
  const number = phone(numberText, 'number');
  const t = timeOf(world, timeText);
  const queue = queueText === null ? firstQueue(world) : queueRef(world, queueText);
  return (w) => {
    runTo(w, t);
    const call = w.command((c) => c.injectCaller({ queue, number, patience: FINISHED_CALL_PATIENCE_S }));
    for (let s = 0; s < FINISH_WITHIN_S && w.read((q) => q.call(call.id)?.endedT ?? null) === null; s++) w.advance(1);
    const record = w.read((q) => q.call(call.id));
    if (record?.endedT === null || record?.endedT === undefined) throw invalid(`the call from ${number} had not finished ${FINISH_WITHIN_S} s after it joined queue '${queue}'`, 'state');
    return { queue, number, call: call.id, answered: record.answeredT !== null };
  };
}

/** The clock run to `t`; a time already passed is the caller's mistake, not a no-op. */
function runTo(w: StateWorld, t: number): void {
  if (t < w.now()) throw conflict('clock.past', `the time ${new Date(w.startMs + t).toISOString()} has passed: the clock is at ${new Date(w.startMs + w.now()).toISOString()}`, 'params.time');
  if (t > w.now()) w.runUntil(t);
}

/** A state's name and params read against the scenario's states, then the built-in ones; throws naming the states there are. */
export function prepareState(name: string, params: Record<string, unknown>, world: StateWorld, scenarioStates: readonly PactStateSetup[] = []): PreparedState {
  const given = paramsOf(params);
  for (const s of scenarioStates) {
    const read = readName(s.name, name, given);
    if (read) {
      const apply = compileScenarioState(s, read);
      return { name, params: read, apply };
    }
  }
  for (const b of BUILT_IN_STATES) {
    const read = readName(b.template, name, given);
    if (read) {
      const apply = b.prepare(read, world);
      return { name, params: read, apply };
    }
  }
  throw invalid(`no provider state '${name}'; the states are: ${knownStates(scenarioStates).map((s) => `'${s}'`).join(', ')}`, 'state');
}

/** Every state's name, the scenario's first, for messages and listings. */
export function knownStates(scenarioStates: readonly PactStateSetup[] = []): string[] {
  return [...scenarioStates.map((s) => s.name), ...BUILT_IN_STATES.map((b) => b.template).filter((t) => t !== '')];
}

/** The verifier's params as text (a JSON number 101 names agent "101"); objects and lists are refused. */
function paramsOf(params: Record<string, unknown>): StateParams {
  const out: StateParams = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'object') throw invalid(`params.${k} must be a string, a number or a boolean`, `params.${k}`);
    out[k] = String(v);
  }
  return out;
}

/**
 * The parameters of `name` read against `template` ({param} placeholders match any text), or null when
 * it does not fit. A placeholder left as it is in the name (`agent {id} is on break` with params
 * `{id: 101}`) takes the param's value; extra params are kept for the steps.
 */
export function readName(template: string, name: string, given: StateParams): StateParams | null {
  const names: string[] = [];
  const pattern = template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}|[.*+?^${}()|[\]\\]/g, (m, param: string | undefined) => {
    if (param === undefined) return `\\${m}`;
    names.push(param);
    return '(.+?)';
  });
  const m = new RegExp(`^${pattern}$`).exec(name.trim());
  if (!m) return null;
  const out: StateParams = { ...given };
  names.forEach((param, i) => {
    const text = m[i + 1];
    if (text === `{${param}}`) {
      if (given[param] === undefined) throw invalid(`provider state '${template}' needs the parameter '${param}' (in its name or in params)`, `params.${param}`);
    } else out[param] = text;
  });
  return out;
}

/** An agent named by its id or, failing that, by its number (what the vendors' consumers call it). */
export function agentRef(world: StateWorld, ref: string): string {
  if (world.read((q) => q.agent(ref))) return ref;
  const byNumber = world.read((q) => q.agents()).filter((a) => a.number === ref);
  if (byNumber.length === 1) return byNumber[0].id;
  throw notFound('agent', ref, 'params.id');
}

/** A queue named by its id or, failing that, by its name. */
export function queueRef(world: StateWorld, ref: string): string {
  if (world.read((q) => q.queue(ref))) return ref;
  const byName = world.read((q) => q.queues()).filter((x) => x.name === ref);
  if (byName.length === 1) return byName[0].id;
  throw notFound('queue', ref, 'params.queue');
}

function firstQueue(world: StateWorld): string {
  const first = world.read((q) => q.queues())[0];
  if (!first) throw notFound('queue', '(the first)', 'params.queue');
  return first.id;
}

function phone(text: string, field: string): string {
  if (!/^\+?[0-9*#]{1,32}$/.test(text)) throw invalid(`'${field}' must be a phone number: digits, * or #, with an optional leading + (got '${text}')`, `params.${field}`);
  return text;
}

function wholeNumber(text: string, field: string, min: number, max: number): number {
  const n = Number(text);
  if (!(/^[0-9]+$/.test(text) && n >= min && n <= max)) throw invalid(`'${field}' must be a whole number from ${min} to ${max} (got '${text}')`, `params.${field}`);
  return n;
}

/**
 * Virtual ms since the start of a time as a state names it: an ISO 8601 date-time, a time of day on
 * the scenario's first day (`09:05`, `09:05:30`, UTC), or a duration after the start (`5m`, `300`).
 */
export function timeOf(world: StateWorld, text: string): number {
  const s = text.trim();
  let t: number;
  const day = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (day) {
    const start = new Date(world.startMs);
    t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate(), Number(day[1]), Number(day[2]), Number(day[3] ?? 0)) - world.startMs;
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s))) t = Date.parse(s) - world.startMs;
  else {
    try {
      t = durationMs(s);
    } catch {
      throw invalid(`'time' must be an ISO 8601 date-time, a time of day like 09:05 (UTC, the scenario's first day) or a duration after the start like 5m (got '${text}')`, 'params.time');
    }
  }
  if (!(t >= 0 && t <= MAX_VIRTUAL_MS)) throw invalid(`'time' ${text} is not within the scenario's 100 years from its start`, 'params.time');
  return t;
}
