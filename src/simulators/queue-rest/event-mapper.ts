/**
 * World events → Telphin's event deliveries (docs/vendors.md §1, "Event subscriptions"):
 *
 * - a queue extension: `dial-in` when a caller reaches the queue, `dial-out` when the queue rings an
 *   agent, `answer` when an agent answers (the called party is that agent), `hangup` when the caller's
 *   call ends (answered: ANSWER; abandoned, exit key, removed: CANCEL; max_wait_time and
 *   max_wait_time_with_no_agent: NOANSWER; turned away with no available agent: CHANUNAVAIL);
 * - a local agent's phone extension: `dial-in` when the queue rings it, `answer`, and `hangup` when the
 *   ring fails (no_answer: NOANSWER, busy and reject: BUSY, cancel: CANCEL) or the conversation ends
 *   (ANSWER); calls from outside the queues give `dial-out` (outbound) or `dial-in` (inbound), `answer`
 *   and `hangup` (NOANSWER or CANCEL when the far end never answered); a click-to-call first rings the
 *   phone (`dial-in`, `answer` when the agent picks up), then dials out as a dial-out does;
 * - agents: `agent-login` when a logged-out agent gets any other status, `agent-logout` when it becomes
 *   logged_out (only real changes, as Telphin documents).
 *
 * Every value is a string (the payload is form-encoded). Nothing here changes anything.
 */
import type { AgentView } from '../../scenarios/callcenter/queries.js';
import type { CallRecord } from '../../scenarios/callcenter/model.js';
import { eventCall, type WorldEvent } from '../../scenarios/callcenter/events.js';
import type { CallLeft, CallRingFailed } from '../../generated/events/events.js';
import type { AgentRecord, ExtensionRecord, Registry } from './ids.js';
import { fullName, sipName, type WorldLookup } from './mapper.js';
import type { Settings } from './settings.js';
import type { SubscriptionTarget } from './webhooks.js';

export interface EventContext extends WorldLookup {
  registry: Registry;
  settings: Settings;
  /** Epoch ms of virtual time 0. */
  startMs: number;
  call(id: string): CallRecord | null;
  /** The uuid of a recorded call's recording (history.ts), as RecID names it. */
  recordUuid(call: CallRecord): string;
}

export interface Delivery {
  target: SubscriptionTarget;
  eventType: string;
  fields: Record<string, string>;
}

/** Whether anyone subscribed to `eventType` of `target` (so unwanted payloads are never built). */
export type Wants = (target: SubscriptionTarget, eventType: string) => boolean;

type CallStatus = 'CALLING' | 'ANSWER' | 'BUSY' | 'NOANSWER' | 'CANCEL' | 'CONGESTION' | 'CHANUNAVAIL';

interface Leg {
  callerNum: string;
  callerName: string;
  callerExt: ExtensionRecord | null;
  calledExt: ExtensionRecord | null;
  calledNumber: string;
  flow: 'IN' | 'OUT';
  sub: string;
}

const LEFT_STATUS: Record<CallLeft['reason'], CallStatus> = {
  abandoned: 'CANCEL',
  exit_key: 'CANCEL',
  break_out: 'CANCEL',
  timeout: 'NOANSWER',
  no_agent_timeout: 'NOANSWER',
  no_available_agents: 'CHANUNAVAIL',
};

const RING_STATUS: Record<CallRingFailed['cause'], CallStatus> = { no_answer: 'NOANSWER', busy: 'BUSY', reject: 'BUSY', cancel: 'CANCEL' };

const ext = (ext: ExtensionRecord): SubscriptionTarget => ({ kind: 'extension', extension: ext.id });

export function callDeliveries(e: WorldEvent, ctx: EventContext, wants: Wants): Delivery[] {
  const out: Delivery[] = [];
  const callId = eventCall(e);
  if (!callId) return out;
  const emit = (at: ExtensionRecord | null | undefined, eventType: string, status: CallStatus, leg: () => Leg, hangup?: () => { duration: number; bridged: boolean; rec: string }) => {
    if (!at || !wants(ext(at), eventType)) return;
    const call = ctx.call(callId);
    if (!call) return;
    const l = leg();
    const fields: Record<string, string> = {
      EventType: eventType,
      CallID: call.id,
      CallerIDNum: l.callerNum,
      CallerIDName: l.callerName,
      CalledDID: '',
      CallerExtension: l.callerExt ? sipName(l.callerExt, ctx, ctx.settings) : '',
      CallerExtensionID: l.callerExt ? String(l.callerExt.id) : '',
      CalledExtension: l.calledExt ? sipName(l.calledExt, ctx, ctx.settings) : '',
      CalledExtensionID: l.calledExt ? String(l.calledExt.id) : '',
      CalledNumber: l.calledNumber,
      CallStatus: status,
      CallFlow: l.flow,
      SubCallID: l.sub,
      CallAPIID: call.id,
      EventTime: String((ctx.startMs + e.t) * 1000),
    };
    if (hangup) {
      const h = hangup();
      fields.Duration = String(h.duration);
      fields.Bridged = h.bridged ? 'yes' : 'no';
      fields.RecID = h.rec;
    }
    out.push({ target: ext(at), eventType, fields });
  };

  // emit() builds a leg only for a call that exists.
  const call = () => ctx.call(callId)!;
  const queueExt = (id: string | null | undefined) => (id ? ctx.registry.queueExtension(id) : undefined);
  const phoneExt = (agent: string) => {
    const rec = ctx.registry.agentOf(agent);
    return rec?.type === 'local' ? ctx.registry.phoneOf(agent) : undefined;
  };
  const qName = (q: ExtensionRecord) => fullName(q, ctx, ctx.settings);
  const qSub = (q: ExtensionRecord) => `${q.id}-${callId}`;
  const pSub = (p: ExtensionRecord, agent: string) => `${p.id}-${callId}-${call().offers.filter((o) => o.agent === agent).length}`;
  const agentEnd = (agent: string, p: ExtensionRecord | undefined) => (p ? fullName(p, ctx, ctx.settings) : (ctx.agent(agent)?.number ?? ''));
  const caller = () => ({ callerNum: call().number, callerName: call().callerName });
  const durationOf = (c: CallRecord) => (c.answeredT !== null && c.endedT !== null ? Math.floor((c.endedT - c.answeredT) / 1000) : 0);

  switch (e.type) {
    case 'call.arrived': {
      const q = queueExt(e.queue);
      emit(q, 'dial-in', 'CALLING', () => ({ ...caller(), callerExt: null, calledExt: q!, calledNumber: qName(q!), flow: 'IN', sub: qSub(q!) }));
      break;
    }
    case 'call.offered': {
      const q = queueExt(e.queue);
      const agent = e.agent;
      const p = phoneExt(agent);
      emit(q, 'dial-out', 'CALLING', () => ({ ...caller(), callerExt: q!, calledExt: p ?? null, calledNumber: agentEnd(agent, p), flow: 'OUT', sub: qSub(q!) }));
      emit(p, 'dial-in', 'CALLING', () => ({ ...caller(), callerExt: q ?? null, calledExt: p!, calledNumber: agentEnd(agent, p), flow: 'IN', sub: pSub(p!, agent) }));
      break;
    }
    case 'call.answered': {
      const agent = e.agent;
      const p = phoneExt(agent);
      const c = ctx.call(callId);
      if (c?.kind === 'external') {
        if (p) emit(p, 'answer', 'ANSWER', () => externalLeg(c, p, agent));
        break;
      }
      const q = queueExt(e.queue);
      emit(q, 'answer', 'ANSWER', () => ({ ...caller(), callerExt: null, calledExt: p ?? null, calledNumber: agentEnd(agent, p), flow: 'IN', sub: qSub(q!) }));
      emit(p, 'answer', 'ANSWER', () => ({ ...caller(), callerExt: q ?? null, calledExt: p!, calledNumber: agentEnd(agent, p), flow: 'IN', sub: pSub(p!, agent) }));
      break;
    }
    case 'call.ring_failed': {
      const agent = e.agent;
      const p = phoneExt(agent);
      if (!p) break;
      const q = queueExt(ctx.call(callId)?.queue);
      emit(p, 'hangup', RING_STATUS[e.cause], () => ({ ...caller(), callerExt: q ?? null, calledExt: p, calledNumber: agentEnd(agent, p), flow: 'IN', sub: pSub(p, agent) }), () => ({ duration: 0, bridged: false, rec: '' }));
      break;
    }
    case 'call.left': {
      const q = queueExt(e.queue);
      emit(q, 'hangup', LEFT_STATUS[e.reason], () => ({ ...caller(), callerExt: null, calledExt: q!, calledNumber: qName(q!), flow: 'IN', sub: qSub(q!) }), () => ({ duration: 0, bridged: false, rec: '' }));
      break;
    }
    case 'call.ended': {
      const c = ctx.call(callId);
      if (!c) break;
      const agent = e.agent;
      const p = phoneExt(agent);
      const answered = c.answeredT !== null;
      const hang = () => ({ duration: durationOf(c), bridged: answered, rec: c.recorded && c.kind === 'queue' && answered ? ctx.recordUuid(c) : '' });
      if (c.kind === 'queue') {
        const q = queueExt(c.queue);
        emit(q, 'hangup', 'ANSWER', () => ({ ...caller(), callerExt: null, calledExt: p ?? null, calledNumber: agentEnd(agent, p), flow: 'IN', sub: qSub(q!) }), hang);
        emit(p, 'hangup', 'ANSWER', () => ({ ...caller(), callerExt: q ?? null, calledExt: p!, calledNumber: agentEnd(agent, p), flow: 'IN', sub: pSub(p!, agent) }), hang);
      } else if (p) {
        // A click-to-call nobody picked up ends on the phone's ring; a dial-out nobody answered was
        // given up (NOANSWER) or hung up (CANCEL).
        const unpicked = c.callback?.pickedUpT === null;
        const status: CallStatus = answered ? 'ANSWER' : unpicked ? 'NOANSWER' : c.releasedBy === 'system' ? 'CANCEL' : 'NOANSWER';
        emit(p, 'hangup', status, () => (unpicked ? originLeg(c, p) : externalLeg(c, p, agent)), hang);
      }
      break;
    }
    case 'agent.dialing': {
      const agent = e.agent;
      const p = phoneExt(agent);
      const c = ctx.call(callId);
      if (!p || !c) break;
      if (e.callback) emit(p, 'dial-in', 'CALLING', () => originLeg(c, p));
      else emit(p, 'dial-out', 'CALLING', () => externalLeg(c, p, agent));
      break;
    }
    case 'agent.picked_up': {
      const agent = e.agent;
      const p = phoneExt(agent);
      const c = ctx.call(callId);
      if (!p || !c) break;
      emit(p, 'answer', 'ANSWER', () => originLeg(c, p));
      emit(p, 'dial-out', 'CALLING', () => externalLeg(c, p, agent));
      break;
    }
    case 'agent.external_call': {
      const agent = e.agent;
      const p = phoneExt(agent);
      if (!p) break;
      const c = ctx.call(callId);
      if (!c) break;
      emit(p, c.direction === 'outbound' ? 'dial-out' : 'dial-in', 'CALLING', () => externalLeg(c, p, agent));
      emit(p, 'answer', 'ANSWER', () => externalLeg(c, p, agent));
      break;
    }
  }
  return out;

  /** A click-to-call's first leg: the PBX rings the agent's phone, for the number it will dial. */
  function originLeg(c: CallRecord, p: ExtensionRecord): Leg {
    return { callerNum: c.number, callerName: c.number, callerExt: null, calledExt: p, calledNumber: fullName(p, ctx, ctx.settings), flow: 'IN', sub: `${p.id}-${c.id}-origin` };
  }

  function externalLeg(c: CallRecord, p: ExtensionRecord, agent: string): Leg {
    const sub = `${p.id}-${c.id}`;
    if (c.direction === 'outbound') {
      return { callerNum: fullName(p, ctx, ctx.settings), callerName: ctx.agent(agent)?.name ?? '', callerExt: p, calledExt: null, calledNumber: c.number, flow: 'OUT', sub };
    }
    return { callerNum: c.number, callerName: c.callerName, callerExt: null, calledExt: p, calledNumber: fullName(p, ctx, ctx.settings), flow: 'IN', sub };
  }
}

/** The fields of an agent-login or agent-logout delivery. */
export function agentEventFields(rec: AgentRecord, view: AgentView, status: string, source: 'api' | 'system', ctx: EventContext): Record<string, string> {
  const fields: Record<string, string> = { agent_id: String(rec.id), agent_status: status, agent_type: rec.type };
  if (rec.type === 'remote') fields.agent_number = view.number;
  else {
    const p = ctx.registry.phoneOf(rec.world);
    fields.extension_name = p ? sipName(p, ctx, ctx.settings) : `${ctx.settings.prefix}*${view.number}@${ctx.settings.domain}`;
  }
  fields.event_source = source;
  return fields;
}
