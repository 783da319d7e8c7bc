/**
 * GET /wallboard: a live page of the call center for a screen on the wall (its queues with callers
 * waiting, the longest wait and a service level gauge; the agents as a grid by state with their time in
 * it; a ticker of events; the clock's controls in manual mode). ccsim serves its assets itself
 * (public/: a page, a script, a style sheet; nothing from elsewhere), so it works offline. The page holds
 * no state: it reads /__admin and follows its event stream from the browser, passing on an admin token
 * given in its URL (?token=), so it is served without one, as /docs is.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { basePath } from '../simulators/shared/base-path.js';
import { eventTypes } from '../run/event-file.js';

const file = (name: string) => readFileSync(new URL(`./public/${name}`, import.meta.url), 'utf8');

export async function wallboardPlugin(app: FastifyInstance): Promise<void> {
  const page = file('index.html');
  const script = file('board.js');
  const style = file('board.css');
  const types = JSON.stringify(eventTypes()).replace(/</g, '\\u003c');
  const hide = { schema: { hide: true } };
  // Links are absolute under the tenant's path prefix, if the page came through one (the browser's script
  // reads the prefix from its own location the same way).
  app.get('/wallboard', hide, async (request, reply) => {
    const base = basePath(request);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(page.replaceAll('{{base}}', base).replace('{{eventTypes}}', types));
  });
  app.get('/wallboard/board.js', hide, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(script));
  app.get('/wallboard/board.css', hide, async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(style));
}
