/**
 * What an agent does to a call it is talking on, from an operator desktop or a CRM: hold and resume,
 * unattended transfer, and the wrap-up result (disposition) that ends its wrap-up. Checks that the call
 * is in a fit state are the commands'; these functions only carry the change out.
 */
import { arrive, endCall, endWrapUpEarly } from './call-flow.js';
import { endExternal } from './external-calls.js';
import type { Agent, Call, Disposition, Queue, TransferTarget } from './model.js';
import type { World } from './world.js';

/** Whether the call is on hold now. */
export function onHold(call: Call): boolean {
  const holds = call.holds;
  return holds !== null && holds.length > 0 && holds[holds.length - 1].endT === null;
}

export function holdCall(w: World, call: Call): void {
  (call.holds ??= []).push({ t: w.now, endT: null });
  if (w.logs()) w.emit('call.held', { call: call.id, agent: call.agent });
}

export function resumeCall(w: World, call: Call): void {
  const holds = call.holds as NonNullable<Call['holds']>;
  holds[holds.length - 1].endT = w.now;
  if (w.logs()) w.emit('call.unheld', { call: call.id, agent: call.agent });
}

/**
 * Unattended transfer: the agent's part ends now (it released the call and wraps up); to a queue, the
 * caller joins it again as a new call that remembers where it came from. Returns that new call, if any.
 */
export function transferCall(w: World, call: Call, agent: Agent, target: TransferTarget, queue: Queue | null): Call | null {
  call.transferredTo = { ...target };
  const m = call.member;
  if (m) endCall(w, m, 'agent');
  else {
    const leg = agent.externals.find((x) => x.call === call);
    if (leg) endExternal(w, agent, leg, 'agent');
  }
  let next: Call | null = null;
  if (queue) {
    next = arrive(w, queue, {
      number: call.number,
      numberSeed: null,
      numberIndex: 0,
      baseScore: 0,
      timeInSystemSec: 0,
      patienceSec: null,
      exitKeyAfterSec: null,
      releasesFirst: 0.5,
      releaseDraw: w.rng.stream('callers:transfers').next(),
    });
    next.transferredFrom = call.id;
  }
  if (w.logs()) w.emit('call.transferred', { call: call.id, agent: agent.id, to: target, ...(next ? { new_call: next.id } : {}) });
  return next;
}

/** The client's wrap-up result; if the agent is still wrapping up after this call, that ends now. */
export function setDisposition(w: World, call: Call, d: Omit<Disposition, 'by'>): void {
  call.clientDisposition = { ...d, by: 'client' };
  call.changed();
  if (w.logs()) w.emit('call.disposition', { call: call.id, agent: call.agent, reason: d.reason, by: 'client' });
  const a = call.agent === null ? undefined : w.agents.get(call.agent);
  if (a && call.endedT !== null) endWrapUpEarly(w, a, call);
}
