/**
 * Who may call CC-CMS here, in the three ways Huawei's clients authenticate: CC-CMS's own auth-v2
 * signature (auth-v2.ts), API Gateway's SDK-HMAC-SHA256 signature with X-Sdk-Date (apig.ts), and an API
 * Fabric token from tokenByAkSk sent as `Bearer` with X-APP-Key (tokens.ts). Always checked: the header's
 * form, the access key (or the token and its app key) and a signed timestamp's distance from the clocks;
 * with `verify_signature`, the signature itself. A client signs with its own clock, so a timestamp is
 * accepted within `max_clock_skew_seconds` of the simulation's clock or of the wall clock: these are the
 * view's decisions, never the world's, and a replay of the world does not depend on them. Any failure is
 * HTTP 401 (0101003). It also declares the OpenAPI security schemes of the routes.
 */
import { createHash, type Hash } from 'node:crypto';
import { pipeline, Transform } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HuaweiAdapter } from './adapter.js';
import { apigMatches, declaredBodyHash, isApig, parseApig, type Apig } from './apig.js';
import { authV2Matches, parseAuthV2 } from './auth-v2.js';
import { unauthorized } from './errors.js';
import type { Settings } from './settings.js';
import { TOKEN_PATH } from './paths.js';
import { originalUrl } from '../shared/base-path.js';

/** The OpenAPI security schemes (Swagger UI's Authorize), by name. */
export const SECURITY_SCHEMES = {
  huaweiAuthV2: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: "CC-CMS's C2 signature: auth-v2/{ak}/{timestamp}/{signedHeaders}/{signature}, the timestamp UTC ISO 8601 (the scenario's apis.huawei access_key, ccsim-ak by default). Without verify_signature only the form, the key and the timestamp are checked.",
  },
  huaweiApig: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: 'API Gateway signing: SDK-HMAC-SHA256 Access=<ak>, SignedHeaders=<h1;h2;…>, Signature=<hex>, with X-Sdk-Date. `node scripts/huawei-sign.mjs POST <path> <body>` prints the headers of a request.',
  },
  huaweiSdkDate: { type: 'apiKey', in: 'header', name: 'X-Sdk-Date', description: "The SDK-HMAC-SHA256 signature's time, YYYYMMDDTHHMMSSZ (UTC)." },
  huaweiBearer: { type: 'http', scheme: 'bearer', description: `An AccessToken from POST ${TOKEN_PATH} {"app_key":"ccsim-ak","app_secret":"ccsim-sk"}; send X-APP-Key with it.` },
  huaweiAppKey: { type: 'apiKey', in: 'header', name: 'X-APP-Key', description: 'The app_key the bearer token was issued to (the access_key, ccsim-ak by default).' },
} as const;

/** What a CC-CMS route accepts: any one of the three. */
export const CMS_SECURITY = [{ huaweiAuthV2: [] }, { huaweiApig: [], huaweiSdkDate: [] }, { huaweiBearer: [], huaweiAppKey: [] }] as const;

interface Clocks {
  /** Virtual ms since the scenario start. */
  t: number;
  /** The simulated time, epoch ms. */
  virtualMs: number;
  /** The wall clock, epoch ms. */
  wallMs: number;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

function checkTime(what: string, epochMs: number, settings: Settings, clocks: Clocks): void {
  const skew = settings.max_clock_skew_seconds;
  if (skew === null) return;
  const near = (now: number) => Math.abs(epochMs - now) <= skew * 1000;
  if (near(clocks.virtualMs) || near(clocks.wallMs)) return;
  throw unauthorized(`the timestamp ${what} is more than ${skew} s from both the simulated time ${iso(clocks.virtualMs)} and the wall clock ${iso(clocks.wallMs)}`);
}

function checkKey(ak: string, settings: Settings): void {
  if (ak !== settings.access_key) throw unauthorized(`unknown access key '${ak}'`);
}

function checkSignedHeaders(request: FastifyRequest, names: readonly string[]): void {
  for (const name of names) if (request.headers[name] === undefined) throw unauthorized(`the signed header '${name}' is not in the request`);
}

function checkBearer(request: FastifyRequest, header: string, adapter: HuaweiAdapter, clocks: Clocks): void {
  const m = /^bearer +(\S+) *$/i.exec(header);
  if (!m) throw unauthorized('the Authorization header is not Bearer <AccessToken>');
  const token = adapter.tokens.check(m[1], clocks.t);
  if (token === 'unknown') throw unauthorized(`unknown access token: get one from POST ${TOKEN_PATH}`);
  if (token === 'expired') throw unauthorized(`the access token has expired: get a new one from POST ${TOKEN_PATH}`);
  const appKey = request.headers['x-app-key'];
  if (appKey === undefined) throw unauthorized('the X-APP-Key header is missing: send the app_key the token was issued to');
  if (appKey !== token.appKey) throw unauthorized(`the X-APP-Key '${String(appKey)}' is not the app the token was issued to`);
}

/** What the client signed: the request with the path it sent (a tenant's `/__t/…` prefix included). */
const signed = (request: FastifyRequest) => ({ method: request.method, url: originalUrl(request), headers: request.headers });

/** An SDK-HMAC-SHA256 signature still to verify once the body is read, and the body's hash so far. */
interface PendingApig {
  auth: Apig;
  hash: Hash | string;
}

/**
 * Checks a request's credentials, but an SDK-HMAC-SHA256 signature (with verify_signature), which covers
 * the body: that one is returned, to be verified once the body is read.
 */
function checkCredentials(request: FastifyRequest, adapter: HuaweiAdapter, clocks: Clocks): PendingApig | null {
  const settings = adapter.settings;
  const header = request.headers.authorization?.trim();
  if (!header) throw unauthorized('the Authorization header is missing: send auth-v2/…, SDK-HMAC-SHA256 … with X-Sdk-Date, or Bearer <AccessToken> with X-APP-Key');
  if (/^bearer\b/i.test(header)) {
    checkBearer(request, header, adapter, clocks);
    return null;
  }
  if (isApig(header)) {
    const auth = parseApig(header, request.headers['x-sdk-date'] as string | undefined);
    if (typeof auth === 'string') throw unauthorized(auth);
    checkKey(auth.ak, settings);
    checkTime(`X-Sdk-Date ${auth.date}`, auth.epochMs, settings, clocks);
    if (!settings.verify_signature) return null;
    checkSignedHeaders(request, auth.signedHeaders);
    return { auth, hash: declaredBodyHash(request.headers) ?? createHash('sha256') };
  }
  const auth = parseAuthV2(header);
  if (typeof auth === 'string') throw unauthorized(auth);
  checkKey(auth.ak, settings);
  checkTime(auth.timestamp, auth.epochMs, settings, clocks);
  if (!settings.verify_signature) return null;
  checkSignedHeaders(request, auth.signedHeaders);
  if (!authV2Matches(signed(request), settings.secret_key, auth)) throw unauthorized('the signature does not match');
  return null;
}

/**
 * Installs the checks on the CC-CMS routes' scope: the credentials when a request arrives (after the
 * view has caught up with the world), and an SDK-HMAC-SHA256 signature once its body has been read (its
 * bytes are hashed as they stream to the door's parser). `enabled` false (`--auth huawei=off`): only the
 * catch-up.
 */
export function authenticate(app: FastifyInstance, adapter: HuaweiAdapter, enabled: boolean): void {
  const pending = new WeakMap<FastifyRequest, PendingApig>();
  app.addHook('onRequest', (request, _reply, done) => {
    try {
      const { t, epochMs } = adapter.ensure();
      if (enabled) {
        // The wall clock is read here, in the view: the client's clock is what it signs with.
        const apig = checkCredentials(request, adapter, { t, virtualMs: epochMs, wallMs: adapter.sim.wallNow() });
        if (apig) pending.set(request, apig);
      }
      done();
    } catch (err) {
      done(err as Error);
    }
  });
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const hash = pending.get(request)?.hash;
    if (hash === undefined || typeof hash === 'string') return done(null, payload);
    const tee = new Transform({
      transform(chunk: Buffer, _encoding, next) {
        hash.update(chunk);
        next(null, chunk);
      },
    });
    // pipeline, not pipe: a request that breaks off fails the parser's read instead of leaving it waiting.
    done(null, pipeline(payload, tee, () => {}));
  });
  app.addHook('preValidation', (request, _reply, done) => {
    const apig = pending.get(request);
    if (!apig) return done();
    pending.delete(request);
    const bodyHash = typeof apig.hash === 'string' ? apig.hash : apig.hash.digest('hex');
    if (!apigMatches(signed(request), adapter.settings.secret_key, apig.auth, bodyHash)) return done(unauthorized('the signature does not match'));
    done();
  });
}
