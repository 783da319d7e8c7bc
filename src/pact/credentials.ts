/**
 * Fresh credentials for each request a Pact verifier replays against ccsim: what a pact holds goes stale
 * (a Telphin token, a Huawei signature over a past timestamp, an ARM session) or was left out (a pact made
 * from the journal). Per request, by the API its path belongs to: Telphin a token from /oauth/token
 * (and the scenario's client id and secret in a token request), Huawei a signature over now in the
 * scheme the request uses (SDK-HMAC-SHA256 by default, auth-v2, or a tokenByAkSk token), Conpeek the API
 * key, ARM a session logged in as the interaction's agent (the provider state's `agent_number`, else the
 * request's `agent_id`, else the scenario's first agent). Agent CRUD takes none. The keys are the
 * scenario's (`apis.*`). A request with `X-Ccsim-Keep-Credentials` is sent as the pact has it (an
 * interaction about a refused credential), without that header.
 */
import { createHash } from 'node:crypto';
import pino from 'pino';
import type { Simulation } from '../simulation.js';
import { VIEWS } from '../simulators/registry.js';
import { readSettings as telphinSettings } from '../simulators/queue-rest/settings.js';
import { readSettings as huaweiSettings } from '../simulators/cti-status/settings.js';
import { readSettings as conpeekSettings } from '../simulators/cdr/settings.js';
import { APIG_ALGORITHM, apigCanonicalRequest, apigSignature, canonicalUrl } from '../simulators/cti-status/apig.js';
import { canonicalRequest, expectedSignature } from '../simulators/cti-status/auth-v2.js';
import { TOKEN_PATH } from '../simulators/cti-status/paths.js';
import { SESSION_COOKIE } from '../simulators/arm-xml/routes.js';

/** A request as the verifier's proxy holds it: headers to change, the body as bytes to send. */
export interface OutgoingRequest {
  method: string;
  /** The path and query string. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export const KEEP_CREDENTIALS = 'x-ccsim-keep-credentials';

export class Credentials {
  private readonly log = pino({ level: 'silent' });

  constructor(
    private readonly sim: Simulation,
    /** ccsim's own address (http://127.0.0.1:PORT), where tokens and sessions are fetched. */
    private readonly base: string,
  ) {}

  /** The API whose path it is (a view's name), or null. */
  apiOf(url: string): string | null {
    const path = url.split('?')[0];
    return VIEWS.find((v) => v.paths(this.sim)(path))?.name ?? null;
  }

  /**
   * Gives the request fresh credentials of its API, in place. `operator` is the ARM operator the
   * interaction's state named (its number), if any.
   */
  async supply(r: OutgoingRequest, operator: string | null): Promise<void> {
    if (r.headers[KEEP_CREDENTIALS] !== undefined) {
      delete r.headers[KEEP_CREDENTIALS];
      return;
    }
    const path = r.url.split('?')[0];
    const apis = this.sim.scenario.apis;
    switch (this.apiOf(r.url)) {
      case 'telphin': {
        const s = telphinSettings(apis, this.log);
        if (path.replace(/\/+$/, '') === '/oauth/token') return this.fillForm(r, { client_id: s.client_id, client_secret: s.client_secret });
        if (/^\/api\/ver1\.0\/storage\//.test(path)) return;
        r.headers.authorization = `Bearer ${await this.telphinToken(s.client_id, s.client_secret)}`;
        return;
      }
      case 'huawei': {
        const s = huaweiSettings(apis, this.log);
        if (path === TOKEN_PATH) return this.fillJson(r, { app_key: s.access_key, app_secret: s.secret_key });
        const scheme = String(r.headers.authorization ?? '');
        if (/^Bearer\s/i.test(scheme)) {
          r.headers.authorization = `Bearer ${await this.huaweiToken(s.access_key, s.secret_key)}`;
          r.headers['x-app-key'] = s.access_key;
        } else if (scheme.startsWith('auth-v2/')) this.signAuthV2(r, s.access_key, s.secret_key);
        else this.signApig(r, s.access_key, s.secret_key);
        return;
      }
      case 'conpeek':
        r.headers.authorization = conpeekSettings(apis, this.log).api_key;
        return;
      case 'arm': {
        const command = /\/service\/cc\/arm\/([^/?]+)/.exec(path)?.[1];
        if (command === undefined || command === 'login' || command === 'call_history') return;
        const agent = operator ?? /\sagent_id="([^"]+)"/.exec(r.body.toString('utf8'))?.[1] ?? this.sim.read((q) => q.agents()[0]?.number ?? null);
        if (agent === null) return;
        const session = await this.armSession(path.slice(0, path.lastIndexOf('/')), agent);
        const others = String(r.headers.cookie ?? '')
          .split(';')
          .map((c) => c.trim())
          .filter((c) => c !== '' && !c.startsWith(`${SESSION_COOKIE}=`));
        r.headers.cookie = [...others, `${SESSION_COOKIE}=${session}`].join('; ');
        return;
      }
      default:
        return;
    }
  }

  private async telphinToken(clientId: string, secret: string): Promise<string> {
    const res = await fetch(`${this.base}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }).toString() });
    const body = (await res.json()) as { access_token?: string; message?: string };
    if (!body.access_token) throw new Error(`Telphin's /oauth/token gave no token (${res.status}: ${body.message ?? ''})`);
    return body.access_token;
  }

  private async huaweiToken(ak: string, sk: string): Promise<string> {
    const res = await fetch(`${this.base}${TOKEN_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app_key: ak, app_secret: sk }) });
    const body = (await res.json()) as { AccessToken?: string };
    if (!body.AccessToken) throw new Error(`Huawei's tokenByAkSk gave no token (${res.status})`);
    return body.AccessToken;
  }

  /** A session of ARM's HTTP API for the operator, from `login` under the domain's ARM path. */
  private async armSession(armPath: string, agentId: string): Promise<string> {
    const res = await fetch(`${this.base}${armPath}/login`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: `<in><request agent_id="${agentId.replace(/[<>&"]/g, '')}"/></in>` });
    const xml = await res.text();
    const session = /session_id="([^"]+)"/.exec(xml)?.[1];
    if (!session) throw new Error(`ARM login as operator ${agentId} gave no session: ${xml}`);
    return session;
  }

  /** SDK-HMAC-SHA256 over the request as it will be sent, now: Content-Type (when there is a body), Host and X-Sdk-Date signed. */
  private signApig(r: OutgoingRequest, ak: string, sk: string): void {
    const date = new Date(this.sim.wallNow()).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
    r.headers['x-sdk-date'] = date;
    delete r.headers['x-sdk-content-sha256'];
    const signed = ['content-type', 'host', 'x-sdk-date'].filter((h) => r.headers[h] !== undefined);
    const { uri, query } = canonicalUrl(r.url);
    const canonical = apigCanonicalRequest(r.method, uri, query, r.headers, signed, createHash('sha256').update(r.body).digest('hex'));
    r.headers.authorization = `${APIG_ALGORITHM} Access=${ak}, SignedHeaders=${signed.join(';')}, Signature=${apigSignature(sk, date, canonical)}`;
  }

  /** CC-CMS's auth-v2 over now: Host and Content-Type signed. */
  private signAuthV2(r: OutgoingRequest, ak: string, sk: string): void {
    const timestamp = new Date(this.sim.wallNow()).toISOString();
    const signed = ['content-type', 'host'].filter((h) => r.headers[h] !== undefined);
    const canonical = canonicalRequest(r.method, r.url, r.headers, signed);
    r.headers.authorization = `auth-v2/${ak}/${timestamp}/${signed.join(';')}/${expectedSignature(sk, { ak, timestamp }, canonical)}`;
  }

  /** A token request's client credentials, the scenario's (whatever the pact holds, or left out). */
  private fillForm(r: OutgoingRequest, fields: Record<string, string>): void {
    if (/json/i.test(String(r.headers['content-type'] ?? ''))) return this.fillJson(r, fields);
    const form = new URLSearchParams(r.body.toString('utf8'));
    if (!form.has('grant_type')) form.set('grant_type', 'client_credentials');
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    setBody(r, Buffer.from(form.toString()), 'application/x-www-form-urlencoded');
  }

  private fillJson(r: OutgoingRequest, fields: Record<string, string>): void {
    let body: Record<string, unknown> = {};
    try {
      const parsed = JSON.parse(r.body.toString('utf8') || '{}') as unknown;
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    } catch {
      return;
    }
    for (const [k, v] of Object.entries(fields)) body[k] = v;
    setBody(r, Buffer.from(JSON.stringify(body)), 'application/json');
  }
}

function setBody(r: OutgoingRequest, body: Buffer, type: string): void {
  r.body = body;
  r.headers['content-type'] ??= type;
  r.headers['content-length'] = String(body.length);
}
