/**
 * Rest with approval as agentrestinfo shows it: the mapping of the engine's rest list as a table, and
 * (once the engine's requestRest / restInfo / `rest.max_agents` of ENGINE-CONTRACT.md are merged) a
 * scripted run where the counters and details at chosen instants follow the event log.
 */
import t from 'tap';
import { restInfoDto, type EngineRestInfo } from '../../../src/simulators/cti-status/mapper.js';
import { harness } from './harness.js';

const START = Date.UTC(2026, 10, 20, 9);

t.test('restInfoDto: counters, reasons, begin times', async (t) => {
  const info: EngineRestInfo = {
    maxAgents: 2,
    agents: [
      { agent: 'a1', phase: 'after_call', requested_t: 10_000, begin_t: null, seconds: 45 },
      { agent: 'a2', phase: 'resting', requested_t: 12_000, begin_t: 12_000, seconds: 60 },
      { agent: 'a3', phase: 'queued', requested_t: 15_000, begin_t: null, seconds: 30 },
      { agent: 'ghost', phase: 'resting', requested_t: 1000, begin_t: 1000, seconds: 5 },
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
  t.same(restInfoDto({ maxAgents: null, agents: [] }, () => undefined, START), { allowrestnum: 0, onrestnum: 0, waitrestnum: 0, agentsrestdetails: [] });
});

type RestCommands = { requestRest(agent: string, seconds: number, reason?: string): string; cancelRest(agent: string): void };

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

t.test('rest with approval, scripted', { todo: 'needs the engine\'s requestRest, restInfo and rest.max_agents (ENGINE-CONTRACT.md), not yet on main' }, async (t) => {
  const h = await harness(REST_SCENARIO);
  t.teardown(() => h.app.close());
  const rest = (fn: (c: RestCommands) => unknown) => h.sim.command((c) => fn(c as unknown as RestCommands));
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

  await h.runUntil(115); // Alice's call ended at 112: her rest begins
  const alice = await agent(101);
  t.same([alice.status, alice.citStatus, alice.currentstatetime], [8, 8, 3]);
  rest((c) => c.cancelRest('a1'));
  t.same([(await agent(101)).status, (await info()).onrestnum], [4, 0], 'a cancelled rest ends now');
});
