/**
 * VDN-wide routes: agentgroup/agentrestinfo (rest with approval, from the engine's rest list) and
 * querymonitor/systemstate (agents by Huawei state). An unknown ccId/VDN answers zeros and no details.
 */
import type { FastifyInstance } from 'fastify';
import type { RestInfoResponse, SystemStateResponse } from '../../../generated/cti-status/cti-status.js';
import type { HuaweiAdapter } from '../adapter.js';
import { huaweiState } from '../agent-state.js';
import { restInfoDto, systemStateDto } from '../mapper.js';
import { CMS_SECURITY } from '../auth.js';
import { vdnQuery } from '../params.js';
import { docs } from '../schema.js';

export async function vdnRoutes(app: FastifyInstance, { adapter }: { adapter: HuaweiAdapter }): Promise<void> {
  app.post('/agentgroup/agentrestinfo', docs("The VDN's rest (break) approvals: allowed, resting, waiting, and each agent's request", 'VdnRequest', CMS_SECURITY), async (req): Promise<RestInfoResponse> => {
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

  app.post('/querymonitor/systemstate', docs("The VDN's agent counters: busy, talking, idle, signed in", 'VdnRequest', CMS_SECURITY), async (req): Promise<SystemStateResponse> => {
    const p = vdnQuery(req.body);
    const agents = adapter.addresses(p.ccId, p.vdn) ? adapter.agents().filter((a) => adapter.ids.worknoOf(a.id) !== undefined) : [];
    return { result: '0', resultDesc: systemStateDto(agents.map((a) => huaweiState(a, adapter.marksOf(a.id)))) };
  });
}
