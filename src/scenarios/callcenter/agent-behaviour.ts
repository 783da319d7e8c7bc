/**
 * What a simulated agent does with one offer: answer after a delay, never answer, or send busy or
 * reject, as the scenario scripts it. Draws come from the agent's own stream, so one agent's script does
 * not change another's.
 */
import { sample } from '../kernel/distributions.js';
import type { RandomStream } from '../kernel/rng.js';
import type { AnswerSpec } from './model.js';

export interface RingOutcome {
  outcome: 'answer' | 'no_answer' | 'busy' | 'reject';
  /** Seconds after the offer at which the outcome happens. */
  afterSec: number;
}

/** The spec for the n-th offer (0-based): the list in order, the last one repeating. */
export function specForOffer(specs: readonly AnswerSpec[], n: number): AnswerSpec {
  return specs[Math.min(n, specs.length - 1)];
}

/**
 * Resolves a spec against the ring timeout: anything slower than the timeout is a no-answer. The result
 * is written into `out` (and returned): the caller reads it at once, and an offer need not allocate.
 */
export function resolveRing(spec: AnswerSpec, stream: RandomStream, ringTimeoutSec: number, out: RingOutcome): RingOutcome {
  switch (spec.kind) {
    case 'never':
      return ringOutcome(out, 'no_answer', ringTimeoutSec);
    case 'answer': {
      if (spec.probability < 1 && stream.next() >= spec.probability) return resolveRing(spec.otherwise, stream, ringTimeoutSec, out);
      const after = sample(spec.after, stream);
      return after < ringTimeoutSec ? ringOutcome(out, 'answer', after) : ringOutcome(out, 'no_answer', ringTimeoutSec);
    }
    case 'busy':
    case 'reject': {
      const after = sample(spec.after, stream);
      return after < ringTimeoutSec ? ringOutcome(out, spec.kind, after) : ringOutcome(out, 'no_answer', ringTimeoutSec);
    }
  }
}

function ringOutcome(out: RingOutcome, outcome: RingOutcome['outcome'], afterSec: number): RingOutcome {
  out.outcome = outcome;
  out.afterSec = afterSec;
  return out;
}
