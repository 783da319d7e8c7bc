/**
 * The ARM view under test: the app over an inline scenario (or scenarios.yaml) in manual clock mode, ways
 * to send commands over HTTP (`app.inject`) and over a real WebSocket, and every XML the server sent
 * collected and validated with xmllint-wasm (xsd-check.mjs) against the XSD it names.
 */
import { execFileSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { XMLParser } from 'fast-xml-parser';
import WebSocket from 'ws';
import type { Simulation } from '../../../src/simulation.js';
import { decodeServerFrame, encodeRequest } from '../../../src/simulators/arm-xml/codec.js';
import { resolveScenario, runClockUntil, startViewApp } from '../../helpers/view-app.js';

const CHECKER = new URL('./xsd-check.mjs', import.meta.url).pathname;

/**
 * Validates documents against the XSDs they name (xs:noNamespaceSchemaLocation; operator_call_history.xsd
 * through ccsim's release_reason extension of it). Returns the problems ([] when all are valid).
 */
export async function validateAll(docs: readonly string[]): Promise<string[]> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const out = execFileSync(process.execPath, [CHECKER], { input: JSON.stringify(docs), env, maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out.toString('utf8')) as string[];
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'call_history' || name === 'url' });

/** An <out> document as data: `out.response…` / `out.error` with attributes as plain keys. */
export function parseOut(xml: string): any {
  return parser.parse(xml).out;
}

export interface WsClient {
  socket: WebSocket;
  /** Sends a command and waits for the reply with that correlation id. */
  request(id: string, command: string, xml: string): Promise<{ status: number; xml: string; raw: string }>;
  /** Sends raw bytes (a frame of any shape). */
  raw(data: string | Buffer): void;
  /** Every pushed event so far, oldest first. */
  events: { name: string; xml: string }[];
  /** Resolves with the close code when the server closes. */
  closed: Promise<{ code: number; reason: string }>;
  /** The next frame the server sends (reply or event), as text. */
  next(): Promise<string>;
  close(): void;
}

export interface ArmHarness {
  app: FastifyInstance;
  sim: Simulation;
  domain: string;
  logs: Record<string, unknown>[];
  /** Every XML body the server sent (HTTP and WebSocket), for validateAll. */
  sent: string[];
  http(command: string, xml: string, cookie?: string): Promise<{ status: number; xml: string; cookie: string | undefined; contentType: string }>;
  /** Logs in over HTTP and returns the session cookie. */
  loginHttp(agentId: string): Promise<string>;
  ws(path?: string): Promise<WsClient>;
  runUntil(seconds: number): Promise<void>;
  close(): Promise<void>;
}

export const inXml = (request: string) => `<in><request${request}</in>`;
export const historyXml = (filters: Record<string, string | number | boolean>) =>
  `<in><request><filters ${Object.entries(filters)
    .map(([k, v]) => `${k}="${v}"`)
    .join(' ')}/></request></in>`;

export async function armHarness(scenario: string, options: { inline?: boolean; bodyLimit?: number } = { inline: true }): Promise<ArmHarness> {
  const resolved = resolveScenario(scenario, options.inline !== false);
  const { app, sim, logs } = await startViewApp(resolved, { bodyLimit: options.bodyLimit });
  const domain = ((resolved.apis.arm ?? {}) as { domain?: string }).domain ?? 'ccsim.local';
  const sent: string[] = [];
  const sockets: WebSocket[] = [];
  // One listen for every client: concurrent ws() calls (50 at once under load) share its promise.
  let listening: Promise<string> | null = null;
  const h: ArmHarness = {
    app,
    sim,
    domain,
    logs,
    sent,
    async http(command, xml, cookie) {
      const r = await app.inject({ method: 'POST', url: `/${domain}/service/cc/arm/${command}`, payload: xml, headers: { 'content-type': 'text/xml', ...(cookie ? { cookie } : {}) } });
      sent.push(r.body);
      const set = r.headers['set-cookie'];
      return { status: r.statusCode, xml: r.body, cookie: typeof set === 'string' ? set.split(';')[0] : undefined, contentType: String(r.headers['content-type']) };
    },
    async loginHttp(agentId) {
      const r = await h.http('login', `<in><request agent_id="${agentId}"/></in>`);
      if (r.status !== 200 || !r.cookie) throw new Error(`login failed: ${r.xml}`);
      return r.cookie;
    },
    async ws(path = `/${domain}/service/cc/arm`) {
      const base = await (listening ??= app.listen({ port: 0, host: '127.0.0.1' }));
      const socket = new WebSocket(`${base.replace('http', 'ws')}${path}`);
      sockets.push(socket);
      const waiting = new Map<string, (f: { status: number; xml: string; raw: string }) => void>();
      const nextQueue: ((s: string) => void)[] = [];
      const events: { name: string; xml: string }[] = [];
      let closedResolve!: (v: { code: number; reason: string }) => void;
      const closed = new Promise<{ code: number; reason: string }>((r) => (closedResolve = r));
      socket.on('close', (code, reason) => closedResolve({ code, reason: reason.toString() }));
      socket.on('message', (data) => {
        const text = data.toString();
        const f = decodeServerFrame(text);
        if (!f) throw new Error(`unreadable frame from the server: ${text.slice(0, 100)}`);
        if (Buffer.byteLength(f.xml) !== f.declared) throw new Error(`frame length ${f.declared} but body has ${Buffer.byteLength(f.xml)} bytes`);
        sent.push(f.xml);
        nextQueue.shift()?.(text);
        if (f.event) events.push({ name: f.event, xml: f.xml });
        else {
          const w = waiting.get(f.id);
          waiting.delete(f.id);
          w?.({ status: f.status as number, xml: f.xml, raw: text });
        }
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      return {
        socket,
        events,
        closed,
        request(id, command, xml) {
          return new Promise((resolve) => {
            waiting.set(id, resolve);
            socket.send(encodeRequest(id, command, xml));
          });
        },
        raw(data) {
          socket.send(data);
        },
        next() {
          return new Promise((resolve) => nextQueue.push(resolve));
        },
        close() {
          socket.close();
        },
      };
    },
    runUntil: (seconds) => runClockUntil(app, seconds),
    async close() {
      for (const s of sockets) s.terminate();
      await app.close();
    },
  };
  return h;
}
