/**
 * The journal and the faults on a request ccsim sends (a webhook delivery), the same for any view that
 * sends one: each try is journaled (kind `webhook`, the method, the subscriber's URL and its path, the
 * headers and body sent, the subscriber's status, the outcome, the try's number, the latency), and a
 * fault may take a try: fail it as though the subscriber had answered a status (nothing is sent), time
 * it out (nothing is sent; the try waits the view's timeout), or delay it. What is sent and when it is
 * tried again is the view's business; this performs one try.
 */
import type { Simulation } from '../simulation.js';
import { delayMs, type Faults, type WebhookFault } from './faults.js';
import { capBody, type Journal } from './journal.js';
import type { Tally } from './tally.js';

export interface OutgoingRequest {
  api: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  /** 1 for the first try. */
  attempt: number;
}

export interface OutgoingResult {
  outcome: 'delivered' | 'failed' | 'timeout' | 'fault';
  /** The subscriber's status (a `fail` fault's), or null when none came. */
  status: number | null;
  /** Why it failed, in words (a network error, the timeout). */
  error?: string;
}

export interface OutgoingContext {
  journal: Journal;
  faults: { faultsNow(): Faults };
  simulation: Simulation;
  /** Where tries are counted by outcome (GET /metrics). */
  tally?: Tally;
}

/** Sends one request: resolves to the subscriber's status; rejects on a network error or the timeout (name TimeoutError). */
export type Perform = (signal: AbortSignal) => Promise<number>;

export class OutgoingInstruments {
  constructor(private readonly ctx: OutgoingContext) {}

  /**
   * One try of `request`, through the journal and the faults: `perform` sends it, within `timeoutMs`,
   * aborted by `closing` (a server that stops).
   */
  async send(request: OutgoingRequest, timeoutMs: number, closing: AbortSignal, perform: Perform): Promise<OutgoingResult> {
    const { journal, simulation } = this.ctx;
    const q = request.url.indexOf('?');
    let path = request.url;
    try {
      path = new URL(request.url).pathname;
    } catch {
      // Not a URL the subscription check let through: journaled as it is.
    }
    const recorded = journal.begin({
      kind: 'webhook',
      api: request.api,
      method: request.method,
      path,
      query: q < 0 ? {} : Object.fromEntries(new URLSearchParams(request.url.slice(q + 1))),
      headers: request.headers,
      body: capBody(request.body, journal.options.bodyCap),
      t: simulation.now(),
      url: request.url,
      attempt: request.attempt,
    });
    const started = performance.now();
    const picked = this.ctx.faults.faultsNow().pick('webhook', recorded, recorded.t);
    const fault = picked ? (picked.fault.fault as WebhookFault) : null;
    if (picked && fault) journal.update(recorded, (e) => void (e.fault = { id: picked.fault.id, kind: fault.kind }));
    let result: OutgoingResult;
    if (fault?.kind === 'fail') {
      result = { outcome: 'fault', status: fault.status ?? 500, error: `an injected fault failed the try with ${fault.status ?? 500}` };
    } else if (fault?.kind === 'timeout') {
      await wait(timeoutMs, closing);
      result = { outcome: 'timeout', status: null, error: `no answer within ${timeoutMs} ms (an injected fault)` };
    } else {
      if (fault?.kind === 'delay' && picked) await wait(Math.max(0, delayMs(fault.ms, picked.seed, picked.n)), closing);
      result = closing.aborted ? { outcome: 'failed', status: null, error: 'the server is stopping' } : await tryOnce(perform, timeoutMs, closing);
    }
    this.ctx.tally?.webhooks.add({ api: request.api, outcome: result.outcome });
    journal.completed(recorded, (e) => {
      e.status = result.status;
      e.outcome = result.outcome;
      e.latencyMs = Math.round((performance.now() - started) * 10) / 10;
    });
    return result;
  }
}

/** For a sender with no instruments (a unit test's): one try, nothing journaled, no faults. */
export const UNINSTRUMENTED: Pick<OutgoingInstruments, 'send'> = {
  send: (_request, timeoutMs, closing, perform) => tryOnce(perform, timeoutMs, closing),
};

async function tryOnce(perform: Perform, timeoutMs: number, closing: AbortSignal): Promise<OutgoingResult> {
  try {
    const status = await perform(AbortSignal.any([AbortSignal.timeout(timeoutMs), closing]));
    return status >= 400 ? { outcome: 'failed', status, error: `the subscriber answered ${status}` } : { outcome: 'delivered', status };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') return { outcome: 'timeout', status: null, error: `no answer within ${timeoutMs} ms` };
    return { outcome: 'failed', status: null, error: e.cause?.code ?? e.cause?.message ?? e.message };
  }
}

/** Waits `ms`, or less when the server stops. */
export function wait(ms: number, closing: AbortSignal): Promise<void> {
  if (closing.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      closing.removeEventListener('abort', done);
      resolve();
    }
    closing.addEventListener('abort', done, { once: true });
  });
}
