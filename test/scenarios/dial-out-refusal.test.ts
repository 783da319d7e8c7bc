/**
 * A second call from a busy phone: the world lets an agent dial out only from a free line (external-calls.ts
 * dialOutRefusal). One row per situation the agent's phone can be in; a refused dial-out is a `conflict`
 * naming the agent and the call in the way, and changes nothing: the world it leaves goes on exactly as a
 * twin that was never asked. A scripted `dial_out` for a busy agent is skipped (`timeline.skipped`).
 */
import t from 'tap';
import { DomainError } from '../../src/scenarios/callcenter/errors.js';
import { Sim, oneQueue } from '../helpers/sim.js';

/** One agent who answers after 3 s and talks 60 s (wrap-up 30 s); a dial-out is answered after 5 s. */
const world = (arrivals: number[], timeline: Record<string, unknown>[] = []) =>
  oneQueue({
    agents: [{ id: 'a1', queues: [{ queue: 'q', level: 1, position: 1 }], answer: { after: 3 }, talk_time: 60, wrap_up_time: 30 }],
    arrivals,
    timeline,
    extra: { outbound: { answer_probability: 1, answer_after: 5, no_answer_after: 30 } },
  });
const YAML = world([0, 200]);

type Setup = (sim: Sim) => void;
const queueCall = (sim: Sim) => sim.engine.queries.agent('a1')!.current_call as string;
const dial = (sim: Sim, number = '+74950000001') => sim.engine.command((c) => c.dialOut('a1', number));

/** [situation, how to get there (from t = 0), null when the dial-out goes ahead or the message it is refused with]. */
const TABLE: [string, Setup, RegExp | null][] = [
  ['waiting, nothing on the phone', (s) => s.at(150), null],
  ['on break (a callback)', (s) => s.at(100).engine.command((c) => c.setAgentStatus('a1', 'on_break')), null],
  ['wrapping up after a queue call', (s) => s.at(70), null],
  ['a queue call ringing', (s) => s.at(1), /^agent 'a1' is ringing with call '[^']+': its phone cannot dial out until the ring ends$/],
  ['talking on a queue call', (s) => s.at(10), /^agent 'a1' is talking on call '[^']+': put it on hold before dialling out$/],
  ['a queue call on hold', (s) => s.at(10).engine.command((c) => c.holdCall(queueCall(s))), null],
  [
    'a queue call taken back from hold',
    (s) => {
      s.at(10).engine.command((c) => c.holdCall(queueCall(s)));
      s.at(12).engine.command((c) => c.resumeCall(queueCall(s)));
    },
    /is talking on call/,
  ],
  ['dialling out (the far end rings)', (s) => (s.at(90), dial(s), s.at(92)), /^agent 'a1' is already dialling out on call '[^']+'$/],
  ['talking on an answered dial-out', (s) => (s.at(90), dial(s), s.at(100)), /is talking on call '[^']+': put it on hold/],
  [
    'a dial-out on hold once answered',
    (s) => {
      s.at(90);
      const id = dial(s).id;
      s.at(100).engine.command((c) => c.holdCall(id));
    },
    null,
  ],
  ['talking on an inbound outside call', (s) => s.at(90).engine.command((c) => c.startExternalCall('a1', 60, 'inbound', '+74951110000')), /is talking on call/],
  [
    'an outbound outside call on hold',
    (s) => {
      const call = s.at(90).engine.command((c) => c.startExternalCall('a1', 60, 'outbound', '+74951110000'));
      s.engine.command((c) => c.holdCall(call.id));
    },
    null,
  ],
  ['logged out', (s) => s.at(100).engine.command((c) => c.setAgentStatus('a1', 'logged_out')), /^agent 'a1' is logged out$/],
];

t.test('a dial-out needs a free line: every situation of the phone', async (t) => {
  for (const [situation, setup, refused] of TABLE) {
    const sim = new Sim(YAML);
    setup(sim);
    const before = { events: sim.events.length, agent: JSON.stringify(sim.agent('a1')), calls: JSON.stringify(sim.engine.queries.calls()) };
    let error: unknown = null;
    try {
      dial(sim, '+74959999999');
    } catch (err) {
      error = err;
    }
    if (refused === null) {
      t.equal(error, null, `${situation}: dials`);
      t.match(sim.events.at(-1), { type: 'agent.dialing', agent: 'a1', number: '+74959999999' }, `${situation}: agent.dialing`);
      t.match(sim.agent('a1').external.at(-1), { direction: 'outbound', phase: 'dialing' }, `${situation}: a dial-out ringing`);
      continue;
    }
    t.ok(error instanceof DomainError, `${situation}: refused with a DomainError`);
    const e = error as DomainError;
    t.equal(e.kind, 'conflict', `${situation}: a conflict`);
    t.equal(e.field, 'agent', `${situation}: naming the agent`);
    t.match(e.message, refused, `${situation}: ${e.message}`);
    t.same({ events: sim.events.length, agent: JSON.stringify(sim.agent('a1')), calls: JSON.stringify(sim.engine.queries.calls()) }, before, `${situation}: nothing changed`);
    // Nothing drawn, numbered or scheduled either: the rest of the day is the twin's that was never asked.
    const twin = new Sim(YAML);
    setup(twin);
    sim.at(900);
    twin.at(900);
    t.equal(JSON.stringify(sim.events), JSON.stringify(twin.events), `${situation}: the day goes on as if never asked`);
  }
});

t.test('a scripted dial_out for a busy agent is skipped; one for a free agent dials', async (t) => {
  const timeline = [
    { at: 10, agent: 'a1', dial_out: '+74950000010' },
    { at: 100, agent: 'a1', dial_out: '+74950000100' },
    { at: 102, agent: 'a1', dial_out: '+74950000102' },
  ];
  const sim = new Sim(world([0], timeline));
  sim.at(300);
  t.match(sim.of('timeline.skipped'), [
    { t: 10_000, reason: /^agent 'a1' is talking on call '[^']+': put it on hold before dialling out$/ },
    { t: 102_000, reason: /^agent 'a1' is already dialling out on call '[^']+'$/ },
  ]);
  t.same(sim.of('agent.dialing').map((e) => [e.t, e.number]), [[100_000, '+74950000100']], 'only the dial-out from a free line');

  const without = new Sim(world([0], [timeline[1]]));
  without.at(300);
  const story = (s: Sim) => JSON.stringify(s.events.filter((e) => e.type !== 'timeline.skipped').map(({ seq: _seq, ...rest }) => rest));
  t.equal(story(sim), story(without), 'a skipped entry changes nothing but its own timeline.skipped');
});
