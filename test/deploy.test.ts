/**
 * deploy/ (issue 21 §4) agrees with the server it deploys: every CCSIM_* variable and flag the manifests
 * set is one `ccsim serve --help` lists and `ccsim serve` accepts with that value; the ports agree from
 * the container to the Services and to Envoy's listener and cluster; the probes' and Envoy's health path
 * is one ccsim serves (200); and Envoy's routes, read as Envoy reads them, send every way of naming a
 * tenant to the same hash key as the tenant ccsim itself would choose, so one tenant lives on one replica.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { parseAllDocuments, parse } from 'yaml';
import { main, serveOptions } from '../src/command-line.js';
import { SWITCHABLE_AUTH } from '../src/simulators/registry.js';
import { chooseTenant } from '../src/tenants/choice.js';
import { buildFront } from '../src/server.js';
import { ScenarioSource, resolveScenario } from '../src/scenarios/load-scenario.js';

const DEPLOY = new URL('../deploy/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, DEPLOY), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;
const docs = (name: string): Doc[] => parseAllDocuments(read(name)).map((d) => {
  if (d.errors.length > 0) throw new Error(`${name}: ${d.errors[0].message}`);
  return d.toJS();
});
const kind = (list: Doc[], k: string, name: string) => list.find((d) => d.kind === k && d.metadata?.name === name);

const kustomization = parse(read('kustomization.yaml'));
const ccsim = docs('ccsim.yaml');
const proxy = docs('proxy.yaml');
const envoy = parse(read('envoy.yaml'));
const deployment = kind(ccsim, 'Deployment', 'ccsim');
const container = deployment.spec.template.spec.containers[0];

async function help(): Promise<string> {
  let out = '';
  await main(['serve', '--help'], { out: (s) => void (out += s), err: (s) => void (out += s) });
  return out;
}

t.test('the kustomization lists every manifest and makes the proxy configuration from envoy.yaml', async (t) => {
  t.same(kustomization.resources, ['namespace.yaml', 'ccsim.yaml', 'proxy.yaml']);
  t.equal(kustomization.namespace, 'ci');
  t.same(docs('namespace.yaml')[0], { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ci' } });
  const generated = kustomization.configMapGenerator.find((g: Doc) => g.files.includes('envoy.yaml'));
  const volume = kind(proxy, 'Deployment', 'ccsim-proxy').spec.template.spec.volumes.find((v: Doc) => v.configMap);
  t.equal(volume.configMap.name, generated.name, "the proxy mounts the generated ConfigMap (kustomize adds its hash to both)");
  const envoyContainer = kind(proxy, 'Deployment', 'ccsim-proxy').spec.template.spec.containers[0];
  const mount = envoyContainer.volumeMounts.find((m: Doc) => m.name === volume.name);
  t.equal(`${mount.mountPath}/envoy.yaml`, envoyContainer.args[envoyContainer.args.indexOf('-c') + 1], 'Envoy reads the mounted file');
});

t.test("every variable and flag the manifests set is ccsim serve's, with a value it accepts", async (t) => {
  const usage = await help();
  const env: Record<string, string> = {};
  for (const e of container.env as { name: string; value: string }[]) {
    t.match(e.name, /^CCSIM_[A-Z_]+$/, `${e.name}: a ccsim variable`);
    t.ok(usage.includes(e.name), `${e.name} is in ccsim serve --help`);
    t.type(e.value, 'string', `${e.name} has a literal value`);
    env[e.name] = e.value;
  }
  t.same(container.args, ['serve'], 'the image runs ccsim serve');
  for (const a of container.args.slice(1)) if (a.startsWith('--')) t.ok(usage.includes(a.split('=')[0]), `${a} is in ccsim serve --help`);
  const options = serveOptions(container.args.slice(1), env, SWITCHABLE_AUTH);
  t.match(options, { port: 8080, host: '0.0.0.0', clock: 'realtime', maxTenants: 64, tenantIdleSeconds: 1800, tenantDomains: ['ccsim.ci.svc', 'ccsim.ci.svc.cluster.local'] }, 'ccsim serve reads them');
  t.ok(deployment.spec.template.spec.terminationGracePeriodSeconds > 5, 'the grace period is longer than ccsim takes to stop (5 s)');
});

t.test('the ports agree, from the container to the Services and Envoy', async (t) => {
  const port = Number((container.env as { name: string; value: string }[]).find((e) => e.name === 'CCSIM_PORT')?.value);
  const named = (c: Doc, name: string) => c.ports.find((p: Doc) => p.name === name).containerPort;
  t.equal(named(container, 'http'), port, 'the container port is CCSIM_PORT');
  for (const probe of [container.readinessProbe, container.livenessProbe]) t.equal(probe.httpGet.port, 'http', 'the probes use it');
  const replicas = kind(ccsim, 'Service', 'ccsim-replicas');
  t.equal(replicas.spec.clusterIP, 'None', 'the replicas Service is headless: its name lists every replica');
  t.same(replicas.spec.selector, deployment.spec.template.metadata.labels, 'and selects the replicas');
  t.equal(replicas.spec.ports[0].targetPort, 'http');
  const cluster = envoy.static_resources.clusters.find((c: Doc) => c.name === 'ccsim');
  const endpoint = cluster.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address;
  t.equal(endpoint.address, `${replicas.metadata.name}.${kustomization.namespace}.svc.cluster.local`, "Envoy resolves the headless Service's name");
  t.equal(endpoint.port_value, port, "at ccsim's port");
  t.equal(cluster.type, 'STRICT_DNS', 'every address of that name is an endpoint');
  t.equal(cluster.lb_policy, 'RING_HASH', 'chosen by a consistent hash');
  const listener = envoy.static_resources.listeners[0].address.socket_address.port_value;
  const envoyDeployment = kind(proxy, 'Deployment', 'ccsim-proxy');
  t.equal(named(envoyDeployment.spec.template.spec.containers[0], 'http'), listener, "the proxy's container port is Envoy's listener");
  const front = kind(proxy, 'Service', 'ccsim');
  t.same(front.spec.selector, envoyDeployment.spec.template.metadata.labels, 'the ccsim Service selects the proxy');
  t.equal(front.spec.ports[0].targetPort, 'http');
});

t.test('the health path the probes and Envoy use is one ccsim serves', async (t) => {
  const paths = new Set([container.readinessProbe.httpGet.path, container.livenessProbe.httpGet.path, envoy.static_resources.clusters[0].health_checks[0].http_health_check.path]);
  t.same([...paths], ['/__admin/health']);
  const options = serveOptions([], Object.fromEntries((container.env as { name: string; value: string }[]).map((e) => [e.name, e.value])), SWITCHABLE_AUTH);
  const front = await buildFront({ ...options, logLevel: 'silent' }, resolveScenario(ScenarioSource.fromFile(options.file)), false);
  t.teardown(() => front.tenants.closeAll());
  const r = await front.inject({ url: '/__admin/health' });
  t.equal(r.statusCode, 200, 'GET /__admin/health answers 200');
});

/** Envoy's route for a request, as its route table reads it (first match), and the hash key its policy makes. */
function envoyKey(request: { path: string; headers: Record<string, string> }): { route: string; key: string | null } {
  const hcm = envoy.static_resources.listeners[0].filter_chains[0].filters[0].typed_config;
  const routes = hcm.route_config.virtual_hosts[0].routes as Doc[];
  const pathOnly = request.path.split('?')[0];
  const header = (name: string) => (name === ':path' ? request.path : request.headers[name]);
  const full = (re: string, s: string) => new RegExp(`^(?:${re})$`).test(s);
  for (const r of routes) {
    const m = r.match;
    if (m.prefix !== undefined && !pathOnly.startsWith(m.prefix)) continue;
    if (m.safe_regex && !full(m.safe_regex.regex, pathOnly)) continue;
    const headersMatch = (m.headers ?? []).every((h: Doc) => {
      const v = header(h.name);
      if (h.present_match) return v !== undefined;
      return v !== undefined && full(h.string_match.safe_regex.regex, v);
    });
    if (!headersMatch) continue;
    const p = r.route.hash_policy[0].header;
    const value = header(p.header_name);
    if (value === undefined) return { route: r.name, key: null };
    // RE2's regex_rewrite: the first match of the pattern replaced by the substitution (\1 a group).
    const key = p.regex_rewrite ? value.replace(new RegExp(p.regex_rewrite.pattern.regex), p.regex_rewrite.substitution.replace(/\\(\d)/g, '$$$1')) : value;
    return { route: r.name, key };
  }
  return { route: 'none', key: null };
}

t.test("Envoy hashes every way of naming a tenant to the tenant ccsim chooses, and the WebSocket passes", async (t) => {
  const domains = serveOptions([], Object.fromEntries((container.env as { name: string; value: string }[]).map((e) => [e.name, e.value])), SWITCHABLE_AUTH).tenantDomains ?? [];
  const cases: [string, string, Record<string, string>][] = [
    ['header', '/api/agents', { 'x-ccsim-tenant': 'team-a', ':authority': 'ccsim.ci.svc:8080' }],
    ['path', '/__t/team-a/api/ver1.0/client/@me/agent/?x=1', { ':authority': 'ccsim.ci.svc:8080' }],
    ['path alone', '/__t/team-a', { ':authority': 'ccsim.ci.svc:8080' }],
    ['path, the ARM WebSocket', '/__t/team-a/ccsim.local/service/cc/arm', { ':authority': 'ccsim.ci.svc:8080' }],
    ['host', '/cdr_dialog?limit=1', { ':authority': 'team-a.ccsim.ci.svc:8080' }],
    ['host, in full', '/cdr_dialog', { ':authority': 'team-a.ccsim.ci.svc.cluster.local' }],
    ['header and path alike', '/__t/team-a/api/agents', { 'x-ccsim-tenant': 'team-a', ':authority': 'ccsim.ci.svc' }],
    ['none', '/api/agents', { ':authority': 'ccsim.ci.svc:8080' }],
    ['none, another path', '/__admin/health', { ':authority': '10.0.0.7:8080' }],
  ];
  for (const [name, path, headers] of cases) {
    const ccsimHeaders: Record<string, string> = { host: headers[':authority'] };
    if (headers['x-ccsim-tenant']) ccsimHeaders['x-ccsim-tenant'] = headers['x-ccsim-tenant'];
    const chosen = chooseTenant({ url: path, headers: ccsimHeaders }, domains);
    t.ok('id' in chosen, `${name}: ccsim reads a tenant`);
    const { route, key } = envoyKey({ path, headers });
    t.equal(key, 'id' in chosen ? chosen.id : undefined, `${name}: Envoy's route ${route} hashes '${key}', the tenant ccsim chooses`);
  }
  const hcm = envoy.static_resources.listeners[0].filter_chains[0].filters[0].typed_config;
  t.same(hcm.upgrade_configs, [{ upgrade_type: 'websocket' }], 'WebSocket upgrades pass through');
  t.ok(hcm.route_config.virtual_hosts[0].routes.every((r: Doc) => r.route.timeout === '0s'), 'no route times out an event stream or a long poll');
});
