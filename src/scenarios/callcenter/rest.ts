/**
 * Rest (break) with approval, as Huawei CC-CMS runs it for a VDN: at most `rest.max_agents` agents rest
 * at once. An agent on a call is granted a place and rests when its calls end; one who asks while every
 * place is taken waits in line (and keeps taking calls); the others rest at once, on break for the
 * seconds they asked for, then go back to the status they had. Any other status change ends a rest.
 */
import { setAgentStatus } from './agent-control.js';
import type { Agent, Rest } from './model.js';
import { PRIORITY, type World } from './world.js';
import type { AgentRestEnded } from '../../generated/events/events.js';

/** Asks for `seconds` of rest; returns where the request stands. Checks are the command's. */
export function requestRest(w: World, a: Agent, seconds: number, reason: string | null): Rest['phase'] {
  const rest: Rest = { phase: 'queued', requestedT: w.now, beginT: null, seconds, reason, statusBefore: a.status, end: null };
  a.rest = rest;
  // Behind anyone already in line, so places go first come first served.
  if (w.restQueue.length > 0 || placesTaken(w) >= limit(w)) {
    w.restQueue.push(a);
    if (w.logs()) w.emit('agent.rest_requested', { agent: a.id, seconds, phase: 'queued' });
    return 'queued';
  }
  grant(w, a, true);
  return rest.phase;
}

/** Leaves the line or ends the rest now (back to the status from before). */
export function cancelRest(w: World, a: Agent, why: AgentRestEnded['reason'] = 'cancelled'): void {
  const rest = a.rest;
  if (!rest) return;
  a.rest = null;
  w.scheduler.cancel(rest.end);
  dequeue(w, a);
  if (w.logs()) w.emit('agent.rest_ended', { agent: a.id, reason: why });
  if (rest.phase === 'resting') setAgentStatus(w, a, rest.statusBefore, 'rest_ended');
  grantWaiting(w);
}

/** A call or ring of the agent ended: a granted rest starts once the agent has none left. */
export function restMayStart(w: World, a: Agent): void {
  if (a.rest?.phase === 'after_call' && !busy(a)) startResting(w, a);
}

/** setAgentStatus's hook: leaving the break ends a rest; logging out drops any request. */
export function restStatusChanged(w: World, a: Agent): void {
  const rest = a.rest;
  if (!rest) return;
  if (rest.phase === 'resting' ? a.status !== 'on_break' : a.status === 'logged_out') {
    a.rest = null;
    w.scheduler.cancel(rest.end);
    dequeue(w, a);
    if (w.logs()) w.emit('agent.rest_ended', { agent: a.id, reason: a.status === 'logged_out' ? 'logged_out' : 'status_change' });
    grantWaiting(w);
  }
}

/** The VDN's limit; Infinity when the scenario sets none. */
function limit(w: World): number {
  return w.scenario.restMaxAgents ?? Number.POSITIVE_INFINITY;
}

/** Agents holding a place: resting, or granted and waiting for their calls to end. */
export function placesTaken(w: World): number {
  let n = 0;
  for (const a of w.agents.values()) if (a.rest && a.rest.phase !== 'queued') n++;
  return n;
}

function busy(a: Agent): boolean {
  return a.call !== null || a.leg !== null || a.externals.length > 0;
}

function grant(w: World, a: Agent, justAsked: boolean): void {
  const rest = a.rest as Rest;
  rest.phase = busy(a) ? 'after_call' : 'resting';
  if (justAsked && w.logs()) w.emit('agent.rest_requested', { agent: a.id, seconds: rest.seconds, phase: rest.phase });
  if (rest.phase === 'resting') {
    rest.phase = 'after_call';
    startResting(w, a);
  }
}

function startResting(w: World, a: Agent): void {
  const rest = a.rest as Rest;
  rest.statusBefore = a.status;
  setAgentStatus(w, a, 'on_break', 'rest');
  rest.phase = 'resting';
  rest.beginT = w.now;
  rest.end = w.scheduler.at(w.now + rest.seconds * 1000, PRIORITY.timer, () => {
    rest.end = null;
    cancelRest(w, a, 'elapsed');
  });
  if (w.logs()) w.emit('agent.rest_started', { agent: a.id, seconds: rest.seconds });
}

/** Gives freed places to the agents in line, first come first served. */
function grantWaiting(w: World): void {
  while (w.restQueue.length > 0 && placesTaken(w) < limit(w)) {
    const a = w.restQueue.shift() as Agent;
    if (a.rest?.phase === 'queued') grant(w, a, false);
  }
}

function dequeue(w: World, a: Agent): void {
  const i = w.restQueue.indexOf(a);
  if (i >= 0) w.restQueue.splice(i, 1);
}
