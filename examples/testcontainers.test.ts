/**
 * A test of a team's own code against ccsim's container image, started by Testcontainers
 * (`ccsim/testcontainers`): `node --test examples/testcontainers.test.ts`. It needs a container runtime
 * and the image: CCSIM_IMAGE names it (default `ccsim:latest`, as `docker build -t ccsim .` tags it).
 * With podman instead of Docker, serve its Docker-compatible API and point Testcontainers at it:
 *
 *   podman system service --time=0 unix:///tmp/podman.sock &
 *   DOCKER_HOST=unix:///tmp/podman.sock TESTCONTAINERS_RYUK_DISABLED=true node --test examples/testcontainers.test.ts
 *
 * Here "the team's code" reads an agent's state from the Huawei CC-CMS API and the queue's callers from
 * Telphin's; the test drives the world through the client the module hands back.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CcsimContainer, type StartedCcsimContainer } from 'ccsim/testcontainers';

/** The code under test: how many callers wait in a Telphin queue. */
async function waitingCallers(baseUrl: string, queue: number): Promise<number> {
  const auth = await fetch(`${baseUrl}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'ccsim', client_secret: 'ccsim-secret' }) });
  const { access_token: token } = (await auth.json()) as { access_token: string };
  const status = await fetch(`${baseUrl}/api/ver1.0/extension/${queue}/queue/status/`, { headers: { authorization: `Bearer ${token}` } });
  return ((await status.json()) as { waiting_members: number }).waiting_members;
}

/** The team's own scenario file: one queue whose only agent is on break, callers only as the test puts them in. */
const scenario = `
scenarios:
  line:
    seed: 7
    duration: 1h
    queues: [{ id: support, exit_with_no_av_agents: false }]
    agents: [{ id: ann, status: on_break, queues: [{ queue: support }] }]
`;

let ccsim: StartedCcsimContainer;

before(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'ccsim-example-')), 'scenarios.yaml');
  writeFileSync(file, scenario);
  ccsim = await new CcsimContainer(process.env.CCSIM_IMAGE ?? 'ccsim:latest').withScenarioFile(file).withScenario('line').withClock('manual').withSeed(9).start();
});

after(() => ccsim?.stop());

test("the image serves the team's scenario on the mapped port, driven by the client", async () => {
  const health = await ccsim.client.health();
  assert.equal(health.scenario, 'line');
  assert.equal(health.seed, 9);
  assert.equal((await ccsim.client.clock()).mode, 'manual');
  assert.equal(await waitingCallers(ccsim.baseUrl, 1000), 0);
  await ccsim.client.injectCall({ queue: 'support' });
  await ccsim.client.advance(30);
  assert.equal(await waitingCallers(ccsim.baseUrl, 1000), 1);
  await ccsim.client.setAgentStatus('ann', 'available');
  await ccsim.client.waitForEvent('call.answered');
  const verdict = await ccsim.client.verify({ matcher: { api: 'telphin', path: '/api/ver1.0/extension/1000/queue/status/' }, count: { eq: 2 } });
  assert.ok(verdict.ok, 'ccsim journaled both reads');
});
