/** The event log of a Huawei test's app, and the time of the event that began a state, looked up in it. */
import type { Harness } from './harness.js';

export type Ev = { seq: number; t: number; type: string; agent?: string; status?: string; state?: string; call?: string; queue?: string; by?: string; reason?: string; from?: string };

export async function eventLog(h: Pick<Harness, 'app'>): Promise<Ev[]> {
  return (await h.app.inject('/__admin/events?after=0&limit=10000')).json().events;
}

/** The time (s) of the first event of `type` for `agent` matching `extra`, from the log. */
export function at(log: Ev[], type: string, agent: string, extra: Partial<Ev> = {}): number {
  const e = log.find((x) => x.type === type && x.agent === agent && Object.entries(extra).every(([k, v]) => (x as Record<string, unknown>)[k] === v));
  if (!e) throw new Error(`no ${type} for ${agent} ${JSON.stringify(extra)} in the log`);
  return e.t / 1000;
}
