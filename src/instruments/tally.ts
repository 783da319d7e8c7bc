/**
 * What passed the door's instruments since the server started, as counts that only grow (a reset of the
 * world or a cleared journal leaves them): WebSocket connections opened and closed, frames in and out by
 * API, webhook tries by outcome, faults applied by protocol and kind. The instruments count as they go
 * (a map lookup and an addition); GET /metrics reads them (src/metrics). Nothing else is kept, so it is
 * bounded by the number of label combinations: APIs × directions, outcomes, fault kinds.
 */

/** Counts by a small set of labels, each combination kept once. */
export class Counts<L extends Record<string, string>> {
  private readonly byKey = new Map<string, { labels: L; value: number }>();

  add(labels: L, n = 1): void {
    let key = '';
    for (const k in labels) key += `${labels[k]}\u0000`;
    const c = this.byKey.get(key);
    if (c) c.value += n;
    else this.byKey.set(key, { labels: { ...labels }, value: n });
  }

  *entries(): Generator<{ labels: L; value: number }> {
    yield* this.byKey.values();
  }
}

export class Tally {
  /** WebSocket connections a view accepted, and those that closed since. */
  wsOpened = 0;
  wsClosed = 0;
  /** Frames, `direction` `in` (the client's) or `out` (the server's, counted as the view sends them, faults aside). */
  readonly frames = new Counts<{ api: string; direction: 'in' | 'out' }>();
  /** Webhook tries by their journal outcome. */
  readonly webhooks = new Counts<{ api: string; outcome: string }>();
  /** Faults applied: the protocol they match (`http`, `ws`, `webhook`) and their kind. */
  readonly faults = new Counts<{ protocol: string; kind: string }>();
}
