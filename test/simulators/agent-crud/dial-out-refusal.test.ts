/**
 * An Outgoing call session for an agent whose phone is busy (talking on a queue call, or already dialling
 * out) is the world's conflict, rendered as ASP.NET problem details: 409 naming `id` (the agent in the
 * path), with the engine's reason. Nothing changes: no session, no call, no event. An Incoming session
 * (a call already connected, not the agent's own) is still accepted.
 */
import t from 'tap';
import { harness } from './harness.js';
import { scenario } from './fixture.js';

t.test('POST an Outgoing session for a busy agent: 409 problem details, nothing changed', async (t) => {
  const h = await harness(scenario(), { inline: true });
  t.teardown(() => h.close());
  await h.advance(13); // ann answered her first caller at 12 s and talks until 72 s
  const snapshot = async () => ({
    sessions: (await h.api('GET', '/call-sessions?pagination.pageSize=1000')).body,
    calls: (await h.api('GET', '/calls?pagination.pageSize=1000')).body,
    agent: (await h.api('GET', '/agents/1')).body,
    events: (await h.events()).length,
  });
  const before = await snapshot();
  const r = await h.api('POST', '/agents/1/call-sessions', { phoneNumber: '+15550300', callDirection: 2 });
  t.equal(r.statusCode, 409);
  t.match(r.headers['content-type'], /^application\/problem\+json/);
  const problem = r.json();
  t.match(problem, { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.10', title: 'Conflict', status: 409, detail: /^agent 'ann' is talking on call '[^']+': put it on hold before dialling out$/ });
  t.same(Object.keys(problem.errors), ['id'], 'the agent in the path is the field at fault');
  t.same(problem.errors.id, [problem.detail]);
  t.same(await snapshot(), before, 'no session, no call, no event');
  t.equal((await h.api('GET', '/agents/1')).json().agentStatus, 4, 'still Working on the queue call');

  // On hold, the line is free: the dial-out goes ahead; a second one while it rings is refused the same way.
  h.sim.command((c) => c.holdCall(h.sim.read((q) => q.agent('ann'))!.current_call as string));
  const dialled = await h.api('POST', '/agents/1/call-sessions', { phoneNumber: '+15550301', callDirection: 2 });
  t.equal(dialled.statusCode, 201, dialled.body);
  const again = await h.api('POST', '/agents/1/call-sessions', { phoneNumber: '+15550302', callDirection: 2 });
  t.equal(again.statusCode, 409);
  const ringing = (await h.events('agent.dialing')).at(-1)!.call;
  t.match(again.json(), { status: 409, detail: `agent 'ann' is already dialling out on call '${ringing}'`, errors: { id: [`agent 'ann' is already dialling out on call '${ringing}'`] } });
  t.equal((await h.api('GET', '/agents/1')).json().agentStatus, 4, 'Working: a call on hold still counts before the dial-out');

  // An Incoming session is a call that reached the agent's phone, not one it places: accepted even now.
  const incoming = await h.api('POST', '/agents/1/call-sessions', { phoneNumber: '+15550303', callDirection: 1 });
  t.equal(incoming.statusCode, 201, incoming.body);
});
