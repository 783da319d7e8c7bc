/**
 * One ARM WebSocket connection: decodes each frame (codec.ts), answers it with the command's reply under
 * the same correlation id, and once the workstation has logged in pushes its operator's events
 * (agents_info_event, call_event) from the world's events, which the adapter feeds it. A frame that cannot
 * be answered (its correlation id unreadable) closes the socket with 1002. Nothing here throws into the
 * engine or the socket library: every failure is answered, logged or ends this connection only.
 */
import type { RawData, WebSocket } from 'ws';
import type { FrameInfo, InstrumentedSocket } from '../../instruments/ws.js';
import { eventAgent, eventCall, type WorldEvent } from '../../scenarios/callcenter/events.js';
import type { ArmAdapter } from './adapter.js';
import { closeReason, decodeRequest, encodeEvent, encodeReply, encodeReplyBytes, EVENT_ID } from './codec.js';
import { perform, type CommandContext } from './commands.js';
import { ArmError } from './errors.js';
import { agentInfo, armTime, conversation, releaseReason, transferredTo, type ConversationStatus, type Direction } from './mapper.js';
import { renderError, renderOut } from './out.js';

/** The events a logged-in session is pushed (schemas/arm-xml/asyncapi.yaml documents each). */
export const PUSHED_EVENTS = ['agents_info_event', 'call_event'] as const;
export type PushedEvent = (typeof PUSHED_EVENTS)[number];

/** A client that lets this much pile up unread is cut off rather than let the server's memory grow. */
const MAX_BUFFERED = 8 * 1024 * 1024;

const AGENT_EVENTS = new Set(['agent.status', 'agent.state', 'agent.blocked', 'agent.unblocked', 'agent.rest_started', 'agent.rest_ended']);

export class ArmSession {
  private operatorId: string | null = null;
  private agentId: string | null = null;
  private unsubscribe: (() => void) | null = null;
  /** The call whose wrap-up is running, for the `finished` event (agent.wrap_up_ended names no call). */
  private wrapUpCall: string | null = null;
  /** The operator after the latest agent event, not yet pushed (see snapshotAgent). */
  private pendingAgent: { t: number; info: Record<string, string>; at: number } | null = null;
  /** What this session was last shown of its operator (agents_info_event without its timestamp). */
  private lastAgentKey: string | null = null;
  private flushQueued = false;
  private readonly ctx: CommandContext;
  /** The socket through the journal and the faults: every frame in and out passes it. */
  private readonly io: InstrumentedSocket;

  constructor(
    private readonly adapter: ArmAdapter,
    private readonly socket: WebSocket,
    instrument: (write: (frame: string | Buffer) => void) => InstrumentedSocket,
  ) {
    this.io = instrument((frame) => this.write(frame));
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

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private onMessage(data: RawData, _isBinary: boolean): void {
    try {
      const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      const decoded = decodeRequest(buf, this.adapter.settings.max_body_bytes);
      this.io.received(buf, decoded.ok ? { command: decoded.frame.command, correlation: decoded.frame.id } : decoded.id === null ? {} : { correlation: decoded.id });
      if (!decoded.ok) {
        if (decoded.id === null) {
          this.socket.close(1002, closeReason(decoded.reason));
          return;
        }
        const err = new ArmError(decoded.status === 413 ? 'too_large' : 'invalid_frame', decoded.reason, decoded.status);
        this.send(encodeReply(decoded.id, decoded.status, renderError('out.xsd', err)), { correlation: decoded.id, status: decoded.status });
        return;
      }
      const { frame } = decoded;
      const result = perform(this.ctx, frame.command, frame.xml);
      // What the command did to the operator is pushed before its reply.
      this.flushAgent();
      // A reply is journaled under its request's command, so a matcher (or a fault) names it by the command.
      this.send(result.bytes ? encodeReplyBytes(frame.id, result.status, result.bytes) : encodeReply(frame.id, result.status, result.xml), { command: frame.command, correlation: frame.id, status: result.status });
    } catch (err) {
      this.adapter.log.error({ err }, 'arm websocket: a frame could not be handled');
      this.socket.close(1011, closeReason('internal error'));
    }
  }

  /** A frame on its way out: through the journal and the faults, then written. */
  private send(frame: string | Buffer, info: FrameInfo): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.io.send(frame, info);
  }

  /** Frames go out as text frames, bytes or not. */
  private write(frame: string | Buffer): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED) {
      this.socket.close(1013, closeReason('client reads too slowly'));
      return;
    }
    this.socket.send(frame, { binary: false });
  }

  /** `login` on this connection: the session is that operator's, and its events start flowing. */
  private bind(operatorId: string): string {
    const op = this.adapter.operator(operatorId);
    this.operatorId = op.id;
    this.agentId = op.agent;
    this.wrapUpCall = null;
    this.pendingAgent = null;
    this.lastAgentKey = null;
    this.unsubscribe ??= this.adapter.feed((e) => this.onEvent(e));
    return `ws-${op.id}`;
  }

  /** One of the world's events (the adapter catches what this throws: the event is skipped for this session). */
  private onEvent(e: WorldEvent): void {
    if (eventAgent(e) !== this.agentId || this.agentId === null) return;
    // The operator as it stood at an earlier instant is final: push it before this instant's changes.
    if (this.pendingAgent && this.pendingAgent.t !== e.t) this.flushAgent();
    if (AGENT_EVENTS.has(e.type)) {
      this.snapshotAgent(e.t);
      return;
    }
    const pushed = this.callFrame(e);
    if (pushed) {
      this.flushAgent();
      this.send(pushed, { command: 'call_event', correlation: EVENT_ID });
    }
    // A call outside the queues moves the operator's ARM state (mapper.armState) with no agent.state event.
    const outside = e.type === 'agent.dialing' || e.type === 'agent.external_call' || (e.type === 'call.ended' && this.adapter.sim.engine.queries.call(e.call)?.kind === 'external');
    if (outside) this.snapshotAgent(e.t);
  }

  /**
   * One command moves an agent through several events at one instant (a block is agent.blocked then
   * agent.status; an unblock restores the status after agent.unblocked): the operator is pushed once, as it
   * stands after the last of them, and only when it differs from what this session was last shown. The
   * snapshot goes out before the next frame of this session, at the next instant, or once the running
   * command or clock step is over (a microtask).
   */
  private snapshotAgent(t: number): void {
    const view = this.adapter.sim.engine.queries.agent(this.agentId as string);
    if (!view) return;
    const at = this.adapter.sim.scenario.startMs + t;
    this.pendingAgent = { t, info: agentInfo(view, this.operatorId as string, this.adapter.auxReason(this.agentId as string), at), at };
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => {
        this.flushQueued = false;
        try {
          this.flushAgent();
        } catch (err) {
          this.adapter.log.error({ err }, 'arm websocket: could not push an operator change');
        }
      });
    }
  }

  private flushAgent(): void {
    const pending = this.pendingAgent;
    if (!pending) return;
    this.pendingAgent = null;
    const { timestamp: _ignored, ...shown } = pending.info;
    const key = JSON.stringify(shown);
    if (key === this.lastAgentKey) return;
    this.lastAgentKey = key;
    this.send(this.frame('agents_info_event', renderOut('agents_info_event.xsd', (out) => out.ele('event', { timestamp: armTime(pending.at) }).ele('agent', pending.info))), { command: 'agents_info_event', correlation: EVENT_ID });
  }

  /** A pushed event's frame: only the events the protocol documents. */
  private frame(name: PushedEvent, xml: string): string {
    return encodeEvent(name, xml);
  }

  private callFrame(e: WorldEvent): string | null {
    const operatorId = this.operatorId as string;
    const at = this.adapter.sim.scenario.startMs + e.t;
    let callId = eventCall(e);
    let status: ConversationStatus | null = null;
    const extra: { release_reason?: string; transferred_to?: string } = {};
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
    if (!callId) return null;
    const call = this.adapter.sim.engine.queries.call(callId);
    if (!call) return null;
    if (e.type === 'call.ended') {
      const direction: Direction = call.direction === 'inbound' ? 'in' : 'out';
      extra.release_reason = releaseReason(e.by, direction);
    }
    // A transfer ends the operator's part (call.ended, then call.transferred): the release names where it went.
    if (e.type === 'call.ended' && call.transferredTo) extra.transferred_to = transferredTo(call.transferredTo);
    const attrs = conversation(call, operatorId, status, extra);
    return this.frame('call_event', renderOut('call_event.xsd', (out) => out.ele('event', { timestamp: armTime(at) }).ele('conversation', attrs)));
  }
}
