/**
 * The call record as this view reads it: the engine's CallRecord plus the fields ENGINE-CONTRACT.md adds
 * (disposition, holds, transfers, the `unanswered` exit of a dial-out). They are optional here so the view
 * works on an engine with or without them; nothing else is assumed about the record.
 */
import type { CallRecord } from '../../scenarios/callcenter/model.js';

export interface Disposition {
  reason: string;
  by?: string;
  comment?: string | null;
  recallAt?: string | null;
  recallComment?: string | null;
}

export type CdrCall = Omit<CallRecord, 'exitReason'> & {
  exitReason: CallRecord['exitReason'] | 'unanswered';
  disposition?: Disposition | null;
  holds?: { t: number; endT: number | null }[];
  transferredTo?: { queue?: string; number?: string } | null;
  transferredFrom?: string | null;
};
