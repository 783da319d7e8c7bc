/**
 * The ARM state word of an operator (mapper.armState), as a table over the engine's agent view: queue
 * calls by the engine's state, calls outside the queues (a dial-out ringing or talking, an inbound call)
 * as `handle_call` although mod_callcenter leaves the state Waiting; then the same over HTTP, where an agent
 * command answers the operator as it stands.
 */
import t from 'tap';
import { armState } from '../../../src/simulators/arm-xml/mapper.js';
import type { AgentView } from '../../../src/scenarios/callcenter/queries.js';
import { armHarness, inXml, parseOut } from './harness.js';

type Ext = AgentView['external'][number];
const out = (phase: Ext['phase'], direction: Ext['direction'] = 'outbound'): Ext => ({ call: 'x', direction, phase, since_t: 0 });
const view = (state: AgentView['state'], external: Ext[] = [], status: AgentView['status'] = 'available') => ({ state, external, status }) as AgentView;

const TABLE: [string, AgentView, string][] = [
  ['waiting, nothing on the phone', view('waiting'), 'waiting'],
  ['idle (on demand, not ready)', view('idle'), 'idle'],
  ['a queue call ringing', view('receiving'), 'ringing'],
  ['talking on a queue call', view('in_queue_call'), 'handle_call'],
  ['dialling out', view('waiting', [out('dialing')]), 'handle_call'],
  ['talking on a dial-out', view('waiting', [out('talking')]), 'handle_call'],
  ['talking on an inbound outside call', view('waiting', [out('talking', 'inbound')]), 'handle_call'],
  ['dialling out while idle', view('idle', [out('dialing')]), 'handle_call'],
  ['dialling out on break', view('waiting', [out('dialing')], 'on_break'), 'handle_call'],
  ['logged out while the far end rings', view('waiting', [out('dialing')], 'logged_out'), 'handle_call'],
  // skip_busy_agents: false lets a queue ring an agent on an outside call: talking wins, then ringing, as in Huawei.
  ['a queue call ringing while dialling', view('receiving', [out('dialing')]), 'ringing'],
  ['a queue call ringing while talking outside', view('receiving', [out('talking')]), 'handle_call'],
];

t.test('armState by precedence', async (t) => {
  for (const [situation, agent, state] of TABLE) t.equal(armState(agent), state, situation);
});

t.test('an agent command answers handle_call while the operator dials out, waiting once it is over', async (t) => {
  const h = await armHarness(
    JSON.stringify({
      scenarios: {
        d: {
          outbound: { answer_probability: 0, no_answer_after: 10 },
          queues: [{ id: 'q' }],
          agents: [{ id: 'op', name: 'Olga', number: '201', queues: [{ queue: 'q' }] }],
          timeline: [{ at: 5, agent: 'op', dial_out: '+74950000001' }],
        },
      },
    }),
  );
  t.teardown(() => h.close());
  const cookie = await h.loginHttp('201');
  const state = async () => parseOut((await h.http('login_agent', inXml('/>'), cookie)).xml).response.agent.state;
  t.equal(await state(), 'waiting');
  await h.runUntil(6);
  t.equal(await state(), 'handle_call', 'dialling');
  await h.runUntil(16);
  t.equal(await state(), 'waiting', 'the far end never answered; the line is free');
});
