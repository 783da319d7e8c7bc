/**
 * Every interface of the vendor's *AICC 25.300.1 CC-CMS Interface Reference (RESTful)* (its table of
 * contents, sections 4.1–4.9 and 5.13), with its method, its path and what ccsim does with it: `simulated`
 * (answered from the world), `configuration` (answered from the scenario's configuration) or
 * `not simulated` (answered with CC-CMS's failure, saying so). The routes, the renderer's answer for a
 * path ccsim lacks and the README's table all come from this list; a test holds the README to it.
 */
export type Support = 'simulated' | 'configuration' | 'not simulated';

export interface CmsInterface {
  /** The PDF's section and printed page. */
  section: string;
  page: number;
  title: string;
  method: 'POST' | 'GET';
  /** The full path, `{name}` for a path parameter. */
  path: string;
  support: Support;
}

const V1 = '/rest/cmsapp/v1/openapi';
const i = (section: string, page: number, title: string, path: string, support: Support = 'not simulated', method: 'POST' | 'GET' = 'POST'): CmsInterface => ({
  section,
  page,
  title,
  method,
  path: path.startsWith('/rest/') ? path : `${V1}/${path}`,
  support,
});

export const INTERFACES: readonly CmsInterface[] = [
  i('4.1.1.1', 31, 'Querying Information About System Access Codes in a Specified VDN', 'vdn/queryaccesscodeinfo'),
  i('4.1.1.2', 34, 'Querying Agent Rest Information in a Specified VDN', 'vdn/queryagentreststate'),
  i('4.1.1.3', 39, 'Querying Agent Phone Numbers in a Specified VDN', 'vdn/allagentphones'),
  i('4.1.1.4', 42, 'Querying Information About All Agents in a Specified VDN', 'vdn/totalagentabstractex3'),
  i('4.1.1.5', 46, 'Querying Information About the Current Status of All Agents in a Specified VDN', 'vdn/totalagentdynamicinfo'),
  i('4.1.1.6', 49, 'Querying Information About Static Configurations of All Agents in a Specified VDN', 'vdn/queryagentstaticconfinfo'),
  i('4.1.1.7', 54, 'Querying the IVR Status Details of a Specified VDN', 'vdn/queryivrstatusinfo'),
  i('4.1.1.8', 57, 'Querying Information About IVR Flow Access Codes in a Specified VCC', 'vdn/queryivrprocessinnoinfo'),
  i('4.1.1.9', 60, 'Querying Information about Each Skill Queue in a Specified VCC', 'configures/skills', 'configuration'),
  i('4.1.1.10', 63, 'Querying All Rest Reason Codes in a Specific VDN', 'agentgroup/restreasons/{ccId}/{vdn}', 'not simulated', 'GET'),
  i('4.1.1.11', 66, 'Querying Information About Calls of a Specified Access Code', 'vdn/queryaccesscodecallinfo'),
  i('4.1.1.12', 69, 'Querying Call Information in a Specified VDN', 'vdn/querycalls', 'simulated'),
  i('4.1.1.13', 73, 'Querying Call Information in a Specified VDN (V2)', '/rest/cmsapp/v2/openapi/vdn/querycalls', 'simulated'),
  i('4.1.1.14', 77, 'Querying the Call track Data in a Specific VDN', 'vdn/querycalltracedetail'),
  i('4.1.1.15', 80, 'Querying Information About Static Configurations of All Agents in a Specified VDN (Not Supported by CTI 3.6)', 'vdn/querytotalagentinfo'),
  i('4.1.1.16', 85, 'Querying Information About All Agents in a Specified VDN (Not Supported by CTI 3.6)', 'vdn/totalagentstate', 'simulated'),
  i('4.1.1.17', 87, 'Obtaining Real-Time Monitoring Indicators by VDN', 'rindex/vdn'),
  i('4.1.2.1', 92, 'Querying Signed-in Agents in Skill Queues in Batches', 'realindex/agent/agentsinskill', 'simulated'),
  i('4.1.2.2', 95, 'Querying Extended Information About Skill Queues in Batches', 'skill/totalskillstatusex3'),
  i('4.1.2.3', 99, 'Querying the Call Statistics of Skill Queues in the Current 5 Minutes in Batches', 'skill/currentcallstateinfo'),
  i('4.1.2.4', 103, 'Querying Information About the Status of a Specified Skill Queue', 'skill/queuedevicestatus'),
  i('4.1.2.5', 106, 'Querying Information About Skill Queue Configurations in Batches', 'skill/skillcfginfo'),
  i('4.1.2.6', 109, 'Querying the Statistics Details of Skill Queues in Batches', 'skill/stateinfo', 'simulated'),
  i('4.1.2.7', 115, 'Querying All Calls Queuing in a Skill Queue in Batches', 'skill/batchmultiskill'),
  i('4.1.2.8', 119, 'Querying the Number of Calls that Each Queue Answers from Other Queues in Batches When Calls are Queuing in Multiple Skill Queues', 'skill/batchskilloverload'),
  i('4.1.2.9', 123, 'Querying the Number of Agents in Each State in a Skill Group', 'skill/agentstatusbyskill', 'simulated'),
  i('4.1.2.10', 126, 'Querying Details About Signed-in Agents in a Skill Queue', 'skill/agentbyconfigedskill', 'simulated'),
  i('4.1.2.11', 130, 'Querying Service Quality for Skill Queues in Batches', 'skill/servicequality'),
  i('4.1.2.12', 133, 'Obtaining Real-Time Monitoring Indicators by Skill Queue', 'skill/rindex'),
  i('4.1.3.1', 141, 'Querying Skill Queues to Which Agents Sign In in Batches', 'agentgroup/siteagentcallandskillinfobyagentids'),
  i('4.1.3.2', 145, 'Querying Agent Information in Batches', 'agentgroup/agentstatusinfobyagentids', 'simulated'),
  i('4.1.3.3', 149, 'Querying the Current Call ID of a Specified Agent', 'agent/queryagentcalls'),
  i('4.1.3.4', 151, 'Querying Call Information About All Agents in Batches', 'agentgroup/queryagentcalls'),
  i('4.1.3.5', 156, 'Querying Private Calls of a Specified Agent', 'agent/agentprivatecall'),
  i('4.1.3.6', 158, 'Querying the Number of Agents in the Agent State in batches', 'agentgroup/teamagentstatusinfo'),
  i('4.1.3.7', 162, 'Querying Details of a Specified Agent', 'agent/agentbyworkno'),
  i('4.1.3.8', 166, 'Querying Agent Rest Information', 'agentgroup/agentrestinfos'),
  i('4.1.3.9', 170, 'Checking Whether an Agent Is Processing a Call', 'calldata/isprocesscall'),
  i('4.1.3.10', 172, 'Querying System Status by Agent', 'agentgroup/systemstate'),
  i('4.1.3.11', 175, 'Obtaining Real-Time Monitoring Indicators by Agent', 'agentgroup/rindex'),
  i('4.1.3.12', 180, 'Obtaining Agent Operation Details', 'agent/agentoprinfo'),
  i('4.1.3.13', 185, 'Querying Agent Information by Agent Status in Pagination Mode', 'vdn/queryAgentByStatus', 'simulated'),
  i('4.1.4.1', 188, 'Querying Basic Information About a Call with a Specified Call ID', 'calldata/querybasiccallinfo', 'simulated'),
  i('4.1.4.2', 193, 'Querying Private Call Details of a Specified Agent', 'calldata/querydetailcallinfo', 'simulated'),
  i('4.1.4.3', 197, 'Querying CDRs of a Specified Call ID', 'calldata/querycalldetailbyid'),
  i('4.2.1', 202, 'Obtaining Historical VCC Monitoring Indicators', 'hisindex/vdn'),
  i('4.2.2', 207, 'Querying Information About Missed Calls in a Specified VCC', '/rest/cmsapp/v1/callin/queryMissedCalls'),
  i('4.2.3', 210, 'Obtaining Historical IVR Monitoring Indicators', 'hisindex/ivr'),
  i('4.2.4', 214, 'Obtaining Historical Monitoring Indicators by Skill Queue', 'hisindex/skill'),
  i('4.2.5', 220, 'Obtaining Historical Monitoring Indicators by Agent', 'hisindex/agent'),
  i('4.2.6', 226, 'Obtaining Historical Monitoring Indicators in a Specified Time Range by Skill', 'hisindex/skillforday'),
  i('4.2.7', 230, 'Obtaining Historical Monitoring Indicators in a Specified Month Range by Skill', 'hisindex/skillformonth'),
  i('4.2.8', 234, 'Obtaining Historical Monitoring Indicators in a Specified Time Range by Agent', 'hisindex/agentforday'),
  i('4.2.9', 239, 'Obtaining Historical Monitoring Indicators in a Specified Month by Agent', 'hisindex/agentformonth'),
  i('4.2.10', 243, 'Collecting Statistics on Result Sets in Daily Settlement Table for Inbound Calls', '/rest/cmsapp/v1/callinday/querymanualindexesbycondition'),
  i('4.2.11', 253, 'Collecting Statistics on Result Sets in Daily Settlement Table for Outbound Calls', '/rest/cmsapp/v1/calloutday/querymanualindexesbycondition'),
  i('4.2.12', 266, 'Obtaining Agent Rest Monitoring Indicators of the Current Day or the Previous Day', 'hisindex/agentbreak'),
  i('4.3.1', 269, 'Querying Information about All VDNs in a Specified Call Center', 'configures/vdns', 'configuration'),
  i('4.3.2', 272, 'Querying Information About All Agents by VDN ID', 'configures/agents/{ccId}/{vdn}/{offset}/{limit}', 'not simulated', 'GET'),
  i('4.3.3', 275, 'Obtaining All Called Routes in a VDN', 'configures/calledconfigs/{ccId}/{vdn}', 'not simulated', 'GET'),
  i('4.3.4', 278, 'Querying Information About All Agents by Tenant Space ID', 'tenant/querytenantdetail'),
  i('4.3.5', 281, 'Querying Skill Groups in a Specified VDN', 'skillgroups/{ccId}/{vdnId}', 'not simulated', 'GET'),
  i('4.3.6', 283, 'Querying Information About All Tenants Accessible to an Access User', 'tenant/querytenants'),
  i('4.4.1', 286, 'Querying a User Group Member', 'qcrelationconf/querygroupmemberbycondition'),
  i('4.4.2', 290, 'Deleting Members from a Group in Batches', 'qcrelationconf/batchdeletegroupmember'),
  i('4.4.3', 292, 'Adding Members to a Group in Batches', 'qcrelationconf/batchaddgroupmember'),
  i('4.4.4', 294, 'Querying All User Groups', 'qcrelationconf/queryallccgroup/{ccId}/{vdn}', 'not simulated', 'GET'),
  i('4.4.5', 297, 'Adding a User Group', 'qcrelationconf/createusergroup'),
  i('4.4.6', 300, 'Deleting a User Group', 'qcrelationconf/deleteusergroup'),
  i('4.4.7', 302, 'Updating User Group Information', 'qcrelationconf/updategroup'),
  i('4.4.8', 304, 'Setting Inspection Relationships', 'qcrelationconf/configqcrelation'),
  i('4.4.9', 306, 'Deleting Configured Inspection Relationships', 'qcrelationconf/deleteqcrelationconf'),
  i('4.4.10', 308, 'Adding an Agent to a User Group', 'qcrelationconf/joinusergroup'),
  i('4.4.11', 311, 'Updating Agent Names', 'qcrelationconf/updateagentgroup'),
  i('4.5.1', 314, 'Querying the Outbound Call Task List of a Tenant', 'fromisales/querytasks'),
  i('4.5.2', 317, 'Querying the Daily Settlement Statistics of a Specified Task', 'fromisales/dailystatistic'),
  i('4.5.3', 320, 'Querying the Real-Time Statistics of a Specified Task', 'fromisales/realstatistic'),
  i('4.6.1', 322, 'Querying UAP Performance Information', 'uap/queryUapPerfInfo'),
  i('4.6.2', 328, 'Querying Key Information About Control Blocks', 'uap/dsppidkey'),
  i('4.6.3', 333, 'Querying the Registration Status of a Terminal', 'uap/queryterminalstatus'),
  i('4.6.4', 337, 'Interface for Querying UAP Performance Indicator Statistics', 'uap/perfindex'),
  i('4.6.5', 340, 'Interface for Querying UAP Terminal Statistics', 'uap/terminalindex'),
  i('4.6.6', 342, 'Interface for Querying CTI System Indicators', 'cti/sysindex'),
  i('4.6.7', 345, 'Querying the Time of the CTI Platform Server', 'configures/ctiservertime'),
  i('4.6.8', 347, 'Querying the Current License Usage in the System', 'configures/querysystemlicensestatus'),
  i('4.7', 351, 'Checking Cluster Health Status', '/rest/cmsapp/v1/ping', 'simulated'),
  i('4.8', 353, 'Interface for Uploading Logs', '/rest/{service.name}/v1/ClientLog/uploadClientLog'),
  i('4.9', 354, 'Downloading Inspection Recording Files', 'hisindex/downloadRecordFile'),
  i('5.13.1', 398, 'Querying Details of a Specified Agent', 'agentgroup/agentbyworkno', 'simulated'),
  i('5.13.2', 401, 'Querying System Status by Agent', 'querymonitor/systemstate', 'simulated'),
  i('5.13.3', 403, 'Querying the Agent Information in Rest State', 'agentgroup/agentrestinfo', 'simulated'),
  i('5.13.4', 406, 'Querying Statistics Details of Skill Queues in Batches', 'realindex/skill/stateinfo', 'simulated'),
  i('5.13.5', 410, 'Querying Details About Agents in Configured Skill Queues', 'agentgroup/agentbyconfigedskill', 'simulated'),
];

const pattern = (path: string) => new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
const MATCHERS = INTERFACES.map((x) => ({ x, re: pattern(x.path) }));

/** The interface a path (without its query; trailing slashes aside) names, if the PDF has one. */
export function interfaceAt(path: string): CmsInterface | undefined {
  const bare = path.replace(/\/+$/, '');
  return MATCHERS.find((m) => m.re.test(bare))?.x;
}

/** The interfaces ccsim answers (simulated or from the configuration). */
export const SERVED: readonly CmsInterface[] = INTERFACES.filter((x) => x.support !== 'not simulated');
