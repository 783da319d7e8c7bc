/**
 * `ccsim run`'s progress on a terminal (cli-progress, on stderr): virtual time done out of the scenario's
 * length, the calls so far, events per second and the time left, redrawn at most 10 times a second and
 * cleared at the end, so the terminal keeps only the KPIs. It is shown only when stderr is a terminal
 * and the output is not `--json`; the run hands it what it reads of the engine after each slice.
 */
import { SingleBar } from 'cli-progress';

export interface ProgressReading {
  /** Virtual ms done. */
  t: number;
  calls: number;
  events: number;
}

/** h:mm:ss of virtual time. */
const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

export class RunProgress {
  private readonly bar: SingleBar;
  private readonly started = performance.now();
  private lastWall = this.started;
  private lastEvents = 0;
  private rate = 0;

  constructor(
    stream: NodeJS.WritableStream,
    private readonly totalMs: number,
    name: string,
  ) {
    this.bar = new SingleBar({
      stream,
      format: `${name} {bar} {percentage}% | {done} of {length} virtual | {calls} calls | {rate} events/s | {eta_formatted} left`,
      barsize: 24,
      hideCursor: false,
      clearOnComplete: true,
      etaBuffer: 50,
      gracefulExit: false,
    });
    this.bar.start(totalMs, 0, { done: clock(0), length: clock(totalMs), calls: 0, rate: 0 });
  }

  update(r: ProgressReading): void {
    const now = performance.now();
    // Events per second over the last quarter second or more, so the figure does not flicker (until then, since the start).
    if (now - this.lastWall >= 250 || this.lastEvents === 0) {
      this.rate = Math.round(((r.events - this.lastEvents) * 1000) / (now - this.lastWall));
      this.lastWall = now;
      this.lastEvents = r.events;
    }
    this.bar.update(r.t, { done: clock(r.t), calls: r.calls.toLocaleString('en-US'), rate: this.rate.toLocaleString('en-US') });
  }

  stop(): void {
    this.bar.stop();
  }
}
