/**
 * Key performance indicators, accumulated as calls leave their queue so a batch run needs no event log
 * or call records. Definitions (README "KPIs"): a call counts once it arrived after the warm-up;
 * it is finished when it left the queue (answered, abandoned, timed out or turned away); service level
 * is answered within the threshold over finished calls; waits are measured from joining the queue.
 */
class Bucket {
    finished = 0;
    answered = 0;
    abandoned = 0;
    timedOut = 0;
    rejected = 0;
    answeredInSl = 0;
    waitSumMs = 0;
    waitCount = 0;
    answeredWaitSumMs = 0;
    maxWaitMs = 0;
    add(outcome, waitMs, slMs) {
        this.finished++;
        if (outcome === 'rejected') {
            this.rejected++;
            return;
        }
        this.waitSumMs += waitMs;
        this.waitCount++;
        if (waitMs > this.maxWaitMs)
            this.maxWaitMs = waitMs;
        if (outcome === 'answered') {
            this.answered++;
            this.answeredWaitSumMs += waitMs;
            if (waitMs <= slMs)
                this.answeredInSl++;
        }
        else if (outcome === 'abandoned')
            this.abandoned++;
        else
            this.timedOut++;
    }
}
const round = (x, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
export class KpiCollector {
    warmupMs;
    serviceLevelMs;
    total = new Bucket();
    byQueue = new Map();
    staffedMs = 0;
    staffedCount = 0;
    staffedSince = 0;
    handleMs = 0;
    /** The bucket of the last queue seen: most runs have one queue, or long runs of the same one. */
    lastQueue = null;
    lastBucket = undefined;
    constructor(warmupMs, serviceLevelMs) {
        this.warmupMs = warmupMs;
        this.serviceLevelMs = serviceLevelMs;
    }
    /** A call left its queue (or was turned away at its door). */
    queueExit(queue, arrivedT, waitMs, outcome) {
        if (arrivedT < this.warmupMs)
            return;
        this.total.add(outcome, waitMs, this.serviceLevelMs);
        let b = queue === this.lastQueue ? this.lastBucket : this.byQueue.get(queue);
        if (!b)
            this.byQueue.set(queue, (b = new Bucket()));
        this.lastQueue = queue;
        this.lastBucket = b;
        b.add(outcome, waitMs, this.serviceLevelMs);
    }
    /** The number of staffed agents changes by `delta` at virtual time `t`. */
    staffedChange(t, delta) {
        this.accrueStaffed(t);
        this.staffedCount += delta;
    }
    /** Handle time (talk or wrap-up) over [from, to], counted from the warm-up on. */
    handle(from, to) {
        const a = Math.max(from, this.warmupMs);
        if (to > a)
            this.handleMs += to - a;
    }
    report(now, queueIds, open) {
        this.accrueStaffed(now);
        const t = this.total;
        const inProgress = [...open.inProgress.values()].reduce((a, b) => a + b, 0);
        const perQueue = {};
        for (const id of queueIds) {
            const b = this.byQueue.get(id) ?? new Bucket();
            perQueue[id] = {
                calls: b.finished + (open.inProgress.get(id) ?? 0),
                service_level: b.finished > 0 ? round(b.answeredInSl / b.finished) : null,
                asa_seconds: b.answered > 0 ? round(b.answeredWaitSumMs / b.answered / 1000, 3) : null,
                mean_wait_seconds: b.waitCount > 0 ? round(b.waitSumMs / b.waitCount / 1000, 3) : null,
            };
        }
        const handle = this.handleMs + open.handleAdjustMs;
        return {
            calls: {
                offered: t.finished + inProgress,
                answered: t.answered,
                abandoned: t.abandoned,
                timed_out: t.timedOut,
                rejected: t.rejected,
                in_progress: inProgress,
            },
            service_level: t.finished > 0 ? round(t.answeredInSl / t.finished) : null,
            service_level_seconds: this.serviceLevelMs / 1000,
            asa_seconds: t.answered > 0 ? round(t.answeredWaitSumMs / t.answered / 1000, 3) : null,
            mean_wait_seconds: t.waitCount > 0 ? round(t.waitSumMs / t.waitCount / 1000, 3) : null,
            max_wait_seconds: round(t.maxWaitMs / 1000, 3),
            occupancy: this.staffedMs > 0 ? round(handle / this.staffedMs) : null,
            queues: perQueue,
        };
    }
    accrueStaffed(t) {
        const from = Math.max(this.staffedSince, this.warmupMs);
        if (t > from)
            this.staffedMs += this.staffedCount * (t - from);
        if (t > this.staffedSince)
            this.staffedSince = t;
    }
}
