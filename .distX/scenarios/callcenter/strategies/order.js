const lastOffered = (a, b) => a.agent.lastOfferedCall - b.agent.lastOfferedCall || a.agent.lastOfferSeq - b.agent.lastOfferSeq;
/** The SQL ORDER BY of each strategy, within a block (§4); creation order breaks the remaining ties. */
export const STRATEGY_ORDER = {
    'longest-idle-agent': (a, b) => a.level - b.level || a.agent.lastBridgeEnd - b.agent.lastBridgeEnd || a.position - b.position || a.order - b.order,
    'agent-with-least-talk-time': (a, b) => a.level - b.level || a.agent.talkTimeTotal - b.agent.talkTimeTotal || a.position - b.position || a.order - b.order,
    'agent-with-fewest-calls': (a, b) => a.level - b.level || a.agent.callsAnswered - b.agent.callsAnswered || a.position - b.position || a.order - b.order,
    'ring-all': (a, b) => a.level - b.level || a.position - b.position || a.order - b.order,
    'ring-progressively': (a, b) => a.level - b.level || a.position - b.position || a.order - b.order,
    'sequentially-by-agent-order': (a, b) => a.level - b.level || a.position - b.position || lastOffered(a, b) || a.order - b.order,
    random: (a, b) => a.level - b.level || (a.random ?? 0) - (b.random ?? 0) || a.order - b.order,
    'top-down': (a, b) => a.level - b.level || a.position - b.position || lastOffered(a, b) || a.order - b.order,
    'round-robin': (a, b) => a.level - b.level || a.position - b.position || lastOffered(a, b) || a.order - b.order,
};
/**
 * The rows a caller's search walks, in order. `pointer` is the caller's top-down pointer (absent = (0,0))
 * or the queue's round-robin pointer (absent = no agent was ever offered). Round-robin lists the rows
 * after the pointer first and then all rows again, as mod_callcenter's union query does.
 */
export function orderCandidates(strategy, rows, pointer) {
    const cmp = STRATEGY_ORDER[strategy];
    if (strategy === 'top-down') {
        const p = pointer ?? { level: 0, position: 0 };
        const after = rows.filter((r) => r.level === p.level && r.position > p.position).sort(cmp);
        const deeper = rows.filter((r) => r.level > p.level).sort(cmp);
        return after.concat(deeper);
    }
    if (strategy === 'round-robin') {
        const all = rows.slice().sort(cmp);
        if (!pointer)
            return all;
        const after = rows.filter((r) => r.level === pointer.level && r.position > pointer.position).sort(cmp);
        return after.concat(all);
    }
    return rows.slice().sort(cmp);
}
/**
 * Whether `a` comes before `b` in the walk, for strategies whose walk is one sorted list per block.
 * Used to find the first eligible row without sorting when no tier gate can stop the walk.
 */
export function walksBefore(strategy, a, b, pointer) {
    // One block unless there is a pointer to split at (top-down always has one: absent means (0,0)).
    if (pointer === null && strategy !== 'top-down')
        return STRATEGY_ORDER[strategy](a, b) < 0;
    const ba = blockOf(strategy, a, pointer);
    const bb = blockOf(strategy, b, pointer);
    if (ba !== bb)
        return ba < bb;
    return STRATEGY_ORDER[strategy](a, b) < 0;
}
/** The block a row falls in for the pointer strategies (0 first); -1 when top-down leaves it out. */
export function blockOf(strategy, r, pointer) {
    if (strategy === 'top-down') {
        const p = pointer ?? { level: 0, position: 0 };
        if (r.level === p.level && r.position > p.position)
            return 0;
        return r.level > p.level ? 1 : -1;
    }
    if (strategy === 'round-robin' && pointer) {
        return r.level === pointer.level && r.position > pointer.position ? 0 : 1;
    }
    return 0;
}
/** Whether a strategy rings every eligible row at once (ring-all) or stops at the first offer. */
export function offersAll(strategy) {
    return strategy === 'ring-all';
}
