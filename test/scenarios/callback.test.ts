/**
 * Click-to-call (commands' callback, Telphin's POST /extension/{id}/callback/): the agent's own phone
 * rings first, the agent picks it up, then the number is dialled as a dial-out is. One row per way it can
 * go, with the event log and the call record it leaves; refusals change nothing; the far end behaves as
 * it would for a dial-out made at the same instant (the same draws from the same stream).
 */
import t from 'tap';
import { DomainError } from '../../src/scenarios/callcenter/errors.js';
import { Sim, oneQueue } from '../helpers/sim.js';

/** One agent (answers queue calls after 3 s, talks 60 s); the far end of a dial-out answers after 5 s, or not at all. */
const world = (answerProbability: number, arrivals: number[] = []) =>
  oneQueue({
    agents: [{ id: 'a1', queues: [{ queue: 'q', level: 1, position: 1 }], answer: { after: 3 }, talk_time: 60, wrap_up_time: 30 }],
    arrivals,
    extra: { outbound: { answer_probability: answerProbability, answer_after: 5, no_answer_after: 30 } },
  });

type Options = Parameters<Sim['engine']['commands']['callback']>[2];
const NUMBER = '+74950001122';
const story = (sim: Sim, call: string) => sim.events.filter((e) => e.call === call).map((e) => [e.t / 1000, e.type, ...(e.type === 'call.ended' ? [e.by] : [])]);

/** [case, far end answers, options, the call's story (seconds, event, by), what its record says]. */
const TABLE: [string, number, Options, unknown[][], Record<string, unknown>][] = [
  [
    'picked up after 1 s, the far end answers 5 s later, they talk, the agent hangs up',
    1,
    {},
    [[10, 'agent.dialing'], [11, 'agent.picked_up'], [16, 'call.answered'], [76, 'call.ended', 'agent'], [76, 'call.disposition']],
    { arrivedT: 10_000, callback: { pickedUpT: 11_000 }, answeredT: 16_000, endedT: 76_000, releasedBy: 'agent', exitReason: 'answered' },
  ],
  [
    'picked up at once',
    1,
    { pickupAfter: 0 },
    [[10, 'agent.dialing'], [10, 'agent.picked_up'], [15, 'call.answered'], [75, 'call.ended', 'agent'], [75, 'call.disposition']],
    { callback: { pickedUpT: 10_000 }, answeredT: 15_000, endedT: 75_000 },
  ],
  [
    'the far end never answers: the agent gives up after no_answer_after',
    0,
    { pickupAfter: 2 },
    [[10, 'agent.dialing'], [12, 'agent.picked_up'], [42, 'call.ended', 'agent']],
    { callback: { pickedUpT: 12_000 }, answeredT: null, endedT: 42_000, releasedBy: 'agent', exitReason: 'unanswered' },
  ],
  [
    'nobody picks up before the PBX stops waiting',
    1,
    { pickupAfter: 20, waitForPickup: 15 },
    [[10, 'agent.dialing'], [25, 'call.ended', 'system']],
    { callback: { pickedUpT: null }, answeredT: null, endedT: 25_000, releasedBy: 'system', exitReason: 'unanswered' },
  ],
  [
    'maxTalk cuts the conversation',
    1,
    { maxTalk: 12 },
    [[10, 'agent.dialing'], [11, 'agent.picked_up'], [16, 'call.answered'], [28, 'call.ended', 'agent'], [28, 'call.disposition']],
    { answeredT: 16_000, endedT: 28_000 },
  ],
];

t.test('a callback rings the agent, then the number: every way it goes', async (t) => {
  for (const [name, p, options, expected, record] of TABLE) {
    const sim = new Sim(world(p)).at(10);
    const call = sim.engine.command((c) => c.callback('a1', NUMBER, options));
    t.match(sim.of('agent.dialing', { call: call.id }), [{ agent: 'a1', number: NUMBER, callback: true }], `${name}: agent.dialing says it is a callback`);
    t.match(sim.agent('a1').external, [{ call: call.id, direction: 'outbound', phase: 'dialing' }], `${name}: the agent's line is busy from the request on`);
    sim.at(200);
    t.same(story(sim, call.id), expected, `${name}: the story`);
    t.match(sim.engine.queries.call(call.id), { kind: 'external', direction: 'outbound', number: NUMBER, agent: 'a1', ...record }, `${name}: the record`);
    t.same(sim.agent('a1').external, [], `${name}: the line is free again`);
  }
});

t.test('the far end is drawn as for a dial-out made at the same instant', async (t) => {
  const dialled = new Sim(world(1)).at(10);
  const d = dialled.engine.command((c) => c.dialOut('a1', NUMBER));
  const called = new Sim(world(1)).at(10);
  const c = called.engine.command((cmd) => cmd.callback('a1', NUMBER, { pickupAfter: 3 }));
  dialled.at(300);
  called.at(300);
  const dr = dialled.engine.queries.call(d.id)!;
  const cr = called.engine.queries.call(c.id)!;
  t.equal(cr.answeredT! - 13_000, dr.answeredT! - 10_000, 'the far end rings as long after the pick-up as after a dial');
  t.equal(cr.endedT! - cr.answeredT!, dr.endedT! - dr.answeredT!, 'and they talk as long');
  t.equal(d.id, c.id, 'the same call id (the same place in the id stream)');
});

t.test('a callback ringing the agent is a dial-out in progress: the line is busy, queues skip the agent', async (t) => {
  const sim = new Sim(world(1, [11])).at(10);
  const call = sim.engine.command((c) => c.callback('a1', NUMBER, { pickupAfter: 20 }));
  sim.at(12);
  t.throws(() => sim.engine.command((c) => c.dialOut('a1', '+74959999999')), /already dialling out on call/, 'a second dial-out is refused');
  t.same(sim.of('call.offered'), [], 'the queue caller is not offered to the busy agent (skip_busy_agents)');
  sim.engine.command((c) => c.hangUp(call.id));
  t.match(sim.engine.queries.call(call.id), { endedT: 12_000, releasedBy: 'system', answeredT: null, callback: { pickedUpT: null } }, 'hung up while the agent rang: ended by the system');
  sim.at(13);
  t.equal(sim.of('call.offered').length, 1, 'the line free, the queue caller rings the agent');
  t.same(sim.of('agent.picked_up'), [], 'no pick-up after the hang-up');
});

t.test('refusals change nothing', async (t) => {
  const cases: [string, (s: Sim) => void, () => [string, Options], RegExp, string][] = [
    ['logged out', (s) => s.engine.command((c) => c.setAgentStatus('a1', 'logged_out')), () => [NUMBER, {}], /^agent 'a1' is logged out$/, 'conflict'],
    ['a queue call ringing', (s) => s.at(11), () => [NUMBER, {}], /^agent 'a1' is ringing with call/, 'conflict'],
    ['a bad number', () => {}, () => ['call me', {}], /^number must be a phone number/, 'invalid'],
    ['a negative pick-up', () => {}, () => [NUMBER, { pickupAfter: -1 }], /^pickupAfter must be/, 'invalid'],
    ['no wait at all', () => {}, () => [NUMBER, { waitForPickup: 0 }], /^waitForPickup must be/, 'invalid'],
    ['a zero maxTalk', () => {}, () => [NUMBER, { maxTalk: 0 }], /^maxTalk must be/, 'invalid'],
  ];
  for (const [name, setup, args, message, kind] of cases) {
    const sim = new Sim(world(1, [10])).at(5);
    setup(sim);
    const before = { events: JSON.stringify(sim.events), agent: JSON.stringify(sim.agent('a1')), calls: JSON.stringify(sim.engine.queries.calls()) };
    const [number, options] = args();
    let error: unknown = null;
    try {
      sim.engine.command((c) => c.callback('a1', number, options));
    } catch (err) {
      error = err;
    }
    t.ok(error instanceof DomainError && error.kind === kind, `${name}: a ${kind} DomainError`);
    t.match((error as Error).message, message, `${name}: ${(error as Error).message}`);
    t.same({ events: JSON.stringify(sim.events), agent: JSON.stringify(sim.agent('a1')), calls: JSON.stringify(sim.engine.queries.calls()) }, before, `${name}: nothing changed`);
  }
  t.throws(() => new Sim(world(1)).engine.command((c) => c.callback('nobody', NUMBER)), /agent 'nobody' not found/, 'an unknown agent');
});
