/**
 * The APIs ccsim serves, one descriptor each (shared/view.ts). The app mounts them through the front door
 * in this order, which is also the order paths are matched in (Telphin's /api/ver1.0 before agent CRUD's
 * /api); `serve --auth`, OpenAPI's tags and security schemes, and the contract tests come from here. A
 * new upstream is one line here.
 */
import type { ViewDescriptor } from './shared/view.js';
import { telphinView } from './queue-rest/view.js';
import { agentCrudView } from './agent-crud/view.js';
import { huaweiView } from './cti-status/view.js';
import { armView } from './arm-xml/view.js';
import { conpeekView } from './cdr/view.js';

export const VIEWS: readonly ViewDescriptor[] = [telphinView, agentCrudView, huaweiView, armView, conpeekView];

/** The views whose credential checks `serve --auth` can turn off, by name. */
export const SWITCHABLE_AUTH: readonly string[] = VIEWS.filter((v) => v.credentials?.switchable).map((v) => v.name);
