/**
 * Skill routes: skill/agentstatusbyskill (4.1.2.9: one count of the agents of the skills asked for, by
 * state), skill/stateinfo (4.1.2.6: per skill, its agents by state, its callers waiting and its call
 * counters of the current five minutes and day) and the older realindex/skill/stateinfo (5.13.4). A
 * skill's agents are its queue's (tiers): stateinfo counts those signed in, agentstatusbyskill those not
 * signed in too (notlogined). An unknown ccId/VDN or skill counts nothing.
 */
import type { FastifyInstance } from 'fastify';
import type { OldSkillStateInfoResponse, SkillAgentCountsResponse, SkillStateInfo, SkillStateInfoResponse } from '../../../generated/cti-status/cti-status.js';
import type { HuaweiAdapter } from '../adapter.js';
import { CTI } from '../agent-state.js';
import { CMS_SECURITY } from '../auth.js';
import { oldSkillStateInfoDto, skillAgentCountsDto, skillStateInfoDto, tallyOf, type AgentTally, type MapContext } from '../mapper.js';
import { skillsQuery, skillStatusQuery } from '../params.js';
import { docs } from '../schema.js';
import { newer } from './envelope.js';

/** The skills of every agent of the VDN with a workno: agent id → its skill ids. */
function agentSkills(adapter: HuaweiAdapter): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const view of adapter.agents()) {
    if (adapter.ids.worknoOf(view.id) === undefined) continue;
    const skills = new Set<number>();
    for (const q of view.queues) {
      const id = adapter.ids.skillOf(q.queue);
      if (id !== undefined) skills.add(id);
    }
    out.set(view.id, skills);
  }
  return out;
}

/** Since when (virtual ms) each caller not answered yet waits, by queue. */
function waitingByQueue(adapter: HuaweiAdapter): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const c of adapter.queries.callers()) {
    if (c.state !== 'waiting' && c.state !== 'trying') continue;
    const list = out.get(c.queue);
    if (list) list.push(c.joined_t);
    else out.set(c.queue, [c.joined_t]);
  }
  return out;
}

function stateInfo(adapter: HuaweiAdapter, skillId: number, addressed: boolean, waiting: Map<string, number[]>, ctx: MapContext): SkillStateInfo {
  const queueId = addressed ? adapter.ids.queueOfSkill(skillId) : undefined;
  const queue = queueId === undefined ? null : adapter.queries.queue(queueId);
  const agents: { cti: number; sinceT: number }[] = [];
  if (queue) {
    for (const tier of queue.agents) {
      const view = adapter.ids.worknoOf(tier.agent) === undefined ? null : adapter.agent(tier.agent);
      if (!view) continue;
      const s = adapter.stateOf(view);
      if (s.ctiStatus !== CTI.notSignedIn) agents.push({ cti: s.ctiStatus, sinceT: s.sinceT });
    }
  }
  const counts = adapter.stats.read(queue?.id ?? null, ctx.startMs + ctx.nowT);
  const waitingSince = (queue && waiting.get(queue.id)) || [];
  return skillStateInfoDto({ skillId, agents, waitingSince, talking: queue?.members.answered ?? 0, interval: counts.interval, answeredToday: counts.answeredToday }, ctx);
}

export async function skillRoutes(app: FastifyInstance, { adapter }: { adapter: HuaweiAdapter }): Promise<void> {
  app.post('/skill/agentstatusbyskill', docs('4.1.2.9: the agents of the skills asked for, counted by state (isSkillAllMatch: exactly those skills, or at least them)', 'SkillStatusRequest', CMS_SECURITY), async (req): Promise<SkillAgentCountsResponse> => {
    const p = skillStatusQuery(req.body);
    const asked = new Set(p.skillIds);
    const exact = p.isSkillAllMatch === 'true';
    const tallies: AgentTally[] = [];
    if (adapter.addresses(p.ccId, p.vdn) && asked.size > 0) {
      for (const [id, skills] of agentSkills(adapter)) {
        const matches = [...asked].every((s) => skills.has(s)) && (!exact || skills.size === asked.size);
        const view = matches ? adapter.agent(id) : null;
        if (view) tallies.push(tallyOf(view, adapter.stateOf(view)));
      }
    }
    return newer(skillAgentCountsDto(tallies));
  });

  app.post('/skill/stateinfo', docs("4.1.2.6: each skill's agents by state, callers waiting, and its calls of the current five minutes and day", 'SkillsRequest', CMS_SECURITY), async (req): Promise<SkillStateInfoResponse> => {
    const ctx = adapter.context();
    const p = skillsQuery(req.body);
    const addressed = adapter.addresses(p.ccId, p.vdn);
    const waiting = waitingByQueue(adapter);
    return newer([...new Set(p.skillIds)].map((id) => stateInfo(adapter, id, addressed, waiting, ctx)));
  });

  app.post('/realindex/skill/stateinfo', docs('5.13.4: skill/stateinfo as the versions before 8.13 answer it', 'SkillsRequest', CMS_SECURITY), async (req): Promise<OldSkillStateInfoResponse> => {
    const ctx = adapter.context();
    const p = skillsQuery(req.body);
    const addressed = adapter.addresses(p.ccId, p.vdn);
    const waiting = waitingByQueue(adapter);
    return { result: '0', resultDatas: [...new Set(p.skillIds)].map((id) => oldSkillStateInfoDto(stateInfo(adapter, id, addressed, waiting, ctx))) };
  });
}
