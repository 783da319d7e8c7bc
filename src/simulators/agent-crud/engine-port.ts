/**
 * The engine's types as this view reads them, in one place: agent and queue snapshots (with membership
 * `joined` and external calls), call records (with dispositions), and the wrap-up reasons. Views keep no
 * copy of the engine's rules; this only names what the mappers and routes use.
 */
import type { CallRecord } from '../../scenarios/callcenter/model.js';
import type { AgentView, QueueView } from '../../scenarios/callcenter/queries.js';
import type { WrapUpReason } from '../../scenarios/scenario.js';

export type EngineReason = WrapUpReason;
export type AgentSnapshot = AgentView;
export type QueueSnapshot = QueueView;
export type CallSnapshot = CallRecord;
