/**
 * The kept list of finished calls' dialogs for one world (one `Simulation.generation`): each call's
 * dialogs are built once, at the first read after it ended, and kept in list order (oldest hang-up
 * first, then call order). The adapter feeds it the event log: which calls ended, which finished calls
 * got a client disposition, which agents or queues may have been renamed; a read then builds only what
 * is new, rebuilds only the calls those changes touch, and drops the calls the world let go, so the list
 * always equals a build from every record the world keeps, as it is now. It reads the world through the functions it is given and holds no
 * call-center state; a reset or new scenario gets a new instance.
 */
import type { FilterTarget } from './filter.js';
import type { CdrCall } from './record.js';

/** What a sync needs from the world and the mapper. */
export interface LogSource {
  /** The finish index of the oldest finished call the world still keeps (older ones were let go). */
  oldestKept(): number;
  /** A call's record by id, or null. */
  call(id: string): CdrCall | null;
  /** Every call of the world (only for the first sync of a view that started after calls ended). */
  calls(): CdrCall[];
  /** The dialogs of a finished call, as the mapper makes them now. */
  build(call: CdrCall): FilterTarget[];
  /** Whether the name an agent / a queue has in the world differs from the one its dialogs show. */
  agentRenamed(agent: string): boolean;
  queueRenamed(queue: string): boolean;
}

interface Entry {
  readonly id: string;
  readonly finishIndex: number;
  readonly endedT: number;
  readonly seq: number;
  readonly agent: string | null;
  readonly queue: string | null;
  readonly targets: FilterTarget[];
}

export class DialogLog {
  /** In list order; `flat` is their dialogs, in the same order. */
  private readonly entries: Entry[] = [];
  private flat: FilterTarget[] = [];
  private readonly byCall = new Map<string, Entry>();
  private readonly byUuid = new Map<string, FilterTarget>();
  private ended: string[] = [];
  private readonly dispositions = new Set<string>();
  private readonly agents = new Set<string>();
  private readonly queues = new Set<string>();

  /** When `ended` is next pruned (pruneEnded): twice what was left at the last prune. */
  private pruneAt = MIN_PRUNE;
  private dispositionsPruneAt = MIN_PRUNE;

  /**
   * `scan`: the world may already hold finished calls no event told of (a view made mid-run). `isKept`:
   * whether the world still keeps a call (live or finished); with it, the ids of ended calls waiting for
   * the next read are pruned of the calls the world let go, so a log nobody reads stays bounded.
   */
  constructor(
    private scan: boolean,
    private readonly isKept: ((id: string) => boolean) | null = null,
  ) {}

  callEnded(id: string): void {
    // Before the first read the world's calls are scanned instead (append): the ids would be dropped.
    if (this.scan) return;
    this.ended.push(id);
    if (this.ended.length >= this.pruneAt) this.pruneEnded();
  }

  /**
   * Drops the ids of calls the world let go from `ended` (the next read would skip them: their records
   * are gone). Pruning when the list has doubled since the last prune costs O(1) a call, and keeps it
   * within about twice the calls the world keeps.
   */
  private pruneEnded(): void {
    const isKept = this.isKept;
    if (isKept !== null) this.ended = this.ended.filter((id) => isKept(id));
    this.pruneAt = Math.max(MIN_PRUNE, 2 * this.ended.length);
  }

  /** A client set a call's disposition (its tag and note may change). */
  dispositionSet(id: string): void {
    this.dispositions.add(id);
    if (this.dispositions.size >= this.dispositionsPruneAt) {
      // As pruneEnded: the next read skips the calls the world let go.
      const isKept = this.isKept;
      if (isKept !== null) for (const x of this.dispositions) if (!isKept(x)) this.dispositions.delete(x);
      this.dispositionsPruneAt = Math.max(MIN_PRUNE, 2 * this.dispositions.size);
    }
  }

  /** An agent was updated or made again: its name may be new. */
  agentChanged(agent: string): void {
    this.agents.add(agent);
  }

  queueChanged(queue: string): void {
    this.queues.add(queue);
  }

  /** The dialogs in list order, brought up to date. The array is the log's own: read it, never change it. */
  list(src: LogSource): readonly FilterTarget[] {
    this.sync(src);
    return this.flat;
  }

  /** A finished call's dialog by uuid, or undefined. */
  find(src: LogSource, uuid: string): FilterTarget | undefined {
    this.sync(src);
    return this.byUuid.get(uuid);
  }

  private sync(src: LogSource): void {
    // Renames first: building a new call records the name it shows, which would hide the change.
    if (this.agents.size > 0 || this.queues.size > 0) {
      const agents = [...this.agents].filter((a) => src.agentRenamed(a));
      const queues = [...this.queues].filter((q) => src.queueRenamed(q));
      this.agents.clear();
      this.queues.clear();
      if (agents.length > 0 || queues.length > 0) {
        for (const e of this.entries) if ((e.agent !== null && agents.includes(e.agent)) || (e.queue !== null && queues.includes(e.queue))) this.refresh(src, e);
      }
    }
    if (this.scan || this.ended.length > 0) this.append(src);
    this.letGo(src.oldestKept());
    if (this.dispositions.size > 0) {
      for (const id of this.dispositions) {
        const e = this.byCall.get(id);
        // A call still live gets its disposition when it is first built.
        if (e) this.refresh(src, e);
      }
      this.dispositions.clear();
    }
  }

  /** Adds the calls that ended since the last sync, in list order. */
  private append(src: LogSource): void {
    let fresh: CdrCall[];
    if (this.scan) {
      fresh = src.calls().filter((c) => c.endedT !== null && !this.byCall.has(c.id));
      this.scan = false;
    } else {
      fresh = [];
      const seen = new Set<string>();
      for (const id of this.ended) {
        if (seen.has(id) || this.byCall.has(id)) continue;
        seen.add(id);
        const c = src.call(id);
        if (c && c.endedT !== null) fresh.push(c);
      }
    }
    this.ended = [];
    fresh.sort(order);
    let reorder = false;
    for (const c of fresh) {
      const e: Entry = { id: c.id, finishIndex: c.finishIndex ?? Number.POSITIVE_INFINITY, endedT: c.endedT as number, seq: c.seq, agent: c.agent, queue: c.queue, targets: src.build(c) };
      this.byCall.set(e.id, e);
      for (const t of e.targets) this.byUuid.set(t.dialog.dialog_uuid, t);
      const last = this.entries[this.entries.length - 1];
      if (!last || order(last, e) <= 0) {
        this.entries.push(e);
        if (!reorder) for (const t of e.targets) this.flat.push(t);
        continue;
      }
      // A call that ended at an instant already listed, with a lower seq (a hang-up through an API
      // after a read at that same instant): rare, so the flat list is simply made again.
      let i = this.entries.length - 1;
      while (i > 0 && order(this.entries[i - 1], e) > 0) i--;
      this.entries.splice(i, 0, e);
      reorder = true;
    }
    if (reorder) this.flat = this.entries.flatMap((e) => e.targets);
  }

  /**
   * Drops the dialogs of calls the world let go. The world lets calls go in the order they finished, and the
   * list is in hang-up order, so they are the first ones (calls that ended at the same instant may differ
   * in order: such a call goes as soon as the ones listed before it do).
   */
  private letGo(oldest: number): void {
    let n = 0;
    let dialogs = 0;
    while (n < this.entries.length && this.entries[n].finishIndex < oldest) {
      const e = this.entries[n++];
      this.byCall.delete(e.id);
      for (const t of e.targets) this.byUuid.delete(t.dialog.dialog_uuid);
      dialogs += e.targets.length;
    }
    if (n === 0) return;
    this.entries.splice(0, n);
    this.flat.splice(0, dialogs);
  }

  /** Builds a kept call's dialogs again, in place: the list and the uuid index hold the same objects. */
  private refresh(src: LogSource, e: Entry): void {
    const c = src.call(e.id);
    if (!c) return;
    const next = src.build(c);
    if (next.length === e.targets.length) {
      next.forEach((t, i) => {
        e.targets[i].dialog = t.dialog;
        e.targets[i].callRequestAgentId = t.callRequestAgentId;
      });
      return;
    }
    // Not expected (who talked on a call is fixed when it ends), but the list must still equal a build.
    for (const t of e.targets) this.byUuid.delete(t.dialog.dialog_uuid);
    e.targets.splice(0, e.targets.length, ...next);
    for (const t of next) this.byUuid.set(t.dialog.dialog_uuid, t);
    this.flat = this.entries.flatMap((x) => x.targets);
  }
}

/** The fewest ids of ended calls pruneEnded looks at. */
const MIN_PRUNE = 1024;

function order(a: { endedT: number | null; seq: number }, b: { endedT: number | null; seq: number }): number {
  return (a.endedT as number) - (b.endedT as number) || a.seq - b.seq;
}
