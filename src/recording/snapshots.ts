/**
 * Named snapshots of one server's world, at most `max` of them. A snapshot is a recording that ends when
 * it was taken: the server's recording so far (its lines are shared with the recording, so taking one
 * costs a list of references, not a copy) and an end line then. Restoring one replays it into a fresh
 * world (recordings.ts), which gives the same ids, state and random streams, so the same future. An
 * imported snapshot brings its own lines (at most the recording's bound in bytes). Only the store; no
 * world is touched here.
 */
import { RequestProblem } from '../simulators/shared/problem.js';
import type { SnapshotInfo } from '../generated/admin/admin.js';
import type { End, Header } from './format.js';

export interface Snapshot {
  name: string;
  header: Header;
  lines: string[];
  end: End;
  /** Wall-clock time it was taken or imported. */
  created: string;
  bytes: number;
}

/** What GET /__admin/snapshots shows of one: the admin schema's SnapshotInfo. */
export type { SnapshotInfo };

/** Snapshots one server keeps by default (`serve --snapshots`). */
export const DEFAULT_SNAPSHOTS = 16;

export class Snapshots {
  private readonly byName = new Map<string, Snapshot>();

  constructor(readonly max: number) {}

  list(): SnapshotInfo[] {
    return [...this.byName.values()].map(info);
  }

  get(name: string): Snapshot {
    const s = this.byName.get(name);
    if (!s) throw new RequestProblem('not_found', `no snapshot '${name}' (GET /__admin/snapshots lists them)`, { field: 'name', where: 'path' });
    return s;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Keeps a new one; `replace` lets an import overwrite one of the same name. */
  add(snapshot: Snapshot, replace = false): SnapshotInfo {
    if (this.byName.has(snapshot.name) && !replace) throw new RequestProblem('conflict', `a snapshot named '${snapshot.name}' exists; DELETE /__admin/snapshots/${snapshot.name} first, or PUT one in its place`, { field: 'name' });
    if (!this.byName.has(snapshot.name) && this.byName.size >= this.max) throw new RequestProblem('conflict', `the server keeps at most ${this.max} snapshots (serve --snapshots); delete one first`, { field: 'name' });
    this.byName.set(snapshot.name, snapshot);
    return info(snapshot);
  }

  remove(name: string): void {
    if (!this.byName.delete(name)) throw new RequestProblem('not_found', `no snapshot '${name}' (GET /__admin/snapshots lists them)`, { field: 'name', where: 'path' });
  }

  /** The snapshot as a file: a recording in NDJSON, its header naming the snapshot. */
  text(name: string): string {
    const s = this.get(name);
    const header: Header = { ...s.header, snapshot: { name: s.name, created: s.created } };
    return `${JSON.stringify(header)}\n${s.lines.length > 0 ? s.lines.join('\n') + '\n' : ''}${JSON.stringify(s.end)}\n`;
  }
}

export function info(s: Snapshot): SnapshotInfo {
  let inputs = 0;
  for (const l of s.lines) if (l.startsWith('{"type":"http"') || l.startsWith('{"type":"ws"') || l.startsWith('{"type":"frame"') || l.startsWith('{"type":"close"')) inputs++;
  return {
    name: s.name,
    created: s.created,
    scenario: s.header.scenario.name,
    seed: s.header.scenario.seed,
    t: s.end.t,
    now: s.end.now,
    inputs,
    events: s.end.events,
    bytes: s.bytes,
  };
}
