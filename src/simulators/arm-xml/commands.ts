/**
 * The ARM commands, one table for HTTP and WebSocket: each parses its `<request>`, resolves operators and
 * conversations, calls one engine command or query, and fills the `<out>` of its XSD. `run` throws what
 * goes wrong (over HTTP the door renders it); `perform`, for the WebSocket, answers it with the same
 * `<error>` the door would. Call-center rules stay in the engine; what is decided here is only
 * how ARM words map onto it (README "Assumptions"), and which commands a workstation may send before it
 * has logged in (`login` and the read-only `call_history`; every other one acts on an operator).
 */
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { CallRecord } from '../../scenarios/callcenter/model.js';
import type { ArmAdapter, Operator } from './adapter.js';
import { classify } from '../shared/problem.js';
import { ArmError, armErrorOf } from './errors.js';
import { parseFilters } from './history.js';
import { agentInfo, armTime, conversationNow, type HistoryEntry } from './mapper.js';
import { renderError, renderOut } from './out.js';
import { parseIn, type ArmRequest } from './xml.js';

/** Who is asking: the operator logged in on this session (null before `login`), and how to log one in. */
export interface CommandContext {
  adapter: ArmAdapter;
  operator: string | null;
  /** Binds the session to an operator; returns the session id (HTTP: the cookie value). */
  bindSession(operatorId: string): string;
}

export interface CommandResult {
  status: number;
  xml: string;
  /** The xml in UTF-8, when the answer came from the cache (so a frame need not encode it again). */
  bytes?: Buffer;
}

interface Command {
  /** The XSD named in the response's xs:noNamespaceSchemaLocation. */
  schema: string;
  /** Read-only commands' bodies are cached while the world and the clock's second stand still. */
  readOnly?: boolean;
  /**
   * Why the command needs a logged-in session (the not_logged_in reason), or null for the commands a
   * workstation may send before `login`. ECSS answers 403 to a workstation that is not logged in.
   */
  needsLogin: string | null;
  run(ctx: CommandContext, req: ArmRequest, nowMs: number): (out: XMLBuilder) => void;
}

const ONLY = (req: ArmRequest, allowed: string[], children: string[] = []) => {
  for (const k of Object.keys(req.attrs)) if (!allowed.includes(k)) throw new ArmError('invalid_request', `unknown attribute '${k}' on <request>`);
  for (const k of Object.keys(req.children)) if (!children.includes(k)) throw new ArmError('invalid_request', `unknown element <${k}> in <request>`);
};

/** The operator a command acts on: its `agent_id` (another operator, as a supervisor), else the session's. */
function target(ctx: CommandContext, req: ArmRequest, field = 'agent_id'): Operator {
  return ctx.adapter.operator(req.attrs[field] ?? ctx.operator ?? undefined, field);
}

function agentResponse(ctx: CommandContext, op: Operator, extraAttrs: Record<string, string> = {}): (out: XMLBuilder) => void {
  const now = ctx.adapter.nowMs();
  const info = agentInfo(ctx.adapter.agentView(op), op.id, ctx.adapter.auxReason(op.agent), now);
  return (out) => {
    out.ele('response', { timestamp: armTime(now), ...extraAttrs }).ele('agent', info);
  };
}

function historyResponse(lines: HistoryEntry[], tag: string | null, nowMs: number): (out: XMLBuilder) => void {
  return (out) => {
    const h = out.ele('response', { timestamp: armTime(nowMs) }).ele('history', tag ? { tag } : {});
    for (const line of lines) {
      const list = h.ele('call_history', line.attrs).ele('url_list');
      for (const url of line.urls) list.ele('url').txt(url);
    }
  };
}

/** The live call `conversation_id`; it must be operator_id's call, else the session operator's. */
function ownCall(ctx: CommandContext, req: ArmRequest, idField: string): { call: CallRecord; operatorId: string } {
  const id = req.attrs[idField];
  if (!id) throw new ArmError('invalid_request', `${idField} is required`);
  const call = ctx.adapter.sim.engine.queries.call(id);
  if (!call || call.endedT !== null) throw new ArmError('unknown_conversation', `no live conversation '${id}'`);
  const who = req.attrs.operator_id ?? ctx.operator;
  if (who !== null && who !== undefined) {
    const op = ctx.adapter.operator(who, 'operator_id');
    if (call.agent !== op.agent) throw new ArmError('cannot_perform_cmd', `conversation '${id}' is not operator '${op.id}''s`);
  }
  const operatorId = call.agent ? (ctx.adapter.operatorIdOf(call.agent) ?? '') : '';
  return { call, operatorId };
}

function setStatus(ctx: CommandContext, op: Operator, status: string): void {
  ctx.adapter.command((c) => c.setAgentStatus(op.agent, status));
}

/** A logged-out agent that logs in starts in auxwork (not ready); one already logged in keeps its status. */
function logIn(ctx: CommandContext, op: Operator): void {
  if (ctx.adapter.agentView(op).status === 'logged_out') setStatus(ctx, op, 'on_break');
}

const OPERATOR = "changes an operator's status (the session's own, or agent_id's as a supervisor)";
const SUPERVISOR = "is a supervisor's command";
const CALL = "acts on an operator's call";

export const COMMANDS: Record<string, Command> = {
  operator_call_history: {
    schema: 'operator_call_history.xsd',
    readOnly: true,
    needsLogin: "shows the logged-in operator's calls",
    run(ctx, req, now) {
      ONLY(req, [], ['filters']);
      const op = ctx.adapter.operator(ctx.operator ?? undefined);
      const filters = parseFilters(req.children.filters, `op:${op.id}`);
      ctx.adapter.agentView(op); // unknown_operator when it is gone
      const { lines, tag } = ctx.adapter.history(op.agent, filters, `op:${op.id}`);
      return historyResponse(lines, tag, now);
    },
  },
  call_history: {
    schema: 'call_history.xsd',
    readOnly: true,
    needsLogin: null,
    run(ctx, req, now) {
      ONLY(req, [], ['filters']);
      const filters = parseFilters(req.children.filters, 'all');
      const { lines, tag } = ctx.adapter.history(null, filters, 'all');
      return historyResponse(lines, tag, now);
    },
  },
  login: {
    schema: 'login.xsd',
    needsLogin: null,
    run(ctx, req) {
      ONLY(req, ['agent_id', 'password', 'websocket_control']);
      const op = ctx.adapter.operator(req.attrs.agent_id);
      // The session first, so its WebSocket already receives the login's own status change.
      const session = ctx.bindSession(op.id);
      logIn(ctx, op);
      return agentResponse(ctx, op, { session_id: session });
    },
  },
  login_agent: {
    schema: 'login_agent.xsd',
    needsLogin: OPERATOR,
    run(ctx, req) {
      ONLY(req, ['agent_id', 'number']);
      const op = target(ctx, req);
      const number = req.attrs.number;
      if (number !== undefined && number !== '' && number !== op.id) throw new ArmError('cannot_perform_cmd', `operator '${op.id}' cannot log in on number '${number}': its phone is '${op.id}'`);
      logIn(ctx, op);
      return agentResponse(ctx, op);
    },
  },
  logout_agent: {
    schema: 'logout_agent.xsd',
    needsLogin: OPERATOR,
    run(ctx, req) {
      ONLY(req, ['agent_id']);
      const op = target(ctx, req);
      setStatus(ctx, op, 'logged_out');
      return agentResponse(ctx, op);
    },
  },
  make_available: {
    schema: 'make_available.xsd',
    needsLogin: OPERATOR,
    run(ctx, req) {
      ONLY(req, ['agent_id']);
      const op = target(ctx, req);
      setStatus(ctx, op, 'available');
      return agentResponse(ctx, op);
    },
  },
  auxwork: {
    schema: 'auxwork.xsd',
    needsLogin: OPERATOR,
    run(ctx, req) {
      ONLY(req, ['agent_id', 'reason']);
      const op = target(ctx, req);
      const reason = req.attrs.reason;
      if (!reason) throw new ArmError('invalid_request', 'reason is required (why the operator takes a break)');
      if (ctx.adapter.agentView(op).status === 'logged_out') throw new ArmError('cannot_perform_cmd', `operator '${op.id}' is logged out: log in first`);
      // The reason is in place before the status changes, so the pushed agents_info_event carries it.
      const before = ctx.adapter.auxReason(op.agent);
      ctx.adapter.setAuxReason(op.agent, reason);
      try {
        setStatus(ctx, op, 'on_break');
      } catch (err) {
        ctx.adapter.setAuxReason(op.agent, before);
        throw err;
      }
      return agentResponse(ctx, op);
    },
  },
  block_operator: {
    schema: 'block_operator.xsd',
    needsLogin: SUPERVISOR,
    run(ctx, req) {
      ONLY(req, ['agent_id']);
      const op = ctx.adapter.operator(req.attrs.agent_id);
      ctx.adapter.command((c) => c.blockAgent(op.agent));
      return agentResponse(ctx, op);
    },
  },
  unblock_operator: {
    schema: 'unblock_operator.xsd',
    needsLogin: SUPERVISOR,
    run(ctx, req) {
      ONLY(req, ['agent_id']);
      const op = ctx.adapter.operator(req.attrs.agent_id);
      ctx.adapter.command((c) => c.unblockAgent(op.agent));
      return agentResponse(ctx, op);
    },
  },
  call_hold: {
    schema: 'call_hold.xsd',
    needsLogin: CALL,
    run(ctx, req) {
      ONLY(req, ['conversation_id', 'operator_id']);
      const { call, operatorId } = ownCall(ctx, req, 'conversation_id');
      ctx.adapter.command((c) => c.holdCall(call.id));
      return conversationResponse(ctx, call.id, operatorId);
    },
  },
  call_unhold: {
    schema: 'call_unhold.xsd',
    needsLogin: CALL,
    run(ctx, req) {
      ONLY(req, ['conversation_id', 'operator_id']);
      const { call, operatorId } = ownCall(ctx, req, 'conversation_id');
      ctx.adapter.command((c) => c.resumeCall(call.id));
      return conversationResponse(ctx, call.id, operatorId);
    },
  },
  call_unattended_transfer: {
    schema: 'call_unattended_transfer.xsd',
    needsLogin: CALL,
    run(ctx, req) {
      ONLY(req, ['original_conversation_id', 'to_number', 'destination_conversation_id', 'workitem_id']);
      const { call, operatorId } = ownCall(ctx, req, 'original_conversation_id');
      const to = req.attrs.to_number;
      if (!to) throw new ArmError('invalid_request', 'to_number is required');
      // A to_number naming one of the call center's queues transfers into that queue; anything else dials out.
      const isQueue = ctx.adapter.sim.engine.queries.queue(to) !== null;
      ctx.adapter.command((c) => c.transferCall(call.id, isQueue ? { queue: to } : { number: to }), { number: 'to_number', queue: 'to_number', call: 'original_conversation_id' });
      return conversationResponse(ctx, call.id, operatorId);
    },
  },
};

function conversationResponse(ctx: CommandContext, callId: string, operatorId: string): (out: XMLBuilder) => void {
  const now = ctx.adapter.nowMs();
  const attrs = conversationNow(ctx.adapter.sim.engine.queries.call(callId) as CallRecord, operatorId);
  return (out) => {
    out.ele('response', { timestamp: armTime(now) }).ele('conversation', attrs);
  };
}

/**
 * The ARM commands docs/vendors.md §3 names that ccsim does not simulate (from a deployment's notes: the
 * vendor's pages show no XSD of theirs): each answers unknown_command saying so, and where the README lists
 * what is served.
 */
export const NOT_SIMULATED: readonly string[] = ['agent_list', 'agents_list', 'group_list', 'all_queues', 'add_to_queue', 'remove_from_queue', 'force_logout', 'make_agent_call', 'move_conversation_to_queue'];

/** The XSD a command's answers name (out.xsd for a name that is no command). */
export function schemaOf(name: string): string {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name].schema : 'out.xsd';
}

/** What a request without a body asks: a `<request>` with no attributes and no children. */
const NO_PARAMETERS: ArmRequest = Object.freeze({ attrs: Object.freeze({}), children: Object.freeze({}) }) as ArmRequest;

const readCache = new WeakMap<ArmAdapter, Map<string, { key: string; xml: string; bytes: Buffer }>>();

/**
 * Runs one command from its name and XML body; `xml` null is a request without a body (every parameter
 * left out). Throws the ArmError, DomainError or bug that stops it.
 */
export function run(ctx: CommandContext, name: string, xml: string | null): CommandResult {
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command && NOT_SIMULATED.includes(name)) throw new ArmError('unknown_command', `ccsim does not simulate the ECSS-10 command '${name}'; src/simulators/arm-xml/README.md ("The vendor's commands") lists the commands it serves`);
  if (!command) throw new ArmError('unknown_command', `unknown command '${name}'; known: ${Object.keys(COMMANDS).join(', ')}`);
  const schema = command.schema;
  const max = ctx.adapter.settings.max_body_bytes;
  if (xml !== null && xml.length * 3 > max && Buffer.byteLength(xml, 'utf8') > max) throw new ArmError('too_large', `body of ${Buffer.byteLength(xml, 'utf8')} bytes is over the ${max}-byte limit`);
  // Who may act comes before what the request says: an anonymous client learns nothing of the world.
  if (command.needsLogin !== null && ctx.operator === null) throw new ArmError('not_logged_in', `${name} ${command.needsLogin}: log in first`);
  const nowMs = ctx.adapter.ensure().epochMs;
  const request = () => (xml === null ? NO_PARAMETERS : parseIn(xml));
  if (command.readOnly) {
    // Same world, same second, same operator, same body: the same bytes (the world changes only by events).
    const key = `${ctx.adapter.sim.generation}:${ctx.adapter.sim.eventSeq}:${Math.floor(nowMs / 1000)}:${ctx.operator}`;
    let cache = readCache.get(ctx.adapter);
    if (!cache) readCache.set(ctx.adapter, (cache = new Map()));
    const body = `${name}\u0000${xml ?? ''}`;
    const hit = cache.get(body);
    if (hit && hit.key === key) return { status: 200, xml: hit.xml, bytes: hit.bytes };
    const out = renderOut(schema, command.run(ctx, request(), nowMs));
    if (cache.size >= 512) cache.clear();
    cache.set(body, { key, xml: out, bytes: Buffer.from(out, 'utf8') });
    return { status: 200, xml: out };
  }
  return { status: 200, xml: renderOut(schema, command.run(ctx, request(), nowMs)) };
}

/** `run` for a transport that answers every failure itself (a WebSocket frame): never throws. */
export function perform(ctx: CommandContext, name: string, xml: string): CommandResult {
  try {
    return run(ctx, name, xml);
  } catch (err) {
    // The door's classification and the view's rendering, as an HTTP request of the command gets them.
    const problem = classify(err);
    if (problem.kind === 'internal') ctx.adapter.log.error({ err, command: name }, 'arm command failed');
    const error = armErrorOf(err, problem);
    return { status: error.status, xml: renderError(schemaOf(name), error) };
  }
}
