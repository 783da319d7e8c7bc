/**
 * Drives a running ccsim from code with the typed client (`ccsim/client`): the clock stopped, a caller
 * put into a queue, the answer awaited on the live event stream, a Conpeek outage injected and verified
 * in the journal, and the KPIs read. Run it against a server in manual mode:
 *
 *   node dist/cli.js serve --scenario smoke --clock manual &
 *   node examples/client.ts                  # CCSIM_URL=http://127.0.0.1:8080 by default
 */
import { CcsimClient, CcsimError } from 'ccsim/client';

const ccsim = new CcsimClient({ baseUrl: process.env.CCSIM_URL ?? 'http://127.0.0.1:8080', token: process.env.CCSIM_ADMIN_TOKEN });

const health = await ccsim.health();
console.log(`ccsim serves ${health.scenario} (seed ${health.seed}), clock ${health.clock.mode}`);
// The clock stopped, then the world back to its start: from here on time moves only when told.
await ccsim.setClock({ mode: 'manual' });
await ccsim.reset();

// A caller joins the first queue; the clock moves on until an agent has answered it.
const queue = (await ccsim.scenario()).queues as { id: string }[];
const call = await ccsim.injectCall({ queue: queue[0].id, number: '+74951234567' });
const answered = ccsim.waitForEvent('call.answered', { match: (e) => e.call === call.call });
await ccsim.advance(60);
const e = await answered;
console.log(`call ${call.call} answered by ${e.agent} after ${(e.t - call.t) / 1000} s`);

// Conpeek answers 503 once; the journal shows that the outage was seen.
await ccsim.addFault({ match: { api: 'conpeek' }, fault: { kind: 'status', status: 503 }, times: 1 });
const cdr = await fetch(`${ccsim.baseUrl}/cdr_dialog?limit=1`, { headers: { authorization: 'ccsim-conpeek-key' } });
console.log(`Conpeek answered ${cdr.status}`);
const verdict = await ccsim.verify({ matcher: { api: 'conpeek', status: 503 }, count: { eq: 1 } });
console.log(verdict.ok ? 'verified: one 503 from Conpeek' : `not verified: ${verdict.error.message}`);

// Bad input is a CcsimError with the admin plane's code and field.
try {
  await ccsim.advance(-1);
} catch (err) {
  if (!(err instanceof CcsimError)) throw err;
  console.log(`refused: ${err.code} (${err.field})`);
}

const kpis = await ccsim.kpis();
console.log(`after ${kpis.simulated_seconds} s: ${kpis.calls.offered} calls offered, ${kpis.calls.answered} answered`);
