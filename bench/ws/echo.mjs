// The peer of bench:ws: a plain `ws` server that sends every message straight back.
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: Number(process.argv[2]), host: '127.0.0.1' });
wss.on('connection', (s) => s.on('message', (data, isBinary) => s.send(data, { binary: isBinary })));
