/**
 * A test of a team's own code against ccsim started in the test's process (`ccsim/testing`), with
 * Node's test runner: `node --test examples/testing.test.ts`. Here "the team's code" is a small Telphin
 * client that reads a queue's status; the test puts callers in the queue and checks what the code reads,
 * then lets the agent answer and waits for it on the event stream.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { start, type Started } from 'ccsim/testing';

/** The code under test: reads how many callers wait in a Telphin queue. */
async function waitingCallers(baseUrl: string, queue: number): Promise<number> {
  const auth = await fetch(`${baseUrl}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'ccsim', client_secret: 'ccsim-secret' }) });
  const { access_token: token } = (await auth.json()) as { access_token: string };
  const status = await fetch(`${baseUrl}/api/ver1.0/extension/${queue}/queue/status/`, { headers: { authorization: `Bearer ${token}` } });
  return ((await status.json()) as { waiting_members: number }).waiting_members;
}

/** One queue whose only agent is on break, and no callers of its own: the test puts them in. */
const scenario = `
scenarios:
  line:
    seed: 7
    duration: 1h
    queues: [{ id: support, exit_with_no_av_agents: false }]
    agents: [{ id: ann, status: on_break, queues: [{ queue: support }] }]
`;

let ccsim: Started;

before(async () => {
  ccsim = await start({ yaml: scenario, clock: 'manual' });
});

after(() => ccsim.stop());

test('the queue status counts the callers ccsim put in the queue', async () => {
  assert.equal(await waitingCallers(ccsim.baseUrl, 1000), 0);
  await ccsim.client.injectCall({ queue: 'support' });
  await ccsim.client.injectCall({ queue: 'support' });
  await ccsim.client.advance(30);
  assert.equal(await waitingCallers(ccsim.baseUrl, 1000), 2);
  await ccsim.client.setAgentStatus('ann', 'available');
  await ccsim.client.waitForEvent('call.answered');
  const verdict = await ccsim.client.verify({ matcher: { api: 'telphin', path: '/api/ver1.0/extension/1000/queue/status/' }, count: { eq: 2 } });
  assert.ok(verdict.ok, 'ccsim saw both reads');
});
