/**
 * Changes to an agent's status (Available, On Demand, On Break, Logged Out) and state (Waiting, Idle, …)
 * with their side effects: counters reset, hunting rings cancelled, queues gaining or losing their last
 * logged-in agent, staffing for occupancy, sign-in time, a rest ended; and a supervisor's block. Used by
 * commands, the scenario timeline and the call flow.
 */
import { isAvailableStatus, isVisibleStatus, statusChangeEffect, type AgentState, type AgentStatus } from './agent-states.js';
import { queueLostAgents, ringFailed } from './call-flow.js';
import type { Agent } from './model.js';
import { isRingStrategy } from './queue-config.js';
import type { World } from './world.js';
import { cancelRest, restStatusChanged } from './rest.js';

/** Returns false when nothing changed (the agent already had that status). */
export function setAgentStatus(w: World, a: Agent, status: AgentStatus, reason: string | null = null): boolean {
  const from = a.status;
  const effect = statusChangeEffect(from, status);
  if (effect.noop) return false;
  if (effect.resetsCounters) {
    a.talkTimeTotal = 0;
    a.callsAnswered = 0;
    a.noAnswerCount = 0;
  }
  a.status = status;
  a.lastStatusChange = w.nowSec();
  a.statusSinceT = w.now;
  if (from === 'logged_out') a.loginT = w.now;
  else if (status === 'logged_out') a.loginT = null;
  const staffed = Number(isAvailableStatus(status)) - Number(isAvailableStatus(from));
  if (staffed !== 0) w.kpis.staffedChange(w.now, staffed);
  const visible = Number(isVisibleStatus(status)) - Number(isVisibleStatus(from));
  if (w.logs()) w.emit('agent.status', reason ? { agent: a.id, status, from, reason } : { agent: a.id, status, from });
  if (staffed !== 0) for (const t of a.tiers) t.queue.availableAgents += staffed;
  if (visible !== 0) {
    for (const t of a.tiers) {
      t.queue.visibleAgents += visible;
      if (t.queue.visibleAgents === 0) queueLostAgents(w, t.queue);
    }
  }
  if (effect.cancelsHuntingRing && a.leg && !isRingStrategy(a.leg.member.queue.config.strategy)) {
    ringFailed(w, a.leg, 'cancel', 'status_change');
  }
  if (a.rest !== null) restStatusChanged(w, a);
  w.syncAgent(a);
  w.markDirty();
  return true;
}

/**
 * A supervisor's block: the agent goes on break (a logged-out agent stays logged out) until unblocked,
 * then back to the status it had. A rest in progress or asked for is dropped.
 */
export function blockAgent(w: World, a: Agent): void {
  if (a.rest !== null) cancelRest(w, a, 'blocked');
  a.blockedFrom = a.status;
  if (w.logs()) w.emit('agent.blocked', { agent: a.id });
  if (a.status !== 'logged_out') setAgentStatus(w, a, 'on_break', 'blocked');
}

export function unblockAgent(w: World, a: Agent): void {
  const back = a.blockedFrom as AgentStatus;
  a.blockedFrom = null;
  if (w.logs()) w.emit('agent.unblocked', { agent: a.id });
  if (a.status === 'on_break') setAgentStatus(w, a, back, 'unblocked');
}

/** Sets the state and keeps the dispatcher's index of offerable tiers in line with it (and the tiers). */
export function setAgentState(w: World, a: Agent, state: AgentState): void {
  if (a.state === state) return;
  a.state = state;
  a.stateSinceT = w.now;
  w.syncAgent(a);
  if (w.logs()) w.emit('agent.state', { agent: a.id, state });
  if (state === 'waiting') w.markDirty();
}
