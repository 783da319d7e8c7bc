/**
 * mod_callcenter's tier rules (docs/routing.md §3.2 and §5): while a caller's search walks
 * the candidate rows, a row of a higher level than the current tier passes only once the caller has
 * waited long enough. Pure functions over the walk's small state.
 */

export interface TierRules {
  apply: boolean;
  waitSecond: number;
  multiplyLevel: boolean;
  noAgentNoWait: boolean;
}

export interface GateState {
  currentTier: number;
  rowsInTier: number;
}

export const GATE_START: Readonly<GateState> = Object.freeze({ currentTier: 0, rowsInTier: 0 });

/**
 * Passes one row through the gate. `elapsed` is whole seconds since the caller joined the queue.
 * Returns whether the walk may go on, and the gate state after counting this row.
 */
export function gateRow(rules: TierRules, state: GateState, level: number, elapsed: number): { open: boolean; state: GateState } {
  let { currentTier, rowsInTier } = state;
  if (rules.apply && level > currentTier) {
    if (rules.noAgentNoWait && rowsInTier === 0) {
      currentTier = level;
    } else if (elapsed >= waitForLevel(rules, level)) {
      currentTier = level;
      rowsInTier = 0;
    } else {
      return { open: false, state };
    }
  }
  return { open: true, state: { currentTier, rowsInTier: rowsInTier + 1 } };
}

/** Seconds after joining at which a level's rows pass the gate (when no-wait does not let them). */
export function waitForLevel(rules: TierRules, level: number): number {
  return rules.multiplyLevel ? level * rules.waitSecond : rules.waitSecond;
}

/** Whether the gate can ever stop a walk; when it cannot, the walk needs no sorting. */
export function gateCanBlock(rules: TierRules): boolean {
  return rules.apply && rules.waitSecond > 0;
}
