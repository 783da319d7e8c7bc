/**
 * A replay's WebSocket client, in process: the recorded upgrade request is handed to the server's
 * `upgrade` listeners (as @fastify/websocket's own injectWS does) over a pair of in-memory streams, so it
 * passes the door and the view like a client's; frames go in as a client writes them (masked, RFC 6455
 * §5.2) and whatever the server writes back is read and dropped: what the server sends is taken where it
 * is sent (tap.ts). No port is opened.
 */
import { Duplex, PassThrough } from 'node:stream';
import type { Server } from 'node:http';

export class ReplaySocket {
  private readonly toServer = new PassThrough();
  private readonly toClient = new PassThrough();
  private readonly side: Duplex;
  /** Nothing more is written (the client closed). */
  private ended = false;
  private destroyed = false;

  constructor(server: Server, url: string, headers: Record<string, string | string[]>) {
    const side = Duplex.from({ readable: this.toServer, writable: this.toClient }) as Duplex & { destroySoon?: () => void };
    // Node's sockets have it; a view that answers an upgrade it does not take ends the socket with it.
    side.destroySoon = () => side.end();
    side.on('error', () => {});
    this.side = side;
    this.toClient.resume();
    const request = { method: 'GET', url, httpVersion: '1.1', headers, socket: side, connection: side };
    server.emit('upgrade', request, side, Buffer.alloc(0));
  }

  send(data: Buffer, binary: boolean): void {
    this.write(binary ? 0x2 : 0x1, data);
  }

  /** A close frame with `code` (none for 1005), or the socket simply dropped (1006). */
  close(code: number, reason: string): void {
    if (code === 1006) return this.destroy();
    const payload = code === 1005 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([code >> 8, code & 0xff]), Buffer.from(reason, 'utf8')]);
    this.write(0x8, payload);
    // Nothing more from this client: the server answers the close and ends its side without waiting for one.
    this.ended = true;
    this.toServer.end();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = this.ended = true;
    this.side.destroy();
  }

  private write(opcode: number, payload: Buffer): void {
    if (this.ended) return;
    const n = payload.length;
    const head = n < 126 ? Buffer.from([0x80 | opcode, 0x80 | n]) : n < 65_536 ? Buffer.from([0x80 | opcode, 0x80 | 126, n >> 8, n & 0xff]) : Buffer.alloc(10);
    if (n >= 65_536) {
      head[0] = 0x80 | opcode;
      head[1] = 0x80 | 127;
      head.writeBigUInt64BE(BigInt(n), 2);
    }
    // A zero mask key: the payload goes as it is, and the frame is still a masked client frame.
    this.toServer.write(Buffer.concat([head, Buffer.alloc(4), payload]));
  }
}
