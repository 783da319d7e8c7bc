/**
 * The call record as this view reads it: the engine's CallRecord (ENGINE-CONTRACT.md), with its
 * disposition, holds, transfers and the `unanswered` exit of a dial-out. Named here so the mapper and its
 * tests say what they need in one place.
 */
import type { CallRecord } from '../../scenarios/callcenter/model.js';

export type CdrCall = CallRecord;
