/** A local HTTP receiver for event deliveries (127.0.0.1, a free port), recording every request. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  contentType: string | undefined;
  /** The delivered fields: the query string for GET, the form body for POST. */
  fields: Record<string, string>;
  query: Record<string, string>;
  body: string;
}

export interface Receiver {
  url: string;
  got: Received[];
  /** Resolves once `n` deliveries arrived in all (rejects after `ms`). */
  waitFor(n: number, ms?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function receiver(options: { hang?: boolean; status?: number } = {}): Promise<Receiver> {
  const got: Received[] = [];
  let waiters: (() => void)[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const query = Object.fromEntries(u.searchParams);
      const form = req.method === 'POST' ? Object.fromEntries(new URLSearchParams(body)) : {};
      got.push({ method: req.method ?? '', path: u.pathname, contentType: req.headers['content-type'], fields: req.method === 'GET' ? query : form, query, body });
      const w = waiters;
      waiters = [];
      for (const f of w) f();
      if (options.hang) return; // never answers
      res.statusCode = options.status ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    got,
    waitFor: (n, ms = 5000) =>
      new Promise((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`${got.length} of ${n} deliveries after ${ms} ms: ${JSON.stringify(got.map((g) => g.path))}`)), ms);
        const check = () => {
          if (got.length >= n) {
            clearTimeout(deadline);
            resolve(got.slice());
          } else waiters.push(check);
        };
        check();
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nobody listens on. */
export async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}
