// The peers of bench:http, each in its own process so that it gets a core of its own like ccsim:
//   node peers.mjs bare PORT BODIES.json      a bare Fastify route per path, returning the recorded JSON
// WireMock is started by run.mjs directly (java -jar) with mappings it writes.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const [kind, port, bodiesFile] = process.argv.slice(2);
if (kind !== 'bare') throw new Error(`unknown peer ${kind}`);
const bodies = JSON.parse(readFileSync(bodiesFile, 'utf8'));
const app = Fastify({ logger: false });
for (const [path, body] of Object.entries(bodies)) {
  const text = JSON.stringify(body);
  app.get(path, async (_req, reply) => reply.type('application/json; charset=utf-8').send(text));
}
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.send?.('ready');
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
