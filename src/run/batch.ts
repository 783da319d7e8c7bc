/**
 * The batch run behind `ccsim run`: the engine run to the scenario's end in slices of virtual time, each
 * about SLICE_MS of work, so that between slices the event file can take what was written (its memory
 * stays bounded) and the progress bar can be redrawn. Slicing changes nothing in the world: running to t1
 * then to t2 runs the same instants as running to t2 at once. It reports the engine's KPIs and the wall
 * time the run took.
 */
import { Engine, type RunReport } from '../scenarios/engine.js';
import type { ResolvedScenario } from '../scenarios/scenario.js';
import type { EventFile } from './event-file.js';
import type { RunProgress } from './progress.js';

/** Wall time one slice aims at. */
const SLICE_MS = 50;

export async function runBatch(scenario: ResolvedScenario, sink: EventFile | null, progress: (totalMs: number) => RunProgress | null): Promise<{ report: RunReport; wallMs: number }> {
  const started = performance.now();
  const engine = new Engine(scenario, { recordLimit: 0, onEvent: sink ? (e) => sink.write(e) : undefined });
  const end = scenario.durationMs;
  const bar = progress(end);
  try {
    let step = Math.max(1, Math.ceil(end / 1000));
    while (engine.now < end) {
      const t0 = performance.now();
      engine.runUntil(Math.min(end, engine.now + step));
      const took = performance.now() - t0;
      // The next slice sized to take about SLICE_MS at the pace just seen (at most ten times longer).
      step = Math.max(1, Math.min(step * 10, Math.round((step * SLICE_MS) / Math.max(took, 0.1))));
      bar?.update({ t: engine.now, calls: engine.world.callSeq, events: engine.world.eventSeq });
      if (sink) await sink.drained();
    }
  } finally {
    bar?.stop();
    // Whatever happened, the events logged so far reach the file.
    await sink?.close();
  }
  return { report: engine.report(), wallMs: Math.round(performance.now() - started) };
}
