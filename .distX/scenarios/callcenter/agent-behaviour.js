/**
 * What a simulated agent does with one offer: answer after a delay, never answer, or send busy or
 * reject, as the scenario scripts it. Draws come from the agent's own stream, so one agent's script does
 * not change another's.
 */
import { sample } from '../kernel/distributions.js';
/** The spec for the n-th offer (0-based): the list in order, the last one repeating. */
export function specForOffer(specs, n) {
    return specs[Math.min(n, specs.length - 1)];
}
/** Resolves a spec against the ring timeout: anything slower than the timeout is a no-answer. */
export function resolveRing(spec, stream, ringTimeoutSec) {
    switch (spec.kind) {
        case 'never':
            return { outcome: 'no_answer', afterSec: ringTimeoutSec };
        case 'answer': {
            if (spec.probability < 1 && stream.next() >= spec.probability)
                return resolveRing(spec.otherwise, stream, ringTimeoutSec);
            const after = sample(spec.after, stream);
            return after < ringTimeoutSec ? { outcome: 'answer', afterSec: after } : { outcome: 'no_answer', afterSec: ringTimeoutSec };
        }
        case 'busy':
        case 'reject': {
            const after = sample(spec.after, stream);
            return after < ringTimeoutSec ? { outcome: spec.kind, afterSec: after } : { outcome: 'no_answer', afterSec: ringTimeoutSec };
        }
    }
}
