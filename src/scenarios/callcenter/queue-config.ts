/**
 * A queue's configuration: every parameter of the Telphin queue API (seed 001) with its documented
 * default, plus the mod_callcenter parameters that API does not expose (defaults from mod_callcenter's
 * code, see docs/routing.md §1.1). Only routing-relevant ones change behaviour; audio and
 * voicemail parameters are kept so the queue API can show and store them.
 */
import type { QueueSpec } from '../../generated/scenario.js';

export const STRATEGIES = [
  'ring-all',
  'longest-idle-agent',
  'round-robin',
  'top-down',
  'agent-with-least-talk-time',
  'agent-with-fewest-calls',
  'sequentially-by-agent-order',
  'random',
  'ring-progressively',
] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** Every queue parameter, none left out: the scenario schema's queue without its id and name. */
export type QueueConfig = Required<Omit<QueueSpec, 'id' | 'name'>>;

/** The 32 parameters of seed 001, in its order. */
export const TELPHIN_QUEUE_PARAMS = [
  'agent_announce_sound',
  'agent_hangup_action',
  'agent_hangup_transfer_dst',
  'agent_report_wait_time',
  'announce_frequency',
  'announce_sound',
  'append_to_cid_name_on_transfer',
  'exit_key',
  'exit_transfer_dst',
  'exit_with_no_av_agents',
  'max_wait_time',
  'max_wait_time_with_no_agent',
  'no_agent_timeout_transfer_dst',
  'position_announce_frequency',
  'quality_rate_finish_sound',
  'quality_rate_max',
  'quality_rate_sound',
  'record_enabled',
  'skip_busy_agents',
  'sound',
  'sound_type',
  'start_sound',
  'strategy',
  'tier_rule_wait_multiply_level',
  'tier_rule_wait_second',
  'tier_rules_apply',
  'timeout_transfer_dst',
  'try_same_agent_time',
  'vm_attach_file',
  'vm_enabled',
  'vm_greeting',
  'vm_mailto',
] as const satisfies readonly (keyof QueueConfig)[];

export const DEFAULT_QUEUE_CONFIG: Readonly<QueueConfig> = Object.freeze({
  agent_announce_sound: 0,
  agent_hangup_action: null,
  agent_hangup_transfer_dst: null,
  agent_report_wait_time: true,
  announce_frequency: 0,
  announce_sound: 0,
  append_to_cid_name_on_transfer: null,
  exit_key: null,
  exit_transfer_dst: null,
  exit_with_no_av_agents: true,
  max_wait_time: 0,
  max_wait_time_with_no_agent: 0,
  no_agent_timeout_transfer_dst: null,
  position_announce_frequency: 0,
  quality_rate_finish_sound: 0,
  quality_rate_max: 0,
  quality_rate_sound: 0,
  record_enabled: true,
  skip_busy_agents: true,
  sound: 0,
  sound_type: 'music',
  start_sound: 0,
  strategy: 'round-robin',
  tier_rule_wait_multiply_level: true,
  tier_rule_wait_second: 0,
  tier_rules_apply: true,
  timeout_transfer_dst: null,
  try_same_agent_time: 0,
  vm_attach_file: true,
  vm_enabled: true,
  vm_greeting: 0,
  vm_mailto: null,
  tier_rule_no_agent_no_wait: true,
  max_wait_time_with_no_agent_time_reached: 5,
  ring_progressively_delay: 0,
  discard_abandoned_after: 60,
  abandoned_resume_allowed: false,
  time_base_score: 'queue',
  agent_no_answer_status: 'on_break',
});

/** mod_callcenter treats a ring-progressively delay of 0 as 10 seconds. */
export function ringProgressivelyDelay(config: QueueConfig): number {
  return config.ring_progressively_delay > 0 ? config.ring_progressively_delay : 10;
}

export function isRingStrategy(strategy: Strategy): boolean {
  return strategy === 'ring-all' || strategy === 'ring-progressively';
}

/**
 * Applies the queue API's rule that `sound_type: ring` clears `sound` (seed 001). Returns a new config.
 */
export function withQueueRules(config: QueueConfig): QueueConfig {
  if (config.sound_type === 'ring' && config.sound !== null) return { ...config, sound: null };
  return config;
}

export interface AgentConfig {
  call_timeout: number;
  wrap_up_time: number;
  busy_delay_time: number;
  reject_delay_time: number;
  no_answer_delay_time: number;
  max_no_answer: number;
}

export const DEFAULT_AGENT_CONFIG: Readonly<AgentConfig> = Object.freeze({
  call_timeout: 0,
  wrap_up_time: 0,
  busy_delay_time: 0,
  reject_delay_time: 0,
  no_answer_delay_time: 0,
  max_no_answer: 0,
});

/** mod_callcenter's agent-originate-timeout: every ring is capped at it, and a call_timeout of 0 means it. */
export const AGENT_ORIGINATE_TIMEOUT = 60;

export function ringTimeoutSeconds(config: AgentConfig): number {
  return config.call_timeout > 0 ? Math.min(config.call_timeout, AGENT_ORIGINATE_TIMEOUT) : AGENT_ORIGINATE_TIMEOUT;
}
