/**
 * Where the Huawei view is: CC-CMS under /rest/cmsapp (its openapi under v1/openapi, the newer querycalls
 * under v2/openapi, ping and the daily statistics beside them), the log upload of section 4.8, and API
 * Fabric's token route under /apigovernance, which the Huawei client's token mode calls first. All of it
 * is the view's, so an unknown route, an interface ccsim does not simulate or a router error there is
 * answered in CC-CMS's format. Which interfaces are served is catalogue.ts's.
 */
import { SERVED } from './catalogue.js';

export const CMS_ROOT = '/rest/cmsapp';
export const CMS_PREFIX = '/rest/cmsapp/v1/openapi';
export const CMS_V2_PREFIX = '/rest/cmsapp/v2/openapi';
export const APIGOVERNANCE_PREFIX = '/apigovernance';
export const TOKEN_PATH = `${APIGOVERNANCE_PREFIX}/api/oauth/tokenByAkSk`;
/** Section 4.8's log upload, under a service name of the deployment's. */
const LOG_UPLOAD = /^\/rest\/[^/]+\/v1\/ClientLog\/uploadClientLog\/*$/;

/** The CC-CMS interfaces served (all POST), full paths. */
export const CMS_PATHS: readonly string[] = SERVED.map((x) => x.path);

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/** Whether a path (without its query) is the view's. */
export function ownsPath(path: string): boolean {
  return under(path, CMS_ROOT) || under(path, APIGOVERNANCE_PREFIX) || LOG_UPLOAD.test(path);
}

/** Whether a path (without its query; trailing slashes aside) is one the view serves with POST. */
export function servedPath(path: string): boolean {
  const bare = path.replace(/\/+$/, '');
  return bare === TOKEN_PATH || CMS_PATHS.includes(bare);
}
