/**
 * `ccsim pact verify PACT_FILE…`: the Pact verifier (@pact-foundation/pact, its Rust core) against an
 * in-process ccsim on a free loopback port, its clock manual. The verifier's state changes go to ccsim's
 * own hook (POST /__admin/pact/provider-states, routes.ts), whose refusals the verifier counts as failed
 * interactions and this command prints with ccsim's message; each request it replays gets fresh
 * credentials (credentials.ts). The verifier prints its report; the command adds one line per failed
 * state, a summary, and exits 0 when every interaction passed, 1 otherwise, 2 on a usage error.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { IncomingHttpHeaders } from 'node:http';
import { buildApp } from '../app.js';
import { Simulation } from '../simulation.js';
import { loadScenarioFile } from '../scenarios/load-scenario.js';
import { Credentials } from './credentials.js';

export const PACT_USAGE = `Usage: ccsim pact verify PACT_FILE… [flags]

Verifies consumer pacts (Pact specification v2 to v4, JSON and XML bodies) against an in-process ccsim
with the Pact verifier: each interaction's provider states are set up through
POST /__admin/pact/provider-states on a reset world with a manual clock, and each request gets fresh
credentials (a Telphin token, a Huawei signature over now, an ARM session, Conpeek's key). Prints the
verifier's report; exits 0 when every interaction passed, 1 when one failed.

  --file FILE        the scenario file (default scenarios.yaml)
  --scenario NAME    the scenario the provider runs (default: default, or the file's only one)
  --provider NAME    the provider's name in the report (default ccsim)
  -h, --help         prints this`;

interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** What an express request of the verifier's proxy has that the filter reads and changes. */
interface ProxyRequest {
  method: string;
  path: string;
  originalUrl: string;
  headers: IncomingHttpHeaders;
  body?: unknown;
}
interface ProxyResponse {
  status(code: number): ProxyResponse;
  type(t: string): ProxyResponse;
  send(body: string): void;
}

interface VerifyResult {
  result?: boolean;
  interactionResults?: { description: string; result: string; pending?: boolean }[];
}

export async function pactCommand(args: string[], io: Output): Promise<number> {
  const usage = (message: string) => {
    io.err(`ccsim: ${message}\n\n${PACT_USAGE}\n`);
    return 2;
  };
  const [sub, ...rest] = args;
  if (sub !== 'verify') return usage(sub === undefined ? "pact needs a subcommand: 'verify'" : `unknown pact subcommand '${sub}' (there is 'verify')`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { file: { type: 'string', default: 'scenarios.yaml' }, scenario: { type: 'string' }, provider: { type: 'string', default: 'ccsim' } }, strict: true, allowPositionals: true });
  } catch (err) {
    return usage((err as Error).message);
  }
  const files = parsed.positionals.map((f) => resolve(f));
  if (files.length === 0) return usage('pact verify needs at least one PACT_FILE');
  const missing = files.find((f) => !existsSync(f));
  if (missing) return usage(`no pact file '${missing}'`);
  // http-proxy, under the verifier's proxy, uses a deprecated Node API: its warning is not the user's business.
  process.noDeprecation = true;
  return verifyPacts({ files, scenarioFile: parsed.values.file as string, scenario: parsed.values.scenario, provider: parsed.values.provider as string }, io);
}

export interface VerifyOptions {
  files: string[];
  scenarioFile: string;
  scenario?: string;
  provider: string;
}

/** Runs the verifier over `files`; the exit code. */
export async function verifyPacts(o: VerifyOptions, io: Output): Promise<number> {
  const scenario = loadScenarioFile(o.scenarioFile, { scenario: o.scenario });
  // The Pact core reports usage to its makers unless told not to; a verification here sends nothing anywhere.
  process.env.PACT_DO_NOT_TRACK ??= 'true';
  const { Verifier } = await import('@pact-foundation/pact');
  const sim = new Simulation({ scenario, clock: 'manual', speed: 1 });
  const app = await buildApp({ simulation: sim, scenarioFile: o.scenarioFile, logger: false });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const credentials = new Credentials(sim, base);
  const failedStates: string[] = [];
  // The operator an ARM session logs in as: the agent the interaction's provider states named.
  let operator: string | null = null;
  let inSetup = false;
  try {
    const verifier = new Verifier({
      provider: o.provider,
      providerBaseUrl: base,
      pactUrls: o.files,
      logLevel: (process.env.PACT_LOG_LEVEL as 'warn' | undefined) ?? 'warn',
      requestFilter: (req: ProxyRequest, res: ProxyResponse, next: () => void) => {
        if (req.method === 'POST' && req.path === stateSetupPath(verifier)) {
          changeState(req.body, res).catch((err: Error) => res.status(500).type('application/json').send(JSON.stringify({ error: { code: 'internal', message: err.message } })));
          return;
        }
        inSetup = false;
        const r = { method: req.method, url: req.originalUrl, headers: req.headers as Record<string, string | string[] | undefined>, body: bodyBytes(req) };
        credentials
          .supply(r, operator)
          .then(() => {
            req.body = r.body;
            if (r.body.length > 0 || req.headers['content-length'] !== undefined) req.headers['content-length'] = String(r.body.length);
            next();
          })
          .catch((err: Error) => {
            io.err(`ccsim: no fresh credentials for ${req.method} ${req.originalUrl}: ${err.message}\n`);
            next();
          });
      },
    } as ConstructorParameters<typeof Verifier>[0]);

    async function changeState(body: unknown, res: ProxyResponse): Promise<void> {
      const change = (body ?? {}) as { state?: string; action?: string; params?: unknown };
      if (change.action !== 'teardown' && !inSetup) operator = null;
      inSetup = change.action !== 'teardown';
      const answer = await fetch(`${base}/__admin/pact/provider-states`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
      const text = await answer.text();
      if (answer.ok) {
        const values = JSON.parse(text) as Record<string, unknown>;
        if (typeof values.agent_number === 'string') operator = values.agent_number;
      } else {
        const message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
        const line = `the provider state '${change.state ?? ''}' (${change.action ?? 'setup'}) failed: ${message}`;
        failedStates.push(line);
        io.err(`ccsim: ${line}\n`);
      }
      res.status(answer.status).type('application/json').send(text);
    }

    let result: VerifyResult;
    let passed: boolean;
    try {
      result = parseResult(await verifier.verifyProvider());
      passed = true;
    } catch (err) {
      result = parseResult((err as Error).message);
      passed = false;
      if (result.interactionResults === undefined) io.err(`ccsim: the Pact verifier could not run: ${(err as Error).message}\n`);
    }
    const all = result.interactionResults ?? [];
    const failed = all.filter((i) => !/^ok$/i.test(i.result) && !i.pending);
    io.out(`\nccsim pact verify: ${all.length} interaction${all.length === 1 ? '' : 's'}, ${failed.length} failed${failedStates.length > 0 ? ` (${failedStates.length} provider state${failedStates.length === 1 ? '' : 's'} could not be set up)` : ''}\n`);
    return passed && failed.length === 0 ? 0 : 1;
  } finally {
    await app.close();
  }
}

/** The path the verifier's proxy takes state changes at (pact-js's own, read from the instance when it has one). */
function stateSetupPath(verifier: unknown): string {
  const path = (verifier as { stateSetupPath?: unknown }).stateSetupPath;
  return typeof path === 'string' ? path : '/_pactSetup';
}

/** The request's body as the bytes to send: the proxy has parsed JSON and forms, which are written back as they came. */
function bodyBytes(req: ProxyRequest): Buffer {
  const b = req.body;
  if (b === undefined || b === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(b)) return b;
  if (typeof b === 'string') return Buffer.from(b);
  if (/x-www-form-urlencoded/i.test(String(req.headers['content-type'] ?? ''))) return Buffer.from(new URLSearchParams(flatForm(b as Record<string, unknown>)).toString());
  return Buffer.from(JSON.stringify(b));
}

function flatForm(o: Record<string, unknown>, prefix = ''): [string, string][] {
  return Object.entries(o).flatMap(([k, v]): [string, string][] => {
    const name = prefix ? `${prefix}[${k}]` : k;
    if (Array.isArray(v)) return v.map((x) => [`${name}[]`, String(x)] as [string, string]);
    if (v !== null && typeof v === 'object') return flatForm(v as Record<string, unknown>, name);
    return [[name, String(v ?? '')]];
  });
}

function parseResult(text: unknown): VerifyResult {
  if (typeof text !== 'string') return (text ?? {}) as VerifyResult;
  try {
    return JSON.parse(text) as VerifyResult;
  } catch {
    return {};
  }
}
