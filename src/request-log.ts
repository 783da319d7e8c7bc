/**
 * How a served ccsim logs requests. Each finished request is one line at info (`request`: its id, method,
 * URL with any `?token=` masked, status and milliseconds) where Fastify would write two, up to
 * REQUEST_LINES_PER_SECOND lines a second; past that, requests are counted, and one `requests not logged`
 * line a second tells how many, by status class. A load test then gets a readable log that costs almost
 * nothing, and a person trying a few requests sees every one. Every line goes to stdout through pino's
 * asynchronous destination, buffered and flushed every second and at exit; on a terminal, through
 * pino-pretty instead (a line a person reads: time, level, message, the fields after it). Errors are
 * logged as Fastify logs them, each one; what is logged about the simulation itself is each module's
 * business.
 */
import { createRequire } from 'node:module';
import pino from 'pino';
import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { redactUrl } from './admin/token.js';

export const REQUEST_LINES_PER_SECOND = 50;
/** Bytes buffered before a write (pino's own limit is 16 KiB), and the longest a line waits in the buffer. */
const BUFFER_BYTES = 8 * 1024;
const FLUSH_MS = 1000;

/** The logger options of `ccsim serve` at `level`: JSON lines to stdout, buffered; pretty ones when stdout is a terminal. */
export function serverLogger(level: string, terminal = process.stdout.isTTY === true): FastifyServerOptions['logger'] {
  if (terminal) {
    // Loaded only for a terminal: pino-pretty (CommonJS) and its formatting cost nothing otherwise.
    const pretty = createRequire(import.meta.url)('pino-pretty') as (options: Record<string, unknown>) => NodeJS.WritableStream;
    return { level, stream: pretty({ colorize: true, sync: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }) };
  }
  return { level, stream: pino.destination({ dest: 1, sync: false, minLength: BUFFER_BYTES, periodicFlush: FLUSH_MS }) };
}

/** Fastify's request lines: one per finished request, at most so many a second, the rest counted. */
export class RequestLog extends LogController {
  private windowStart = Number.NEGATIVE_INFINITY;
  private logged = 0;
  private skipped = { total: 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };
  private summary: NodeJS.Timeout | null = null;
  private logger: FastifyBaseLogger | null = null;

  constructor(
    private readonly perSecond = REQUEST_LINES_PER_SECOND,
    private readonly now: () => number = () => performance.now(),
  ) {
    super();
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) return super.requestCompleted(error, request, reply);
    const now = this.now();
    if (now - this.windowStart >= 1000) {
      this.flushSkipped();
      this.windowStart = now;
      this.logged = 0;
    }
    if (this.logged < this.perSecond) {
      this.logged++;
      request.log.info({ method: request.method, url: redactUrl(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
      return;
    }
    const s = this.skipped;
    s.total++;
    const status = reply.statusCode;
    if (status < 300) s['2xx']++;
    else if (status < 400) s['3xx']++;
    else if (status < 500) s['4xx']++;
    else s['5xx']++;
    // The count goes out when the second is over, whether or not another request comes.
    this.logger = request.server.log;
    if (!this.summary) {
      this.summary = setTimeout(() => this.flushSkipped(), Math.max(0, 1000 - (now - this.windowStart)));
      this.summary.unref();
    }
  }

  /** The `requests not logged` line of the second that ended, if requests went unlogged in it. */
  flushSkipped(): void {
    if (this.summary) clearTimeout(this.summary);
    this.summary = null;
    const s = this.skipped;
    if (s.total === 0 || !this.logger) return;
    this.logger.info({ requests: s.total, by_status: { '2xx': s['2xx'], '3xx': s['3xx'], '4xx': s['4xx'], '5xx': s['5xx'] }, lines_per_second: this.perSecond }, 'requests not logged');
    this.skipped = { total: 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };
  }
}
