/**
 * What this view keeps about recordings, the world keeping none: which ones a client deleted, and the key
 * of a recording's storage URL. A deleted recording is gone from the lists, the call history and the
 * file routes, though its call stays. The set is bounded by the world's retention: ids of calls the world
 * has let go are dropped whenever it doubles (their recordings are gone anyway).
 */
import { createHmac } from 'node:crypto';

export class DeletedRecordings {
  private readonly ids = new Set<string>();
  private pruneAt = 1024;

  /** `kept`: whether the world still keeps a call (its recording can still be asked for). */
  constructor(private readonly kept: (call: string) => boolean) {}

  has(call: string): boolean {
    return this.ids.has(call);
  }

  add(call: string): void {
    this.ids.add(call);
    if (this.ids.size < this.pruneAt) return;
    for (const id of this.ids) if (!this.kept(id)) this.ids.delete(id);
    this.pruneAt = Math.max(1024, this.ids.size * 2);
  }

  clear(): void {
    this.ids.clear();
    this.pruneAt = 1024;
  }

  get size(): number {
    return this.ids.size;
  }
}

/**
 * The key of a recording's storage URL (it is fetched without a token, as Telphin's storage host is):
 * unguessable without the client secret, the same for the same recording in every run.
 */
export function storageKey(secret: string, recordUuid: string): string {
  return createHmac('sha256', secret).update(`record:${recordUuid}`).digest('hex').slice(0, 32);
}
