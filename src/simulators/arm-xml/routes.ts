/**
 * The ARM view's routes: `POST /{domain}/service/cc/arm/{command}` for each command of the table (each in
 * the OpenAPI with its summary and example from the AsyncAPI document, and the session cookie where the
 * command needs a session), a POST for any other name (unknown_command), 405 for other methods, the
 * WebSocket at `/{domain}/service/cc/arm`, and the AsyncAPI document beside /docs. A handler reads the
 * session and the body and runs the command; whatever goes wrong is thrown to the door, which renders it
 * with errors.ts. The WebSocket's frames are session.ts's.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ViewContext } from '../shared/view.js';
import type { ArmAdapter } from './adapter.js';
import { closeReason } from './codec.js';
import { COMMANDS, run, type CommandContext } from './commands.js';
import { ArmError } from './errors.js';
import { ASYNCAPI_JSON, ASYNCAPI_YAML, commandDoc } from './protocol.js';
import { ArmSession } from './session.js';

export const SESSION_COOKIE = 'arm_session';
/** The OpenAPI security scheme of the session cookie (the descriptor declares it). */
export const SESSION_SCHEME = 'armSession';
export const ASYNCAPI_PATH = '/docs/asyncapi';

const CONTENT_TYPE = 'text/xml; charset=utf-8';
const utf8 = new TextDecoder('utf-8', { fatal: true });
const tags = ['arm'];
const params = {
  type: 'object',
  properties: { domain: { type: 'string', default: 'ccsim.local', description: "The call center's ECSS domain: the scenario's apis.arm.domain (ccsim.local by default)" } },
  required: ['domain'],
};

function cookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The body as XML text; null when the request has none (the door reads any content type as bytes), or
 * only white space, as the door takes a JSON body of white space for none.
 */
function bodyText(body: unknown): string | null {
  if (!Buffer.isBuffer(body)) return null;
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new ArmError('invalid_xml', 'body is not valid UTF-8');
  }
  return text.trim() === '' ? null : text;
}

/** The OpenAPI of one command's route: its documentation, its example, and its credentials. */
function commandSchema(name: string): Record<string, unknown> {
  const doc = commandDoc(name);
  const login = COMMANDS[name].needsLogin;
  const who = login === null ? 'Needs no session.' : `Needs the session of \`login\` (the \`${SESSION_COOKIE}\` cookie): it ${login}.`;
  return {
    tags,
    summary: doc.summary,
    description: `${doc.description}\n\n${who} Any content type is read as XML; an empty body is a request without parameters.`,
    params,
    body: { content: { 'text/xml': { schema: { description: 'An <in><request …/></in> document', examples: [doc.request] } } } },
    produces: ['text/xml'],
    // For the OpenAPI only: an answer is XML text, which Fastify sends as it is.
    response: { 200: { description: 'An <out> with the <response>, or an ECSS <error> (most errors are 200s, as ECSS sends them)', examples: [doc.reply] } },
    security: login === null ? [] : [{ [SESSION_SCHEME]: [] }],
  };
}

export async function armRoutes(app: FastifyInstance, { adapter, instruments }: { adapter: ArmAdapter; instruments: ViewContext['instruments'] }): Promise<void> {
  const answer = (name: string, request: FastifyRequest<{ Params: { domain: string } }>, reply: FastifyReply) => {
    // Current first: a scenario load may have changed the domain, and a reset ends every session.
    adapter.ensure();
    adapter.checkDomain(request.params.domain);
    const xml = bodyText(request.body);
    let opened: string | null = null;
    const ctx: CommandContext = {
      adapter,
      operator: adapter.sessionOperator(cookie(request.headers.cookie, SESSION_COOKIE)),
      bindSession: (operatorId) => (opened = adapter.openSession(operatorId)),
    };
    const result = run(ctx, name, xml);
    if (opened) reply.header('set-cookie', `${SESSION_COOKIE}=${opened}; Path=/${request.params.domain}/service/cc/arm; HttpOnly`);
    return reply.code(result.status).type(CONTENT_TYPE).send(result.bytes ?? result.xml);
  };

  for (const name of Object.keys(COMMANDS)) {
    // The command in the route's config: the journal and the faults name the exchange by it.
    app.post<{ Params: { domain: string } }>(`/:domain/service/cc/arm/${name}`, { schema: commandSchema(name), config: { command: name } }, (request, reply) => answer(name, request, reply));
  }
  // Any other name: unknown_command, listing the known ones (the router would only say "no such resource").
  app.post<{ Params: { domain: string; command: string } }>('/:domain/service/cc/arm/:command', { schema: { hide: true } }, (request, reply) => answer(request.params.command, request, reply));
  app.route({
    method: ['GET', 'PUT', 'DELETE', 'PATCH'],
    url: '/:domain/service/cc/arm/:command',
    schema: { hide: true },
    handler: async (request) => {
      throw new ArmError('invalid_request', `method ${request.method} is not allowed; ARM commands are sent with POST`, 405);
    },
  });

  app.route<{ Params: { domain: string } }>({
    method: 'GET',
    url: '/:domain/service/cc/arm',
    schema: { hide: true },
    handler: async (_request, reply) => {
      reply.header('upgrade', 'websocket').header('connection', 'Upgrade');
      throw new ArmError('invalid_request', `this is the ARM WebSocket: connect with a WebSocket client (${ASYNCAPI_PATH}.yaml describes its frames); over HTTP, POST a command to …/service/cc/arm/{command}`, 426);
    },
    wsHandler: (socket, request) => {
      adapter.ensure();
      if (request.params.domain !== adapter.settings.domain) {
        socket.close(1008, closeReason(`unknown domain '${request.params.domain}'`));
        return;
      }
      new ArmSession(adapter, socket, (write) => instruments.socket(socket, request, 'arm', write));
    },
  });

  // The WebSocket protocol, beside the OpenAPI (/docs/json and /docs/yaml).
  app.get(`${ASYNCAPI_PATH}.yaml`, { schema: { hide: true } }, async (_request, reply) => reply.type('application/yaml; charset=utf-8').send(ASYNCAPI_YAML));
  app.get(`${ASYNCAPI_PATH}.json`, { schema: { hide: true } }, async (_request, reply) => reply.type('application/json; charset=utf-8').send(ASYNCAPI_JSON));
}
