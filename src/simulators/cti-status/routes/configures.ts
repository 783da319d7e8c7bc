/**
 * Configuration routes, from the scenario as the world holds it now: configures/skills (4.1.1.9: the
 * VDN's skill queues, by skill id) and configures/vdns (4.3.1: the call center's one VDN); and ping
 * (4.7, under /rest/cmsapp/v1), which sends its body back with UP.
 */
import type { FastifyInstance } from 'fastify';
import type { ConfiguredSkillsResponse, PingResponse, VdnsResponse } from '../../../generated/cti-status/cti-status.js';
import type { HuaweiAdapter } from '../adapter.js';
import { CMS_SECURITY } from '../auth.js';
import { MEDIA_PHONE } from '../mapper.js';
import { ccBody, pingBody, vdnBody } from '../params.js';
import { docs } from '../schema.js';
import { newer } from './envelope.js';

export async function configureRoutes(app: FastifyInstance, { adapter }: { adapter: HuaweiAdapter }): Promise<void> {
  app.post('/configures/skills', docs("4.1.1.9: the VDN's skill queues (the scenario's queues): id, media type, name", 'VdnBody', CMS_SECURITY), async (req): Promise<ConfiguredSkillsResponse> => {
    const p = vdnBody(req.body);
    if (!adapter.addresses(p.ccId, p.vdn)) return newer([]);
    const skills: ConfiguredSkillsResponse['resultDatas'] = [];
    for (const q of adapter.queries.queues()) {
      const id = adapter.ids.skillOf(q.id);
      if (id !== undefined) skills.push({ id, mediaType: MEDIA_PHONE, submediaType: '-1', name: q.name });
    }
    return newer(skills.sort((a, b) => a.id - b.id));
  });

  app.post('/configures/vdns', docs("4.3.1: the call center's VDNs: the scenario's one", 'CcBody', CMS_SECURITY), async (req): Promise<VdnsResponse> => {
    const p = ccBody(req.body);
    const s = adapter.settings;
    return newer(p.ccId === s.cc_id ? [{ vdn: s.vdn, vdnName: s.vdn_name ?? adapter.sim.scenario.name }] : []);
  });
}

/** Under /rest/cmsapp/v1. */
export async function pingRoute(app: FastifyInstance): Promise<void> {
  app.post('/ping', docs('4.7: is CC-CMS up? The body comes back as `request`, with status UP', 'PingRequest', CMS_SECURITY), async (req): Promise<PingResponse> => ({ request: pingBody(req.body), status: 'UP' }));
}
