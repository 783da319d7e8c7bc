/**
 * The event log against its one definition (schemas/events): a busy scripted world driven through every
 * kind of change (timeline, commands the views use, configuration made and removed while running) logs
 * every event type the schema names, and every event it logs is valid against the schema: no field
 * missing, none unknown, every value of its type and enum.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { Ajv } from 'ajv';
import { Sim } from '../helpers/sim.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/events/events.schema.json', import.meta.url), 'utf8'));

const SCENARIO = `
scenarios:
  everything:
    seed: 21
    duration: 2h
    wrap_up_reasons: { success: 1 }
    outbound: { answer_probability: 1, answer_after: 4, no_answer_after: 30 }
    rest: { max_agents: 1 }
    queues:
      - { id: q, strategy: round-robin, tier_rules_apply: false, abandoned_resume_allowed: true, discard_abandoned_after: 600, max_wait_time: 400 }
      - { id: spare, strategy: ring-all, abandoned_resume_allowed: true, discard_abandoned_after: 600, exit_with_no_av_agents: false }
    agents:
      - { id: a1, number: "101", queues: [{ queue: q }], answer: [{ after: 2 }, { busy_after: 1 }, { after: 3 }], talk_time: 60, wrap_up_time: 30 }
      - { id: a2, number: "102", queues: [{ queue: q }], answer: { after: 5 }, talk_time: 120, wrap_up_time: 10, max_no_answer: 0 }
      - { id: a3, number: "103", queues: [{ queue: q }], answer: { after: 1 }, talk_time: 300 }
    callers:
      - { queue: q, arrivals: { process: poisson, per_hour: 90 }, patience: { distribution: exponential, mean: 200 }, numbers: ["+70000000001", "+70000000002", "+70000000003"] }
    timeline:
      - { at: 100, agent: a3, status: on_break }
      - { at: 160, agent: a3, status: available }
      - { at: 200, agent: a2, external_call: 40 }
      - { at: 300, agent: a1, dial_out: "+74950000000" }
      - { at: 400, agent: a3, rest: 120 }
      - { at: 420, agent: a1, rest: 60 }
      - { at: 6000, agent: a3, status: on_break }   # a3 is removed before: timeline.skipped
`;

t.test('every event type is logged, and every event is valid against schemas/events', async (t) => {
  const sim = new Sim(SCENARIO);
  const cmd = sim.engine.command.bind(sim.engine);
  sim.at(600);
  cmd((c) => c.blockAgent('a2'));
  sim.at(650);
  cmd((c) => c.unblockAgent('a2'));
  // An On-Demand-style idle and back, at a moment a3 is between calls.
  const whenFree = (fn: () => unknown) => {
    for (let s = sim.t; ; s += 1) {
      try {
        return fn();
      } catch {
        sim.at(s + 1);
      }
    }
  };
  whenFree(() => cmd((c) => c.setAgentState('a3', 'idle')));
  cmd((c) => c.setAgentState('a3', 'waiting'));
  // A connected call: held, taken back, tagged by a client, then transferred to the other queue.
  for (let s = 700; s < 3000; s += 5) {
    sim.at(s);
    const talking = sim.engine.queries.calls().find((c) => c.endedT === null && c.answeredT !== null && c.kind === 'queue');
    if (!talking) continue;
    cmd((c) => c.holdCall(talking.id));
    cmd((c) => c.resumeCall(talking.id));
    cmd((c) => c.setDisposition(talking.id, { reason: 'call_back_later' }));
    cmd((c) => c.transferCall(talking.id, { queue: 'spare' }));
    break;
  }
  // Configuration made, changed and removed while running.
  cmd((c) => c.createQueue('late', 'Late line'));
  cmd((c) => c.updateQueue('late', { strategy: 'longest-idle-agent' }));
  cmd((c) => c.createAgent({ id: 'a9', name: 'Nine', number: '109' }));
  cmd((c) => c.updateAgent('a9', { name: 'Nina' }));
  cmd((c) => c.addTier('late', 'a9', 1, 1));
  cmd((c) => c.updateTier('late', 'a9', { level: 2 }));
  cmd((c) => c.setTierJoined('late', 'a9', false));
  cmd((c) => c.removeTier('late', 'a9'));
  cmd((c) => c.removeAgent('a9'));
  cmd((c) => c.removeQueue('late'));
  // A click-to-call: the agent's phone rings, it picks up, the number is dialled.
  whenFree(() => cmd((c) => c.callback('a2', '+74951234567', { pickupAfter: 2 })));
  // A caller gives up on the queue nobody serves, calls again and regains its place.
  cmd((c) => c.injectCaller({ queue: 'spare', number: '+79990000000', patience: 2 }));
  sim.at(sim.t + 10);
  cmd((c) => c.injectCaller({ queue: 'spare', number: '+79990000000', patience: 2 }));
  sim.at(5000);
  cmd((c) => c.removeAgent('a3'));
  sim.at(7200);

  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema(schema);
  const validate = ajv.getSchema('events#/definitions/WorldEvent')!;
  const bad = sim.events.filter((e) => !validate(e)).map((e) => `${JSON.stringify(e)}: ${ajv.errorsText(validate.errors)}`);
  t.same(bad.slice(0, 5), [], `all ${sim.events.length} events valid`);
  const named = (schema.definitions.WorldEvent.oneOf as { $ref: string }[]).map((r) => schema.definitions[r.$ref.split('/').pop() as string].properties.type.const as string);
  const seen = new Set<string>(sim.events.map((e) => e.type));
  t.same(named.filter((type) => !seen.has(type)), [], 'every type the schema names was logged');
  t.same([...seen].filter((type) => !named.includes(type)), [], 'and no other');
});
