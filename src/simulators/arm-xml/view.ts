/**
 * The ECSS-10 ARM view (seed 003, docs/vendors.md §3) as the front door sees it (shared/view.ts):
 * `/{domain}/service/cc/arm` over HTTP and WebSocket, its session cookie, XML bodies of any content type,
 * and its `<error>` answers. `register` sets up the view's state and the WebSocket transport; the routes
 * are in routes.ts, the commands in commands.ts, the view's own state in adapter.ts and session.ts.
 */
import websocket from '@fastify/websocket';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ViewDescriptor } from '../shared/view.js';
import { ArmAdapter } from './adapter.js';
import { closeReason } from './codec.js';
import { schemaOf } from './commands.js';
import { renderArmError } from './errors.js';
import { armRoutes, ASYNCAPI_PATH, SESSION_COOKIE, SESSION_SCHEME } from './routes.js';
import { HARD_FRAME_LIMIT } from './settings.js';

const PATH = /^\/[^/]+\/service\/cc\/arm(\/|$)/;
const COMMAND = /^\/[^/?]+\/service\/cc\/arm\/([^/?]+)/;

export const armView: ViewDescriptor = {
  name: 'arm',
  tag: {
    name: 'arm',
    description: `ELTEX ECSS-10 operator workstation (ARM): XML commands over HTTP POST (/{domain}/service/cc/arm/{command}) and over a framed WebSocket (/{domain}/service/cc/arm). The WebSocket protocol, its frames, commands and pushed events: [AsyncAPI 3 document](${ASYNCAPI_PATH}.yaml) ([JSON](${ASYNCAPI_PATH}.json)).`,
  },
  paths: () => (path) => PATH.test(path),
  credentials: {
    switchable: false,
    schemes: {
      [SESSION_SCHEME]: {
        type: 'apiKey',
        in: 'cookie',
        name: SESSION_COOKIE,
        description: "The session of the login command: its Set-Cookie (which a browser sends on by itself), or the session_id of login's answer",
      },
    },
  },
  // Bodies are XML whatever the content type says (workstations send text/xml, application/xml, a form type or none).
  bodies: ['raw'],
  // The error names the XSD of the command the path names, as the command's own answers do.
  render: (err, problem, request) => renderArmError(err, problem, schemaOf(COMMAND.exec(request.url)?.[1] ?? '')),
  async register(app, { simulation, instruments }) {
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
      errorHandler(err, socket, request) {
        request.log.error({ err }, 'arm websocket failed');
        socket.close(1011, closeReason('internal error'));
      },
    });
    // With @fastify/websocket listening, every upgrade is routed like a plain request, and one that no
    // WebSocket route takes (another path, a method other than GET, a malformed %-escape or an over-long
    // path part that the door answers) gets its answer on the raw socket, which Node then leaves open for
    // good: nothing reads it and nothing closes it (CLOSE-WAIT; server.close waits on it). Once such an
    // answer has been handed to the socket, it is flushed and the socket closed, as Node does after a
    // response without keep-alive. The plugin's listener runs first and has given the socket its response
    // object by then.
    const onUpgrade = (_req: IncomingMessage, socket: Duplex) => {
      const res = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
      if (res) res.once('finish', () => (socket as Socket).destroySoon());
      else socket.destroy();
    };
    app.server.on('upgrade', onUpgrade);
    app.addHook('onClose', async () => void app.server.off('upgrade', onUpgrade));
    await armRoutes(app, { adapter, instruments });
  },
  errorProblems(r) {
    const problems: string[] = [];
    if (!/^text\/xml/.test(r.contentType)) problems.push(`content type ${r.contentType}, not text/xml`);
    if (!/^<out[ >][\s\S]*<error type="[a-z_]+" reason="[^"]*"\/><\/out>$/.test(r.body)) problems.push(`body is not an ECSS <out><error/></out>: ${r.body.slice(0, 200)}`);
    if (r.status >= 500) problems.push(`status ${r.status}`);
    return problems;
  },
};
