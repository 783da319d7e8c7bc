import { HW } from '../agent-state.js';
import { RESULT } from '../errors.js';
import { agentFields, skillAgentDto, skillAgentV2Dto, worknoAgentDto } from '../mapper.js';
import { agentQuery, flatSkillQuery, skillQuery } from '../params.js';
import { docs } from '../schema.js';
/** The agents on a skill's queue, in the queue's tier order, with their Huawei fields. */
function skillAgents(adapter, ccId, vdn, skillId, ctx) {
    if (!adapter.addresses(ccId, vdn))
        return [];
    const queueId = adapter.ids.queueOfSkill(skillId);
    const queue = queueId === undefined ? null : adapter.sim.engine.queries.queue(queueId);
    if (!queue)
        return [];
    const out = [];
    for (const tier of queue.agents) {
        const workno = adapter.ids.worknoOf(tier.agent);
        const view = adapter.agent(tier.agent);
        if (workno === undefined || !view)
            continue;
        out.push(agentFields(view, workno, adapter.marksOf(tier.agent), ctx));
    }
    return out;
}
export async function agentRoutes(app, { adapter }) {
    app.post('/agentgroup/agentbyconfigedskill', docs('The agents configured on a skill (queue), signed in or not, with their states'), async (req) => {
        const ctx = adapter.ensure();
        const p = skillQuery(req.body);
        return { result: '0', resultDatas: skillAgents(adapter, p.ccId, p.vdn, p.skillId, ctx).map((f) => skillAgentDto(f, ctx)) };
    });
    app.post('/agentgroup/agentbyworkno', docs('One agent by workno, with its state'), async (req) => {
        const ctx = adapter.ensure();
        const p = agentQuery(req.body);
        const id = adapter.addresses(p.ccId, p.vdn) ? adapter.ids.agentOfWorkno(p.agentId) : undefined;
        const view = id === undefined ? null : adapter.agent(id);
        if (id === undefined || !view)
            return { result: '0', resultDatas: null };
        return { result: '0', resultDatas: worknoAgentDto(agentFields(view, p.agentId, adapter.marksOf(id), ctx), ctx) };
    });
    app.post('/skill/agentbyconfigedskill', docs('The signed-in agents of a skill (newer camelCase form, flat body)'), async (req) => {
        const ctx = adapter.ensure();
        const p = flatSkillQuery(req.body);
        const agents = skillAgents(adapter, p.ccId, p.vdn, p.skillId, ctx).filter((f) => f.state.status !== HW.signedOut);
        return { result: '0', resultCode: RESULT.success, resultDesc: 'success', resultDatas: agents.map((f) => skillAgentV2Dto(f, ctx)) };
    });
}
