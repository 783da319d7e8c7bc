/**
 * How the front door reads a request before any view sees it, the same for every API: query strings as
 * the vendors' real clients write them (repeated keys, PHP's `key[]=` and `key[0]=`, all giving arrays),
 * and bodies by content type, where an empty body is no body whatever its Content-Type (clients send
 * `Content-Type: application/json` on a bodiless DELETE). A malformed query or body is a RequestProblem
 * naming what cannot be read; what a value means is each view's business.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Busboy, type BusboyHeaders, type BusboyInstance } from '@fastify/busboy';
import qs from 'qs';
import { RequestProblem } from './problem.js';

/** Where the door keeps a request's body as it arrived (a string or a Buffer), for the journal. */
export const RAW_BODY = Symbol('ccsim.rawBody');

const keepRaw = (req: FastifyRequest, raw: string | Buffer) => void ((req as unknown as Record<symbol, unknown>)[RAW_BODY] = raw);

/** The body a request arrived with, as the door read it (undefined when it had none). */
export function rawBodyOf(req: FastifyRequest): string | Buffer | undefined {
  return (req as unknown as Record<symbol, string | Buffer | undefined>)[RAW_BODY];
}

/** Set on a parsed query that could not be read; the door's first hook turns it into the problem. */
export const QUERY_PROBLEM = Symbol('ccsim.queryProblem');

/** At most this many keys in a query string or a form body, and this many items in one array. */
const PARAMETER_LIMIT = 1000;

function decodeStrict(text: string, charset: string): string {
  const plus = text.replace(/\+/g, ' ');
  if (charset === 'iso-8859-1') return plus.replace(/%[0-9a-f]{2}/gi, (h) => String.fromCharCode(parseInt(h.slice(1), 16)));
  return decodeURIComponent(plus);
}

/**
 * A query string (or a form body) as an object: `a=1&a=2`, `a[]=1&a[]=2` and `a[0]=1&a[1]=2` are all
 * `{a: ['1', '2']}`; `a.b=1` stays the key `a.b` (agent CRUD's ASP.NET binding). Never throws: a
 * malformed %-escape leaves QUERY_PROBLEM on the result.
 */
export function parseQuery(text: string): Record<string | symbol, unknown> {
  let bad: string | null = null;
  // qs decodes a pair's key, then its value: a value that cannot be read is named by its key.
  let key = '';
  const parsed = qs.parse(text, {
    depth: 1,
    arrayLimit: PARAMETER_LIMIT,
    parameterLimit: PARAMETER_LIMIT,
    allowPrototypes: false,
    plainObjects: true,
    duplicates: 'combine',
    decoder(str, _default, charset, type) {
      try {
        const decoded = decodeStrict(str, charset);
        if (type === 'key') key = decoded;
        return decoded;
      } catch {
        bad ??= type === 'key' ? str : key;
        return str;
      }
    },
  }) as Record<string | symbol, unknown>;
  if (bad !== null) {
    const name = String(bad);
    parsed[QUERY_PROBLEM] = new RequestProblem('malformed', `the query string has a malformed percent-escape in '${name}'`, { where: 'query', field: name });
  }
  return parsed;
}

/** The door's first hook (onRequest, callback style): a query that could not be read is the request's problem. */
export function checkQuery(request: FastifyRequest, _reply: unknown, done: (err?: Error) => void): void {
  const q = request.query as Record<string | symbol, unknown> | null;
  const p = q?.[QUERY_PROBLEM];
  done(p ? (p as Error) : undefined);
}

/** What a view reads bodies as. */
export type BodyKind =
  /** `application/json` (and `+json`): parsed, `__proto__` and `constructor.prototype` refused. */
  | 'json'
  /** `application/x-www-form-urlencoded`, read like a query string. */
  | 'form'
  /** `multipart/form-data`: its text fields, as a form (files are refused). */
  | 'multipart'
  /** Any content type, read as JSON (a vendor that ignores the label). */
  | 'json-any'
  /** Any content type, as a Buffer (XML, which the view reads itself). */
  | 'raw'
  /** `text/*` and YAML (`application/yaml`, `application/x-yaml`), as a string the view reads itself. */
  | 'text';

/** JSON.parse's reviver sees every key: the two that poison prototypes are refused where they appear. */
function refusePoison(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new RequestProblem('malformed', "the body has the forbidden property name '__proto__' (prototype poisoning)", { where: 'body', field: '__proto__' });
  if (key === 'constructor' && value !== null && typeof value === 'object' && Object.hasOwn(value, 'prototype')) {
    throw new RequestProblem('malformed', "the body has the forbidden property 'constructor.prototype' (prototype poisoning)", { where: 'body', field: 'constructor' });
  }
  return value;
}

export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text, refusePoison);
  } catch (err) {
    if (err instanceof RequestProblem) throw err;
    throw new RequestProblem('malformed', `the body is not valid JSON: ${(err as Error).message}`, { where: 'body', cause: err });
  }
}

function parseMultipart(request: FastifyRequest, body: Buffer): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string | string[]> = {};
    let failed = false;
    const fail = (message: string) => {
      if (failed) return;
      failed = true;
      reject(new RequestProblem('malformed', message, { where: 'body' }));
    };
    let parser: BusboyInstance;
    try {
      parser = new Busboy({ headers: request.headers as BusboyHeaders, limits: { fields: PARAMETER_LIMIT, files: 0, fieldSize: 64 * 1024 } });
    } catch (err) {
      fail(`the multipart body cannot be read: ${(err as Error).message}`);
      return;
    }
    parser.on('field', (name: string, value: string) => {
      const prev = fields[name];
      fields[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    });
    parser.on('file', (name: string, stream: NodeJS.ReadableStream) => {
      stream.resume();
      fail(`the multipart body has a file ('${name}'); this API takes text fields only`);
    });
    // With no file allowed, busboy reports a file part as the files limit reached, not as a file.
    parser.on('filesLimit', () => fail('the multipart body has a file; this API takes text fields only'));
    parser.on('error', (err: Error) => fail(`the multipart body cannot be read: ${err.message}`));
    parser.on('finish', () => {
      if (!failed) resolve(fields);
    });
    parser.end(body);
  });
}

/**
 * Replaces the body parsers in `app`'s scope with the door's: the kinds the view reads, an empty body
 * as no body whatever the content type, and any other non-empty body as unsupported (415).
 */
export function readBodies(app: FastifyInstance, kinds: readonly BodyKind[]): void {
  app.removeAllContentTypeParsers();
  const any = kinds.includes('raw') || kinds.includes('json-any');
  if (kinds.includes('json') && !kinds.includes('json-any')) {
    app.addContentTypeParser(/^application\/([a-z0-9.+-]*\+)?json(\s*;.*)?$/i, { parseAs: 'string' }, (req, text, done) => {
      keepRaw(req, text as string);
      try {
        done(null, parseJson(text as string));
      } catch (err) {
        done(err as Error, undefined);
      }
    });
  }
  if (kinds.includes('form')) {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (req, text, done) => {
      const t = text as string;
      keepRaw(req, t);
      if (t.trim() === '') return done(null, undefined);
      const parsed = parseQuery(t);
      const problem = parsed[QUERY_PROBLEM];
      if (problem) return done(problem as Error, undefined);
      done(null, parsed);
    });
  }
  if (kinds.includes('multipart')) {
    app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (req, body, done) => {
      const buf = body as Buffer;
      keepRaw(req, buf);
      if (buf.length === 0) return done(null, undefined);
      parseMultipart(req, buf).then(
        (fields) => done(null, fields),
        (err) => done(err, undefined),
      );
    });
  }
  if (kinds.includes('text')) {
    app.addContentTypeParser(/^(text\/[a-z0-9.+-]+|application\/(x-)?yaml)(\s*;.*)?$/i, { parseAs: 'string' }, (req, text, done) => {
      keepRaw(req, text as string);
      done(null, (text as string) === '' ? undefined : text);
    });
  }
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body, done) => {
    const buf = body as Buffer;
    keepRaw(req, buf);
    if (buf.length === 0) return done(null, undefined);
    if (kinds.includes('raw')) return done(null, buf);
    if (any) {
      try {
        return done(null, parseJson(buf.toString('utf8')));
      } catch (err) {
        return done(err as Error, undefined);
      }
    }
    const type = req.headers['content-type'];
    const accepted = kinds.map((k) => ({ json: 'application/json', form: 'application/x-www-form-urlencoded', multipart: 'multipart/form-data', text: 'text/plain or application/yaml' })[k as 'json']).filter(Boolean);
    done(new RequestProblem('unsupported_media_type', `a body of content type '${type ?? '(none)'}' is not read here; send ${accepted.join(' or ')}`, { where: 'body', field: 'content-type' }), undefined);
  });
}
