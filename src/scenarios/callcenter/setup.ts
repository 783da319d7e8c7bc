/**
 * Populates a world from a resolved scenario: queues, agents (names and numbers generated from the seed
 * where the scenario leaves them out), tiers and agents' history. Also used by commands that create
 * queues and agents at run time, so both paths build the same records.
 */
import type { AgentSetup, QueueSetup } from '../scenario.js';
import { isAvailableStatus } from './agent-states.js';
import { AgentRecord, QueueRecord, type Agent, type Queue, type RecordFields } from './model.js';
import { EligibleTiers } from './routing-index.js';
import type { World } from './world.js';

export function populate(w: World): void {
  for (const q of w.scenario.queues) addQueue(w, q);
  // One set of the numbers taken, grown as agents are added: the lowest free extension only rises while
  // the scenario's agents are made, so the search goes on from where the last one stopped.
  const numbers: Extensions = { used: new Set(w.scenario.agents.flatMap((a) => (a.number ? [a.number] : []))), next: 100 };
  for (const a of w.scenario.agents) addAgent(w, a, numbers);
}

/** The numbers in use and where the search for a free extension resumes (scenario set-up only). */
interface Extensions {
  used: Set<string>;
  next: number;
}

export function addQueue(w: World, setup: QueueSetup): Queue {
  // The record's config is watched (model.ts's QueueRecord): a strategy change moves it among the world's lists.
  const fields: RecordFields<Queue, QueueRecord> = {
    configChanged: (x) => w.queueConfigChanged(x),
    id: setup.id,
    index: w.queues.size,
    name: setup.name,
    tiers: [],
    visibleAgents: 0,
    agentSeenSec: 0,
    abandoned: new Map(),
    abandonedCount: 0,
    counts: { waiting: 0, trying: 0, answered: 0 },
    callsAnswered: 0,
    callsAbandoned: 0,
    lastAnsweredBy: new Map(),
    availableAgents: 0,
    ready: [],
    indexed: false,
    eligible: new EligibleTiers(),
    held: [],
    visible: [],
    indexedAs: null,
    lastOffered: null,
    pending: [],
    offered: [],
    openIndex: -1,
    special: false,
    hasCallers: false,
    dueIndex: -1,
    passId: -1,
    passHasContactable: false,
    plan: null,
    planFor: null,
    configValue: { ...setup.config },
  };
  const q = Object.setPrototypeOf(fields, QueueRecord.prototype) as Queue;
  w.addQueue(q);
  w.markDirty();
  return q;
}

export function addAgent(w: World, setup: AgentSetup, numbers: Extensions | null = null): Agent {
  const startSec = Math.floor(w.scenario.startMs / 1000);
  const h = setup.history;
  // The record's config is watched (model.ts's AgentRecord): the dispatcher's index keys agents by their timers.
  const fields: RecordFields<Agent, AgentRecord> = {
    configChanged: (x) => w.agentConfigChanged(x),
    id: setup.id,
    index: w.agents.size,
    name: setup.name ?? w.faker.person.fullName(),
    number: setup.number ?? (numbers ? nextFreeNumber(w, setup.type, numbers) : nextNumber(w, setup.type)),
    type: setup.type,
    status: setup.status,
    state: 'waiting',
    configValue: w.shared({ ...setup.config }),
    answer: w.shared(setup.answer),
    talkTime: setup.talkTime,
    tiers: [],
    lastBridgeStart: 0,
    lastBridgeEnd: h.lastBridgeEndMs === null ? 0 : Math.floor((w.scenario.startMs + h.lastBridgeEndMs) / 1000),
    wrapUpFrom: h.lastBridgeEndMs === null ? 0 : Math.floor((w.scenario.startMs + h.lastBridgeEndMs) / 1000),
    lastOfferedCall: 0,
    lastOfferSeq: 0,
    lastStatusChange: startSec,
    readyTime: 0,
    retryAfterT: 0,
    noAnswerCount: 0,
    callsAnswered: h.callsAnswered,
    talkTimeTotal: h.talkTime,
    externalCalls: 0,
    externals: [],
    offers: 0,
    statusAtOffer: setup.status,
    leg: null,
    call: null,
    statusSinceT: w.now,
    stateSinceT: w.now,
    wrapUpEndT: null,
    loginT: setup.status === 'logged_out' ? null : w.now,
    blockedFrom: null,
    rest: null,
    answerStream: w.rng.stream(`answer:${setup.id}`),
    talkStream: w.rng.stream(`talk:${setup.id}`),
  };
  const a = Object.setPrototypeOf(fields, AgentRecord.prototype) as Agent;
  w.agents.set(a.id, a);
  numbers?.used.add(a.number);
  if (isAvailableStatus(a.status)) w.kpis.staffedChange(w.now, 1);
  for (const t of setup.tiers) {
    const q = w.queues.get(t.queue);
    if (q) w.addTier(q, a, t.level, t.position);
  }
  w.markDirty();
  return a;
}

/** nextNumber's answer while the scenario's agents are made, without gathering every number again. */
function nextFreeNumber(w: World, type: Agent['type'], numbers: Extensions): string {
  if (type === 'remote') return w.faker.phone.number({ style: 'international' });
  while (numbers.used.has(String(numbers.next))) numbers.next++;
  return String(numbers.next);
}

/** Local agents get the next free extension from 100 up; remote agents a generated phone number. */
function nextNumber(w: World, type: Agent['type']): string {
  if (type === 'remote') return w.faker.phone.number({ style: 'international' });
  const used = new Set<string>();
  for (const a of w.agents.values()) used.add(a.number);
  for (const a of w.scenario.agents) if (a.number) used.add(a.number);
  for (let n = 100; ; n++) if (!used.has(String(n))) return String(n);
}
