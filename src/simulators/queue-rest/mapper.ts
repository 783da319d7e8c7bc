/**
 * World views → Telphin DTOs, and Telphin request bodies → world commands' arguments. No rules of the
 * call center here: only renaming, picking fields and applying seed 001's "null means the default".
 */
import type {
  Extension,
  LocalAgent,
  QueueAgent,
  QueueConfig as QueueConfigDto,
  QueueConfigUpdate,
  QueueStatus,
  RemoteAgent,
} from '../../generated/queue-rest/queue-rest.js';
import type { AgentView, QueueView } from '../../scenarios/callcenter/queries.js';
import { DEFAULT_QUEUE_CONFIG, TELPHIN_QUEUE_PARAMS, type AgentConfig, type QueueConfig } from '../../scenarios/callcenter/queue-config.js';
import type { AgentRecord, ExtensionRecord } from './ids.js';
import type { Settings } from './settings.js';

/** What mapping an extension needs to know about the world. */
export interface WorldLookup {
  agent(id: string): AgentView | null;
  queue(id: string): QueueView | null;
}

/** The name after "prefix*": an implicit phone extension is named by its agent's number. */
export function shortName(rec: ExtensionRecord, world: WorldLookup): string {
  if (rec.implicit && rec.agent) return world.agent(rec.agent)?.number ?? rec.name;
  return rec.name;
}

/** "000*101". */
export function fullName(rec: ExtensionRecord, world: WorldLookup, settings: Settings): string {
  return `${settings.prefix}*${shortName(rec, world)}`;
}

/** "000*101@sip.ringme.ru", as events name extensions. */
export function sipName(rec: ExtensionRecord, world: WorldLookup, settings: Settings): string {
  return `${fullName(rec, world, settings)}@${settings.domain}`;
}

export function label(rec: ExtensionRecord, world: WorldLookup): string | null {
  if (rec.label !== undefined) return rec.label;
  if (rec.queue) return world.queue(rec.queue)?.name ?? null;
  if (rec.agent) return world.agent(rec.agent)?.name ?? null;
  return null;
}

/** 'YYYY-MM-DD HH:MM:SS' in UTC. */
export function telphinDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
}

export function extensionDto(rec: ExtensionRecord, world: WorldLookup, settings: Settings): Extension {
  return {
    id: rec.id,
    client_id: settings.account_id,
    name: fullName(rec, world, settings),
    type: rec.type,
    status: rec.status,
    label: label(rec, world),
    domain: settings.domain,
    create_date: telphinDate(rec.createdMs),
    caller_id_name: rec.callerIdName,
    extra_params: rec.extraParams,
    dial_rule_id: null,
    dial_rule_limit: null,
    extension_group_id: null,
    message_did: null,
    ani_rfc3325: false,
    did_as_transfer_caller_id: null,
  };
}

/** The queue extension's id and the 32 parameters of seed 001 from the world's queue configuration. */
export function queueConfigDto(extensionId: number, config: QueueConfig): QueueConfigDto {
  const out: Record<string, unknown> = { extension_id: extensionId };
  for (const k of TELPHIN_QUEUE_PARAMS) out[k] = config[k];
  return out as unknown as QueueConfigDto;
}

/**
 * A PUT body as a patch for updateQueue: null puts a parameter back to its seed 001 default (`sound`
 * keeps null: no sound); `extension_id` is not a parameter.
 */
export function queuePatch(body: QueueConfigUpdate): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === 'extension_id' || v === undefined) continue;
    patch[k] = v === null && k !== 'sound' ? DEFAULT_QUEUE_CONFIG[k as keyof QueueConfig] : v;
  }
  return patch;
}

export function queueStatusDto(members: QueueView['members']): QueueStatus {
  return { answered_members: members.answered, trying_members: members.trying, waiting_members: members.waiting };
}

export function queueAgentDto(agentId: number, tier: { level: number; position: number }): QueueAgent {
  return { agent_id: agentId, level: tier.level, position: tier.position };
}

/** The agent parameters of seed 001 that the world's AgentConfig holds. */
export const AGENT_CONFIG_PARAMS = ['busy_delay_time', 'call_timeout', 'no_answer_delay_time', 'reject_delay_time', 'wrap_up_time'] as const satisfies readonly (keyof AgentConfig)[];

export function agentConfigPatch(body: Partial<Record<(typeof AGENT_CONFIG_PARAMS)[number], number>>): Partial<AgentConfig> {
  const out: Partial<AgentConfig> = {};
  for (const k of AGENT_CONFIG_PARAMS) {
    const v = body[k];
    if (typeof v === 'number') out[k] = v;
  }
  return out;
}

// Plain literals in the schemas' order: object rest/spread is several times slower, and these are
// built once per agent of every list.
export function localAgentDto(view: AgentView, rec: AgentRecord, extensionId: number): LocalAgent {
  const c = view.config;
  return {
    id: rec.id,
    extension_id: extensionId,
    name: view.name,
    status: view.status,
    busy_delay_time: c.busy_delay_time,
    call_timeout: c.call_timeout,
    no_answer_delay_time: c.no_answer_delay_time,
    reject_delay_time: c.reject_delay_time,
    wrap_up_time: c.wrap_up_time,
    extra_params: rec.extraParams,
    agent_sound_id: rec.agentSoundId,
  };
}

export function remoteAgentDto(view: AgentView, rec: AgentRecord): RemoteAgent {
  const c = view.config;
  return {
    id: rec.id,
    number: view.number,
    name: view.name,
    status: view.status,
    busy_delay_time: c.busy_delay_time,
    call_timeout: c.call_timeout,
    no_answer_delay_time: c.no_answer_delay_time,
    reject_delay_time: c.reject_delay_time,
    wrap_up_time: c.wrap_up_time,
    extra_params: rec.extraParams,
    agent_sound_id: rec.agentSoundId,
  };
}
