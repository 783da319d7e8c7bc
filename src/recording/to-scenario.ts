/**
 * A recording as a scenario's timeline: its world-changing inputs as the entries a scenario's timeline
 * can express, for a QA engineer to keep in scenarios.yaml and edit. The recording is replayed, and what
 * each input did to the world (the events it caused while it was handled, before the clock moved on)
 * becomes entries at its virtual time, whichever API it came through: an agent's status or state, a call
 * into a queue, a dial-out, a call from outside, rest asked for, a queue's parameters, a fault (with
 * `for` when the admin plane removed it). What a timeline cannot express is left out and counted by kind:
 * resets and scenario loads, clock moves (the `at` times hold them), agents, queues and tiers made or
 * removed, what clients did to calls (answers, hang-ups, holds, transfers, dispositions), blocks, a rest
 * cancelled, and all that views keep (tokens, sessions, subscriptions). The entries replay the inputs'
 * effects, not their exact order within an instant, so the scenario is a starting point, not a replay.
 */
import { Document, isMap, isSeq } from 'yaml';
import type { WorldEvent } from '../scenarios/callcenter/world.js';
import type { Simulation } from '../simulation.js';
import type { HttpInput, Input, Recording } from './format.js';
import { bufferOf } from './format.js';
import { replayInFreshApp } from './replay-app.js';

export interface TimelineEntry {
  at: number;
  [key: string]: unknown;
}

export interface ScenarioTimeline {
  scenario: string;
  seed: number;
  timeline: TimelineEntry[];
  /** What the recording did that no timeline entry expresses, by kind, with how many times. */
  left_out: Record<string, number>;
}

/** Event types whose effect has no timeline entry (the kind they are counted under). */
const INEXPRESSIBLE: Record<string, string> = {
  'agent.created': 'agents created',
  'agent.updated': 'agents changed',
  'agent.removed': 'agents removed',
  'queue.created': 'queues created',
  'queue.removed': 'queues removed',
  'tier.added': 'tiers added',
  'tier.updated': 'tiers changed',
  'tier.removed': 'tiers removed',
  'call.held': 'calls held',
  'call.unheld': 'calls taken off hold',
  'call.transferred': 'calls transferred',
  'agent.blocked': 'agents blocked',
  'agent.unblocked': 'agents unblocked',
};

const seconds = (ms: number) => Math.round(ms) / 1000;

export async function recordingToTimeline(rec: Recording): Promise<ScenarioTimeline> {
  const timeline: TimelineEntry[] = [];
  const leftOut: Record<string, number> = {};
  const count = (kind: string) => void (leftOut[kind] = (leftOut[kind] ?? 0) + 1);
  let current: Input | null = null;
  let caused: WorldEvent[] = [];
  let sim: Simulation | null = null;
  /** Faults added through the admin plane: their id (from the recorded answer) → their entry, for `for`. */
  const faults = new Map<number, TimelineEntry>();
  const answers = new Map<number, string>();
  for (const l of rec.lines) if (l.type === 'response' && l.body?.text !== undefined && l.status === 201) answers.set(l.input, l.body.text);

  const finish = () => {
    if (!current || !sim) return;
    const input = current;
    const at = seconds(input.t);
    // What a clock move, a reset or a load brings is the world's own doing, not a change to script.
    if (input.type === 'http' && /^\/__admin\/(?:clock\/|reset|scenario)/.test(input.url)) caused = [];
    const statusOf = new Set(caused.filter((e) => e.type === 'agent.status').map((e) => (e as { agent: string }).agent));
    for (const e of caused) {
      switch (e.type) {
        case 'agent.status':
          // A status with a reason is the world's own consequence (max_no_answer, a removal).
          if (e.reason === undefined) timeline.push({ at, agent: e.agent, status: e.status });
          break;
        case 'agent.state':
          if ((e.state === 'waiting' || e.state === 'idle') && !statusOf.has(e.agent)) timeline.push({ at, agent: e.agent, state: e.state });
          break;
        case 'agent.dialing':
          timeline.push({ at, agent: e.agent, dial_out: e.number });
          break;
        case 'agent.external_call':
          timeline.push({ at, agent: e.agent, external_call: e.seconds, direction: e.direction });
          break;
        case 'agent.rest_requested':
          timeline.push({ at, agent: e.agent, rest: e.seconds });
          break;
        case 'call.arrived': {
          const patience = input.type === 'http' ? bodyJson(input)?.patience : undefined;
          timeline.push({ at, call: { queue: e.queue, number: e.number, ...(typeof patience === 'number' && { patience }) } });
          break;
        }
        case 'queue.updated': {
          const config = sim.engine.queries.queue(e.queue)?.config as Record<string, unknown> | undefined;
          if (config) timeline.push({ at, queue: e.queue, set: Object.fromEntries(e.fields.map((f) => [f, config[f]])) });
          break;
        }
        case 'agent.rest_ended':
          if (e.reason === 'cancelled') count('rests cancelled');
          break;
        case 'call.left':
          if (e.reason === 'abandoned') count('callers hung up by a client');
          break;
        case 'call.disposition':
          if (e.by === 'client') count('dispositions by a client');
          break;
        default:
          if (INEXPRESSIBLE[e.type]) count(INEXPRESSIBLE[e.type]);
      }
    }
    if (input.type === 'http') admin(input, at);
    current = null;
    caused = [];
  };

  /** What an admin input does beyond the world's events: faults, resets, loads, clock moves. */
  const admin = (input: HttpInput, at: number) => {
    const path = input.url.split('?')[0].replace(/\/+$/, '');
    if (input.method === 'POST' && path === '/__admin/faults') {
      const body = bodyJson(input);
      const answer = answers.get(input.n);
      if (body && answer) {
        const entry: TimelineEntry = { at: body.from === undefined ? at : Math.max(at, Number(body.from)), fault: { match: body.match, fault: body.fault, ...(body.probability !== undefined && { probability: body.probability }), ...(body.times !== undefined && { times: body.times }) } };
        if (body.until !== undefined) entry.for = Math.max(0, Number(body.until) - (entry.at as number));
        timeline.push(entry);
        faults.set((JSON.parse(answer) as { id: number }).id, entry);
      }
    } else if (input.method === 'DELETE' && /^\/__admin\/faults\/\d+$/.test(path)) {
      const entry = faults.get(Number(path.split('/').pop()));
      if (entry && entry.for === undefined) entry.for = Math.max(0, at - (entry.at as number));
    } else if (input.method === 'POST' && path === '/__admin/reset') count('resets');
    else if (input.method === 'PUT' && path === '/__admin/scenario') count('scenario loads');
    else if ((input.method === 'PUT' && path === '/__admin/clock') || path.startsWith('/__admin/clock/')) count('clock moves and mode changes (the times hold them)');
  };

  await replayInFreshApp(rec, {
    onEvent: (line) => {
      if (!current) return;
      const e = JSON.parse(line) as WorldEvent;
      // Only what happened at the input's instant: a later event is the clock's.
      if (e.t === current.t) caused.push(e);
    },
    onStep: (input, phase, simulation) => {
      sim = simulation;
      if (phase === 'before') {
        finish();
        current = input;
      } else finish();
    },
  });
  return { scenario: rec.header.scenario.name, seed: rec.header.scenario.seed, timeline, left_out: leftOut };
}

function bodyJson(input: HttpInput): Record<string, unknown> | null {
  if (!input.body) return null;
  try {
    const v = JSON.parse(bufferOf(input.body).toString('utf8')) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The timeline as YAML to paste into the scenario, with a comment saying what it is and what it leaves out. */
export function timelineYaml(t: ScenarioTimeline, file: string): string {
  const left = Object.entries(t.left_out).map(([k, n]) => `${n} ${k}`);
  const head = [
    `# The world-changing inputs of ${file}, a recording of scenario '${t.scenario}' (seed ${t.seed}),`,
    `# as timeline entries (at: seconds since the start): add them to that scenario's timeline in`,
    `# scenarios.yaml, or to a copy of it under a new name.`,
    left.length > 0 ? `# Left out (no timeline entry expresses them): ${left.join(', ')}.` : '# Nothing the recording did was left out.',
  ];
  // One entry a line, as scenarios.yaml writes them.
  const doc = new Document({ timeline: t.timeline });
  const seq = doc.get('timeline');
  if (isSeq(seq)) for (const item of seq.items) if (isMap(item)) item.flow = true;
  return `${head.join('\n')}\n${doc.toString({ lineWidth: 0 })}`;
}
