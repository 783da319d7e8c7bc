/**
 * /__admin/tenants: the tenants of the process (src/tenants): list them, make one with its own scenario,
 * seed, clock and speed (PUT; the same again is a 200, other settings for one that exists a 409), delete
 * one (its app closed; the default tenant cannot be). The front hands these routes to the default
 * tenant's app whichever tenant a request chose, so they answer the same for every tenant and never make
 * one by being asked. It parses and renders; tenants.ts does the rest. Served only by an app that has
 * tenants (`ccsim serve`); a lone app (`ccsim replay`, tests) has none.
 */
import type { FastifyInstance } from 'fastify';
import type { TenantCreate } from '../generated/admin/admin.js';
import type { TenantsControl } from '../tenants/tenants.js';
import { errors, ref, tags } from './recording.js';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 100 } } };

export async function tenantRoutes(app: FastifyInstance, { tenants }: { tenants: TenantsControl }): Promise<void> {
  app.get('/tenants', { schema: { tags, summary: 'The tenants of this process: isolated worlds, chosen by host, X-Ccsim-Tenant or /__t/{id}/', response: { 200: ref('TenantList') } } }, async () => tenants.list());

  app.put<{ Params: { id: string }; Body: TenantCreate | undefined }>(
    '/tenants/:id',
    {
      schema: {
        tags,
        summary: "Make a tenant with its own scenario (of the server's file), seed, clock and speed; the server's where left out",
        params: idParams,
        body: ref('TenantCreate'),
        response: { 200: ref('TenantInfo'), 201: ref('TenantInfo'), ...errors, 503: ref('Error') },
      },
      // No body asks for the server's settings, as an empty object does.
      preValidation: async (req) => {
        req.body ??= {};
      },
    },
    async (req, reply) => {
      const { created, tenant } = await tenants.put(req.params.id, req.body as TenantCreate);
      return reply.code(created ? 201 : 200).send(tenant);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/tenants/:id',
    { schema: { tags, summary: 'Delete a tenant: its clock stops, its event streams end, its WebSockets close', params: idParams, response: { 204: { type: 'null' }, ...errors } } },
    async (req, reply) => {
      await tenants.remove(req.params.id);
      return reply.code(204).send();
    },
  );
}
