/**
 * Agent status routes: agentgroup/agentbyconfigedskill (the agents configured on a skill, i.e. the
 * queue's tiers, signed in or not), agentgroup/agentbyworkno (one agent), and the newer camelCase
 * skill/agentbyconfigedskill (signed-in agents only, flat or wrapped body, resultCode). An unknown
 * ccId/VDN or skill is an empty list, an unknown workno `resultDatas: null`.
 */
import type { FastifyInstance } from 'fastify';
import type { SkillAgentsResponse, SkillAgentsV2Response, WorknoResponse } from '../../../generated/cti-status/cti-status.js';
import type { HuaweiAdapter } from '../adapter.js';
import { HW } from '../agent-state.js';
import { RESULT } from '../errors.js';
import { agentFields, skillAgentDto, skillAgentV2Dto, worknoAgentDto, type AgentFields, type MapContext } from '../mapper.js';
import { CMS_SECURITY } from '../auth.js';
import { agentQuery, skillQuery, skillV2Query } from '../params.js';
import { docs } from '../schema.js';

/** The agents on a skill's queue, in the queue's tier order, with their Huawei fields. */
function skillAgents(adapter: HuaweiAdapter, ccId: number, vdn: number, skillId: number, ctx: MapContext): AgentFields[] {
  if (!adapter.addresses(ccId, vdn)) return [];
  const queueId = adapter.ids.queueOfSkill(skillId);
  const queue = queueId === undefined ? null : adapter.sim.engine.queries.queue(queueId);
  if (!queue) return [];
  const out: AgentFields[] = [];
  for (const tier of queue.agents) {
    const workno = adapter.ids.worknoOf(tier.agent);
    const view = adapter.agent(tier.agent);
    if (workno === undefined || !view) continue;
    out.push(agentFields(view, workno, adapter.marksOf(tier.agent), ctx));
  }
  return out;
}

export async function agentRoutes(app: FastifyInstance, { adapter }: { adapter: HuaweiAdapter }): Promise<void> {
  app.post('/agentgroup/agentbyconfigedskill', docs('The agents configured on a skill (queue), signed in or not, with their states', 'SkillRequest', CMS_SECURITY), async (req): Promise<SkillAgentsResponse> => {
    const ctx = adapter.context();
    const p = skillQuery(req.body);
    return { result: '0', resultDatas: skillAgents(adapter, p.ccId, p.vdn, p.skillId, ctx).map((f) => skillAgentDto(f, ctx)) };
  });

  app.post('/agentgroup/agentbyworkno', docs('One agent by workno, with its state', 'AgentRequest', CMS_SECURITY), async (req): Promise<WorknoResponse> => {
    const ctx = adapter.context();
    const p = agentQuery(req.body);
    const id = adapter.addresses(p.ccId, p.vdn) ? adapter.ids.agentOfWorkno(p.agentId) : undefined;
    const view = id === undefined ? null : adapter.agent(id);
    if (id === undefined || !view) return { result: '0', resultDatas: null };
    return { result: '0', resultDatas: worknoAgentDto(agentFields(view, p.agentId, adapter.marksOf(id), ctx), ctx) };
  });

  app.post('/skill/agentbyconfigedskill', docs('The signed-in agents of a skill (newer camelCase form; the body flat or in queryParam)', 'SkillV2Request', CMS_SECURITY), async (req): Promise<SkillAgentsV2Response> => {
    const ctx = adapter.context();
    const p = skillV2Query(req.body);
    const agents = skillAgents(adapter, p.ccId, p.vdn, p.skillId, ctx).filter((f) => f.state.status !== HW.signedOut);
    return { result: '0', resultCode: RESULT.success, resultDesc: 'success', resultDatas: agents.map((f) => skillAgentV2Dto(f, ctx)) };
  });
}
