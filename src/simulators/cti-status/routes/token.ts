/**
 * API Fabric's token route, the Huawei client's token mode: POST /apigovernance/api/oauth/tokenByAkSk
 * `{"app_key","app_secret"}` (the scenario's access_key and secret_key) → `{"AccessToken","expiresIn"}`,
 * the token then sent as `Authorization: Bearer <AccessToken>` with `X-APP-Key: <app_key>`. The route
 * itself needs no credentials. Wrong keys are a 401 in CC-CMS's format.
 */
import type { FastifyInstance } from 'fastify';
import type { TokenResponse } from '../../../generated/cti-status/cti-status.js';
import type { HuaweiAdapter } from '../adapter.js';
import { unauthorized } from '../errors.js';
import { tokenRequest } from '../params.js';
import { TOKEN_PATH } from '../paths.js';
import { docs } from '../schema.js';

export async function tokenRoutes(app: FastifyInstance, { adapter }: { adapter: HuaweiAdapter }): Promise<void> {
  app.post(TOKEN_PATH, docs('API Fabric: an access token for the app key and secret (the scenario\'s access_key and secret_key), for Bearer with X-APP-Key', 'TokenRequest', []), async (req): Promise<TokenResponse> => {
    const { t } = adapter.ensure();
    const { app_key, app_secret } = tokenRequest(req.body);
    const s = adapter.settings;
    if (app_key !== s.access_key || app_secret !== s.secret_key) throw unauthorized('unknown app_key or wrong app_secret');
    return { AccessToken: adapter.tokens.issue(app_key, t, s.token_ttl_seconds), expiresIn: s.token_ttl_seconds };
  });
}
