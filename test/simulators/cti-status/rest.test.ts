/**
 * Rest with approval as agentrestinfo shows it: the mapping of the engine's rest list as a table, and a
 * scripted run (scenario `rest.max_agents`) where the counters, details and agents' states at chosen
 * instants follow the commands and the event log.
 */
import t from 'tap';
import { restInfoDto, type EngineRestInfo } from '../../../src/simulators/cti-status/mapper.js';
import { harness } from './harness.js';

const START = Date.UTC(2026, 10, 20, 9);

t.test('restInfoDto: counters, reasons, begin times', async (t) => {
  const info: EngineRestInfo = {
    max_agents: 2,
    agents: [
      { agent: 'a1', phase: 'after_call', requested_t: 10_000, begin_t: null, seconds: 45, reason: null },
      { agent: 'a2', phase: 'resting', requested_t: 12_000, begin_t: 12_000, seconds: 60, reason: null },
      { agent: 'a3', phase: 'queued', requested_t: 15_000, begin_t: null, seconds: 30, reason: null },
      { agent: 'ghost', phase: 'resting', requested_t: 1000, begin_t: 1000, seconds: 5, reason: 'lunch' },
    ],
  };
  const who: Record<string, { workno: number; name: string }> = { a1: { workno: 101, name: 'Alice' }, a2: { workno: 102, name: 'Bob' }, a3: { workno: 103, name: 'Carol' } };
  t.same(restInfoDto(info, (id) => who[id], START), {
    allowrestnum: 1,
    onrestnum: 1,
    waitrestnum: 1,
    agentsrestdetails: [
      { agentname: 'Alice', workno: 101, cantrestreason: 0, begintime: START + 10_000, restduration: 45 },
      { agentname: 'Bob', workno: 102, cantrestreason: 0, begintime: START + 12_000, restduration: 60 },
      { agentname: 'Carol', workno: 103, cantrestreason: 2, begintime: START + 15_000, restduration: 30 },
    ],
  });
  t.same(restInfoDto({ max_agents: null, agents: [] }, () => undefined, START), { allowrestnum: 0, onrestnum: 0, waitrestnum: 0, agentsrestdetails: [] });
});

const REST_SCENARIO = JSON.stringify({
  scenarios: {
    rest: {
      seed: 3,
      rest: { max_agents: 2 },
      queues: [{ id: 'q', strategy: 'top-down', tier_rules_apply: false }],
      agents: [
        { id: 'a1', name: 'Alice', queues: [{ queue: 'q', level: 1, position: 1 }], answer: { after: 2 }, talk_time: 100, wrap_up_time: 0 },
        { id: 'a2', name: 'Bob', queues: [{ queue: 'q', level: 1, position: 2 }], answer: { after: 2 }, talk_time: 100, wrap_up_time: 0 },
        { id: 'a3', name: 'Carol', queues: [{ queue: 'q', level: 1, position: 3 }], answer: { after: 2 }, talk_time: 100, wrap_up_time: 0 },
      ],
      callers: [{ queue: 'q', arrivals: { process: 'fixed', at: [10] }, patience: 1000 }],
    },
  },
});

t.test('rest with approval, scripted', async (t) => {
  const h = await harness(REST_SCENARIO);
  t.teardown(() => h.app.close());
  const rest = h.sim.command.bind(h.sim);
  const info = async () => (await h.query('/agentgroup/agentrestinfo')).resultDatas as { allowrestnum: number; onrestnum: number; waitrestnum: number; agentsrestdetails: Record<string, number | string>[] };
  const agent = async (workno: number) => (await h.query('/agentgroup/agentbyworkno', { agentId: workno })).resultDatas as Record<string, number>;

  await h.runUntil(20); // a1 talks from 12 to 112
  t.equal(rest((c) => c.requestRest('a1', 45)), 'after_call', 'talking: allowed, rests after the call');
  await h.runUntil(30);
  t.equal(rest((c) => c.requestRest('a2', 60)), 'resting');
  await h.runUntil(40);
  t.equal(rest((c) => c.requestRest('a3', 30)), 'queued', 'the VDN allows 2 and both places are held');
  await h.runUntil(50);
  t.same(await info(), {
    allowrestnum: 1,
    onrestnum: 1,
    waitrestnum: 1,
    agentsrestdetails: [
      { agentname: 'Alice', workno: 101, cantrestreason: 0, begintime: START + 20_000, restduration: 45 },
      { agentname: 'Bob', workno: 102, cantrestreason: 0, begintime: START + 30_000, restduration: 60 },
      { agentname: 'Carol', workno: 103, cantrestreason: 2, begintime: START + 40_000, restduration: 30 },
    ],
  });
  const bob = await agent(102);
  t.same([bob.status, bob.citStatus, bob.currentstatetime], [8, 8, 20], 'Bob resting for 20 s');
  const carol = await agent(103);
  t.same([carol.status, carol.citStatus], [4, 1], 'Carol waits for a place and keeps taking calls: idle');

  await h.runUntil(95); // Bob's rest ended at 90; Carol's began then
  const i2 = await info();
  t.same([i2.allowrestnum, i2.onrestnum, i2.waitrestnum], [1, 1, 0]);
  t.same([(await agent(102)).status, (await agent(103)).status, (await agent(103)).currentstatetime], [4, 8, 5]);

  const started = (await h.app.inject('/__admin/events?after=0&limit=5000&type=agent.rest_started')).json().events as { t: number; agent: string }[];
  t.equal((await info()).agentsrestdetails.find((d) => d.workno === 103)?.begintime, START + started.find((e) => e.agent === 'a3')!.t, "Carol's begintime is her agent.rest_started");

  await h.runUntil(115); // Alice's call ended at 112: her rest begins
  const alice = await agent(101);
  t.same([alice.status, alice.citStatus, alice.currentstatetime], [8, 8, 3]);
  rest((c) => c.cancelRest('a1'));
  const i3 = await info();
  t.same([(await agent(101)).status, i3.allowrestnum, i3.onrestnum, i3.waitrestnum], [4, 0, 1, 0], 'a cancelled rest ends now');
  t.same(i3.agentsrestdetails.map((d) => d.workno), [103], 'Carol still rests (90 to 120)');
  await h.runUntil(121);
  t.same(await info(), { allowrestnum: 0, onrestnum: 0, waitrestnum: 0, agentsrestdetails: [] }, "Carol's 30 s are over");
  t.same([(await agent(103)).status, (await agent(103)).currentstatetime], [4, 1], 'idle again since her rest ended');
});
