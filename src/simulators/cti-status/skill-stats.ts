/**
 * The call counters of skill/stateinfo that the world does not keep, followed from the event log per
 * queue: for the current 5-minute interval (aligned on the clock's minutes 0, 5, 10, …, as section
 * 4.1.2.11 defines an interval) the calls that arrived, the waits that ended (answered or not) and the
 * conversations that ended; and for the current UTC day the calls answered. Counters of an interval or a
 * day that has passed read as zero. Times are virtual epoch ms; there is no clock here, and nothing of
 * the call center is decided: the counts are of what the events say happened. Bounded by the queues.
 */
export const INTERVAL_MS = 300_000;
const DAY_MS = 86_400_000;

export interface IntervalCounts {
  /** Epoch ms the interval began. */
  start: number;
  arrived: number;
  answered: number;
  answeredWithin20s: number;
  /** Waits that ended in the interval (answered or left the queue). */
  waits: number;
  waitSumMs: number;
  maxWaitMs: number;
  /** Conversations that ended in the interval. */
  talks: number;
  talkSumMs: number;
}

interface QueueCounts {
  interval: IntervalCounts;
  day: number;
  answeredToday: number;
}

const empty = (start: number): IntervalCounts => ({ start, arrived: 0, answered: 0, answeredWithin20s: 0, waits: 0, waitSumMs: 0, maxWaitMs: 0, talks: 0, talkSumMs: 0 });

export const intervalStart = (epochMs: number) => Math.floor(epochMs / INTERVAL_MS) * INTERVAL_MS;
const dayOf = (epochMs: number) => Math.floor(epochMs / DAY_MS);

export class SkillStats {
  private readonly queues = new Map<string, QueueCounts>();

  /** The queue's counters at `epochMs`, the ones of a passed interval or day set back to zero. */
  private at(queue: string, epochMs: number): QueueCounts {
    let q = this.queues.get(queue);
    if (!q) this.queues.set(queue, (q = { interval: empty(intervalStart(epochMs)), day: dayOf(epochMs), answeredToday: 0 }));
    if (q.interval.start !== intervalStart(epochMs)) q.interval = empty(intervalStart(epochMs));
    if (q.day !== dayOf(epochMs)) {
      q.day = dayOf(epochMs);
      q.answeredToday = 0;
    }
    return q;
  }

  arrived(queue: string, epochMs: number): void {
    this.at(queue, epochMs).interval.arrived++;
  }

  /** A caller waited `waitMs` and was answered. */
  answered(queue: string, epochMs: number, waitMs: number): void {
    const q = this.at(queue, epochMs);
    q.answeredToday++;
    q.interval.answered++;
    if (waitMs <= 20_000) q.interval.answeredWithin20s++;
    this.waited(q.interval, waitMs);
  }

  /** A caller left the queue unanswered after `waitMs`. */
  left(queue: string, epochMs: number, waitMs: number): void {
    this.waited(this.at(queue, epochMs).interval, waitMs);
  }

  /** A conversation of the queue's ended after `talkMs`. */
  ended(queue: string, epochMs: number, talkMs: number): void {
    const i = this.at(queue, epochMs).interval;
    i.talks++;
    i.talkSumMs += talkMs;
  }

  /** The counters of the interval and the day `epochMs` is in (null: no queue, zeros). */
  read(queue: string | null, epochMs: number): { interval: IntervalCounts; answeredToday: number } {
    const q = queue === null ? undefined : this.queues.get(queue);
    const interval = q && q.interval.start === intervalStart(epochMs) ? { ...q.interval } : empty(intervalStart(epochMs));
    return { interval, answeredToday: q && q.day === dayOf(epochMs) ? q.answeredToday : 0 };
  }

  forget(queue: string): void {
    this.queues.delete(queue);
  }

  clear(): void {
    this.queues.clear();
  }

  private waited(i: IntervalCounts, waitMs: number): void {
    i.waits++;
    i.waitSumMs += waitMs;
    if (waitMs > i.maxWaitMs) i.maxWaitMs = waitMs;
  }
}
