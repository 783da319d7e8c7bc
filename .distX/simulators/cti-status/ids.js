class NumberPool {
    first;
    last;
    fixed;
    byKey = new Map();
    byNumber = new Map();
    /** Numbers given out or reserved by the settings: never given to another key. */
    taken = new Set();
    next;
    constructor(first, last, fixed) {
        this.first = first;
        this.last = last;
        this.fixed = fixed;
        this.next = first;
        for (const n of fixed.values())
            this.taken.add(n);
    }
    add(key) {
        const existing = this.byKey.get(key);
        if (existing !== undefined)
            return existing;
        let n = this.fixed.get(key);
        if (n === undefined || this.byNumber.has(n)) {
            while (this.next <= this.last && this.taken.has(this.next))
                this.next++;
            if (this.next > this.last)
                return undefined;
            n = this.next++;
        }
        this.taken.add(n);
        this.byKey.set(key, n);
        this.byNumber.set(n, key);
        return n;
    }
    remove(key) {
        const n = this.byKey.get(key);
        if (n === undefined)
            return;
        this.byKey.delete(key);
        this.byNumber.delete(n);
    }
    numberOf(key) {
        return this.byKey.get(key);
    }
    keyOf(n) {
        return this.byNumber.get(n);
    }
}
/** A settings map without duplicate numbers (a duplicate is logged; the first key keeps it). */
function fixedNumbers(map, what, log) {
    const out = new Map();
    const seen = new Map();
    for (const [key, n] of Object.entries(map)) {
        const other = seen.get(n);
        if (other !== undefined) {
            log.warn({ key, number: n, other }, `apis.huawei.${what}: ${n} is already ${other}'s; ${key} gets a generated one`);
            continue;
        }
        seen.set(n, key);
        out.set(key, n);
    }
    return out;
}
export class HuaweiIds {
    skills;
    agents;
    constructor(settings, log) {
        this.skills = new NumberPool(1, 2000, fixedNumbers(settings.skill_ids, 'skill_ids', log));
        this.agents = new NumberPool(101, 59999, fixedNumbers(settings.worknos, 'worknos', log));
    }
    static fromScenario(scenario, settings, log) {
        const ids = new HuaweiIds(settings, log);
        for (const q of scenario.queues)
            ids.queueCreated(q.id);
        for (const a of scenario.agents)
            ids.agentCreated(a.id);
        return ids;
    }
    queueCreated(queue) {
        return this.skills.add(queue);
    }
    queueRemoved(queue) {
        this.skills.remove(queue);
    }
    agentCreated(agent) {
        return this.agents.add(agent);
    }
    agentRemoved(agent) {
        this.agents.remove(agent);
    }
    skillOf(queue) {
        return this.skills.numberOf(queue);
    }
    queueOfSkill(skillId) {
        return this.skills.keyOf(skillId);
    }
    worknoOf(agent) {
        return this.agents.numberOf(agent);
    }
    agentOfWorkno(workno) {
        return this.agents.keyOf(workno);
    }
}
