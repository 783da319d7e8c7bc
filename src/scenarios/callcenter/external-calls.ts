/**
 * An agent's calls outside the queues (mod_callcenter's external_calls_count): a call already connected
 * (inbound or outbound, for a given time), a dial-out whose far end rings and answers or not, as the
 * scenario's `outbound` section says, or a click-to-call, which rings the agent's own phone first. They
 * leave the agent's queue status and state alone; with skip_busy_agents a queue keeps its calls away
 * until they end. Whether the agent's phone has a free line to dial from is decided here too
 * (dialOutRefusal). Queue calls are call-flow.ts's.
 */
import { sample } from '../kernel/distributions.js';
import type { Agent, Call, ExternalLeg, ReleasedBy } from './model.js';
import { closeHolds, logAgentDisposition } from './call-flow.js';
import { onHold } from './call-control.js';
import { conflict, type DomainError } from './errors.js';
import { restMayStart } from './rest.js';
import { PRIORITY, type World } from './world.js';

/** A call that is connected now and lasts `seconds`; the agent hangs up an outbound one, the caller an inbound one. */
export function startExternalCall(w: World, a: Agent, seconds: number, direction: Call['direction'], number: string): Call {
  const call = newExternal(w, a, direction, number);
  const leg = addLeg(w, a, call, 'talking');
  call.answeredT = w.now;
  call.exitReason = 'answered';
  if (w.logs()) w.emit('agent.external_call', { agent: a.id, call: call.id, direction, seconds });
  endAfter(w, a, leg, seconds, direction === 'outbound' ? 'agent' : 'caller');
  return call;
}

/**
 * Why the agent's phone cannot dial out now, or null when it can. A phone places a call from a free line
 * only: Huawei's CC-Gateway makes a call out only when the agent "is not answering any call (except a
 * held call)", and a SIP phone on a call (FreeSWITCH, ECSS-10) puts it on hold before dialling a second
 * line; the Webex-based service is taken to do the same (one voice contact at a time). So a ring in
 * progress (a queue call offered), a call the agent talks on that is not on hold (a queue call or an
 * outside one, either direction), or a dial-out whose far end still rings is a conflict; calls on hold,
 * wrap-up and any status but Logged Out (checked by the command) leave the line free.
 */
export function dialOutRefusal(a: Agent): DomainError | null {
  if (a.leg) return conflict('agent.line_busy', `agent '${a.id}' is ringing with call '${a.leg.member.call.id}': its phone cannot dial out until the ring ends`, 'agent');
  if (a.call && !onHold(a.call)) return conflict('agent.line_busy', `agent '${a.id}' is talking on call '${a.call.id}': put it on hold before dialling out`, 'agent');
  for (const x of a.externals) {
    if (x.phase === 'dialing') return conflict('agent.line_busy', `agent '${a.id}' is already dialling out on call '${x.call.id}'`, 'agent');
    if (!onHold(x.call)) return conflict('agent.line_busy', `agent '${a.id}' is talking on call '${x.call.id}': put it on hold before dialling out`, 'agent');
  }
  return null;
}

/**
 * The agent dials `number` (the command has checked dialOutRefusal): the far end answers after the
 * scenario's delay with its probability (then they talk for the agent's talk time and the agent hangs
 * up), or the agent gives up after `no_answer_after`. Draws come from the agent's own outbound stream.
 */
export function dialOut(w: World, a: Agent, number: string): Call {
  const call = newExternal(w, a, 'outbound', number);
  const leg = addLeg(w, a, call, 'dialing');
  if (w.logs()) w.emit('agent.dialing', { agent: a.id, call: call.id, number });
  ringFarEnd(w, a, leg, farEnd(w, a, null));
  return call;
}

/**
 * A click-to-call (Telphin's callback; the command has checked dialOutRefusal): the agent's own phone
 * rings first and the agent picks it up after `pickupAfterSec`, unless that is not before `waitSec`, when
 * the call ends unanswered (released by the system). Once picked up, the number is dialled as by dialOut,
 * with the same draws from the same stream, made now; `maxTalkSec` cuts the conversation short. The
 * agent's line is busy (dialling) from the request on, as for any dial-out.
 */
export function callback(w: World, a: Agent, number: string, pickupAfterSec: number, waitSec: number, maxTalkSec: number | null): Call {
  const call = newExternal(w, a, 'outbound', number);
  const picked = { pickedUpT: null as number | null };
  call.callback = picked;
  const leg = addLeg(w, a, call, 'dialing');
  if (w.logs()) w.emit('agent.dialing', { agent: a.id, call: call.id, number, callback: true });
  const far = farEnd(w, a, maxTalkSec);
  if (pickupAfterSec < waitSec) {
    leg.next = w.scheduler.at(w.now + Math.round(pickupAfterSec * 1000), PRIORITY.ring, () => {
      picked.pickedUpT = w.now;
      if (w.logs()) w.emit('agent.picked_up', { agent: a.id, call: call.id });
      ringFarEnd(w, a, leg, far);
    });
  } else {
    leg.next = w.scheduler.at(w.now + Math.round(waitSec * 1000), PRIORITY.ring, () => endExternal(w, a, leg, 'system'));
  }
  return call;
}

/** What the far end of a dial-out will do, drawn at the dial from the agent's outbound stream. */
interface FarEnd {
  answers: boolean;
  afterSec: number;
  talkSec: number;
}

function farEnd(w: World, a: Agent, maxTalkSec: number | null): FarEnd {
  const out = w.scenario.outbound;
  const stream = w.rng.stream(`outbound:${a.id}`);
  const answers = stream.next() < out.answerProbability;
  const afterSec = answers ? sample(out.answerAfter, stream) : out.noAnswerAfterSec;
  const talkSec = sample(a.talkTime, stream);
  return { answers, afterSec, talkSec: maxTalkSec === null ? talkSec : Math.min(talkSec, maxTalkSec) };
}

/** The far end rings from now: it answers (they talk, the agent hangs up) or the agent gives up. */
function ringFarEnd(w: World, a: Agent, leg: ExternalLeg, far: FarEnd): void {
  const call = leg.call;
  const out = w.scenario.outbound;
  if (far.answers && far.afterSec < out.noAnswerAfterSec) {
    leg.next = w.scheduler.at(w.now + Math.round(far.afterSec * 1000), PRIORITY.ring, () => {
      leg.phase = 'talking';
      leg.sinceT = w.now;
      call.answeredT = w.now;
      call.exitReason = 'answered';
      if (w.logs()) w.emit('call.answered', { call: call.id, agent: a.id });
      endAfter(w, a, leg, far.talkSec, 'agent');
    });
  } else {
    leg.next = w.scheduler.at(w.now + Math.round(out.noAnswerAfterSec * 1000), PRIORITY.ring, () => endExternal(w, a, leg, 'agent'));
  }
}

/** Ends an external call now: answered ones end normally, a dial-out still ringing ends unanswered. */
export function endExternal(w: World, a: Agent, leg: ExternalLeg, by: ReleasedBy): void {
  const i = a.externals.indexOf(leg);
  if (i < 0) return;
  w.scheduler.cancel(leg.next);
  leg.next = null;
  a.externals.splice(i, 1);
  a.externalCalls--;
  w.syncAgent(a);
  const call = leg.call;
  call.endedT = w.now;
  call.releasedBy = by;
  call.wrapUpEndT = w.now;
  if (call.answeredT === null) call.exitReason = 'unanswered';
  closeHolds(w, call);
  w.finishCall(call);
  if (w.logs()) w.emit('call.ended', { call: call.id, agent: a.id, by });
  logAgentDisposition(w, call);
  if (a.rest !== null) restMayStart(w, a);
  w.markDirty();
}

function newExternal(w: World, a: Agent, direction: Call['direction'], number: string): Call {
  const call = w.newCall('external', direction, null, number);
  call.agent = a.id;
  call.agentNumber = a.number;
  return call;
}

function addLeg(w: World, a: Agent, call: Call, phase: ExternalLeg['phase']): ExternalLeg {
  const leg: ExternalLeg = { call, phase, sinceT: w.now, next: null };
  a.externals.push(leg);
  a.externalCalls++;
  w.syncAgent(a);
  return leg;
}

function endAfter(w: World, a: Agent, leg: ExternalLeg, seconds: number, by: ReleasedBy): void {
  leg.next = w.scheduler.at(w.now + Math.round(seconds * 1000), PRIORITY.end, () => endExternal(w, a, leg, by));
}
