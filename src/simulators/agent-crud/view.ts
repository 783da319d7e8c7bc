/**
 * The agent CRUD service (features.callcenterservice) as the front door sees it (shared/view.ts): its
 * prefix (a setting of the scenario, `/api` by default, read when the server starts), JSON bodies, and
 * ASP.NET problem details. The routes are in index.ts and routes/, the view's own state in adapter.ts.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ViewDescriptor } from '../shared/view.js';
import { agentCrudPlugin } from './index.js';
import { renderProblem } from './problems.js';
import { readSettings } from './settings.js';

const quiet = { warn() {}, error() {}, info() {}, debug() {}, trace() {}, fatal() {}, child: () => quiet } as unknown as FastifyBaseLogger;

export const agentCrudView: ViewDescriptor = {
  name: 'agent-crud',
  tag: { name: 'agent-crud', description: 'The call-center service (features.callcenterservice): agents, queues, call sessions, calls (/api)' },
  paths(simulation) {
    const prefix = readSettings(simulation.scenario.apis, quiet).prefix;
    return (path) => path === prefix || path.startsWith(`${prefix}/`);
  },
  // Read by the view itself for now (body.ts): JSON only.
  bodies: [],
  render: renderProblem,
  register: (app, { simulation }) => agentCrudPlugin(app, { simulation }),
  errorProblems(r) {
    const problems: string[] = [];
    if (!/^application\/problem\+json/.test(r.contentType)) problems.push(`content type ${r.contentType}, not application/problem+json`);
    try {
      const b = JSON.parse(r.body);
      if (typeof b?.type !== 'string' || typeof b?.title !== 'string' || b?.status !== r.status) problems.push(`body is not problem details {type, title, status}: ${r.body.slice(0, 200)}`);
    } catch {
      problems.push(`body is not JSON: ${r.body.slice(0, 200)}`);
    }
    if (r.status < 400 || r.status >= 500) problems.push(`status ${r.status}, not a 4xx`);
    return problems;
  },
};
