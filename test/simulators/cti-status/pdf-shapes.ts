/**
 * The response shapes of the CC-CMS interfaces as the vendor's PDF (AICC 25.300.1 CC-CMS Interface
 * Reference) tabulates them, written here from its tables and not from ccsim's schema, so a test can hold
 * the view to the PDF: every field the table lists, no other, each of the JSON type its "Value Type"
 * column gives (Integer, Long, Number and Date → number; String → string; Array; Object; "int" → number).
 * Where the table and the example disagree the table is followed, as the README says.
 */

export type JsonType = 'number' | 'string' | 'array' | 'object' | 'null';
export type Shape = Record<string, JsonType>;

const n = 'number' as const;
const s = 'string' as const;
const a = 'array' as const;
const o = 'object' as const;

/** The envelope of the interfaces of 8.13.0 and later (e.g. 4.1.2.1 Table 3): result, resultCode, resultDatas, resultDesc. */
export const NEWER = (data: JsonType): Shape => ({ result: s, resultCode: s, resultDatas: data, resultDesc: data });

/** 4.1.2.1 Table 4 (realindex/agent/agentsinskill). */
export const SKILL_AGENT_IDS: Shape = { skillId: n, agentIds: a };
/** 4.1.3.2 Table 4 (agentgroup/agentstatusinfobyagentids). */
export const AGENT_STATUS_INFO: Shape = {
  agentId: n,
  locationId: n,
  currentStateReason: n,
  prevState: n,
  prevStateTime: n,
  currentState: n,
  currentStateTime: n,
  logonTime: n,
  agentRelease: n,
  currentPrivateCallNum: n,
};
/** 4.1.3.13 Tables 3 and 4 (vdn/queryAgentByStatus). */
export const AGENTS_BY_STATUS: Shape = { returnCode: s, description: s, data: a };
export const AGENT_BY_STATUS: Shape = { agentId: n, locationId: n, currentState: n, currentStateTime: n };
/** 4.1.1.16 Table 4 (vdn/totalagentstate). */
export const AGENT_STATE: Shape = { agentId: n, state: n };
/** 4.1.2.10 Table 4 (skill/agentbyconfigedskill). */
export const SKILL_AGENT_V2: Shape = { workNo: n, name: s, status: n, ctiStatus: n, groupId: n, mediaType: n, vdnId: n, phoneNumber: s, currentStateTime: n, loginDate: n };
/** 4.1.2.9 Table 4 (skill/agentstatusbyskill); notlogined is "int". */
export const SKILL_AGENT_COUNTS: Shape = Object.fromEntries(
  ['workSubStateBegin', 'lateAdjust', 'usable', 'rest', 'studying', 'setBusy', 'occupy', 'idle', 'preoccupy', 'answering', 'talking', 'loginEd', 'notlogined', 'callOut'].map((k) => [k, n]),
);
/** 4.1.2.6 Table 4 (skill/stateinfo): all Long but skillId (Integer). */
export const SKILL_STATE_INFO: Shape = Object.fromEntries(
  [
    'skillId',
    'agentLoginNums',
    'agentTalkingNums',
    'agentIdleNums',
    'agentAvailableNums',
    'agentSetBusyNums',
    'agentRestNums',
    'agentMaxIdleTimeIn5',
    'agentWorkNums',
    'agentStudyNums',
    'agentOccupyNums',
    'agentPreOccupyNums',
    'totalCallNums',
    'processingCallNums',
    'maxCallWaitTimesIn5',
    'callWaitNums',
    'evenCallTimeIn5',
    'evenWaitTimeIn5',
    'allCallCount',
    'cnnedIn20sCallCount',
  ].map((k) => [k, n]),
);
/** 5.13.4 Table 4 (realindex/skill/stateinfo): without the last two, agentSetbusyNums; Table 3: result, resultDatas. */
export const OLD_SKILL_STATE_INFO: Shape = Object.fromEntries(
  Object.keys(SKILL_STATE_INFO)
    .filter((k) => k !== 'allCallCount' && k !== 'cnnedIn20sCallCount')
    .map((k) => [k === 'agentSetBusyNums' ? 'agentSetbusyNums' : k, n]),
);
export const OLDER = (data: JsonType): Shape => ({ result: s, resultDatas: data });
/** 4.1.4.1 Table 4 (calldata/querybasiccallinfo): time is a Date in ms, callSkill and orgiCalledNum Integer, mediaBillType String. */
export const BASIC_CALL_INFO: Shape = {
  time: n,
  dsn: n,
  handle: n,
  server: n,
  keyId: s,
  callingNum: s,
  calledNum: s,
  mid: n,
  trunkNo: n,
  priority: n,
  deviceType: n,
  deviceNo: n,
  callSkill: n,
  partyNum: n,
  callFeature: n,
  orgiCalledNum: n,
  mediaType: n,
  submediaType: n,
  place: n,
  waitTime: n,
  totalTalkingTimes: n,
  logonTimes: n,
  serviceType: n,
  callInCause: n,
  enterReason: n,
  mediaBillType: s,
};
/** 4.1.4.2 Table 4 (calldata/querydetailcallinfo): callSkill, callFeature, orgiCalledNum and mediaType are Strings. */
export const DETAIL_CALL_INFO: Shape = {
  cb: n,
  time: n,
  dsn: n,
  handle: n,
  server: n,
  keyId: s,
  callingNum: s,
  calledNum: s,
  mid: n,
  trunkNo: n,
  priority: n,
  deviceType: n,
  deviceNo: n,
  callData: s,
  callDataLen: n,
  callSkill: s,
  partyNum: n,
  callFeature: s,
  orgiCalledNum: s,
  mediaType: s,
  submediaType: n,
  place: n,
  waitTime: n,
  totalTalkingTimes: n,
  logonTimes: n,
};
/** 4.1.1.12 Tables 3–5 and 4.1.1.13 Tables 3–4 (vdn/querycalls). */
export const QUERY_CALLS: Shape = { resultCode: s, resultDesc: o };
export const QUERY_CALLS_DESC: Shape = { data: a, count: n };
export const CALL_ROW: Shape = {
  logDate: n,
  callerNo: s,
  calleeNo: s,
  callId: s,
  callType: n,
  waitBegin: n,
  ackBegin: n,
  callBegin: n,
  callEnd: n,
  vdn: n,
  leaveReason: n,
  mediaType: n,
  subMediaType: n,
};
/** 4.1.1.9 Table 4 (configures/skills): submediaType is a String. */
export const CONFIGURED_SKILL: Shape = { id: n, mediaType: n, submediaType: s, name: s };
/** 4.3.1 Table 4 (configures/vdns). */
export const VDN_INFO: Shape = { vdn: n, vdnName: s };
/** 4.7 Table 3 (ping). */
export const PING: Shape = { status: s, request: o };
/** 5.2: an error returns resultCode and resultDesc. */
export const FAILURE: Shape = { resultCode: s, resultDesc: s };

const typeOf = (v: unknown): JsonType => (v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as JsonType));

/**
 * What differs between `value` and `shape`: missing fields, fields the table does not list, wrong types.
 * `extra` names fields allowed beyond the table (ccsim's additions, which the README lists).
 */
export function shapeProblems(shape: Shape, value: unknown, extra: readonly string[] = []): string[] {
  if (typeOf(value) !== 'object') return [`not an object: ${JSON.stringify(value)?.slice(0, 80)}`];
  const v = value as Record<string, unknown>;
  const out: string[] = [];
  for (const [k, type] of Object.entries(shape)) {
    if (!(k in v)) out.push(`${k} is missing`);
    else if (typeOf(v[k]) !== type) out.push(`${k} is ${typeOf(v[k])}, the PDF's table says ${type}`);
  }
  for (const k of Object.keys(v)) if (!(k in shape) && !extra.includes(k)) out.push(`${k} is not in the PDF's table`);
  return out;
}
