/**
 * Agent routes: agentgroup/agentbyconfigedskill (5.13.5: the agents configured on a skill, i.e. the
 * queue's tiers, signed in or not), agentgroup/agentbyworkno (5.13.1: one agent), the newer camelCase
 * skill/agentbyconfigedskill (4.1.2.10: signed-in agents only), realindex/agent/agentsinskill (4.1.2.1:
 * the signed-in agents of several skills) and agentgroup/agentstatusinfobyagentids (4.1.3.2: agents by
 * id, with their previous state). An unknown ccId/VDN or skill is an empty list, an unknown workno
 * `resultDatas: null` or no entry.
 */
import type { FastifyInstance } from 'fastify';
import type { AgentsInSkillResponse, AgentStatusInfoResponse, SkillAgentsResponse, SkillAgentsV2Response, WorknoResponse } from '../../../generated/cti-status/cti-status.js';
import type { HuaweiAdapter } from '../adapter.js';
import { HW } from '../agent-state.js';
import { CMS_SECURITY } from '../auth.js';
import { agentFields, agentStatusInfoDto, skillAgentDto, skillAgentV2Dto, worknoAgentDto, type AgentFields, type MapContext } from '../mapper.js';
import { agentIdsQuery, agentQuery, skillQuery, skillsQuery, skillV2Query } from '../params.js';
import { docs } from '../schema.js';
import { newer } from './envelope.js';

/** The agents on a skill's queue, in the queue's tier order, with their Huawei fields. */
function skillAgents(adapter: HuaweiAdapter, ccId: number, vdn: number, skillId: number, ctx: MapContext): AgentFields[] {
  if (!adapter.addresses(ccId, vdn)) return [];
  const queueId = adapter.ids.queueOfSkill(skillId);
  const queue = queueId === undefined ? null : adapter.queries.queue(queueId);
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

const signedIn = (f: AgentFields) => f.state.status !== HW.signedOut;

export async function agentRoutes(app: FastifyInstance, { adapter }: { adapter: HuaweiAdapter }): Promise<void> {
  app.post('/agentgroup/agentbyconfigedskill', docs('5.13.5: the agents configured on a skill (queue), signed in or not, with their states', 'SkillRequest', CMS_SECURITY), async (req): Promise<SkillAgentsResponse> => {
    const ctx = adapter.context();
    const p = skillQuery(req.body);
    return { result: '0', resultDatas: skillAgents(adapter, p.ccId, p.vdn, p.skillId, ctx).map((f) => skillAgentDto(f, ctx)) };
  });

  app.post('/agentgroup/agentbyworkno', docs('5.13.1: one agent by workno, with its state', 'AgentRequest', CMS_SECURITY), async (req): Promise<WorknoResponse> => {
    const ctx = adapter.context();
    const p = agentQuery(req.body);
    const id = adapter.addresses(p.ccId, p.vdn) ? adapter.ids.agentOfWorkno(p.agentId) : undefined;
    const view = id === undefined ? null : adapter.agent(id);
    if (id === undefined || !view) return { result: '0', resultDatas: null };
    return { result: '0', resultDatas: worknoAgentDto(agentFields(view, p.agentId, adapter.marksOf(id), ctx), ctx) };
  });

  app.post('/skill/agentbyconfigedskill', docs('4.1.2.10: the signed-in agents of a skill (camelCase; the body flat or in queryParam)', 'SkillV2Request', CMS_SECURITY), async (req): Promise<SkillAgentsV2Response> => {
    const ctx = adapter.context();
    const p = skillV2Query(req.body);
    return newer(skillAgents(adapter, p.ccId, p.vdn, p.skillId, ctx).filter(signedIn).map((f) => skillAgentV2Dto(f, ctx)));
  });

  app.post('/realindex/agent/agentsinskill', docs('4.1.2.1: the signed-in agents of each skill asked for (worknos)', 'SkillsRequest', CMS_SECURITY), async (req): Promise<AgentsInSkillResponse> => {
    const ctx = adapter.context();
    const p = skillsQuery(req.body);
    return newer([...new Set(p.skillIds)].map((skillId) => ({ skillId, agentIds: skillAgents(adapter, p.ccId, p.vdn, skillId, ctx).filter(signedIn).map((f) => f.workno) })));
  });

  app.post('/agentgroup/agentstatusinfobyagentids', docs('4.1.3.2: agents by workno: CTI state, previous state, sign-in time, releases', 'AgentIdsRequest', CMS_SECURITY), async (req): Promise<AgentStatusInfoResponse> => {
    const ctx = adapter.context();
    const p = agentIdsQuery(req.body);
    if (!adapter.addresses(p.ccId, p.vdn)) return newer([]);
    const out: AgentStatusInfoResponse['resultDatas'] = [];
    for (const workno of new Set(p.agentIds)) {
      const id = adapter.ids.agentOfWorkno(workno);
      const view = id === undefined ? null : adapter.agent(id);
      if (id === undefined || !view) continue;
      adapter.stateOf(view);
      out.push(agentStatusInfoDto(agentFields(view, workno, adapter.marksOf(id), ctx), view, { previous: adapter.history.previous(id), releases: adapter.history.releases(id) }));
    }
    return newer(out);
  });
}
