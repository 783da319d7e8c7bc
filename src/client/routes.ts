/**
 * Every /__admin route the client calls, by the name of the client's method: its HTTP method and path
 * (parameters as `{name}`, as OpenAPI writes them). The client makes every request through this table,
 * and a test checks it against the server's route table, so a route added to /__admin without a client
 * method fails the build.
 */
export const ADMIN_ROUTES = {
  health: ['GET', '/health'],
  reset: ['POST', '/reset'],
  clock: ['GET', '/clock'],
  setClock: ['PUT', '/clock'],
  advance: ['POST', '/clock/advance'],
  runUntil: ['POST', '/clock/run-until'],
  scenario: ['GET', '/scenario'],
  loadScenario: ['PUT', '/scenario'],
  events: ['GET', '/events'],
  stream: ['GET', '/events/stream'],
  kpis: ['GET', '/kpis'],
  injectCall: ['POST', '/calls'],
  setAgentStatus: ['POST', '/agents/{id}/status'],
  requestRest: ['POST', '/agents/{id}/rest'],
  cancelRest: ['DELETE', '/agents/{id}/rest'],
  rest: ['GET', '/rest'],
  state: ['GET', '/state'],
  requests: ['GET', '/requests'],
  clearRequests: ['DELETE', '/requests'],
  unmatchedRequests: ['GET', '/requests/unmatched'],
  request: ['GET', '/requests/{id}'],
  countRequests: ['POST', '/requests/count'],
  findRequests: ['POST', '/requests/find'],
  verify: ['POST', '/requests/verify'],
  waitForRequests: ['POST', '/requests/wait'],
  faults: ['GET', '/faults'],
  addFault: ['POST', '/faults'],
  clearFaults: ['DELETE', '/faults'],
  fault: ['GET', '/faults/{id}'],
  removeFault: ['DELETE', '/faults/{id}'],
  recording: ['GET', '/recording'],
  loadRecording: ['PUT', '/recording'],
  snapshots: ['GET', '/snapshots'],
  takeSnapshot: ['POST', '/snapshots'],
  exportSnapshot: ['GET', '/snapshots/{name}'],
  importSnapshot: ['PUT', '/snapshots/{name}'],
  deleteSnapshot: ['DELETE', '/snapshots/{name}'],
  restoreSnapshot: ['POST', '/snapshots/{name}/restore'],
} as const satisfies Record<string, readonly ['GET' | 'POST' | 'PUT' | 'DELETE', string]>;

export type AdminRouteName = keyof typeof ADMIN_ROUTES;
