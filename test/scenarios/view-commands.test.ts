/**
 * The commands the vendor views need beyond mod_callcenter's own: unjoined tiers, wrap-up dispositions,
 * dial-outs, hang-up of any call, hold, transfer, a supervisor's block, rest with approval, sign-in time.
 * Each is checked through the queries and the event log the views read.
 */
import t, { type Test } from 'tap';
import { DomainError } from '../../src/scenarios/callcenter/errors.js';
import { Sim, oneQueue } from '../helpers/sim.js';

function rejects(t: Test, fn: () => unknown, kind: DomainError['kind'], message: RegExp) {
  try {
    fn();
    t.fail(`expected a ${kind} error`);
  } catch (err) {
    t.ok(err instanceof DomainError && err.kind === kind, `a ${kind} DomainError`);
    t.match((err as Error).message, message);
  }
}

const agent = (id: string, more: Record<string, unknown> = {}) => ({ id, queues: [{ queue: 'q', level: 1, position: Number(id.replace(/\D/g, '') || 1) }], answer: { after: 1 }, talk_time: 30, ...more });

t.test('an unjoined tier is listed but never offered; joining again routes', async (t) => {
  const sim = new Sim(oneQueue({ queue: { strategy: 'longest-idle-agent' }, agents: [agent('a1')], arrivals: [10] }));
  sim.engine.command((c) => c.setTierJoined('q', 'a1', false));
  t.match(sim.agent('a1').queues, [{ queue: 'q', joined: false }]);
  t.match(sim.engine.queries.queue('q')?.agents, [{ agent: 'a1', joined: false }]);
  sim.at(60);
  t.same(sim.offers(), [], 'the waiting caller is not offered to the unjoined agent');
  sim.engine.command((c) => c.setTierJoined('q', 'a1', true));
  sim.at(61);
  t.same(sim.offers(), [[60, 'a1']], 'offered the moment the agent joins');
  t.match(sim.of('tier.updated'), [{ joined: false }, { joined: true }]);
  rejects(t, () => sim.engine.command((c) => c.setTierJoined('q', 'nobody', true)), 'notFound', /agent 'nobody' not found/);
});

t.test('unjoining cancels a ring in progress for that queue', async (t) => {
  const sim = new Sim(oneQueue({ agents: [agent('a1', { answer: { after: 10 } })], arrivals: [0] }));
  sim.at(5);
  sim.engine.command((c) => c.setTierJoined('q', 'a1', false));
  t.match(sim.of('call.ring_failed'), [{ agent: 'a1', cause: 'cancel', reason: 'unjoined' }]);
  t.equal(sim.agent('a1').state, 'waiting');
});

t.test('the agent picks a wrap-up reason from the scenario weights; a client disposition ends the wrap-up', async (t) => {
  const yaml = oneQueue({ agents: [agent('a1', { wrap_up_time: 60 })], arrivals: [0, 5], extra: { wrap_up_reasons: { call_back_later: 1 } } });
  const sim = new Sim(yaml);
  sim.at(31);
  const first = sim.call(0);
  t.match(sim.engine.queries.call(first)?.disposition, { reason: 'call_back_later', by: 'agent', comment: null });
  t.match(sim.of('call.disposition'), [{ call: first, agent: 'a1', reason: 'call_back_later', by: 'agent' }]);
  t.ok(sim.agent('a1').wrap_up_until_t, 'wrapping up for 60 s');
  sim.at(40);
  t.equal(sim.offers().length, 1, 'the second caller waits while the agent wraps up');
  sim.engine.command((c) => c.setDisposition(first, { reason: 'success', comment: 'sold', recallAt: '2026-11-21T10:00:00Z' }));
  t.match(sim.engine.queries.call(first), { disposition: { reason: 'success', by: 'client', comment: 'sold', recallAt: '2026-11-21T10:00:00Z' }, wrapUpEndT: 40_000 });
  t.equal(sim.agent('a1').wrap_up_until_t, null, 'the wrap-up ended');
  sim.at(41);
  t.same(sim.offers(), [[0, 'a1'], [40, 'a1']], 'and the waiting caller is offered at once');
  t.match(sim.of('agent.wrap_up_ended'), [{ agent: 'a1', early: true }]);
  rejects(t, () => sim.engine.command((c) => c.setDisposition(first, { reason: 'great' })), 'invalid', /reason must be one of/);
  rejects(t, () => sim.engine.command((c) => c.setDisposition(first, { reason: 'success', recallAt: 'tomorrow' })), 'invalid', /recallAt must be an ISO 8601/);
  rejects(t, () => sim.engine.command((c) => c.setDisposition('nope', { reason: 'success' })), 'notFound', /call 'nope' not found/);
});

t.test('agent dispositions follow the weights and depend on the seed and call alone', async (t) => {
  const yaml = oneQueue({ agents: [agent('a1', { talk_time: 1 }), agent('a2', { talk_time: 1 })], arrivals: Array.from({ length: 400 }, (_, i) => i * 3), extra: { wrap_up_reasons: { success: 3, interrupted: 1 } } });
  const run = () => {
    const sim = new Sim(yaml);
    sim.at(1300);
    return sim.engine.queries.calls().map((c) => c.disposition?.reason);
  };
  const reasons = run();
  t.same(run(), reasons, 'the same seed gives the same picks');
  const success = reasons.filter((r) => r === 'success').length;
  t.equal(reasons.filter((r) => r !== 'success' && r !== 'interrupted').length, 0, 'only the weighted reasons');
  t.ok(success > 260 && success < 340, `about 3 in 4 are success (${success} of 400)`);
});

t.test('a dial-out rings, is answered and talks; the agent keeps its queue status', async (t) => {
  const sim = new Sim(oneQueue({ queue: { skip_busy_agents: true }, agents: [agent('a1', { talk_time: 60 })], arrivals: [10], extra: { outbound: { answer_probability: 1, answer_after: 5 } } }));
  const call = sim.engine.command((c) => c.dialOut('a1', '+74950000000'));
  t.match(sim.agent('a1'), { status: 'available', state: 'waiting', external: [{ call: call.id, direction: 'outbound', phase: 'dialing', since_t: 0 }] });
  sim.at(5);
  t.match(sim.agent('a1').external, [{ phase: 'talking', since_t: 5000 }]);
  t.match(sim.engine.queries.call(call.id), { kind: 'external', direction: 'outbound', number: '+74950000000', arrivedT: 0, answeredT: 5000, agent: 'a1', endedT: null });
  sim.at(30);
  t.same(sim.offers(), [], 'skip_busy_agents keeps the queue caller away meanwhile');
  sim.at(66);
  t.match(sim.engine.queries.call(call.id), { endedT: 65_000, releasedBy: 'agent', exitReason: 'answered' });
  t.same(sim.agent('a1').external, []);
  t.same(sim.offers(), [[65, 'a1']], 'the queue caller is offered when the dial-out ends');
  t.same(sim.of('agent.dialing').map((e) => e.number), ['+74950000000']);
  rejects(t, () => sim.engine.command((c) => c.dialOut('a1', 'call me')), 'invalid', /number must be a phone number/);
});

t.test('an unanswered dial-out ends after no_answer_after; a hang-up ends one that rings', async (t) => {
  const sim = new Sim(oneQueue({ agents: [agent('a1')], extra: { outbound: { answer_probability: 0, no_answer_after: 20 } } }));
  const call = sim.engine.command((c) => c.dialOut('a1', '100'));
  sim.at(21);
  t.match(sim.engine.queries.call(call.id), { answeredT: null, endedT: 20_000, exitReason: 'unanswered', releasedBy: 'agent', disposition: null });
  const second = sim.engine.command((c) => c.dialOut('a1', '101'));
  sim.at(25);
  sim.engine.command((c) => c.hangUp(second.id));
  t.match(sim.engine.queries.call(second.id), { endedT: 25_000, exitReason: 'unanswered', releasedBy: 'system' });
  rejects(t, () => sim.engine.command((c) => c.hangUp(second.id)), 'notFound', /live call/);
  sim.engine.command((c) => c.setAgentStatus('a1', 'logged_out'));
  rejects(t, () => sim.engine.command((c) => c.dialOut('a1', '102')), 'conflict', /logged out/);
});

t.test('hold and resume are recorded; a hold open at the end is closed with the call', async (t) => {
  const sim = new Sim(oneQueue({ agents: [agent('a1')], arrivals: [0] }));
  const id = sim.call(0);
  rejects(t, () => sim.engine.command((c) => c.holdCall(id)), 'conflict', /not connected to an agent/);
  sim.at(5);
  sim.engine.command((c) => c.holdCall(id));
  rejects(t, () => sim.engine.command((c) => c.holdCall(id)), 'conflict', /already on hold/);
  sim.at(10);
  sim.engine.command((c) => c.resumeCall(id));
  rejects(t, () => sim.engine.command((c) => c.resumeCall(id)), 'conflict', /not on hold/);
  sim.at(20);
  sim.engine.command((c) => c.holdCall(id));
  sim.at(40);
  t.same(sim.engine.queries.call(id)?.holds, [
    { t: 5000, endT: 10_000 },
    { t: 20_000, endT: 31_000 },
  ]);
  t.match(sim.of('call.held'), [{ call: id, agent: 'a1' }, { call: id }]);
});

t.test('an unattended transfer to a queue ends the agent part and queues the caller again', async (t) => {
  const yaml = JSON.stringify({
    scenarios: {
      t: {
        start: '2026-11-20T09:00:00Z',
        queues: [{ id: 'q', tier_rules_apply: false }, { id: 'vip', tier_rules_apply: false }],
        agents: [agent('a1', { wrap_up_time: 10 }), { id: 'b1', queues: [{ queue: 'vip' }], answer: { after: 2 }, talk_time: 30 }],
        callers: [{ queue: 'q', arrivals: { process: 'fixed', at: [0] }, numbers: ['+70000000001'] }],
      },
    },
  });
  const sim = new Sim(yaml);
  sim.at(5);
  const id = sim.call(0);
  const next = sim.engine.command((c) => c.transferCall(id, { queue: 'vip' }));
  t.match(sim.engine.queries.call(id), { endedT: 5000, releasedBy: 'agent', transferredTo: { queue: 'vip' }, exitReason: 'answered' });
  t.match(sim.engine.queries.call(next?.id as string), { queue: 'vip', number: '+70000000001', transferredFrom: id, arrivedT: 5000 });
  t.ok(sim.agent('a1').wrap_up_until_t, 'the transferring agent wraps up');
  sim.at(8);
  t.match(sim.of('call.answered'), [{ agent: 'a1' }, { agent: 'b1', call: next?.id }]);
  const out = sim.engine.command((c) => c.transferCall(next?.id as string, { number: '+74951112233' }));
  t.equal(out, null);
  t.match(sim.engine.queries.call(next?.id as string), { transferredTo: { number: '+74951112233' }, releasedBy: 'agent' });
  rejects(t, () => sim.engine.command((c) => c.transferCall(id, { queue: 'vip' })), 'notFound', /live call/);
});

t.test('a supervisor block keeps the agent on break until unblocked', async (t) => {
  const sim = new Sim(oneQueue({ queue: { exit_with_no_av_agents: false }, agents: [agent('a1')], arrivals: [10] }));
  sim.engine.command((c) => c.blockAgent('a1'));
  t.match(sim.agent('a1'), { status: 'on_break', blocked: true });
  rejects(t, () => sim.engine.command((c) => c.setAgentStatus('a1', 'available')), 'conflict', /blocked by a supervisor/);
  rejects(t, () => sim.engine.command((c) => c.blockAgent('a1')), 'conflict', /already blocked/);
  rejects(t, () => sim.engine.command((c) => c.requestRest('a1', 60)), 'conflict', /blocked/);
  sim.at(20);
  t.same(sim.offers(), []);
  sim.engine.command((c) => c.unblockAgent('a1'));
  t.match(sim.agent('a1'), { status: 'available', blocked: false });
  sim.at(21);
  t.same(sim.offers(), [[20, 'a1']]);
  t.match(sim.of('agent.status', { agent: 'a1' }), [{ status: 'on_break', reason: 'blocked' }, { status: 'available', reason: 'unblocked' }]);
});

t.test('sign-in time: set at the start for signed-in agents, on leaving Logged Out, cleared on logging out', async (t) => {
  const sim = new Sim(oneQueue({ agents: [agent('a1'), agent('a2', { status: 'logged_out' })] }));
  t.equal(sim.agent('a1').login_t, 0);
  t.equal(sim.agent('a2').login_t, null);
  sim.at(30);
  sim.engine.command((c) => c.setAgentStatus('a2', 'on_break'));
  sim.engine.command((c) => c.setAgentStatus('a1', 'logged_out'));
  sim.at(40);
  sim.engine.command((c) => c.setAgentStatus('a2', 'available'));
  t.equal(sim.agent('a2').login_t, 30_000, 'a status change between signed-in statuses keeps it');
  t.equal(sim.agent('a1').login_t, null);
});

t.test('rest with approval: at once, after the call, in line under the limit, first come first served', async (t) => {
  const agents = [agent('a1'), agent('a2', { answer: { after: 0 }, talk_time: 100 }), agent('a3'), agent('a4')];
  const sim = new Sim(oneQueue({ queue: { strategy: 'agent-with-least-talk-time' }, agents, extra: { rest: { max_agents: 2 } } }));
  sim.engine.command((c) => c.setAgentStatus('a1', 'on_break'));
  sim.engine.command((c) => c.setAgentStatus('a3', 'on_break'));
  sim.engine.command((c) => c.setAgentStatus('a4', 'on_break'));
  sim.engine.command((c) => c.injectCaller({ queue: 'q', number: '+70000000009' }));
  t.equal(sim.agent('a2').state, 'in_queue_call');
  for (const id of ['a1', 'a3', 'a4']) sim.engine.command((c) => c.setAgentStatus(id, 'available'));
  sim.at(10);
  const ask = (id: string, s: number) => sim.engine.command((c) => c.requestRest(id, s, 'lunch'));
  t.equal(ask('a2', 60), 'after_call', 'a talking agent is granted and rests after the call');
  t.equal(ask('a1', 30), 'resting', 'a free agent rests at once');
  t.equal(ask('a3', 300), 'queued', 'the VDN is full: in line');
  t.equal(ask('a4', 300), 'queued');
  t.match(sim.agent('a1'), { status: 'on_break', rest: { phase: 'resting', begin_t: 10_000, seconds: 30, reason: 'lunch' } });
  t.match(sim.agent('a2'), { status: 'available', rest: { phase: 'after_call', begin_t: null } });
  t.match(sim.engine.queries.restInfo(), { max_agents: 2, agents: [{ agent: 'a1', phase: 'resting' }, { agent: 'a2', phase: 'after_call' }, { agent: 'a3', phase: 'queued' }, { agent: 'a4', phase: 'queued' }] });
  sim.at(41);
  t.match(sim.agent('a1'), { status: 'available', rest: null }, 'the rest elapsed: back to the status before');
  t.match(sim.agent('a3'), { status: 'on_break', rest: { phase: 'resting', begin_t: 40_000 } }, 'the first in line got the place');
  t.equal(sim.agent('a4').rest?.phase, 'queued');
  sim.at(101);
  t.match(sim.agent('a2'), { status: 'on_break', rest: { phase: 'resting', begin_t: 100_000, seconds: 60 } }, 'rests when its call ends');
  sim.engine.command((c) => c.setAgentStatus('a3', 'available'));
  t.equal(sim.agent('a3').rest, null, 'leaving the break ends the rest');
  t.match(sim.agent('a4'), { status: 'on_break', rest: { phase: 'resting', begin_t: 101_000 } });
  sim.engine.command((c) => c.cancelRest('a4'));
  t.match(sim.agent('a4'), { status: 'available', rest: null });
  t.same(
    sim.of('agent.rest_ended').map((e) => [e.agent, e.reason]),
    [
      ['a1', 'elapsed'],
      ['a3', 'status_change'],
      ['a4', 'cancelled'],
    ],
  );
  rejects(t, () => ask('a2', 10), 'conflict', /already asked for rest/);
  rejects(t, () => sim.engine.command((c) => c.requestRest('a4', 0)), 'invalid', /seconds must be a whole number/);
  rejects(t, () => sim.engine.command((c) => c.cancelRest('a4')), 'conflict', /has not asked for rest/);
});

t.test('rest from the scenario timeline; no limit unless the scenario sets one; logging out drops a request', async (t) => {
  const sim = new Sim(oneQueue({ agents: [agent('a1'), agent('a2'), agent('a3')], timeline: [{ at: 5, agent: 'a1', rest: 20 }, { at: 5, agent: 'a2', rest: 20 }, { at: 5, agent: 'a3', rest: 20 }] }));
  sim.at(6);
  t.same(
    ['a1', 'a2', 'a3'].map((id) => sim.agent(id).rest?.phase),
    ['resting', 'resting', 'resting'],
  );
  t.equal(sim.engine.queries.restInfo().max_agents, null);
  const limited = new Sim(oneQueue({ agents: [agent('a1'), agent('a2')], extra: { rest: { max_agents: 1 } }, timeline: [{ at: 5, agent: 'a1', rest: 20 }, { at: 5, agent: 'a2', rest: 20 }] }));
  limited.at(6);
  limited.engine.command((c) => c.setAgentStatus('a2', 'logged_out'));
  t.equal(limited.agent('a2').rest, null);
  t.match(limited.of('agent.rest_ended'), [{ agent: 'a2', reason: 'logged_out' }]);
});
