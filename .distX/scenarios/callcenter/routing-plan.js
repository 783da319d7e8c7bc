import { isRingStrategy } from './queue-config.js';
import { STRATEGY_ORDER } from './strategies/order.js';
import { gateCanBlock } from './tier-gate.js';
/** The queue's routing plan, made once per configuration (an update replaces the config object). */
export function routingPlanOf(q) {
    if (q.planFor !== q.config) {
        q.plan = routingPlan(q.config);
        q.planFor = q.config;
    }
    return q.plan;
}
function routingPlan(cfg) {
    const rules = {
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
    };
}
