/** The engine-agent → Huawei state mapping, as a table (agent-state.ts is pure). */
import t from 'tap';
import { CTI, HW, huaweiState, secondsSince, type AgentFacts, type AgentMarks } from '../../../src/simulators/cti-status/agent-state.js';

const base: AgentFacts = { status: 'available', state: 'waiting', status_since_t: 1000, state_since_t: 2000, wrap_up_until_t: null, external: [], rest: null };
const marks: AgentMarks = { wrapUpEndedT: null, externalEndedT: null, loginT: null };

const rows: [string, Partial<AgentFacts>, Partial<AgentMarks>, [number, number, number]][] = [
  ['logged out', { status: 'logged_out', status_since_t: 500, state: 'waiting', state_since_t: 400 }, {}, [HW.signedOut, CTI.notSignedIn, 500]],
  // mod_callcenter lets a call or a ring-all ring go on after a logout: CC-CMS shows the call until it ends.
  ['logged out mid-ring still shows ringing', { status: 'logged_out', status_since_t: 2500, state: 'receiving' }, {}, [HW.talking, CTI.answering, 2000]],
  ['logged out mid-call still shows talking', { status: 'logged_out', status_since_t: 4500, state: 'in_queue_call', state_since_t: 4000 }, {}, [HW.talking, CTI.talking, 4000]],
  ['logged out during an outside call still shows talking', { status: 'logged_out', status_since_t: 4700, external: [{ phase: 'talking', since_t: 4500 }] }, {}, [HW.talking, CTI.talking, 4500]],
  ['logged out while dialing out still shows occupied', { status: 'logged_out', status_since_t: 4700, external: [{ phase: 'dialing', since_t: 4600 }] }, {}, [HW.talking, CTI.occupied, 4600]],
  ['logged out mid-call, signed out from the call end', { status: 'logged_out', status_since_t: 4500, state: 'waiting', state_since_t: 9000, wrap_up_until_t: 12000 }, {}, [HW.signedOut, CTI.notSignedIn, 9000]],
  ['logged out during an outside call, signed out from its end', { status: 'logged_out', status_since_t: 4700, state_since_t: 400 }, { externalEndedT: 8000 }, [HW.signedOut, CTI.notSignedIn, 8000]],
  ['available, waiting', {}, {}, [HW.idle, CTI.idle, 2000]],
  ['available, waiting, after a wrap-up that ended later', {}, { wrapUpEndedT: 9000 }, [HW.idle, CTI.idle, 9000]],
  ['available, waiting, after an outside call', {}, { externalEndedT: 7000 }, [HW.idle, CTI.idle, 7000]],
  ['on_demand, waiting', { status: 'on_demand' }, {}, [HW.idle, CTI.idle, 2000]],
  ['ringing (receiving)', { state: 'receiving', state_since_t: 3000 }, {}, [HW.talking, CTI.answering, 3000]],
  ['talking a queue call', { state: 'in_queue_call', state_since_t: 4000 }, {}, [HW.talking, CTI.talking, 4000]],
  ['talking a queue call while on break', { status: 'on_break', state: 'in_queue_call', state_since_t: 4000 }, {}, [HW.talking, CTI.talking, 4000]],
  ['outside call talking', { external: [{ phase: 'talking', since_t: 4500 }] }, {}, [HW.talking, CTI.talking, 4500]],
  ['dialing out', { external: [{ phase: 'dialing', since_t: 4600 }] }, {}, [HW.talking, CTI.occupied, 4600]],
  ['dialing out while on break', { status: 'on_break', external: [{ phase: 'dialing', since_t: 4600 }] }, {}, [HW.talking, CTI.occupied, 4600]],
  ['wrap-up', { wrap_up_until_t: 12000, state_since_t: 5000 }, {}, [HW.wrapUp, CTI.working, 5000]],
  ['wrap-up resumed after a break', { wrap_up_until_t: 12000, state_since_t: 5000, status_since_t: 6000 }, {}, [HW.wrapUp, CTI.working, 6000]],
  ['on break with a rest that has begun', { status: 'on_break', status_since_t: 6000, rest: { phase: 'resting', requested_t: 5500, begin_t: 6000, seconds: 60 } }, {}, [HW.rest, CTI.rest, 6000]],
  ['on break during a wrap-up (not a rest)', { status: 'on_break', status_since_t: 6000, wrap_up_until_t: 12000 }, {}, [HW.busy, CTI.busy, 6000]],
  ['on break, rest only queued', { status: 'on_break', status_since_t: 6000, rest: { phase: 'queued', requested_t: 5500, begin_t: null, seconds: 60 } }, {}, [HW.busy, CTI.busy, 6000]],
  ['available, rest queued: still idle', { rest: { phase: 'queued', requested_t: 5500, begin_t: null, seconds: 60 } }, {}, [HW.idle, CTI.idle, 2000]],
  ['talking with a rest after the call', { state: 'in_queue_call', state_since_t: 4000, rest: { phase: 'after_call', requested_t: 5000, begin_t: null, seconds: 60 } }, {}, [HW.talking, CTI.talking, 4000]],
  ['idle state (on_demand after a call)', { status: 'on_demand', state: 'idle', state_since_t: 8000 }, {}, [HW.busy, CTI.busy, 8000]],
  ['on break (plain)', { status: 'on_break', status_since_t: 6000 }, {}, [HW.busy, CTI.busy, 6000]],
  ['on break, a wrap-up end does not restart busy', { status: 'on_break', status_since_t: 6000 }, { wrapUpEndedT: 9000 }, [HW.busy, CTI.busy, 6000]],
];

t.test('state table', async (t) => {
  for (const [name, facts, m, [status, cti, since]] of rows) {
    const got = huaweiState({ ...base, ...facts }, { ...marks, ...m });
    t.same(got, { status, ctiStatus: cti, sinceT: since }, name);
  }
});

t.test('currentstatetime is whole seconds, never negative', async (t) => {
  t.equal(secondsSince(1000, 1999), 0);
  t.equal(secondsSince(1000, 2000), 1);
  t.equal(secondsSince(1000, 62_500), 61);
  t.equal(secondsSince(5000, 4000), 0);
});
