import { phoneNumberAt } from '../kernel/rng.js';
/**
 * A call, live or finished: everything the five views read. Times are virtual ms since the start.
 * Its id is made the first time it is read (a batch run without a log never needs one).
 */
export class Call {
    ids;
    seq;
    kind;
    direction;
    queue;
    arrivedT;
    numberSeed;
    numberIndex;
    idValue = null;
    numberValue;
    callerNameValue = null;
    joinedT = null;
    offers = [];
    answeredT = null;
    agent = null;
    agentNumber = null;
    leftQueueT = null;
    endedT = null;
    releasedBy = null;
    exitReason = null;
    wrapUpEndT = null;
    recorded = false;
    resumedFrom = null;
    /** The client's disposition (an API set it); the agent's own is made when read. */
    clientDisposition = null;
    holds = null;
    transferredTo = null;
    transferredFrom = null;
    /** The caller's row while it is in a queue (waiting, ringing or talking); null otherwise. */
    member = null;
    /** Index in the world's list of live calls; -1 once ended. */
    liveIndex = -1;
    /**
     * `number` null means a generated number, the `numberIndex`-th of `numberSeed`, made when first read
     * (most batch runs never read it).
     */
    constructor(ids, seq, kind, direction, queue, number, arrivedT, numberSeed = null, numberIndex = 0) {
        this.ids = ids;
        this.seq = seq;
        this.kind = kind;
        this.direction = direction;
        this.queue = queue;
        this.arrivedT = arrivedT;
        this.numberSeed = numberSeed;
        this.numberIndex = numberIndex;
        this.numberValue = number;
    }
    /** The remote party's number (the caller for inbound calls, the dialled number for outbound). */
    get number() {
        if (this.numberValue === null)
            this.numberValue = phoneNumberAt(this.numberSeed ?? [0, 0], this.numberIndex);
        return this.numberValue;
    }
    /** The caller's name: its number unless one was given (caller ID without a name). */
    get callerName() {
        return this.callerNameValue ?? this.number;
    }
    set callerName(name) {
        this.callerNameValue = name;
    }
    get id() {
        if (this.idValue === null) {
            this.idValue = this.ids.idFor(this.seq);
            this.ids.register(this.idValue, this);
        }
        return this.idValue;
    }
    /** Whether the id has been made (handed out) yet. */
    get hasId() {
        return this.idValue !== null;
    }
    get live() {
        return this.endedT === null;
    }
    /**
     * The wrap-up result: the client's, else (once an answered call has ended) the simulated agent's pick
     * from the scenario's weights. The pick depends on (seed, call) alone, so a batch run never makes it.
     */
    get disposition() {
        if (this.clientDisposition)
            return this.clientDisposition;
        if (this.answeredT === null || this.endedT === null || this.agent === null)
            return null;
        return { reason: this.ids.agentReasonFor(this.seq), by: 'agent', comment: null, recallAt: null, recallComment: null };
    }
    toRecord() {
        return {
            id: this.id,
            seq: this.seq,
            kind: this.kind,
            direction: this.direction,
            queue: this.queue,
            number: this.number,
            callerName: this.callerName,
            arrivedT: this.arrivedT,
            joinedT: this.joinedT,
            offers: this.offers.map((o) => ({ ...o })),
            answeredT: this.answeredT,
            agent: this.agent,
            agentNumber: this.agentNumber,
            leftQueueT: this.leftQueueT,
            endedT: this.endedT,
            releasedBy: this.releasedBy,
            exitReason: this.exitReason,
            wrapUpEndT: this.wrapUpEndT,
            recorded: this.recorded,
            resumedFrom: this.resumedFrom,
            disposition: this.disposition ? { ...this.disposition } : null,
            holds: this.holds ? this.holds.map((h) => ({ ...h })) : [],
            transferredTo: this.transferredTo ? { ...this.transferredTo } : null,
            transferredFrom: this.transferredFrom,
        };
    }
}
