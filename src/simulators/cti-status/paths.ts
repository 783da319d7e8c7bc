/**
 * Where the Huawei view is: CC-CMS's monitoring openapi under /rest/cmsapp/v1/openapi, the interfaces it
 * serves there (all POST), and API Fabric's token route under /apigovernance, which the Huawei client's
 * token mode calls first. Both prefixes are the view's, so an unknown route or a router error under
 * either is answered in CC-CMS's format.
 */
export const CMS_PREFIX = '/rest/cmsapp/v1/openapi';
export const APIGOVERNANCE_PREFIX = '/apigovernance';
export const TOKEN_PATH = `${APIGOVERNANCE_PREFIX}/api/oauth/tokenByAkSk`;

/** The CC-CMS interfaces served, under CMS_PREFIX. */
export const CMS_PATHS = ['/agentgroup/agentbyconfigedskill', '/agentgroup/agentbyworkno', '/agentgroup/agentrestinfo', '/querymonitor/systemstate', '/skill/agentbyconfigedskill'] as const;

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/** Whether a path (without its query) is the view's. */
export function ownsPath(path: string): boolean {
  return under(path, CMS_PREFIX) || under(path, APIGOVERNANCE_PREFIX);
}

/** Whether a path (without its query; trailing slashes aside) is one the view serves with POST. */
export function servedPath(path: string): boolean {
  const bare = path.replace(/\/+$/, '');
  if (bare === TOKEN_PATH) return true;
  return bare.startsWith(`${CMS_PREFIX}/`) && (CMS_PATHS as readonly string[]).includes(bare.slice(CMS_PREFIX.length));
}
