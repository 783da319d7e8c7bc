/**
 * Key performance indicators, accumulated as calls leave their queue so a batch run needs no event log
 * or call records. Definitions (README "KPIs"): a call counts once it arrived after the warm-up;
 * it is finished when it left the queue (answered, abandoned, timed out or turned away); service level
 * is answered within the threshold over finished calls; waits are measured from joining the queue.
 * Beside the totals since the start, each queue keeps its calls' outcomes and the same service level over
 * a rolling window of virtual time (SL_WINDOW_MINUTES), for a wallboard or Prometheus (src/metrics).
 */

export type QueueOutcome = 'answered' | 'abandoned' | 'timed_out' | 'rejected';

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

  add(outcome: QueueOutcome, waitMs: number, slMs: number): void {
    this.finished++;
    if (outcome === 'rejected') {
      this.rejected++;
      return;
    }
    this.waitSumMs += waitMs;
    this.waitCount++;
    if (waitMs > this.maxWaitMs) this.maxWaitMs = waitMs;
    if (outcome === 'answered') {
      this.answered++;
      this.answeredWaitSumMs += waitMs;
      if (waitMs <= slMs) this.answeredInSl++;
    } else if (outcome === 'abandoned') this.abandoned++;
    else this.timedOut++;
  }

  /** Adds another bucket's counts (all integers, so the order of addition does not matter). */
  merge(b: Bucket): void {
    this.finished += b.finished;
    this.answered += b.answered;
    this.abandoned += b.abandoned;
    this.timedOut += b.timedOut;
    this.rejected += b.rejected;
    this.answeredInSl += b.answeredInSl;
    this.waitSumMs += b.waitSumMs;
    this.waitCount += b.waitCount;
    this.answeredWaitSumMs += b.answeredWaitSumMs;
    if (b.maxWaitMs > this.maxWaitMs) this.maxWaitMs = b.maxWaitMs;
  }
}

/** The rolling window of the windowed service level: the current minute of virtual time and the 14 before it. */
export const SL_WINDOW_MINUTES = 15;
const MINUTE_MS = 60_000;

/**
 * Finished calls and those answered within the threshold, per minute of virtual time in which they left
 * the queue, for the last SL_WINDOW_MINUTES minutes: bounded, whatever the call rate.
 */
class SlWindow {
  private readonly minutes = new Array<number>(SL_WINDOW_MINUTES).fill(-1);
  private readonly finished = new Array<number>(SL_WINDOW_MINUTES).fill(0);
  private readonly inSl = new Array<number>(SL_WINDOW_MINUTES).fill(0);

  add(t: number, withinSl: boolean): void {
    const minute = Math.floor(t / MINUTE_MS);
    const i = minute % SL_WINDOW_MINUTES;
    if (this.minutes[i] !== minute) {
      this.minutes[i] = minute;
      this.finished[i] = 0;
      this.inSl[i] = 0;
    }
    this.finished[i]++;
    if (withinSl) this.inSl[i]++;
  }

  /** Calls that left in the window ending at `t`: finished, and answered within the threshold. */
  at(t: number): { finished: number; inSl: number } {
    const now = Math.floor(t / MINUTE_MS);
    let finished = 0;
    let inSl = 0;
    for (let i = 0; i < SL_WINDOW_MINUTES; i++) {
      if (this.minutes[i] > now - SL_WINDOW_MINUTES && this.minutes[i] <= now) {
        finished += this.finished[i];
        inSl += this.inSl[i];
      }
    }
    return { finished, inSl };
  }
}

/** A queue's calls since the start by how they left it, and its service level over the rolling window. */
export interface QueueOutcomes {
  answered: number;
  abandoned: number;
  timed_out: number;
  rejected: number;
  /** Calls that left the queue in the window (SL_WINDOW_MINUTES), and the share answered within the threshold (null: none). */
  window: { calls: number; service_level: number | null };
}

export interface QueueKpis {
  calls: number;
  service_level: number | null;
  asa_seconds: number | null;
  mean_wait_seconds: number | null;
}

export interface KpiReport {
  calls: { offered: number; answered: number; abandoned: number; timed_out: number; rejected: number; in_progress: number };
  service_level: number | null;
  service_level_seconds: number;
  asa_seconds: number | null;
  mean_wait_seconds: number | null;
  max_wait_seconds: number;
  occupancy: number | null;
  queues: Record<string, QueueKpis>;
}

/** Open intervals at report time, supplied by the world. */
export interface OpenWork {
  /** Calls in the queues that arrived after the warm-up, by queue. */
  inProgress: Map<string, number>;
  /** Talk and wrap-up already counted but lying after `now` (subtract), and talk under way (add). */
  handleAdjustMs: number;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

export class KpiCollector {
  /** Per queue id, kept after a queue is removed; the center's totals are their sum, made at report time. */
  private readonly byQueue = new Map<string, Bucket>();
  private staffedMs = 0;
  private staffedCount = 0;
  private staffedSince = 0;
  private handleMs = 0;
  private readonly windows = new Map<string, SlWindow>();
  /** The bucket and window of the last queue seen: most runs have one queue, or long runs of the same one. */
  private lastQueue: string | null = null;
  private lastBucket: Bucket | undefined = undefined;
  private lastWindow: SlWindow | undefined = undefined;

  constructor(
    readonly warmupMs: number,
    readonly serviceLevelMs: number,
    /** Virtual ms now: when a call leaves, for the rolling window. */
    private readonly now: () => number = () => 0,
  ) {}

  /** A call left its queue (or was turned away at its door). */
  queueExit(queue: string, arrivedT: number, waitMs: number, outcome: QueueOutcome): void {
    if (arrivedT < this.warmupMs) return;
    let b = queue === this.lastQueue ? this.lastBucket : this.byQueue.get(queue);
    let w = queue === this.lastQueue ? this.lastWindow : this.windows.get(queue);
    if (!b) this.byQueue.set(queue, (b = new Bucket()));
    if (!w) this.windows.set(queue, (w = new SlWindow()));
    this.lastQueue = queue;
    this.lastBucket = b;
    this.lastWindow = w;
    b.add(outcome, waitMs, this.serviceLevelMs);
    w.add(this.now(), outcome === 'answered' && waitMs <= this.serviceLevelMs);
  }

  /** Each queue's outcomes since the start and its windowed service level at virtual ms `now` (the same rules as report()). */
  outcomes(now: number, queueIds: string[]): Record<string, QueueOutcomes> {
    const out: Record<string, QueueOutcomes> = {};
    for (const id of queueIds) {
      const b = this.byQueue.get(id) ?? new Bucket();
      const w = this.windows.get(id)?.at(now) ?? { finished: 0, inSl: 0 };
      out[id] = {
        answered: b.answered,
        abandoned: b.abandoned,
        timed_out: b.timedOut,
        rejected: b.rejected,
        window: { calls: w.finished, service_level: w.finished > 0 ? round(w.inSl / w.finished) : null },
      };
    }
    return out;
  }

  /** The number of staffed agents changes by `delta` at virtual time `t`. */
  staffedChange(t: number, delta: number): void {
    this.accrueStaffed(t);
    this.staffedCount += delta;
  }

  /** Handle time (talk or wrap-up) over [from, to], counted from the warm-up on. */
  handle(from: number, to: number): void {
    const a = Math.max(from, this.warmupMs);
    if (to > a) this.handleMs += to - a;
  }

  report(now: number, queueIds: string[], open: OpenWork): KpiReport {
    this.accrueStaffed(now);
    const t = new Bucket();
    for (const b of this.byQueue.values()) t.merge(b);
    const inProgress = [...open.inProgress.values()].reduce((a, b) => a + b, 0);
    const perQueue: Record<string, QueueKpis> = {};
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

  private accrueStaffed(t: number): void {
    const from = Math.max(this.staffedSince, this.warmupMs);
    if (t > from) this.staffedMs += this.staffedCount * (t - from);
    if (t > this.staffedSince) this.staffedSince = t;
  }
}
