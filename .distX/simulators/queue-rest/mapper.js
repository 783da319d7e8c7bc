import { DEFAULT_QUEUE_CONFIG, TELPHIN_QUEUE_PARAMS } from '../../scenarios/callcenter/queue-config.js';
/** The name after "prefix*": an implicit phone extension is named by its agent's number. */
export function shortName(rec, world) {
    if (rec.implicit && rec.agent)
        return world.agent(rec.agent)?.number ?? rec.name;
    return rec.name;
}
/** "000*101". */
export function fullName(rec, world, settings) {
    return `${settings.prefix}*${shortName(rec, world)}`;
}
/** "000*101@sip.ringme.ru", as events name extensions. */
export function sipName(rec, world, settings) {
    return `${fullName(rec, world, settings)}@${settings.domain}`;
}
export function label(rec, world) {
    if (rec.label !== undefined)
        return rec.label;
    if (rec.queue)
        return world.queue(rec.queue)?.name ?? null;
    if (rec.agent)
        return world.agent(rec.agent)?.name ?? null;
    return null;
}
/** 'YYYY-MM-DD HH:MM:SS' in UTC. */
export function telphinDate(epochMs) {
    return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
}
export function extensionDto(rec, world, settings) {
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
/** The 32 parameters of seed 001 from the world's queue configuration. */
export function queueConfigDto(config) {
    const out = {};
    for (const k of TELPHIN_QUEUE_PARAMS)
        out[k] = config[k];
    return out;
}
/**
 * A PUT body as a patch for updateQueue: null puts a parameter back to its seed 001 default (`sound`
 * keeps null: no sound); `extension_id` is not a parameter.
 */
export function queuePatch(body) {
    const patch = {};
    for (const [k, v] of Object.entries(body)) {
        if (k === 'extension_id' || v === undefined)
            continue;
        patch[k] = v === null && k !== 'sound' ? DEFAULT_QUEUE_CONFIG[k] : v;
    }
    return patch;
}
export function queueStatusDto(members) {
    return { answered_members: members.answered, trying_members: members.trying, waiting_members: members.waiting };
}
export function queueAgentDto(agentId, tier) {
    return { agent_id: agentId, level: tier.level, position: tier.position };
}
/** The agent parameters of seed 001 that the world's AgentConfig holds. */
export const AGENT_CONFIG_PARAMS = ['busy_delay_time', 'call_timeout', 'no_answer_delay_time', 'reject_delay_time', 'wrap_up_time'];
export function agentConfigPatch(body) {
    const out = {};
    for (const k of AGENT_CONFIG_PARAMS) {
        const v = body[k];
        if (typeof v === 'number')
            out[k] = v;
    }
    return out;
}
// Plain literals in the schemas' order: object rest/spread is several times slower, and these are
// built once per agent of every list.
export function localAgentDto(view, rec, extensionId) {
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
export function remoteAgentDto(view, rec) {
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
