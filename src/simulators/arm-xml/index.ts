/**
 * The ELTEX ECSS-10 operator workstation ("ARM") API (seed 003, docs/vendors.md §3) as a Fastify
 * plugin: `POST /{domain}/service/cc/arm/{command}` with an `<in>` body, and the framed WebSocket at
 * `/{domain}/service/cc/arm`, both answered by the same command table over the one world. Only this
 * plugin's WebSocket route upgrades (@fastify/websocket is registered inside it). Errors are ECSS
 * `<out><error/></out>`; the only state here is the adapter's and the sessions'.
 */
import websocket from '@fastify/websocket';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Simulation } from '../../simulation.js';
import { ArmAdapter } from './adapter.js';
import { closeReason } from './codec.js';
import { perform, type CommandContext } from './commands.js';
import { ArmError } from './errors.js';
import { ArmSession } from './session.js';
import { HARD_FRAME_LIMIT } from './settings.js';
import { renderError } from './xml.js';

export interface ArmXmlOptions {
  simulation: Simulation;
}

export const SESSION_COOKIE = 'arm_session';
const CONTENT_TYPE = 'text/xml; charset=utf-8';
const utf8 = new TextDecoder('utf-8', { fatal: true });

function sendXml(reply: FastifyReply, status: number, xml: string): FastifyReply {
  return reply.code(status).header('content-type', CONTENT_TYPE).send(xml);
}

function cookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export const armXmlPlugin: FastifyPluginAsync<ArmXmlOptions> = async (app: FastifyInstance, { simulation }) => {
  const adapter = new ArmAdapter(simulation, app.log);
  app.addHook('onClose', async () => adapter.close());
  // Frames over the hard limit are refused by ws itself (close 1009); under it, ccsim answers too_large.
  // A stopping server closes each session with 1001 (going away) rather than ws's bare close.
  await app.register(websocket, {
    options: { maxPayload: HARD_FRAME_LIMIT },
    preClose(done) {
      for (const client of this.websocketServer.clients) client.close(1001, closeReason('the server is stopping'));
      this.websocketServer.close();
      done();
    },
  });
  // With @fastify/websocket listening, an upgrade that no WebSocket route takes (another path, a method
  // other than GET, a malformed %-escape the router refuses before any hook runs) is answered like a plain
  // request on the raw socket, and Node then leaves that socket open for good: nothing reads it and
  // nothing closes it (CLOSE-WAIT; server.close waits on it). Once such an answer has been handed to the
  // socket, it is flushed and the socket closed, as Node does after a response without keep-alive. The
  // plugin's listener runs first and has given the socket its response object by then.
  const onUpgrade = (_req: IncomingMessage, socket: Duplex) => {
    const res = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (res) res.once('finish', () => (socket as Socket).destroySoon());
    else socket.destroy();
  };
  app.server.on('upgrade', onUpgrade);
  app.addHook('onClose', async () => void app.server.off('upgrade', onUpgrade));

  // Bodies are XML whatever the content type says (workstations send text/xml, application/xml or none).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  // Only what Fastify itself refuses reaches here (oversized or unreadable bodies): commands never throw.
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendXml(reply, 413, renderError('out.xsd', new ArmError('too_large', `request body is over the server's ${app.initialConfig.bodyLimit}-byte limit`)));
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return sendXml(reply, err.statusCode, renderError('out.xsd', new ArmError('invalid_request', err.message)));
    request.log.error({ err }, 'arm request failed');
    return sendXml(reply, 200, renderError('out.xsd', new ArmError('cannot_perform_cmd', 'the request could not be handled (internal error, logged)')));
  });

  app.post<{ Params: { domain: string; command: string } }>(
    '/:domain/service/cc/arm/:command',
    {
      schema: {
        tags: ['arm'],
        summary: 'An ARM command: an <in> XML body, an <out> XML answer (<response> or <error>)',
        params: { type: 'object', properties: { domain: { type: 'string' }, command: { type: 'string' } }, required: ['domain', 'command'] },
      },
    },
    async (request, reply) => {
      const { domain, command } = request.params;
      try {
        // Current first: a scenario load may have changed the domain.
        adapter.ensure();
        adapter.checkDomain(domain);
      } catch (err) {
        return sendXml(reply, (err as ArmError).status, renderError('out.xsd', err as ArmError));
      }
      const body = request.body;
      let xml: string;
      try {
        xml = Buffer.isBuffer(body) ? utf8.decode(body) : '';
      } catch {
        return sendXml(reply, 200, renderError('out.xsd', new ArmError('invalid_xml', 'body is not valid UTF-8')));
      }
      let opened: string | null = null;
      const sessionOperator = adapter.sessionOperator(cookie(request.headers.cookie, SESSION_COOKIE));
      const ctx: CommandContext = {
        adapter,
        operator: sessionOperator,
        bindSession: (operatorId) => (opened = adapter.openSession(operatorId)),
      };
      const result = perform(ctx, command, xml);
      if (opened) reply.header('set-cookie', `${SESSION_COOKIE}=${opened}; Path=/${domain}/service/cc/arm; HttpOnly`);
      return sendXml(reply, result.status, result.xml);
    },
  );

  // Commands are POSTs only; any other method gets an ECSS error rather than Fastify's JSON 404.
  app.route<{ Params: { domain: string; command: string } }>({
    method: ['GET', 'PUT', 'DELETE', 'PATCH'],
    url: '/:domain/service/cc/arm/:command',
    schema: { tags: ['arm'], summary: 'Not a command: ARM commands are POSTs (405 with an ECSS error)' },
    handler: async (request, reply) => {
      reply.header('allow', 'POST');
      return sendXml(reply, 405, renderError('out.xsd', new ArmError('invalid_request', `method ${request.method} is not allowed; ARM commands are sent with POST`, 405)));
    },
  });

  app.get<{ Params: { domain: string } }>('/:domain/service/cc/arm', { websocket: true, schema: { tags: ['arm'] } }, (socket, request) => {
    adapter.ensure();
    if (request.params.domain !== adapter.settings.domain) {
      socket.close(1008, closeReason(`unknown domain '${request.params.domain}'`));
      return;
    }
    new ArmSession(adapter, socket);
  });
};
