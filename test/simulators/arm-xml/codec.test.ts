/** The frame codec as tables: what each request frame decodes to, and how replies and events are framed. */
import t from 'tap';
import { decodeRequest, decodeServerFrame, encodeEvent, encodeReply, encodeRequest } from '../../../src/simulators/arm-xml/codec.js';

const SEED_BODY = '<in xmlns:xs="http://www.w3.org/2001/XMLSchema-instance" xs:noNamespaceSchemaLocation="operator_call_history.xsd"><request><filters limit="50"/></request></in>';
const MAX = 1024;

t.test('the seed\'s request frame', async (t) => {
  const frame = `0100000001590012operator_call_history${SEED_BODY}`;
  t.equal(Buffer.byteLength(SEED_BODY), 159, 'the seed\'s body is 159 bytes: the length counts the XML only');
  t.same(decodeRequest(Buffer.from(frame), MAX), { ok: true, frame: { id: '0012', command: 'operator_call_history', xml: SEED_BODY, bytes: 159 } });
  t.equal(encodeRequest('0012', 'operator_call_history', SEED_BODY), frame);
});

t.test('request frames: decoded or refused, with or without a readable correlation id', async (t) => {
  const body = '<in><request/></in>'; // 19 bytes
  const cyr = '<in><request reason="обед"/></in>'; // 4 Cyrillic letters, 2 bytes each
  const rows: [string, string | Buffer, Record<string, unknown>][] = [
    ['plain', `0100000000190001login${body}`, { ok: true, frame: { id: '0001', command: 'login', xml: body, bytes: 19 } }],
    ['length in UTF-8 bytes', `0100000000370002auxwork${cyr}`, { ok: true, frame: { id: '0002', command: 'auxwork', xml: cyr, bytes: 37 } }],
    ['a few bytes off is tolerated', `0100000000220003login${body}`, { ok: true, frame: { id: '0003', bytes: 19 } }],
    ['truncated', `0100000001000004login${body}`, { ok: false, id: '0004', status: 400, reason: /truncated: header says 100 bytes, body has 19/ }],
    ['too long for its length', `0100000000020005login${body}`, { ok: false, id: '0005', status: 400, reason: /wrong length: header says 2 bytes, body has 19/ }],
    ['length not digits', `01000000x0190006login${body}`, { ok: false, id: '0006', status: 400, reason: /not 10 digits/ }],
    ['wrong version', `0200000000190007login${body}`, { ok: false, id: '0007', status: 400, reason: /unsupported frame version "02"/ }],
    ['no command', `0100000000190008${body}`, { ok: false, id: '0008', status: 400, reason: /no command name/ }],
    ['no body', '0100000000000009login', { ok: false, id: '0009', status: 400, reason: /must be followed by the XML body/ }],
    ['text, not XML', '0100000000050010loginhello', { ok: false, id: '0010', status: 400, reason: /must be followed by the XML body/ }],
    ['bad UTF-8', Buffer.concat([Buffer.from('0100000000040011login<a'), Buffer.from([0xc3, 0x28])]), { ok: false, id: '0011', status: 400, reason: /not valid UTF-8/ }],
    ['declared over the cap', `0199999999990012login${body}`, { ok: false, id: '0012', status: 413, reason: /over the 1024-byte limit/ }],
    ['body over the cap', `0100000020000013login<in>${'x'.repeat(2000)}</in>`, { ok: false, id: '0013', status: 413, reason: /2009 bytes is over the 1024-byte limit/ }],
    ['too short to read an id', '01000000', { ok: false, id: null, status: 400, reason: /header unreadable/ }],
    ['id not digits', `01000000001900a1login${body}`, { ok: false, id: null }],
    ['empty', '', { ok: false, id: null }],
    ['binary noise', Buffer.from([0xff, 0xfe, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]), { ok: false, id: null }],
  ];
  for (const [name, frame, want] of rows) t.match(decodeRequest(Buffer.isBuffer(frame) ? frame : Buffer.from(frame), MAX), want, name);
});

t.test('replies and events', async (t) => {
  const xml = '<out><response note="ё"/></out>';
  const rows: [string, string][] = [
    [encodeReply('0012', 200, xml), `0100000000320012200${xml}`],
    [encodeReply('0001', 403, '<out/>'), '0100000000060001403<out/>'],
    [encodeEvent('call_event', xml), `0100000000320000call_event${xml}`],
  ];
  for (const [got, want] of rows) t.equal(got, want);
  t.same(decodeServerFrame(`0100000000320012200${xml}`), { id: '0012', status: 200, event: null, xml, declared: 32 });
  t.same(decodeServerFrame(`0100000000320000call_event${xml}`), { id: '0000', status: null, event: 'call_event', xml, declared: 32 });
  t.equal(decodeServerFrame('garbage'), null);
  t.throws(() => encodeReply('12', 200, xml), /4 digits/);
  t.throws(() => encodeReply('0012', 20, xml), /3 digits/);
  t.throws(() => encodeEvent('Bad Name', xml), /bad event name/);
});
