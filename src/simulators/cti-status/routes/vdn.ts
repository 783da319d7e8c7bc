/**
 * VDN-wide routes: agentgroup/agentrestinfo (5.13.3: rest with approval, from the engine's rest list),
 * querymonitor/systemstate (5.13.2: agents by Huawei state), vdn/totalagentstate (4.1.1.16: every agent's
 * CTI state) and vdn/queryAgentByStatus (4.1.3.13: agents by CTI state, a page at a time, in its own
 * envelope). Agents are listed by workno. An unknown ccId/VDN answers zeros and no agents.
 */
import type { FastifyInstance } from 'fastify';
import type { AgentsByStatusResponse, RestInfoResponse, SystemStateResponse, TotalAgentStateResponse } from '../../../generated/cti-status/cti-status.js';
import type { AgentView } from '../../../scenarios/callcenter/queries.js';
import type { HuaweiAdapter } from '../adapter.js';
import { huaweiState, secondsSince, type HuaweiState } from '../agent-state.js';
import { CMS_SECURITY } from '../auth.js';
import { NO_USE, restInfoDto, systemStateDto } from '../mapper.js';
import { agentsByStatusQuery, vdnBody, vdnQuery } from '../params.js';
import { docs } from '../schema.js';
import { newer } from './envelope.js';

/** The VDN's agents with a workno, by workno, and their Huawei states (the history brought up to date). */
function vdnAgents(adapter: HuaweiAdapter, ccId: number, vdn: number): { workno: number; view: AgentView; state: HuaweiState }[] {
  if (!adapter.addresses(ccId, vdn)) return [];
  const out: { workno: number; view: AgentView; state: HuaweiState }[] = [];
  for (const view of adapter.agents()) {
    const workno = adapter.ids.worknoOf(view.id);
    if (workno !== undefined) out.push({ workno, view, state: adapter.stateOf(view) });
  }
  return out.sort((a, b) => a.workno - b.workno);
}

export async function vdnRoutes(app: FastifyInstance, { adapter }: { adapter: HuaweiAdapter }): Promise<void> {
  app.post('/agentgroup/agentrestinfo', docs("5.13.3: the VDN's rest (break) approvals: allowed, resting, waiting, and each agent's request", 'VdnRequest', CMS_SECURITY), async (req): Promise<RestInfoResponse> => {
    const ctx = adapter.context();
    const p = vdnQuery(req.body);
    if (!adapter.addresses(p.ccId, p.vdn)) return { result: '0', resultDatas: { allowrestnum: 0, onrestnum: 0, waitrestnum: 0, agentsrestdetails: [] } };
    const who = (id: string) => {
      const workno = adapter.ids.worknoOf(id);
      const view = workno === undefined ? null : adapter.agent(id);
      return workno === undefined || !view ? undefined : { workno, name: view.name };
    };
    return { result: '0', resultDatas: restInfoDto(adapter.restInfo(), who, ctx.startMs) };
  });

  app.post('/querymonitor/systemstate', docs("5.13.2: the VDN's agent counters: busy, talking, idle, signed in", 'VdnRequest', CMS_SECURITY), async (req): Promise<SystemStateResponse> => {
    const p = vdnQuery(req.body);
    const agents = adapter.addresses(p.ccId, p.vdn) ? adapter.agents().filter((a) => adapter.ids.worknoOf(a.id) !== undefined) : [];
    return { result: '0', resultDesc: systemStateDto(agents.map((a) => huaweiState(a, adapter.marksOf(a.id)))) };
  });

  app.post('/vdn/totalagentstate', docs("4.1.1.16: every agent of the VDN with its CTI state (0 when not signed in)", 'VdnBody', CMS_SECURITY), async (req): Promise<TotalAgentStateResponse> => {
    const p = vdnBody(req.body);
    return newer(vdnAgents(adapter, p.ccId, p.vdn).map((a) => ({ agentId: a.workno, state: a.state.ctiStatus })));
  });

  app.post('/vdn/queryAgentByStatus', docs('4.1.3.13: the agents of the VDN (in a CTI state, if given), a page of limit from offset; its own envelope {returnCode, description, data}', 'AgentsByStatusRequest', CMS_SECURITY), async (req): Promise<AgentsByStatusResponse> => {
    const { t } = adapter.ensure();
    const p = agentsByStatusQuery(req.body);
    const agents = vdnAgents(adapter, p.ccId, p.vdn).filter((a) => p.status === undefined || a.state.ctiStatus === p.status);
    const data = agents.slice(p.offset, p.offset + p.limit).map((a) => ({ agentId: a.workno, locationId: NO_USE, currentState: a.state.ctiStatus, currentStateTime: secondsSince(a.state.sinceT, t) }));
    return { returnCode: '0', description: 'success', data };
  });
}
