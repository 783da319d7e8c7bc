/**
 * The wallboard in a real browser (playwright-core driving Debian's chromium): the page loads from ccsim
 * alone (no request leaves it), shows the scenario's queues and agents, passes the admin token of its
 * URL on to /__admin and the event stream, updates when a call is injected through /__admin (the ticker,
 * the queue's waiting count, then the agent talking), and moves the clock with its controls in manual
 * mode. It saves a screenshot to test/wallboard/screenshots/ (git-ignored). Without chromium the test is
 * skipped with a message, but not under CI (.ci/run installs it).
 */
import { existsSync, mkdirSync } from 'node:fs';
import t from 'tap';
import { chromium, type Browser, type Page } from 'playwright-core';
import { start } from '../../src/testing/index.js';

const CHROMIUM = process.env.CCSIM_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = new URL('./screenshots/', import.meta.url).pathname;
const present = existsSync(CHROMIUM);
if (!present && process.env.CI) t.fail(`no chromium at ${CHROMIUM}: .ci/run installs Debian's chromium for this test`);

t.test('the wallboard shows the call center live and drives the clock', { skip: present ? false : `no chromium at ${CHROMIUM} (apt-get install chromium, or set CCSIM_CHROMIUM)` }, async (t) => {
  const ccsim = await start({ scenario: 'default', adminToken: 'wall-token' });
  let browser: Browser | null = null;
  t.teardown(async () => {
    await browser?.close();
    await ccsim.stop();
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const page: Page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  await ccsim.client.advance(3600);

  await page.goto(`${ccsim.baseUrl}/wallboard?token=wall-token`);
  await page.waitForSelector('[data-agent]');
  const scenario = await ccsim.client.scenario();
  const queues = await page.locator('[data-queue]').evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset.queue, e.querySelector('h3')?.textContent]));
  t.same(
    queues,
    (scenario.queues as { id: string; name: string }[]).map((q) => [q.id, q.name]),
    "the scenario's queues, by name",
  );
  const agents = await page.locator('[data-agent]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.agent));
  t.same(agents, (scenario.agents as { id: string }[]).map((a) => a.id).sort(), 'every agent, one tile each');
  t.equal(await page.textContent('#now'), '10:00:00', 'the virtual clock');
  t.equal(await page.textContent('#mode'), 'manual');
  t.ok(await page.isVisible('#controls'), 'manual mode: the clock controls are shown');
  const state = await ccsim.client.state();
  for (const a of state.agents) t.equal(await page.getAttribute(`[data-agent="${a.id}"]`, 'data-state'), a.state as string, `${a.id} ${a.state}`);

  // A call injected through /__admin: the ticker tells of it and the queue counts it, then it is answered.
  await ccsim.client.setAgentStatus('alice', 'on_break');
  const call = await ccsim.client.injectCall({ queue: 'support', number: '+74950001122' });
  await page.waitForSelector('#events li[data-type="call.arrived"]');
  const waiting = async () => Number(await page.textContent('[data-queue="support"] .waiting'));
  const expected = (await ccsim.client.state()).callers.filter((c) => c.queue === 'support' && (c.state === 'waiting' || c.state === 'trying')).length;
  t.ok(expected >= 1, 'the injected caller waits');
  await page.waitForFunction((n) => Number(document.querySelector('[data-queue="support"] .waiting')?.textContent) === n, expected);
  t.equal(await waiting(), expected, `support shows ${expected} waiting`);
  await page.waitForSelector('[data-agent="alice"][data-status="on_break"]');
  t.match(await page.textContent('[data-agent="alice"] .state'), 'on break');

  // The +1 min button: the server's clock moves, the page follows, the call gets answered.
  await page.click('[data-advance="60"]');
  await page.waitForFunction(() => document.getElementById('now')?.textContent === '10:01:00');
  t.equal((await ccsim.client.clock()).t, 3_660_000, 'the clock moved a minute');
  const answered = await ccsim.client.waitForEvent('call.answered', { match: (e) => e.call === call.call });
  await page.waitForSelector(`[data-agent="${answered.agent}"][data-state="in_queue_call"]`);
  await page.waitForSelector('#events li[data-type="call.answered"]');
  t.equal(await page.textContent(`[data-agent="${answered.agent}"] .state`), 'talking', `${answered.agent} talks`);

  // Run until 10:30:00 with the form.
  await page.fill('#until', '10:30:00');
  await page.click('#run-until');
  await page.waitForFunction(() => document.getElementById('now')?.textContent === '10:30:00');
  t.equal((await ccsim.client.clock()).t, 5_400_000);

  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}wallboard.png` });
  t.comment(`screenshot: ${SCREENSHOTS}wallboard.png`);

  t.same(errors, [], 'no error in the page');
  const elsewhere = requests.filter((u) => !u.startsWith(ccsim.baseUrl) && !u.startsWith('data:'));
  t.same(elsewhere, [], 'every request went to ccsim (it works offline)');
  t.ok(requests.some((u) => u.startsWith(`${ccsim.baseUrl}/__admin/events/stream?token=wall-token`)), 'the stream got the token');
  t.ok(requests.some((u) => u === `${ccsim.baseUrl}/__admin/clock/advance`), 'the POST sent it as a header, not in its URL');
});

t.test('without the admin token the wallboard says what it needs', { skip: present ? false : `no chromium at ${CHROMIUM}` }, async (t) => {
  const ccsim = await start({ scenario: 'smoke', adminToken: 'wall-token' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  t.teardown(async () => {
    await browser.close();
    await ccsim.stop();
  });
  const page = await browser.newPage();
  await page.goto(`${ccsim.baseUrl}/wallboard`);
  await page.waitForFunction(() => (document.getElementById('status')?.textContent ?? '') !== '');
  t.match(await page.textContent('#status'), /401.*needs the admin token/);
  t.equal(await page.locator('[data-agent]').count(), 0, 'nothing shown');
});
