/**
 * The ARM WebSocket frame codec (docs/vendors.md §3): pure functions from bytes to a request frame and from a
 * reply or event to bytes. A request is `01`, the XML body's length in UTF-8 bytes as 10 zero-padded
 * digits, a 4-digit correlation id, the command name, then the XML; a reply puts a 3-digit status where the
 * request had the command name; a pushed event carries id `0000` and its event name. It knows nothing of
 * commands, sessions or the world: what a frame means is session.ts's business.
 */

export const VERSION = '01';
/** The correlation id of frames the server sends on its own (events). */
export const EVENT_ID = '0000';
/**
 * How far the declared length may be off the real byte count before the frame is refused: the vendor's
 * own examples are copy-pasted with lengths a few bytes off (call_hold and call_unhold both say 185).
 */
export const LENGTH_TOLERANCE = 8;

const HEADER_BYTES = 16; // version 2 + length 10 + id 4
const COMMAND_RE = /^[a-z][a-z0-9_]{0,63}/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface RequestFrame {
  id: string;
  command: string;
  xml: string;
  /** The body's length in UTF-8 bytes (what the header should have said). */
  bytes: number;
}

/** Why a frame cannot be served. With `id` null the peer cannot be answered: close the socket (1002). */
export interface FrameError {
  id: string | null;
  status: number;
  reason: string;
}

export type Decoded = { ok: true; frame: RequestFrame } | ({ ok: false } & FrameError);

const isDigits = (b: Buffer, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) if (b[i] < 0x30 || b[i] > 0x39) return false;
  return true;
};

/** Reads one request frame (a whole WebSocket message). `maxBody` caps the XML body in bytes. */
export function decodeRequest(data: Buffer, maxBody: number): Decoded {
  if (data.length < HEADER_BYTES || !isDigits(data, 12, 16)) {
    return { ok: false, id: null, status: 400, reason: `frame header unreadable: expected 01, a 10-digit length and a 4-digit correlation id, got ${JSON.stringify(data.subarray(0, HEADER_BYTES).toString('latin1'))}` };
  }
  const id = data.toString('latin1', 12, 16);
  const fail = (status: number, reason: string): Decoded => ({ ok: false, id, status, reason });
  const version = data.toString('latin1', 0, 2);
  if (version !== VERSION) return fail(400, `unsupported frame version ${JSON.stringify(version)}; expected 01`);
  if (!isDigits(data, 2, 12)) return fail(400, `frame length ${JSON.stringify(data.toString('latin1', 2, 12))} is not 10 digits`);
  const declared = Number(data.toString('latin1', 2, 12));
  // The command name is ASCII; the body starts at the first '<' after it.
  const rest = data.toString('latin1', HEADER_BYTES, Math.min(data.length, HEADER_BYTES + 65));
  const name = COMMAND_RE.exec(rest);
  if (!name) return fail(400, 'frame has no command name after the correlation id');
  const command = name[0];
  const bodyStart = HEADER_BYTES + command.length;
  const bytes = data.length - bodyStart;
  if (bytes > maxBody || declared > maxBody) return fail(413, `body of ${Math.max(bytes, declared)} bytes is over the ${maxBody}-byte limit`);
  if (bytes === 0 || data[bodyStart] !== 0x3c) return fail(400, `command name ${JSON.stringify(command)} must be followed by the XML body`);
  if (bytes + LENGTH_TOLERANCE < declared) return fail(400, `frame truncated: header says ${declared} bytes, body has ${bytes}`);
  if (bytes > declared + LENGTH_TOLERANCE) return fail(400, `wrong length: header says ${declared} bytes, body has ${bytes}`);
  let xml: string;
  try {
    xml = utf8.decode(data.subarray(bodyStart));
  } catch {
    return fail(400, 'body is not valid UTF-8');
  }
  return { ok: true, frame: { id, command, xml, bytes } };
}

function header(id: string, bodyBytes: number): string {
  return `${VERSION}${String(bodyBytes).padStart(10, '0')}${id}`;
}

/** A reply to request `id`: status 200 for an answer, others for an error (the XML says which). */
export function encodeReply(id: string, status: number, xml: string): string {
  if (!/^\d{4}$/.test(id)) throw new RangeError(`correlation id must be 4 digits: ${id}`);
  if (!(Number.isInteger(status) && status >= 100 && status <= 999)) throw new RangeError(`status must be 3 digits: ${status}`);
  return `${header(id, Buffer.byteLength(xml, 'utf8'))}${status}${xml}`;
}

/** encodeReply for a body already in UTF-8 bytes (a cached answer): the same frame, as bytes. */
export function encodeReplyBytes(id: string, status: number, body: Buffer): Buffer {
  if (!/^\d{4}$/.test(id)) throw new RangeError(`correlation id must be 4 digits: ${id}`);
  if (!(Number.isInteger(status) && status >= 100 && status <= 999)) throw new RangeError(`status must be 3 digits: ${status}`);
  const head = Buffer.from(`${header(id, body.length)}${status}`, 'latin1');
  return Buffer.concat([head, body], head.length + body.length);
}

/** An event the server pushes: correlation id 0000 and the event's name where a request has its command. */
export function encodeEvent(name: string, xml: string): string {
  if (!COMMAND_RE.test(name)) throw new RangeError(`bad event name ${name}`);
  return `${header(EVENT_ID, Buffer.byteLength(xml, 'utf8'))}${name}${xml}`;
}

/** A request frame, as a client sends it (tests, the bench). */
export function encodeRequest(id: string, command: string, xml: string): string {
  return `${header(id, Buffer.byteLength(xml, 'utf8'))}${command}${xml}`;
}

/** Reads a frame the server sent: a reply (`status`) or an event (`event`). For clients and tests. */
export function decodeServerFrame(text: string): { id: string; status: number | null; event: string | null; xml: string; declared: number } | null {
  const m = /^01(\d{10})(\d{4})(?:(\d{3})|([a-z][a-z0-9_]*))(?=<)/.exec(text);
  if (!m) return null;
  const xml = text.slice(m[0].length);
  return { id: m[2], status: m[3] ? Number(m[3]) : null, event: m[4] ?? null, xml, declared: Number(m[1]) };
}

/** The most a WebSocket close reason may hold, in UTF-8 bytes (RFC 6455 §5.5: 125-byte payload less the code). */
export const CLOSE_REASON_BYTES = 123;

/**
 * A close reason ws accepts: at most 123 UTF-8 bytes, cut on a character boundary (ws throws on a longer
 * one, which would turn a refusal into an internal error or a dropped connection). Every close reason the
 * ARM view builds goes through here.
 */
export function closeReason(reason: string): string {
  if (Buffer.byteLength(reason) <= CLOSE_REASON_BYTES) return reason;
  let out = '';
  let bytes = 0;
  const ellipsis = '…'; // 3 bytes
  for (const ch of reason) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > CLOSE_REASON_BYTES - Buffer.byteLength(ellipsis)) break;
    out += ch;
    bytes += n;
  }
  return out + ellipsis;
}
