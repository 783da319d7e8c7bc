/**
 * A scenario after loading: every default applied, durations in virtual milliseconds, groups of agents
 * expanded. This is what the engine builds a world from; the YAML shape is in schemas/scenario.schema.json
 * and load-scenario.ts turns one into the other.
 */
import type { Distribution } from './kernel/distributions.js';
import type { AgentConfig, QueueConfig } from './callcenter/queue-config.js';
import type { AgentState, AgentStatus } from './callcenter/agent-states.js';
import type { AnswerSpec } from './callcenter/model.js';
import type { PactStep } from '../generated/scenario.js';

export interface ResolvedScenario {
  name: string;
  seed: number;
  /** Epoch ms of virtual time 0, a whole second. */
  startMs: number;
  durationMs: number;
  warmupMs: number;
  serviceLevelSeconds: number;
  queues: QueueSetup[];
  agents: AgentSetup[];
  callers: CallerGroup[];
  timeline: TimelineEntry[];
  /** Relative weights of the wrap-up reasons agents pick, in a fixed order. */
  wrapUpReasons: [WrapUpReason, number][];
  outbound: OutboundSetup;
  /** Agents allowed on rest at once (Huawei's VDN rest limit); null for no limit. */
  restMaxAgents: number | null;
  /** Settings of the API views (credentials, ids), kept as written for the simulators. */
  apis: Record<string, unknown>;
  /** Faults the served APIs show, as written (the door's instruments read them); from/until in virtual seconds. */
  faults: ScenarioFaultSetup[];
  /** The scenario's own Pact provider states (`pact_states:`), steps as written; src/pact fills and runs them. */
  pactStates?: PactStateSetup[];
}

/** A provider state of the scenario: its name (with {param} placeholders) and its timeline-like steps. */
export interface PactStateSetup {
  name: string;
  steps: PactStep[];
}

/** A fault of the scenario's `faults:` or timeline: its matcher and action are the door's to read. */
export interface ScenarioFaultSetup {
  match: Record<string, unknown>;
  fault: Record<string, unknown>;
  probability?: number;
  times?: number;
  from?: number;
  until?: number;
}

export const WRAP_UP_REASONS = ['not_found', 'success', 'no_answer', 'call_back_later', 'interrupted'] as const;
export type WrapUpReason = (typeof WRAP_UP_REASONS)[number];

/** How the far end treats an agent's dial-out. */
export interface OutboundSetup {
  answerProbability: number;
  /** Seconds of ringing before the dialled party answers. */
  answerAfter: Distribution;
  /** Seconds after which an unanswered dial-out is given up. */
  noAnswerAfterSec: number;
}

export interface QueueSetup {
  id: string;
  name: string;
  config: QueueConfig;
}

export interface AgentSetup {
  id: string;
  /** Generated from the seed when absent. */
  name: string | null;
  number: string | null;
  type: 'local' | 'remote';
  status: AgentStatus;
  config: AgentConfig;
  answer: AnswerSpec[];
  talkTime: Distribution;
  tiers: { queue: string; level: number; position: number }[];
  history: { lastBridgeEndMs: number | null; callsAnswered: number; talkTime: number };
}

export type Arrivals =
  | { process: 'poisson'; perHour: number; hourly: number[] | null; fromMs: number; untilMs: number | null }
  | { process: 'fixed'; atMs: number[] }
  | { process: 'burst'; atMs: number; count: number; spreadMs: number };

export interface CallerGroup {
  queue: string;
  arrivals: Arrivals;
  /** Seconds a caller waits before hanging up; null waits forever. */
  patience: Distribution | null;
  numbers: string[];
  baseScore: number;
  timeInSystem: Distribution;
  /** Probability that the caller, not the agent, hangs up at the end of a conversation. */
  releasesFirst: number;
  /** Seconds after joining at which the caller presses the queue's exit key; null never. */
  exitKeyAfter: Distribution | null;
}

export type TimelineEntry =
  | { atMs: number; agent: string; status: AgentStatus }
  | { atMs: number; agent: string; state: AgentState }
  | { atMs: number; agent: string; externalCall: number; direction: 'inbound' | 'outbound'; number: string | null }
  | { atMs: number; agent: string; dialOut: string }
  | { atMs: number; agent: string; rest: number }
  | { atMs: number; call: { queue: string; number: string | null; patience: number | null } }
  | { atMs: number; queue: string; set: Partial<QueueConfig> };
