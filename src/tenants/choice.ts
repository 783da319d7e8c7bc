/**
 * Which tenant a request chose, read from what an unchanged client can set: the host's first DNS label
 * when the rest of the host is one of the server's tenant domains (`team-a.localhost:8080`), the
 * `X-Ccsim-Tenant` header, or a `/__t/{tenant}` prefix before the API's own path. None of them: the
 * default tenant. A tenant id is a DNS label; a bad one, or two ways naming different tenants, is a
 * problem the front answers with a 400 naming it. It reads the request and decides; it changes nothing.
 */

/** The id of the tenant a request that chooses none gets (today's server). */
export const DEFAULT_TENANT = 'default';

/** The header that names a tenant. */
export const TENANT_HEADER = 'x-ccsim-tenant';

/** The path prefix that names a tenant: `/__t/{tenant}` before any API's path. */
export const TENANT_PATH_PREFIX = '/__t/';

/** What the host's name is matched against by default (`--tenant-domains`). */
export const DEFAULT_TENANT_DOMAINS: readonly string[] = ['localhost'];

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const LABEL_TEXT = 'a DNS label: 1 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen';

/** Why `id` is no tenant id, or null when it is one. */
export function tenantIdProblem(id: string): string | null {
  return LABEL.test(id) ? null : `must be ${LABEL_TEXT}`;
}

export interface Choice {
  /** The tenant chosen (DEFAULT_TENANT when none was). */
  id: string;
  /** The URL the tenant's app routes: the request's, without a `/__t/{tenant}` prefix. */
  url: string;
  /** The prefix stripped (`/__t/team-a`), or '' when the tenant was not chosen by path. */
  prefix: string;
}

export interface ChoiceProblem {
  problem: string;
  /** The way that named the bad id or the conflict: host, x-ccsim-tenant or path. */
  field: string;
}

/** A host name of the tenant domains, and the names of them; checked once (`--tenant-domains`). */
export function domainProblem(domain: string): string | null {
  const labels = domain.split('.');
  return domain.length <= 253 && labels.every((l) => LABEL.test(l)) ? null : `'${domain}' is not a host name (DNS labels joined by dots, in lower case)`;
}

/** The tenant a request chose, or the problem with its choice. */
export function chooseTenant(request: { url?: string; headers: Record<string, string | string[] | undefined> }, domains: readonly string[]): Choice | ChoiceProblem {
  const named: { way: string; id: string }[] = [];
  let url = request.url ?? '/';
  let prefix = '';

  if (url.startsWith(TENANT_PATH_PREFIX) || url === TENANT_PATH_PREFIX.slice(0, -1) || url.startsWith(`${TENANT_PATH_PREFIX.slice(0, -1)}?`)) {
    const rest = url.slice(TENANT_PATH_PREFIX.length);
    const end = rest.search(/[/?#]/);
    const id = end < 0 ? rest : rest.slice(0, end);
    if (url.length < TENANT_PATH_PREFIX.length || tenantIdProblem(id)) return { problem: `the path prefix /__t/${id.slice(0, 80)} does not name a tenant: a tenant id ${tenantIdProblem(id) ?? 'is missing'}`, field: 'path' };
    prefix = `${TENANT_PATH_PREFIX}${id}`;
    const after = url.slice(prefix.length);
    url = after === '' ? '/' : after.startsWith('/') ? after : `/${after}`;
    named.push({ way: 'path', id });
  }

  const header = request.headers[TENANT_HEADER];
  if (header !== undefined) {
    const id = Array.isArray(header) ? header.join(', ') : header;
    const problem = tenantIdProblem(id);
    if (problem) return { problem: `the X-Ccsim-Tenant header '${id.slice(0, 80)}' ${problem}`, field: TENANT_HEADER };
    named.push({ way: TENANT_HEADER, id });
  }

  const host = hostName(request.headers.host);
  if (host !== null) {
    for (const domain of domains) {
      if (!host.endsWith(`.${domain}`)) continue;
      const label = host.slice(0, -domain.length - 1);
      // Only the first label names a tenant: team-a.localhost, not a.b.localhost (whose rest is no tenant domain).
      if (label.includes('.')) continue;
      const problem = tenantIdProblem(label);
      if (problem) return { problem: `the host '${host}' names the tenant '${label.slice(0, 80)}', which ${problem}`, field: 'host' };
      named.push({ way: 'host', id: label });
      break;
    }
  }

  const ids = new Set(named.map((n) => n.id));
  if (ids.size > 1) return { problem: `the request names two tenants: ${named.map((n) => `'${n.id}' by ${n.way === 'path' ? 'its path' : n.way === 'host' ? 'its host' : 'X-Ccsim-Tenant'}`).join(', ')}; name one`, field: named[1].way };
  return { id: named[0]?.id ?? DEFAULT_TENANT, url, prefix };
}

/** The host's name in lower case, without its port; null for none or an IP address (which chooses no tenant). */
function hostName(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string' || header === '' || header.startsWith('[')) return null;
  const name = header.replace(/:\d*$/, '').toLowerCase();
  if (/^[0-9.]+$/.test(name)) return null;
  return name.endsWith('.') ? name.slice(0, -1) : name;
}
