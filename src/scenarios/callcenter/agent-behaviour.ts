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

/** Where an agent's answer draws come from: its stream, taken only when a spec draws (an agent's record). */
export interface AnswerDraws {
  readonly answerStream: RandomStream;
}

/**
 * Resolves a spec against the ring timeout: anything slower than the timeout is a no-answer. The result
 * is written into `out` (and returned): the caller reads it at once, and an offer need not allocate. The
 * stream is read from `draws` only for a spec that draws (a constant answer takes none, and an agent's
 * stream is made at its first draw).
 */
export function resolveRing(spec: AnswerSpec, draws: AnswerDraws, ringTimeoutSec: number, out: RingOutcome): RingOutcome {
  switch (spec.kind) {
    case 'never':
      return ringOutcome(out, 'no_answer', ringTimeoutSec);
    case 'answer': {
      if (spec.probability < 1 && draws.answerStream.next() >= spec.probability) return resolveRing(spec.otherwise, draws, ringTimeoutSec, out);
      const after = typeof spec.after === 'number' ? spec.after : sample(spec.after, draws.answerStream);
      return after < ringTimeoutSec ? ringOutcome(out, 'answer', after) : ringOutcome(out, 'no_answer', ringTimeoutSec);
    }
    case 'busy':
    case 'reject': {
      const after = typeof spec.after === 'number' ? spec.after : sample(spec.after, draws.answerStream);
      return after < ringTimeoutSec ? ringOutcome(out, spec.kind, after) : ringOutcome(out, 'no_answer', ringTimeoutSec);
    }
  }
}

function ringOutcome(out: RingOutcome, outcome: RingOutcome['outcome'], afterSec: number): RingOutcome {
  out.outcome = outcome;
  out.afterSec = afterSec;
  return out;
}
