/**
 * CC-CMS's numbers for the world's queues and agents: a skillId (1–10000) per queue and a workno
 * (101–59999) per agent. The scenario may fix them (`apis.huawei.skill_ids` / `worknos`); the others get
 * the lowest number not fixed and not yet given, in creation order (the scenario's queues and agents
 * first, then those made later, in event-log order). Numbers are never reused within a run, so they are
 * stable for the run and the same after every reset. Adapter state only: which number is which entity.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ResolvedScenario } from '../../scenarios/scenario.js';
import type { Settings } from './settings.js';

class NumberPool {
  private readonly byKey = new Map<string, number>();
  private readonly byNumber = new Map<number, string>();
  /** Numbers given out or reserved by the settings: never given to another key. */
  private readonly taken = new Set<number>();
  private next: number;

  constructor(
    private readonly first: number,
    private readonly last: number,
    private readonly fixed: Map<string, number>,
  ) {
    this.next = first;
    for (const n of fixed.values()) this.taken.add(n);
  }

  add(key: string): number | undefined {
    const existing = this.byKey.get(key);
    if (existing !== undefined) return existing;
    let n = this.fixed.get(key);
    if (n === undefined || this.byNumber.has(n)) {
      while (this.next <= this.last && this.taken.has(this.next)) this.next++;
      if (this.next > this.last) return undefined;
      n = this.next++;
    }
    this.taken.add(n);
    this.byKey.set(key, n);
    this.byNumber.set(n, key);
    return n;
  }

  remove(key: string): void {
    const n = this.byKey.get(key);
    if (n === undefined) return;
    this.byKey.delete(key);
    this.byNumber.delete(n);
  }

  numberOf(key: string): number | undefined {
    return this.byKey.get(key);
  }

  keyOf(n: number): string | undefined {
    return this.byNumber.get(n);
  }
}

/** A settings map without duplicate numbers (a duplicate is logged; the first key keeps it). */
function fixedNumbers(map: Record<string, number>, what: string, log: FastifyBaseLogger): Map<string, number> {
  const out = new Map<string, number>();
  const seen = new Map<number, string>();
  for (const [key, n] of Object.entries(map)) {
    const other = seen.get(n);
    if (other !== undefined) {
      log.warn({ key, number: n, other }, `apis.huawei.${what}: ${n} is already ${other}'s; ${key} gets a generated one`);
      continue;
    }
    seen.set(n, key);
    out.set(key, n);
  }
  return out;
}

export class HuaweiIds {
  private readonly skills: NumberPool;
  private readonly agents: NumberPool;

  constructor(settings: Settings, log: FastifyBaseLogger) {
    this.skills = new NumberPool(1, 10000, fixedNumbers(settings.skill_ids, 'skill_ids', log));
    this.agents = new NumberPool(101, 59999, fixedNumbers(settings.worknos, 'worknos', log));
  }

  static fromScenario(scenario: ResolvedScenario, settings: Settings, log: FastifyBaseLogger): HuaweiIds {
    const ids = new HuaweiIds(settings, log);
    for (const q of scenario.queues) ids.queueCreated(q.id);
    for (const a of scenario.agents) ids.agentCreated(a.id);
    return ids;
  }

  queueCreated(queue: string): number | undefined {
    return this.skills.add(queue);
  }

  queueRemoved(queue: string): void {
    this.skills.remove(queue);
  }

  agentCreated(agent: string): number | undefined {
    return this.agents.add(agent);
  }

  agentRemoved(agent: string): void {
    this.agents.remove(agent);
  }

  skillOf(queue: string): number | undefined {
    return this.skills.numberOf(queue);
  }

  queueOfSkill(skillId: number): string | undefined {
    return this.skills.keyOf(skillId);
  }

  worknoOf(agent: string): number | undefined {
    return this.agents.numberOf(agent);
  }

  agentOfWorkno(workno: number): string | undefined {
    return this.agents.keyOf(workno);
  }
}
