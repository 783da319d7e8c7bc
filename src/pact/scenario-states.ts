/**
 * A scenario's own provider states (`pact_states:`): its {param} placeholders filled from the state's name
 * and params, each step then checked as the scenario schema checks a timeline entry and run through the
 * same commands (an agent named by its id or its number, as built-in states take it) the timeline runs, at its `at` after the setup began. Unlike the timeline, a step the
 * world refuses is an error the verifier sees, not a skipped entry. The loader (load-scenario.ts) has
 * checked what holds whatever the parameters.
 */
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import type { PactStateSetup } from '../scenarios/scenario.js';
import type { TimelineEntry as TimelineYaml } from '../generated/scenario.js';
import { invalid } from '../scenarios/callcenter/errors.js';
import { durationMs } from '../scenarios/duration.js';
import { agentRef, queueRef, type StateParams, type StateValues, type StateWorld } from './states.js';

let timelineEntry: ValidateFunction | null = null;
function validTimelineEntry(): ValidateFunction {
  if (!timelineEntry) {
    const schema = createRequire(import.meta.url)('../../schemas/scenario.schema.json') as { $id: string };
    const ajv = new Ajv({ allErrors: false, strict: false, validateFormats: false });
    ajv.addSchema(schema);
    timelineEntry = ajv.compile({ $ref: `${schema.$id}#/definitions/TimelineEntry` });
  }
  return timelineEntry;
}

/** Fields a placeholder may stand for whole and that the schema wants as numbers. */
const NUMERIC = new Set(['external_call', 'rest', 'patience']);

/** The steps with the params filled in, checked; the returned function applies them to a reset world. */
export function compileScenarioState(setup: PactStateSetup, params: StateParams): (world: StateWorld) => StateValues {
  const steps = setup.steps.map((raw, i) => {
    const filled = fill(raw, params, `step ${i + 1}`) as Record<string, unknown>;
    const entry = { at: 0, ...filled } as TimelineYaml;
    const validate = validTimelineEntry();
    if (!validate(entry) || (entry as { fault?: unknown }).fault !== undefined) {
      const e = validate.errors?.[0];
      throw invalid(`provider state '${setup.name}', step ${i + 1}: ${e ? `${e.instancePath || 'the step'} ${e.message}` : 'not a timeline step'}`, 'state');
    }
    return { atMs: durationMs(entry.at), entry, index: i };
  });
  // Stable by `at`: steps of one instant run in the order written.
  steps.sort((a, b) => a.atMs - b.atMs || a.index - b.index);
  return (world) => {
    const start = world.now();
    const values: StateValues = { ...params };
    for (const { atMs, entry } of steps) {
      if (start + atMs > world.now()) world.runUntil(start + atMs);
      const call = runStep(world, entry);
      if (call) values.call = call;
    }
    return values;
  };
}

/** One step through the commands, as the scenario driver runs a timeline entry; the call it made, if any. */
function runStep(world: StateWorld, e: TimelineYaml): string | null {
  const agent = e.agent === undefined ? '' : agentRef(world, e.agent);
  const named = e.call?.queue ?? e.queue;
  const queue = named === undefined ? '' : queueRef(world, named);
  return world.command((c) => {
    if (e.status !== undefined) c.setAgentStatus(agent, e.status);
    else if (e.state !== undefined) c.setAgentState(agent, e.state);
    else if (e.external_call !== undefined) return c.startExternalCall(agent, e.external_call, e.direction ?? 'outbound', e.number ?? null).id;
    else if (e.dial_out !== undefined) return c.dialOut(agent, e.dial_out).id;
    else if (e.rest !== undefined) c.requestRest(agent, e.rest);
    else if (e.call !== undefined) return c.injectCaller({ queue, number: e.call.number ?? null, patience: e.call.patience ?? null }).id;
    else if (e.set !== undefined) c.updateQueue(queue, e.set as Record<string, unknown>);
    return null;
  });
}

/** A step's values with `{param}` replaced; a value that is one placeholder alone takes a number's type where the field wants one. */
function fill(value: unknown, params: StateParams, where: string, key = ''): unknown {
  if (typeof value === 'string') {
    const whole = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value);
    const text = value.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      if (params[name] === undefined) throw invalid(`${where} needs the parameter '${name}' (in the state's name or in params)`, `params.${name}`);
      return params[name];
    });
    return whole && NUMERIC.has(key) && text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, params, where, key));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, params, where, k)]));
  return value;
}
