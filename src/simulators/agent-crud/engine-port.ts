/**
 * What this view needs from the engine beyond what every engine has: the additions of
 * /work/wt/ENGINE-CONTRACT.md (tier `joined`, agents' external calls, call dispositions, `setTierJoined`,
 * `setDisposition`, `dialOut`). The types here are the contract's; `port()` hands the commands over and
 * throws EngineMissing when the running engine does not offer one yet, so the view compiles and
 * serves before the engine additions land and uses them as soon as they do. No call-center rule lives here.
 */
import type { CallCenterCommands } from '../../scenarios/callcenter/commands.js';
import type { CallRecord } from '../../scenarios/callcenter/model.js';
import type { AgentView, QueueView } from '../../scenarios/callcenter/queries.js';

export type EngineReason = 'not_found' | 'success' | 'no_answer' | 'call_back_later' | 'interrupted';

export interface ExternalLeg {
  call: string;
  direction: 'inbound' | 'outbound';
  phase: 'dialing' | 'talking';
  since_t: number;
}

/** An AgentView with the contract's fields (absent on an engine without them). */
export type AgentSnapshot = Omit<AgentView, 'queues'> & {
  queues: (AgentView['queues'][number] & { joined?: boolean })[];
  external?: ExternalLeg[];
};

export type QueueSnapshot = Omit<QueueView, 'agents'> & { agents: (QueueView['agents'][number] & { joined?: boolean })[] };

export interface Disposition {
  reason: EngineReason;
  by: 'agent' | 'client';
  comment: string | null;
  recallAt: string | null;
  recallComment: string | null;
}

/** A CallRecord with the contract's fields. */
export type CallSnapshot = Omit<CallRecord, 'exitReason'> & {
  exitReason: CallRecord['exitReason'] | 'unanswered';
  disposition?: Disposition | null;
};

export interface ContractCommands {
  setTierJoined(queueId: string, agentId: string, joined: boolean): void;
  setDisposition(callId: string, d: { reason: EngineReason; comment?: string | null; recallAt?: string | null; recallComment?: string | null }): void;
  dialOut(agentId: string, number: string): { id: string; seq: number };
}

/** A contract command the running engine does not have yet (problems.ts answers 501). */
export class EngineMissing extends Error {
  constructor(readonly command: string) {
    super(`the simulation engine does not offer ${command} yet`);
    this.name = 'EngineMissing';
  }
}

/** The contract's commands of `c`; a missing one throws when called (rendered as 501 by problems.ts). */
export function port(c: CallCenterCommands): ContractCommands {
  const any = c as unknown as Partial<ContractCommands>;
  const need = <K extends keyof ContractCommands>(name: K): ContractCommands[K] => {
    const fn = any[name];
    if (typeof fn !== 'function') throw new EngineMissing(name);
    return fn.bind(c) as ContractCommands[K];
  };
  return {
    setTierJoined: (...args) => need('setTierJoined')(...args),
    setDisposition: (...args) => need('setDisposition')(...args),
    dialOut: (...args) => need('dialOut')(...args),
  };
}

/** Whether the running engine offers a contract command (checked before a multi-step change starts). */
export function offers(c: CallCenterCommands, name: keyof ContractCommands): boolean {
  return typeof (c as unknown as Record<string, unknown>)[name] === 'function';
}

/** Whether a membership takes calls: an engine without `joined` has every tier joined. */
export const joinedOf = (tier: { joined?: boolean }): boolean => tier.joined !== false;
