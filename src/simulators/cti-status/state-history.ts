/**
 * What CC-CMS tells of an agent's past that the world does not keep: the CTI state it was in before the
 * current one and how long that lasted (agentstatusinfobyagentids' prevState, prevStateTime), and how
 * many calls it released itself since it signed in (agentRelease). The adapter feeds it the agent's CTI
 * state after every event about the agent; states that pass within one instant (the world moves an agent
 * through several events at the same time) are not kept as a previous state. Adapter state only, no clock.
 */
import { secondsSince } from './agent-state.js';

/** prevStateTime when there was no previous state (the PDF's example: 0xFFFFFFFF). */
export const NO_PREVIOUS_TIME = 4294967295;

interface State {
  cti: number;
  sinceT: number;
  /** The instant this state was first seen. */
  seenT: number;
  prev: { cti: number; seconds: number } | null;
}

interface Entry extends State {
  /** The agent as it was before the instant of its last change (undefined: no change seen yet). */
  before?: State;
  releases: number;
}

export class StateHistory {
  private readonly agents = new Map<string, Entry>();

  /** The agent is in CTI state `cti` since `sinceT`, as seen at instant `t`. */
  observe(agent: string, cti: number, sinceT: number, t: number): void {
    const e = this.agents.get(agent);
    if (!e) {
      this.agents.set(agent, { cti, sinceT, seenT: t, prev: null, releases: 0 });
      return;
    }
    if (e.cti === cti) {
      e.sinceT = sinceT;
      return;
    }
    if (e.seenT !== t || !e.before) e.before = { cti: e.cti, sinceT: e.sinceT, seenT: e.seenT, prev: e.prev };
    const before = e.before;
    if (before.cti === cti && before.seenT !== t) {
      // Back within the instant to where it was: nothing changed.
      Object.assign(e, before, { sinceT });
      e.before = undefined;
      return;
    }
    e.prev = before.seenT === t ? before.prev : { cti: before.cti, seconds: secondsSince(before.sinceT, sinceT) };
    e.cti = cti;
    e.sinceT = sinceT;
    e.seenT = t;
  }

  /** The state before the current one; null when none was seen. */
  previous(agent: string): { cti: number; seconds: number } | null {
    return this.agents.get(agent)?.prev ?? null;
  }

  released(agent: string): void {
    const e = this.agents.get(agent);
    if (e) e.releases++;
  }

  signedIn(agent: string): void {
    const e = this.agents.get(agent);
    if (e) e.releases = 0;
  }

  releases(agent: string): number {
    return this.agents.get(agent)?.releases ?? 0;
  }

  forget(agent: string): void {
    this.agents.delete(agent);
  }

  clear(): void {
    this.agents.clear();
  }
}
