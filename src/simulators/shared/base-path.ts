/**
 * The path a request came through, when a tenant was chosen by a path prefix (`/__t/{tenant}/…`,
 * src/tenants/front.ts): the front strips the prefix before the tenant's app routes the request and says
 * what it stripped in the PREFIX_HEADER, which the front itself removes from what a client sends. What
 * ccsim answers with an absolute path of its own must keep that prefix, or a client that follows it lands
 * in another tenant; this is the one place that knows how. Headers are rewritten here for every view
 * (`Location`, a cookie's `Path`, /docs's page); a view that writes a link into a body (Telphin's
 * storage_url) or checks a signature over the path (Huawei) asks `basePath`/`originalUrl`. Being a
 * header, the prefix is recorded with the request, so a replay answers with the same links.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Set by the front on a request that named its tenant by path: the prefix it stripped (`/__t/team-a`). */
export const PREFIX_HEADER = 'x-ccsim-prefix';

/** A prefix as the front writes it: `/__t/` and a tenant id (a DNS label). */
const PREFIX = /^\/__t\/[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The prefix the request's path had before its tenant's app saw it, or '' (no prefix, or not one the front wrote). */
export function basePath(request: { headers: Record<string, string | string[] | undefined> }): string {
  const value = request.headers[PREFIX_HEADER];
  return typeof value === 'string' && PREFIX.test(value) ? value : '';
}

/** The URL as the client sent it: the prefix and the URL the app routes. */
export function originalUrl(request: FastifyRequest): string {
  return basePath(request) + request.url;
}

/**
 * Rewrites what an app sends of its own absolute paths when the request came through a prefix: a
 * `Location` that is a path, a `Set-Cookie` whose `Path` is one, and the links of /docs's page.
 */
export function keepBasePath(app: FastifyInstance): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    const base = basePath(request);
    if (base === '') return done(null, payload);
    const location = reply.getHeader('location');
    if (typeof location === 'string' && location.startsWith('/') && !location.startsWith('//')) reply.header('location', base + location);
    const cookies = reply.getHeader('set-cookie');
    if (cookies !== undefined) {
      const prefixed = (c: string) => c.replace(/(;\s*path=)(\/)/i, `$1${base}$2`);
      reply.header('set-cookie', Array.isArray(cookies) ? cookies.map((c) => prefixed(String(c))) : prefixed(String(cookies)));
    }
    // Swagger UI's page at /docs (no trailing slash) links its scripts and styles by absolute paths.
    if (typeof payload === 'string' && /^\/docs\/?(?:\?|$)/.test(request.url) && /^text\/html/.test(String(reply.getHeader('content-type')))) {
      return done(null, payload.replace(/((?:href|src)=")\/docs\//g, `$1${base}/docs/`));
    }
    done(null, payload);
  });
}

/**
 * The OpenAPI document as a request through a prefix sees it: its routes served under the prefix (so
 * /docs's "Try it out" stays in the tenant), and its descriptions' links to /docs under it too.
 */
export function specFor(spec: object, request: FastifyRequest): object {
  const base = basePath(request);
  if (base === '') return spec;
  const linked = JSON.parse(JSON.stringify(spec).replaceAll('](/docs/', `](${base}/docs/`)) as Record<string, unknown>;
  return { ...linked, servers: [{ url: base, description: `tenant ${base.slice('/__t/'.length)}` }] };
}
