import { closeReason, decodeRequest, encodeEvent, encodeReply, encodeReplyBytes } from './codec.js';
import { perform } from './commands.js';
import { ArmError } from './errors.js';
import { agentInfo, armTime, conversation, releaseReason, transferredTo } from './mapper.js';
import { renderError, renderOut } from './xml.js';
/** A client that lets this much pile up unread is cut off rather than let the server's memory grow. */
const MAX_BUFFERED = 8 * 1024 * 1024;
const AGENT_EVENTS = new Set(['agent.status', 'agent.state', 'agent.blocked', 'agent.unblocked', 'agent.rest_started', 'agent.rest_ended']);
export class ArmSession {
    adapter;
    socket;
    operatorId = null;
    agentId = null;
    unsubscribe = null;
    /** The call whose wrap-up is running, for the `finished` event (agent.wrap_up_ended names no call). */
    wrapUpCall = null;
    /** The operator after the latest agent event, not yet pushed (see snapshotAgent). */
    pendingAgent = null;
    /** What this session was last shown of its operator (agents_info_event without its timestamp). */
    lastAgentKey = null;
    flushQueued = false;
    ctx;
    constructor(adapter, socket) {
        this.adapter = adapter;
        this.socket = socket;
        const self = this;
        this.ctx = {
            adapter,
            get operator() {
                return self.operatorId;
            },
            bindSession: (operatorId) => this.bind(operatorId),
        };
        socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
        socket.on('close', () => this.close());
    }
    close() {
        this.unsubscribe?.();
        this.unsubscribe = null;
    }
    onMessage(data, _isBinary) {
        try {
            const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
            const decoded = decodeRequest(buf, this.adapter.settings.max_body_bytes);
            if (!decoded.ok) {
                if (decoded.id === null) {
                    this.socket.close(1002, closeReason(decoded.reason));
                    return;
                }
                const err = new ArmError(decoded.status === 413 ? 'too_large' : 'invalid_frame', decoded.reason, decoded.status);
                this.send(encodeReply(decoded.id, decoded.status, renderError('out.xsd', err)));
                return;
            }
            const { frame } = decoded;
            const result = perform(this.ctx, frame.command, frame.xml);
            // What the command did to the operator is pushed before its reply.
            this.flushAgent();
            this.send(result.bytes ? encodeReplyBytes(frame.id, result.status, result.bytes) : encodeReply(frame.id, result.status, result.xml));
        }
        catch (err) {
            this.adapter.log.error({ err }, 'arm websocket: a frame could not be handled');
            this.socket.close(1011, closeReason('internal error'));
        }
    }
    /** Frames go out as text frames, bytes or not. */
    send(frame) {
        if (this.socket.readyState !== this.socket.OPEN)
            return;
        if (this.socket.bufferedAmount > MAX_BUFFERED) {
            this.socket.close(1013, closeReason('client reads too slowly'));
            return;
        }
        this.socket.send(frame, { binary: false });
    }
    /** `login` on this connection: the session is that operator's, and its events start flowing. */
    bind(operatorId) {
        const op = this.adapter.operator(operatorId);
        this.operatorId = op.id;
        this.agentId = op.agent;
        this.wrapUpCall = null;
        this.pendingAgent = null;
        this.lastAgentKey = null;
        if (!this.unsubscribe)
            this.unsubscribe = this.adapter.sim.subscribe((e) => this.onEvent(e));
        return `ws-${op.id}`;
    }
    onEvent(e) {
        if (e.agent !== this.agentId || this.agentId === null)
            return;
        try {
            // The operator as it stood at an earlier instant is final: push it before this instant's changes.
            if (this.pendingAgent && this.pendingAgent.t !== e.t)
                this.flushAgent();
            if (AGENT_EVENTS.has(e.type)) {
                this.snapshotAgent(e.t);
                return;
            }
            const pushed = this.callFrame(e);
            if (pushed) {
                this.flushAgent();
                this.send(pushed);
            }
        }
        catch (err) {
            // The engine must never see a view's failure; the event is skipped for this session.
            this.adapter.log.error({ err, event: e }, 'arm websocket: could not push an event');
        }
    }
    /**
     * One command moves an agent through several events at one instant (a block is agent.blocked then
     * agent.status; an unblock restores the status after agent.unblocked): the operator is pushed once, as it
     * stands after the last of them, and only when it differs from what this session was last shown. The
     * snapshot goes out before the next frame of this session, at the next instant, or once the running
     * command or clock step is over (a microtask).
     */
    snapshotAgent(t) {
        const view = this.adapter.sim.engine.queries.agent(this.agentId);
        if (!view)
            return;
        const at = this.adapter.sim.scenario.startMs + t;
        this.pendingAgent = { t, info: agentInfo(view, this.operatorId, this.adapter.auxReason(this.agentId), at), at };
        if (!this.flushQueued) {
            this.flushQueued = true;
            queueMicrotask(() => {
                this.flushQueued = false;
                try {
                    this.flushAgent();
                }
                catch (err) {
                    this.adapter.log.error({ err }, 'arm websocket: could not push an operator change');
                }
            });
        }
    }
    flushAgent() {
        const pending = this.pendingAgent;
        if (!pending)
            return;
        this.pendingAgent = null;
        const { timestamp: _ignored, ...shown } = pending.info;
        const key = JSON.stringify(shown);
        if (key === this.lastAgentKey)
            return;
        this.lastAgentKey = key;
        this.send(encodeEvent('agents_info_event', renderOut('agents_info_event.xsd', (out) => out.ele('event', { timestamp: armTime(pending.at) }).ele('agent', pending.info))));
    }
    callFrame(e) {
        const operatorId = this.operatorId;
        const at = this.adapter.sim.scenario.startMs + e.t;
        let callId = typeof e.call === 'string' ? e.call : null;
        let status = null;
        const extra = {};
        switch (e.type) {
            case 'call.offered':
                status = 'alerting';
                break;
            case 'agent.dialing':
                status = 'initiating';
                break;
            case 'call.answered':
            case 'agent.external_call':
            case 'call.unheld':
                status = 'working';
                break;
            case 'call.held':
                status = 'hold';
                break;
            case 'call.ring_failed':
                status = 'released';
                extra.release_reason = e.cause === 'busy' || e.cause === 'reject' ? 'released_by_b' : 'released_by_system';
                break;
            case 'call.ended':
                status = 'released';
                break;
            case 'agent.wrap_up':
                status = 'acw';
                this.wrapUpCall = callId;
                break;
            case 'agent.wrap_up_ended':
                status = 'finished';
                callId = this.wrapUpCall;
                this.wrapUpCall = null;
                break;
            default:
                return null;
        }
        if (!callId)
            return null;
        const call = this.adapter.sim.engine.queries.call(callId);
        if (!call)
            return null;
        if (e.type === 'call.ended') {
            const direction = call.direction === 'inbound' ? 'in' : 'out';
            extra.release_reason = releaseReason(e.by ?? call.releasedBy, direction);
        }
        // A transfer ends the operator's part (call.ended, then call.transferred): the release names where it went.
        if (e.type === 'call.ended' && call.transferredTo)
            extra.transferred_to = transferredTo(call.transferredTo);
        const attrs = conversation(call, operatorId, status, extra);
        return encodeEvent('call_event', renderOut('call_event.xsd', (out) => out.ele('event', { timestamp: armTime(at) }).ele('conversation', attrs)));
    }
}
