// The peers of bench:http, each in its own process so that it gets a core of its own like ccsim:
//   node peers.mjs bare PORT BODIES.json      a bare Fastify route per path, returning the recorded JSON
// WireMock is started by run.mjs directly (java -jar) with mappings it writes.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const [kind, port, bodiesFile] = process.argv.slice(2);
if (kind !== 'bare') throw new Error(`unknown peer ${kind}`);
const bodies = JSON.parse(readFileSync(bodiesFile, 'utf8'));
const app = Fastify({ logger: false });
// The idiomatic bare route: the handler returns the object and Fastify serialises it per request.
// (Sending a pre-serialised string would be a static stub: that is WireMock's place in the comparison.)
for (const [path, body] of Object.entries(bodies)) app.get(path, async () => body);
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.send?.('ready');
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
