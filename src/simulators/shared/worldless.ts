/**
 * The requests at the door that belong to no world: ccsim's own pages (/docs, /metrics, /wallboard), the
 * tenants' routes (the process's: src/tenants) and a liveness probe's GET /__admin/health. The journal, the recording and a clock move's
 * hold leave them alone; which of them each leaves alone is its own business.
 */
const OWN_PAGES = /^\/(?:docs|metrics|wallboard)(?:[/?]|$)/;
const TENANT_ROUTES = /^\/__admin\/tenants(?:[/?]|$)/;
const HEALTH = /^\/__admin\/health(?:\?|$)/;

/** /__admin/tenants[/…]: answered for the process whatever tenant a request chose. */
export function isTenantRoute(url: string): boolean {
  return TENANT_ROUTES.test(url);
}

/** ccsim's own pages, the tenants' routes, or GET /__admin/health. */
export function isWorldless(method: string, url: string): boolean {
  if (OWN_PAGES.test(url)) return true;
  if (!url.startsWith('/__admin/')) return false;
  return TENANT_ROUTES.test(url) || (method === 'GET' && HEALTH.test(url));
}
