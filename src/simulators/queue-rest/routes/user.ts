/** GET /api/ver1.0/user: who the token belongs to (an application of this client). */
import type { FastifyInstance } from 'fastify';
import type { User } from '../../../generated/queue-rest/queue-rest.js';
import { ref } from '../schema.js';
import { errors, tags, type RouteOptions } from './common.js';

export async function userRoutes(app: FastifyInstance, { adapter }: RouteOptions): Promise<void> {
  app.get('/user', { schema: { tags, summary: 'Telphin: the logged-in user', response: { 200: ref('User'), ...errors } } }, async (): Promise<User> => {
    const s = adapter.settings;
    return { id: 1, login: s.login, client_id: s.account_id, extension_id: null, extension_group_id: null, admin: true, access: 'full', dealer_id: null, timezone: s.timezone };
  });
}
