/**
 * The ECSS-10 ARM view as the front door sees it (shared/view.ts): `/{domain}/service/cc/arm` over HTTP
 * and WebSocket, its session cookie, XML bodies, and its `<error>` answers. The routes are in index.ts,
 * the commands in commands.ts, the view's own state in adapter.ts and session.ts.
 */
import type { ViewDescriptor } from '../shared/view.js';
import { armXmlPlugin, SESSION_COOKIE } from './index.js';
import { renderArmError } from './render.js';

const PATH = /^\/[^/]+\/service\/cc\/arm(\/|$)/;

export const armView: ViewDescriptor = {
  name: 'arm',
  tag: { name: 'arm', description: 'ELTEX ECSS-10 operator workstation (ARM): XML over HTTP and WebSocket (/{domain}/service/cc/arm)' },
  paths: () => (path) => PATH.test(path),
  credentials: {
    switchable: false,
    schemes: { armSession: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The session of the login command (its Set-Cookie)' } },
  },
  // Read by the view itself for now (index.ts): any content type, as XML.
  bodies: [],
  render: renderArmError,
  register: (app, { simulation }) => armXmlPlugin(app, { simulation }),
  errorProblems(r) {
    const problems: string[] = [];
    if (!/^text\/xml/.test(r.contentType)) problems.push(`content type ${r.contentType}, not text/xml`);
    if (!/^<out[ >][\s\S]*<error type="[a-z_]+" reason="[^"]*"\/><\/out>$/.test(r.body)) problems.push(`body is not an ECSS <out><error/></out>: ${r.body.slice(0, 200)}`);
    if (r.status >= 500) problems.push(`status ${r.status}`);
    return problems;
  },
};
