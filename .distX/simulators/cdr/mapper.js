import { endCauses } from './causes.js';
import { agentDialogUuid, externalDialogUuid, hexId } from './ids.js';
import { formatTime } from './time.js';
/** How long a recorded conversation keeps a transcript, and how often a dial-out meets a machine. */
const TRANSCRIPT_SHARE = 0.6;
const MACHINE_SHARE = 0.08;
/** The dialogs of a finished call, the EXTERNAL one first; none for a live call. */
export function dialogsOf(call, ctx) {
    if (call.endedT === null)
        return [];
    const endedT = call.endedT;
    const s = ctx.settings;
    const at = (t) => formatTime(ctx.startMs + t);
    const atOrNull = (t) => (t === null ? null : at(t));
    const answered = call.answeredT !== null;
    const isQueue = call.kind === 'queue' && call.queue !== null;
    const inbound = call.direction === 'inbound';
    const projectRec = isQueue ? ctx.project(call.queue) : null;
    const project = projectRec && { id: projectRec.id, name: projectRec.name, language: s.project_language, service_type: 'CONTACT_CENTER', service_id: projectRec.id };
    const serviceNumber = s.service_number_prefix + String(projectRec?.id ?? 0).padStart(4, '0');
    const remote = displayTarget(call.number);
    const agentNumber = call.agentNumber ?? '';
    const extras = ctx.extras(call.id, ctx.startMs + call.arrivedT);
    const talking = answered ? endedT - call.answeredT : 0;
    const queueWait = isQueue && call.joinedT !== null ? (call.leftQueueT ?? endedT) - call.joinedT : 0;
    const tag = call.disposition ? s.disposition_tags[call.disposition.reason] : undefined;
    const tags = tag === undefined ? [] : [tag];
    const dialOut = call.kind === 'external' && call.direction === 'outbound';
    const requester = dialOut && call.agent ? ctx.user(call.agent) : null;
    const callRequest = dialOut
        ? { dialing_method: 'manual', call_request_id: hexId(`call_request:${call.id}`), call_request_name: null, application_id: null, application_name: null, application_type: null, project_id: null, project_name: null, case_id: null, case_group: null, case_state: null, virtual_agent_id: null }
        : null;
    const info = isQueue ? s.call_info_params : [null, null, null, null, null];
    const values = isQueue && answered ? extras.callInfoValues : [null, null, null, null, null];
    const agentType = isQueue ? 'CONSULTANT' : 'TENANT_USER';
    // Agents who talked: the one who answered a queue call; the agent on its own call, answered or not.
    const agents = call.agent !== null && (answered || !isQueue) ? [call.agent] : [];
    const externalUuid = externalDialogUuid(call.id);
    const agentUuids = agents.map((a) => agentDialogUuid(call.id, agentType, a));
    const earlier = call.transferredFrom ? [externalDialogUuid(call.transferredFrom)] : [];
    const common = (side) => {
        const c = endCauses(call, side);
        return {
            project,
            project_id_list: projectIds(call, ctx),
            crm_id: extras.crmId,
            contact_id: extras.contactId,
            contact_data: { firstname: extras.contactFirstname, surname: extras.contactSurname, id: extras.contactId },
            organization_id: extras.organizationId,
            organization_name: extras.organizationName,
            note: answered ? call.disposition?.comment || extras.note : null,
            call_info: info,
            call_info_values: values,
            custom_tag_id_list: tags,
            variables: isQueue ? [{ ...extras.variables }] : [],
            operator_call_id: call.id,
            ...c,
            call_request_data: callRequest && { ...callRequest },
        };
    };
    const dialog = (side, p) => {
        const c = common(side);
        const d = {
            dialog_uuid: p.uuid,
            dialog_type: p.type,
            business_direction: inbound ? 'INBOUND' : 'OUTBOUND',
            business_end_cause: c.business_end_cause,
            from_display_target: p.from,
            to_display_target: p.to,
            start_time: at(p.startT),
            hangup_time: at(endedT),
            serve_time: atOrNull(call.answeredT),
            talking_time: talking,
            alert_time: atOrNull(p.alertT),
            answer_time: atOrNull(call.answeredT),
            ring_time: atOrNull(p.alertT),
            waiting_time: (call.answeredT ?? endedT) - p.startT,
            first_queue_waiting_time: queueWait,
            machine_detected: p.machine ? 1 : 0,
            machine_detected_type: p.machine ? 'AMD' : null,
            initial_media: ['audio'],
            project: c.project && { ...c.project },
            project_id_list: c.project_id_list,
            tenant_user: p.user,
            anonymous: p.anonymous === null ? null : { display_name: p.anonymous },
            virtual_agent: null,
            crm_id: c.crm_id,
            contact_id: c.contact_id,
            contact_data: c.contact_data,
            organization_id: c.organization_id,
            organization_name: c.organization_name,
            note: c.note,
            audio_video_recording: p.recordings,
            call_info_param1: c.call_info[0],
            call_info_value1: c.call_info_values[0],
            call_info_param2: c.call_info[1],
            call_info_value2: c.call_info_values[1],
            call_info_param3: c.call_info[2],
            call_info_value3: c.call_info_values[2],
            call_info_param4: c.call_info[3],
            call_info_value4: c.call_info_values[3],
            call_info_param5: c.call_info[4],
            call_info_value5: c.call_info_values[4],
            custom_tag_id_list: c.custom_tag_id_list,
            variables: c.variables,
            operator_call_id: c.operator_call_id,
            hangup_cause: c.hangup_cause,
            end_cause: c.end_cause,
            call_request_data: c.call_request_data,
            linked_dialogs: p.linked,
            transcript_exist: p.transcript ? 1 : 0,
        };
        return { dialog: d, callRequestAgentId: requester?.id ?? null };
    };
    const out = [
        dialog('external', {
            uuid: externalUuid,
            type: 'EXTERNAL',
            from: inbound ? remote : isQueue ? serviceNumber : agentNumber || serviceNumber,
            to: inbound ? (isQueue ? serviceNumber : agentNumber) : remote,
            // The caller hears ringing from the first offer to an agent; a remote party from the dial.
            startT: call.arrivedT,
            alertT: isQueue ? (call.offers[0]?.t ?? null) : call.arrivedT,
            user: null,
            anonymous: inbound ? displayTarget(call.callerName) : remote,
            recordings: [],
            linked: [...earlier, ...agentUuids],
            transcript: false,
            machine: dialOut && answered && extras.machineDraw < MACHINE_SHARE,
        }),
    ];
    agents.forEach((agent, i) => {
        const offer = call.offers.find((o) => o.agent === agent && o.outcome === 'answered');
        const startT = isQueue ? (offer?.t ?? call.answeredT) : call.arrivedT;
        const rec = call.recorded && answered ? [{ media: 'audio', recording_id: hexId(`recording:${agentUuids[i]}`), start_time: at(call.answeredT), stop_time: at(endedT) }] : [];
        out.push(dialog('agent', {
            uuid: agentUuids[i],
            type: agentType,
            from: inbound ? remote : agentNumber,
            to: inbound ? agentNumber : remote,
            startT,
            alertT: startT,
            user: tenantUser(agent, ctx.user(agent)),
            anonymous: null,
            recordings: rec,
            linked: [externalUuid],
            transcript: rec.length > 0 && extras.transcriptDraw < TRANSCRIPT_SHARE,
            machine: false,
        }));
    });
    return out;
}
/** The projects a call went through: those of the calls it was transferred from, then its own. */
function projectIds(call, ctx) {
    const chain = [];
    const seen = new Set([call.id]);
    let from = call.transferredFrom ?? null;
    // Bounded: a transfer chain is short, and a loop in bad data must not hang a request.
    while (from && !seen.has(from) && seen.size < 32) {
        seen.add(from);
        const earlier = ctx.call(from);
        if (!earlier)
            break;
        if (earlier.kind === 'queue' && earlier.queue)
            chain.unshift(earlier.queue);
        from = earlier.transferredFrom ?? null;
    }
    if (call.kind === 'queue' && call.queue)
        chain.push(call.queue);
    const ids = [];
    for (const q of chain) {
        const id = ctx.project(q).id;
        if (!ids.includes(id))
            ids.push(id);
    }
    return ids;
}
/** A number as Conpeek shows it (digits, no "+": "48123456789"); a name stays as it is. */
export function displayTarget(n) {
    return /^\+?[0-9]+$/.test(n) ? n.replace(/^\+/, '') : n;
}
export function tenantUser(agent, rec) {
    const name = rec.name.trim() || agent;
    const space = name.indexOf(' ');
    return {
        id: rec.id,
        username: agent,
        firstname: space < 0 ? name : name.slice(0, space),
        surname: space < 0 ? '' : name.slice(space + 1),
        display_name: name,
    };
}
