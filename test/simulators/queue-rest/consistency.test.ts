/**
 * One story, three views: at every step of a scripted scenario (with changes made through this API on
 * the way) the Telphin queue status and agent statuses, the event log replayed, and /__admin/state agree.
 */
import t from 'tap';
import { harness } from './harness.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    story: {
      seed: 11,
      duration: '15m',
      queues: [
        { id: 'hunt', strategy: 'round-robin', max_wait_time: 120, tier_rules_apply: false },
        { id: 'ring', strategy: 'ring-all', tier_rules_apply: false },
      ],
      agents: [
        { count: 3, id_prefix: 'a', queues: [{ queue: 'hunt', level: 1 }], call_timeout: 10, wrap_up_time: 5, answer: { probability: 0.7, after: 3, otherwise: 'never' }, talk_time: { distribution: 'exponential', mean: 40 } },
        { count: 2, id_prefix: 'b', queues: [{ queue: 'ring', level: 1 }], answer: { after: { distribution: 'uniform', min: 2, max: 6 } }, talk_time: { distribution: 'exponential', mean: 30 } },
        { id: 'c1', queues: [{ queue: 'hunt', level: 2 }, { queue: 'ring', level: 1 }], answer: { after: 4 }, talk_time: 20 },
      ],
      callers: [
        { queue: 'hunt', arrivals: { process: 'poisson', per_hour: 150 }, patience: { distribution: 'exponential', mean: 60 } },
        { queue: 'ring', arrivals: { process: 'poisson', per_hour: 90 }, patience: { distribution: 'exponential', mean: 45 } },
      ],
      timeline: [
        { at: 300, agent: 'a-1', status: 'on_break' },
        { at: 420, agent: 'a-1', status: 'available' },
        { at: 500, agent: 'b-1', status: 'logged_out' },
        { at: 600, agent: 'b-1', status: 'available' },
      ],
    },
  },
});

type Ev = { seq: number; type: string; call?: string; queue?: string; agent?: string; status?: string; reason?: string };

t.test('queue status, agent status and the event log agree at every step', async (t) => {
  const h = await harness(SCENARIO, { inline: true });
  t.teardown(() => h.app.close());
  const ringStrategy: Record<string, boolean> = { hunt: false, ring: true };
  const extOf: Record<string, number> = { hunt: 1000, ring: 1001 };
  const agentIds = (await h.api('GET', '/client/@me/agent/local/')).json().map((a: { id: number }) => a.id);
  t.same(agentIds, [1, 2, 3, 4, 5, 6]);
  const worldIdOf = ['a-1', 'a-2', 'a-3', 'b-1', 'b-2', 'c1'];

  // The event log replayed: callers in queues by state, and agents' statuses.
  const strategyChange = new Map<string, boolean>();
  const members = new Map<string, { queue: string; state: 'waiting' | 'trying' | 'answered'; ringing: Set<string> }>();
  const statuses = new Map(worldIdOf.map((id) => [id, 'available']));
  let after = 0;
  const replay = async () => {
    for (;;) {
      const page = (await h.app.inject(`/__admin/events?after=${after}&limit=5000`)).json();
      for (const e of page.events as Ev[]) {
        const m = e.call ? members.get(e.call) : undefined;
        switch (e.type) {
          case 'call.arrived':
            members.set(e.call!, { queue: e.queue!, state: ringStrategy[e.queue!] ? 'trying' : 'waiting', ringing: new Set() });
            break;
          case 'call.offered':
            if (m) {
              m.ringing.add(e.agent!);
              m.state = 'trying';
            }
            break;
          case 'call.ring_failed':
            if (m) {
              m.ringing.delete(e.agent!);
              if (!ringStrategy[m.queue] && m.ringing.size === 0 && m.state === 'trying') m.state = 'waiting';
            }
            break;
          case 'call.answered':
            if (m) m.state = 'answered';
            break;
          case 'call.left':
          case 'call.ended':
            members.delete(e.call!);
            break;
          case 'agent.status':
            statuses.set(e.agent!, e.status!);
            break;
          case 'queue.updated': {
            const next = strategyChange.get(e.queue!);
            if (next === undefined) break;
            strategyChange.delete(e.queue!);
            ringStrategy[e.queue!] = next;
            // Into a ring strategy every waiting caller is Trying; out of one, the rings stop and all wait.
            for (const c of members.values()) if (c.queue === e.queue && c.state !== 'answered') c.state = next ? 'trying' : 'waiting';
            break;
          }
        }
      }
      after = page.last;
      if (page.events.length < 5000) break;
    }
  };

  const check = async (s: number) => {
    await replay();
    const state = (await h.app.inject('/__admin/state')).json();
    for (const q of ['hunt', 'ring']) {
      const fromLog = { answered_members: 0, trying_members: 0, waiting_members: 0 };
      for (const m of members.values()) if (m.queue === q) fromLog[`${m.state}_members`]++;
      const fromAdmin = { answered_members: 0, trying_members: 0, waiting_members: 0 };
      for (const c of state.callers) if (c.queue === q) fromAdmin[`${c.state as 'waiting'}_members`]++;
      const api = (await h.api('GET', `/extension/${extOf[q]}/queue/status/`)).json();
      if (JSON.stringify(api) !== JSON.stringify(fromLog) || JSON.stringify(api) !== JSON.stringify(fromAdmin)) {
        t.fail(`${q} at ${s}s: api ${JSON.stringify(api)}, log ${JSON.stringify(fromLog)}, admin ${JSON.stringify(fromAdmin)}`);
        return false;
      }
    }
    const agents = (await h.api('GET', '/client/@me/agent/local/')).json() as { id: number; status: string }[];
    for (const a of agents) {
      const world = worldIdOf[a.id - 1];
      const admin = state.agents.find((x: { id: string }) => x.id === world).status;
      if (a.status !== statuses.get(world) || a.status !== admin) {
        t.fail(`agent ${a.id} at ${s}s: api ${a.status}, log ${statuses.get(world)}, admin ${admin}`);
        return false;
      }
    }
    return true;
  };

  // API changes on the way, each at its time.
  const script: Record<number, () => Promise<unknown>> = {
    200: () => h.api('PUT', '/extension/1000/queue/', { max_wait_time: 60 }),
    250: () => h.api('PUT', '/client/@me/agent/local/2', { name: 'a2', status: 'logged_out' }),
    350: () => h.api('PUT', '/client/@me/agent/local/2', { name: 'a2', status: 'available' }),
    450: () => h.api('DELETE', '/extension/1001/queue/agents/local/6'),
    550: () => h.api('PUT', '/extension/1001/queue/', { max_wait_time_with_no_agent: 30 }),
    600: () => (strategyChange.set('hunt', true), h.api('PUT', '/extension/1000/queue/', { strategy: 'ring-all' })),
    700: () => h.api('POST', '/extension/1001/queue/agents/local/', { agent_id: 6, level: 1 }),
    750: () => (strategyChange.set('hunt', false), h.api('PUT', '/extension/1000/queue/', { strategy: 'round-robin' })),
  };
  let steps = 0;
  let ok = true;
  for (let s = 0; s <= 900 && ok; s += 2) {
    if (s > 0) await h.app.inject({ method: 'POST', url: '/__admin/clock/run-until', payload: { t: s * 1000 } });
    const action = script[s];
    if (action) {
      const r = (await action()) as { statusCode: number; body: string };
      t.ok(r.statusCode < 300, `the scripted change at ${s}s: ${r.statusCode}`);
    }
    ok = await check(s);
    steps++;
  }
  t.ok(ok, `${steps} steps agree`);
  t.ok(after > 500, `a busy story: ${after} events`);
  const answered = (await h.app.inject('/__admin/events?type=call.answered&limit=10000')).json().events.length;
  t.ok(answered > 20, `${answered} calls answered`);
});
