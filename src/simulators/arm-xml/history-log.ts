/**
 * The kept history of one world (one `Simulation.generation`) for call_history and operator_call_history:
 * one small row per line (the supervisor's line of each finished call; each operator's lines of it, its
 * missed rings and its own conversation), in start order, taken from the world's finished calls as they
 * finish and let go as the world lets those calls go. A row holds only where it sorts and what the filters
 * compare without looking anything up; its sides and its attributes are made when a filter or a page needs
 * them, from the world as it is now, so renamed operators and changed groups show at once. Rows of live
 * calls (an operator's missed rings while the caller still waits) are made per read: there are only as
 * many as there are calls in progress. It holds no call-center state and decides nothing about what a line
 * says (mapper.ts does).
 */
import type { CallRecord } from '../../scenarios/callcenter/model.js';
import type { CallCenterQueries } from '../../scenarios/callcenter/queries.js';
import type { Candidate, Position } from './history.js';
import { operatorLines, operatorSides, supervisorLine, supervisorSides, type Direction, type HistoryEntry, type HistoryOperator, type Lookup, type Side } from './mapper.js';

/** One history line as kept. */
export interface Row extends Candidate {
  /** The world call the line is of. */
  readonly call: string;
  /** The call's finish index (the world lets it go in that order); -1 for a live call's row. */
  readonly finishIndex: number;
  /** The world agent whose own history holds the line; null for the supervisor's line. */
  readonly owner: string | null;
  /** What the sides are made from. */
  readonly inbound: boolean;
  readonly remoteDigits: string;
  readonly remoteName: string;
  /** The supervisor line's operator side: the agent on the call, and the number the call reached. */
  readonly agent: string | null;
  readonly agentNumber: string;
}

/** Ascending order: the reverse of newest first. */
function ascending(x: Position, y: Position): number {
  return x.startMs - y.startMs || x.seq - y.seq || x.part - y.part;
}

/** Index of the first row not before `p` in ascending order. */
function lowerBound(rows: readonly Row[], p: Position): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ascending(rows[mid], p) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insert(rows: Row[], row: Row): void {
  const n = rows.length;
  // Calls mostly finish in the order they started: the row goes last.
  if (n === 0 || ascending(rows[n - 1], row) < 0) rows.push(row);
  else rows.splice(lowerBound(rows, row), 0, row);
}

/** The rows one call gives: the supervisor's line once it ended, then each operator's lines of it. */
export function rowsOf(call: CallRecord, startMs: number): Row[] {
  const base = {
    call: call.id,
    finishIndex: call.finishIndex ?? -1,
    seq: call.seq,
    startMs: startMs + call.arrivedT,
    direction: (call.direction === 'inbound' ? 'in' : 'out') as Direction,
    inbound: call.direction === 'inbound',
    remoteDigits: call.number,
    remoteName: call.callerName,
    agent: call.agent,
    agentNumber: call.agentNumber ?? '',
  };
  const rows: Row[] = [];
  if (call.endedT !== null) rows.push({ ...base, part: 0, owner: null, complete: call.answeredT !== null });
  call.offers.forEach((offer, i) => {
    if (offer.outcome === 'answered' || offer.outcome === null || offer.endT === null) return;
    rows.push({ ...base, part: i + 1, owner: offer.agent, complete: false });
  });
  if (call.agent !== null && call.endedT !== null) rows.push({ ...base, part: call.offers.length + 1, owner: call.agent, complete: call.answeredT !== null });
  return rows;
}

export class HistoryLog {
  private readonly supervisor: Row[] = [];
  private readonly operators = new Map<string, Row[]>();
  /** The finish index of the next call to take from the world. */
  private cursor = 0;
  /** Finished calls let go since the last compaction (their rows are skipped until then). */
  private compactedAt = 0;
  private kept = 0;

  constructor(
    private readonly queries: () => CallCenterQueries,
    private readonly startMs: number,
  ) {}

  /** Takes the calls that finished since the last sync; drops the rows of calls the world let go. */
  sync(): void {
    const q = this.queries();
    const { next, calls } = q.finished(this.cursor);
    this.cursor = next;
    for (const call of calls) {
      for (const row of rowsOf(call, this.startMs)) {
        if (row.owner === null) insert(this.supervisor, row);
        else {
          let list = this.operators.get(row.owner);
          if (!list) this.operators.set(row.owner, (list = []));
          insert(list, row);
        }
        this.kept++;
      }
    }
    const oldest = q.retention().oldest;
    // Compact once the let-go calls could be a quarter of what is kept: amortised O(1) per call.
    if (oldest - this.compactedAt > Math.max(256, this.kept >> 3)) this.compact(oldest);
  }

  /**
   * The supervisor's lines newest first, strictly after `after` (a tag's line) when given; rows of calls
   * let go are skipped.
   */
  *supervisorLines(after: Position | null): Generator<Row> {
    yield* this.newestFirst(this.supervisor, after, this.queries().retention().oldest);
  }

  /** An operator's lines newest first after `after`, its missed rings on calls still in progress among them. */
  *operatorLines(agent: string, after: Position | null): Generator<Row> {
    const oldest = this.queries().retention().oldest;
    const live = this.queries()
      .liveCalls()
      .flatMap((c) => rowsOf(c, this.startMs).filter((r) => r.owner === agent))
      .sort(ascending);
    const kept = this.newestFirst(this.operators.get(agent) ?? [], after, oldest);
    const fresh = this.newestFirst(live, after, -1);
    let a = kept.next();
    let b = fresh.next();
    while (!a.done || !b.done) {
      if (b.done || (!a.done && ascending(a.value, b.value) > 0)) {
        yield a.value as Row;
        a = kept.next();
      } else {
        yield b.value as Row;
        b = fresh.next();
      }
    }
  }

  /** A row's sides (A calling B), from the world now. */
  sides(row: Row, look: Lookup, operator: HistoryOperator | null): readonly [Side, Side] {
    const call = { direction: row.inbound ? ('inbound' as const) : ('outbound' as const), number: row.remoteDigits, callerName: row.remoteName, agent: row.agent, agentNumber: row.agentNumber };
    if (row.owner !== null && operator) return operatorSides(call, operator);
    return supervisorSides(call, look);
  }

  /** The line a row stands for, with its attributes, from the call as the world keeps it now. */
  render(row: Row, look: Lookup, operator: HistoryOperator | null): HistoryEntry | null {
    const call = this.queries().call(row.call);
    if (!call) return null;
    if (row.owner === null) return supervisorLine(call, look);
    if (!operator) return null;
    return operatorLines(call, operator, look).find((line) => line.part === row.part) ?? null;
  }

  private *newestFirst(rows: readonly Row[], after: Position | null, oldest: number): Generator<Row> {
    for (let i = (after ? lowerBound(rows, after) : rows.length) - 1; i >= 0; i--) {
      const row = rows[i];
      if (row.finishIndex >= oldest || row.finishIndex < 0) yield row;
    }
  }

  private compact(oldest: number): void {
    const keep = (rows: Row[]) => {
      let j = 0;
      for (const row of rows) if (row.finishIndex >= oldest) rows[j++] = row;
      rows.length = j;
      return j;
    };
    this.kept = keep(this.supervisor);
    for (const [agent, rows] of this.operators) {
      const n = keep(rows);
      if (n === 0) this.operators.delete(agent);
      this.kept += n;
    }
    this.compactedAt = oldest;
  }
}
