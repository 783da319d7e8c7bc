/**
 * What the dispatcher and the call flow need to know of a queue's configuration (its strategy's
 * order and form, the tier rules), worked out once per configuration instead of per caller.
 */
import type { Queue } from './model.js';
import { isRingStrategy, type QueueConfig, type Strategy } from './queue-config.js';
import { STRATEGY_ORDER, type CompareRows } from './strategies/order.js';
import { gateCanBlock, type TierRules } from './tier-gate.js';

export interface RoutingPlan {
  strategy: Strategy;
  /** The strategy's order within a block (strategies/order.ts). */
  compare: CompareRows;
  rules: TierRules;
  /** ring-all or ring-progressively: the caller is Trying from the start and may ring several agents. */
  ring: boolean;
  progressive: boolean;
  /** top-down: each caller keeps a pointer to the last tier offered. */
  topDown: boolean;
  /** No tier gate can stop the walk and no top-down pointer can end it: scanReady finds the offer. */
  scanWalk: boolean;
  /** try_same_agent_time applies: a returning caller goes to its last agent first (not under ring-all). */
  sameAgentFirst: boolean;
}

/** The queue's routing plan, made once per configuration (an update replaces the config object). */
export function routingPlanOf(q: Queue): RoutingPlan {
  if (q.planFor !== q.config) {
    q.plan = routingPlan(q.config);
    q.planFor = q.config;
  }
  return q.plan as RoutingPlan;
}

function routingPlan(cfg: QueueConfig): RoutingPlan {
  const rules: TierRules = {
    apply: cfg.tier_rules_apply,
    waitSecond: cfg.tier_rule_wait_second,
    multiplyLevel: cfg.tier_rule_wait_multiply_level,
    noAgentNoWait: cfg.tier_rule_no_agent_no_wait,
  };
  const strategy = cfg.strategy;
  return {
    strategy,
    compare: STRATEGY_ORDER[strategy],
    rules,
    ring: isRingStrategy(strategy),
    progressive: strategy === 'ring-progressively',
    topDown: strategy === 'top-down',
    scanWalk: strategy !== 'ring-all' && strategy !== 'top-down' && !gateCanBlock(rules),
    sameAgentFirst: cfg.try_same_agent_time > 0 && strategy !== 'ring-all',
  };
}
