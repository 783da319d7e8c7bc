/** An agent's dial-out as CC-CMS shows it: occupied (CTI 3) while the far end rings, talking (CTI 5) once answered, then idle. */
import t from 'tap';
import { harness } from './harness.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    out: {
      seed: 9,
      outbound: { answer_probability: 1, answer_after: 4, no_answer_after: 30 },
      queues: [{ id: 'q' }],
      agents: [{ id: 'a', name: 'Alice', queues: [{ queue: 'q' }], talk_time: 20, wrap_up_time: 0 }],
    },
  },
});

t.test('dial-out phases', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  const state = async () => {
    const a = (await h.query('/agentgroup/agentbyworkno', { agentId: 101 })).resultDatas as Record<string, number>;
    return [a.status, a.citStatus, a.currentstatetime];
  };
  await h.runUntil(10);
  h.sim.command((c) => c.dialOut('a', '+15550100'));
  await h.runUntil(12);
  t.same(await state(), [7, 3, 2], 'dialing: occupied');
  await h.runUntil(20);
  const log = (await h.app.inject('/__admin/events?after=0&limit=100')).json().events as { t: number; type: string }[];
  const answered = log.find((e) => e.type === 'call.answered');
  t.ok(answered, 'the far end answered');
  t.same(await state(), [7, 5, Math.floor((20_000 - answered!.t) / 1000)], 'talking since the answer');
  t.same((await h.query('/querymonitor/systemstate')).resultDesc, { busyagent: 0, talkingnum: 1, Idleagent: 0, totalloginagent: 1 });
  await h.runUntil(60);
  const ended = ((await h.app.inject('/__admin/events?after=0&limit=100')).json().events as { t: number; type: string }[]).find((e) => e.type === 'call.ended');
  t.ok(ended);
  t.same(await state(), [4, 1, Math.floor((60_000 - ended!.t) / 1000)], 'idle since the outside call ended');
});
