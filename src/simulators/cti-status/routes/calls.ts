/**
 * Call data routes, from the world's call records: calldata/querybasiccallinfo (4.1.4.1: a call in
 * progress), calldata/querydetailcallinfo (4.1.4.2: an agent's call in progress), and vdn/querycalls (the
 * finished calls of a period: 4.1.1.12 inbound only, under v1; 4.1.1.13 inbound or outbound by isCallIn,
 * under v2). History is what the world keeps of finished calls (the newest `--retain-calls`), within the
 * period the PDF allows: from 00:00:00 UTC of the previous simulated day to 23:59:59 of the current one.
 */
import type { FastifyInstance } from 'fastify';
import type { BasicCallInfoResponse, CallsParam, DetailCallInfoResponse, QueryCallsResponse } from '../../../generated/cti-status/cti-status.js';
import type { CallRecord } from '../../../scenarios/callcenter/model.js';
import type { HuaweiAdapter } from '../adapter.js';
import { CMS_SECURITY } from '../auth.js';
import { basicCallInfo, callNumbers, callRow, detailCallInfo, parseCallId } from '../call-data.js';
import { invalidParameter, RESULT } from '../errors.js';
import { callIdQuery, callsQuery, callsV2Query } from '../params.js';
import { docs } from '../schema.js';
import { newer } from './envelope.js';

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The live call a CC-CMS call id names (its number and its start second must both be the call's). */
function liveCall(adapter: HuaweiAdapter, callId: string, ccId: number, vdn: number): CallRecord | null {
  const id = parseCallId(callId);
  if (!id || !adapter.addresses(ccId, vdn)) return null;
  const startMs = adapter.sim.scenario.startMs;
  return adapter.queries.liveCalls().find((r) => r.seq === id.seq && Math.floor((startMs + r.arrivedT) / 1000) === id.second) ?? null;
}

/** querycalls' period, as the PDF bounds it: from the previous day's start to the current day's end (UTC, the simulated clock's). */
function checkPeriod(p: CallsParam, nowMs: number): void {
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  if (p.beginDate < today - DAY_MS) throw invalidParameter(`beginDate ${p.beginDate} (${iso(p.beginDate)}) is earlier than 00:00:00 of the previous day (${iso(today - DAY_MS)}; the simulated time is ${iso(nowMs)})`);
  if (p.endDate > today + DAY_MS - 1) throw invalidParameter(`endDate ${p.endDate} (${iso(p.endDate)}) is later than 23:59:59 of the current day (${iso(today + DAY_MS - 1000)}; the simulated time is ${iso(nowMs)})`);
  if (p.beginDate > p.endDate) throw invalidParameter(`beginDate ${p.beginDate} is after endDate ${p.endDate}`);
}

function queryCalls(adapter: HuaweiAdapter, p: CallsParam, direction: CallRecord['direction']): QueryCallsResponse {
  const ctx = adapter.callContext();
  checkPeriod(p, ctx.startMs + ctx.nowT);
  if (!adapter.addresses(p.ccId, p.vdn)) return { resultCode: RESULT.success, resultDesc: { data: [], count: 0 } };
  const matches: CallRecord[] = [];
  for (const r of adapter.queries.finished(0).calls) {
    const begin = ctx.startMs + r.arrivedT;
    if (r.direction !== direction || begin < p.beginDate || begin > p.endDate) continue;
    if (p.callerNo || p.calleeNo) {
      const n = callNumbers(r, ctx);
      if ((p.callerNo && n.calling !== p.callerNo) || (p.calleeNo && n.called !== p.calleeNo)) continue;
    }
    matches.push(r);
  }
  matches.sort((a, b) => a.arrivedT - b.arrivedT || a.seq - b.seq);
  const offset = p.offset ?? 0;
  const page = matches.slice(offset, offset + (p.limit ?? 100));
  return { resultCode: RESULT.success, resultDesc: { data: page.map((r) => callRow(r, ctx)), count: matches.length } };
}

export async function callRoutes(app: FastifyInstance, { adapter }: { adapter: HuaweiAdapter }): Promise<void> {
  app.post('/calldata/querybasiccallinfo', docs('4.1.4.1: a call in progress by its CC-CMS call id ("<start second>-<number>", as vdn/querycalls names it); null for none', 'CallIdRequest', CMS_SECURITY), async (req): Promise<BasicCallInfoResponse> => {
    const ctx = adapter.callContext();
    const p = callIdQuery(req.body);
    const r = liveCall(adapter, p.callId, p.ccId, p.vdn);
    return newer(r ? basicCallInfo(r, ctx) : null);
  });

  app.post('/calldata/querydetailcallinfo', docs("4.1.4.2: an agent's call in progress (talking, or dialling out) by its call id; null for none", 'CallIdRequest', CMS_SECURITY), async (req): Promise<DetailCallInfoResponse> => {
    const ctx = adapter.callContext();
    const p = callIdQuery(req.body);
    const r = liveCall(adapter, p.callId, p.ccId, p.vdn);
    return newer(r && r.agent !== null ? detailCallInfo(r, ctx) : null);
  });

  app.post('/vdn/querycalls', docs('4.1.1.12: the finished inbound calls of the VDN that began in [beginDate, endDate] (epoch ms), oldest first, a page of limit from offset', 'CallsRequest', CMS_SECURITY), async (req): Promise<QueryCallsResponse> =>
    queryCalls(adapter, callsQuery(req.body), 'inbound'),
  );
}

/** Under /rest/cmsapp/v2/openapi. */
export async function callRoutesV2(app: FastifyInstance, { adapter }: { adapter: HuaweiAdapter }): Promise<void> {
  app.post('/vdn/querycalls', docs('4.1.1.13: the finished calls of the VDN, inbound (isCallIn "true") or outbound ("false"), that began in [beginDate, endDate], oldest first', 'CallsV2Request', CMS_SECURITY), async (req): Promise<QueryCallsResponse> => {
    const p = callsV2Query(req.body);
    return queryCalls(adapter, p, p.isCallIn === 'true' ? 'inbound' : 'outbound');
  });
}
