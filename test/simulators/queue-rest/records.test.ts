/**
 * Recordings: the list (as the Go SDK's GetRecords decodes it), the file (a WAV whose RIFF header is
 * read here: PCM, 8 kHz, mono, 16-bit, and as long as the talk the event log tells), its storage URL
 * (fetched without a token, as clients do), the extension's own list, deleting one and a time range, and
 * the documented sub-resources ccsim does not simulate.
 */
import t from 'tap';
import { DeletedRecordings } from '../../../src/simulators/queue-rest/recordings.js';
import { GO, goDecodeProblems } from './go-sdk.js';
import { API, harness, type Harness } from './harness.js';

const SCENARIO = JSON.stringify({
  scenarios: {
    rec: {
      seed: 4,
      start: '2026-11-20T09:00:00Z',
      duration: '1h',
      queues: [
        { id: 'line', strategy: 'longest-idle-agent', tier_rules_apply: false },
        { id: 'quiet', strategy: 'longest-idle-agent', tier_rules_apply: false, record_enabled: false },
      ],
      agents: [
        { id: 'ann', name: 'Ann Lee', number: '201', queues: [{ queue: 'line' }, { queue: 'quiet' }], answer: { after: 2.25 }, talk_time: { distribution: 'uniform', min: 20, max: 90 } },
        { id: 'bob', name: 'Bob Roe', number: '202', queues: [{ queue: 'line' }], answer: { after: 1 }, talk_time: 45.125 },
      ],
      callers: [
        { queue: 'line', arrivals: { process: 'fixed', at: [10, 20, 400, 800] } },
        { queue: 'line', arrivals: { process: 'fixed', at: [200] }, patience: 0.5 },
        { queue: 'quiet', arrivals: { process: 'fixed', at: [600] } },
      ],
    },
  },
});

type Row = Record<string, any>;

/** A WAV's format and data, from its RIFF chunks. */
function readWav(b: Buffer) {
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a RIFF WAVE file');
  let fmt: { format: number; channels: number; rate: number; byteRate: number; blockAlign: number; bits: number } | null = null;
  let data: Buffer | null = null;
  for (let at = 12; at + 8 <= b.length; ) {
    const id = b.toString('ascii', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    const body = b.subarray(at + 8, at + 8 + size);
    if (id === 'fmt ') fmt = { format: body.readUInt16LE(0), channels: body.readUInt16LE(2), rate: body.readUInt32LE(4), byteRate: body.readUInt32LE(8), blockAlign: body.readUInt16LE(12), bits: body.readUInt16LE(14) };
    if (id === 'data') data = body;
    at += 8 + size + (size % 2);
  }
  if (!fmt || !data) throw new Error('no fmt or data chunk');
  return { riffSize: b.readUInt32LE(4), fmt, data, seconds: data.length / fmt.byteRate };
}

async function talked(h: Harness) {
  const events = (await h.app.inject('/__admin/events?after=0&limit=10000')).json().events as Row[];
  const answered = new Map(events.filter((e) => e.type === 'call.answered').map((e) => [e.call, e.t]));
  const ended = new Map(events.filter((e) => e.type === 'call.ended').map((e) => [e.call, e.t]));
  const queueOf = new Map(events.filter((e) => e.type === 'call.arrived').map((e) => [e.call, e.queue]));
  return { answered, ended, queueOf };
}

t.test('the list, the files and their length, the storage URL', async (t) => {
  const h = await harness(SCENARIO, { inline: true });
  t.teardown(() => h.app.close());
  await h.advance(1000);
  const { answered, ended, queueOf } = await talked(h);
  const list = await h.api('GET', '/client/@me/record/');
  t.same(goDecodeProblems(list.json(), GO.RecordInfos), [], 'decodes into []RecordInfo');
  const rows = list.json() as Row[];
  const recorded = [...answered.keys()].filter((c) => queueOf.get(c) === 'line' && ended.has(c));
  t.same(rows.map((r) => r.call_uuid).sort(), recorded.sort(), 'one recording per talked call of the queue that records');
  t.ok(rows.length >= 4 && [...answered.keys()].some((c) => queueOf.get(c) === 'quiet'), 'and the quiet queue talked too, unrecorded');
  const history = (await h.api('GET', '/client/@me/call_history/?per_page=100')).json().call_history as Row[];
  for (const row of rows) {
    const where = `recording of ${row.call_uuid}`;
    const call = history.find((c) => c.call_uuid === row.call_uuid)!;
    t.equal(row.record_uuid, call.cdr.find((l: Row) => l.result === 'answered' && l.extension_type === 'phone').record_uuid, `${where}: the answering leg's record_uuid in the history`);
    t.match(row, { extension_type: 'phone', flow: 'in', result: 'answered', start_time_gmt: call.bridged_time_gmt, hangup_time_gmt: call.hangup_time_gmt, record_transfer: false }, `${where}: the recorded leg`);
    for (const path of [`/client/@me/record/${row.record_uuid}`, `/client/@me/record/${row.record_uuid}/`, `/client/12/record/${row.record_uuid}/download/`]) {
      const r = await h.app.inject({ url: `${API}${path}`, headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' } });
      t.equal(r.statusCode, 200, `${path}`);
      t.equal(r.headers['content-type'], 'audio/wav');
      t.equal(r.headers['content-disposition'], `attachment; filename="${row.file_name}"`, `${where}: Content-Disposition names the file (the Go SDK requires it)`);
      t.equal(Number(r.headers['content-length']), r.rawPayload.length, `${where}: Content-Length`);
      t.equal(r.rawPayload.length, row.record_file_size, `${where}: record_file_size is the file's`);
      const wav = readWav(r.rawPayload);
      t.same(wav.fmt, { format: 1, channels: 1, rate: 8000, byteRate: 16000, blockAlign: 2, bits: 16 }, `${where}: PCM, 8 kHz, mono, 16-bit`);
      t.equal(wav.riffSize, r.rawPayload.length - 8, `${where}: the RIFF size`);
      const talkMs = ended.get(row.call_uuid) - answered.get(row.call_uuid);
      t.equal(wav.data.length / 2, Math.round(talkMs * 8), `${where}: as many samples as ${talkMs} ms of talk`);
      t.ok(Math.abs(wav.seconds - talkMs / 1000) < 0.001, `${where}: ${wav.seconds} s, the talk from call.answered to call.ended`);
      let peak = 0;
      for (let i = 0; i < wav.data.length; i += 2) peak = Math.max(peak, Math.abs(wav.data.readInt16LE(i)));
      t.ok(peak > 0 && peak < 2000, `${where}: a quiet tone (peak ${peak})`);
    }
    const url = (await h.api('GET', `/client/@me/record/${row.record_uuid}/storage_url/`)).json();
    t.same(goDecodeProblems(url, GO.RecordStorageUrl), [], 'decodes into RecordStorageUrl');
    t.match(url.record_url, new RegExp(`^http://localhost:80/api/ver1\\.0/storage/record/${row.record_uuid}\\?key=[0-9a-f]{32}$`), `${where}: on this server`);
    const storage = new URL(url.record_url);
    const file = await h.app.inject({ url: storage.pathname + storage.search });
    t.equal(file.statusCode, 200, `${where}: fetched without a token`);
    t.equal(file.rawPayload.length, row.record_file_size, `${where}: the same file`);
    const wrong = await h.app.inject({ url: `${storage.pathname}?key=${'0'.repeat(32)}` });
    t.match([wrong.statusCode, wrong.json().message], [403, /is missing or wrong: ask storage_url/], `${where}: not with another key`);
  }
  const first = rows[0];
  const proxied = await h.api('GET', `/client/@me/record/${first.record_uuid}/storage_url/`, undefined, { host: 'ccsim.example:8443', 'x-forwarded-proto': 'https' });
  t.match(proxied.json().record_url, /^http:\/\/ccsim\.example:8443\/api\/ver1\.0\/storage\/record\//, 'the host the client asked');
  const again = await h.app.inject({ url: `${API}/client/@me/record/${first.record_uuid}`, headers: { authorization: `Bearer ${h.token}` } });
  const twice = await h.app.inject({ url: `${API}/client/@me/record/${first.record_uuid}`, headers: { authorization: `Bearer ${h.token}` } });
  t.ok(again.rawPayload.equals(twice.rawPayload), 'the same bytes every time');
  // An extension's recordings: its phone's, or its queue's.
  const anns = (await h.api('GET', '/extension/1002/record/')).json() as Row[];
  t.same(anns.map((r) => r.record_uuid), rows.filter((r) => r.extension_id === 1002).map((r) => r.record_uuid), "ann's phone's recordings");
  t.same((await h.api('GET', '/extension/1000/record/')).json(), rows, "the queue's");
  t.same((await h.api('GET', '/extension/1001/record/')).json(), [], 'the quiet queue has none');
  const extUrl = await h.api('GET', `/extension/${first.extension_id}/record/${first.record_uuid}/storage_url/`);
  t.equal(extUrl.statusCode, 200, "the extension's storage URL");
  t.equal((await h.api('GET', `/extension/1001/record/${first.record_uuid}/storage_url/`)).statusCode, 404, "not another extension's");
});

t.test('dates and paging of the list', async (t) => {
  const h = await harness(SCENARIO, { inline: true });
  t.teardown(() => h.app.close());
  await h.advance(1000);
  const all = (await h.api('GET', '/client/@me/record/')).json() as Row[];
  t.same(all.map((r) => r.start_time_gmt), all.map((r) => r.start_time_gmt).sort(), 'oldest talk first');
  const q = async (s: string) => (await h.api('GET', `/client/@me/record/${s}`)).json() as Row[];
  // The Go SDK's GetRecords sends all five keys.
  t.same(await q('?end_datetime=2026-11-20+09%3A10%3A00&order=asc&page=1&per_page=2&start_datetime=2026-11-20+09%3A00%3A00'), all.slice(0, 2), "the Go SDK's request: page 1 of 2");
  t.same(await q('?order=desc&per_page=3'), all.slice().reverse().slice(0, 3), 'newest first');
  // pavship's backup: a range, no paging, %20 for the space.
  t.same(await q('?start_datetime=2026-11-20%2009:05:00&end_datetime=2026-11-20%2010:00:00'), all.filter((r) => r.start_time_gmt >= '2026-11-20 09:05:00'), 'a range, all of it');
  t.same(await q('?start_datetime=2026-11-20%2011:00:00'), [], 'nothing after the day');
  const bad = await h.api('GET', '/client/@me/record/?end_datetime=2026-13-01');
  t.match([bad.statusCode, bad.json().message], [400, /^Invalid parameter 'end_datetime': '2026-13-01' is not a date and time/]);
});

t.test('deleting one, and a time range', async (t) => {
  const h = await harness(SCENARIO, { inline: true });
  t.teardown(() => h.app.close());
  await h.advance(1000);
  const all = (await h.api('GET', '/client/@me/record/')).json() as Row[];
  const [gone, ...rest] = all;
  // The Go SDK's DeleteRecord: no slash, a JSON content type and no body.
  const del = await h.app.inject({ method: 'DELETE', url: `${API}/client/@me/record/${gone.record_uuid}`, headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' } });
  t.equal(del.statusCode, 204, del.body);
  t.same((await h.api('GET', '/client/@me/record/')).json(), rest, 'gone from the list');
  const file = await h.api('GET', `/client/@me/record/${gone.record_uuid}/`);
  t.match([file.statusCode, file.json()], [404, { message: `Record '${gone.record_uuid}' not found` }], 'and its file');
  t.equal((await h.api('GET', `/client/@me/record/${gone.record_uuid}/storage_url/`)).statusCode, 404, 'and its storage URL');
  const call = (await h.api('GET', `/client/@me/call_history/${gone.call_uuid}`)).json();
  t.ok(call.cdr.every((l: Row) => l.record_uuid === null && l.record_file_size === null), 'the call stays, without its recording');
  t.equal((await h.api('DELETE', `/client/@me/record/${gone.record_uuid}/`)).statusCode, 404, 'deleted once');
  // pavship's bulk delete: a range.
  const cut = rest[1].start_time_gmt as string;
  const bulk = await h.app.inject({ method: 'DELETE', url: `${API}/client/@me/record/?start_datetime=2026-11-20%2009:00:00&end_datetime=${encodeURIComponent(cut)}`, headers: { authorization: `Bearer ${h.token}` } });
  t.equal(bulk.statusCode, 204);
  t.same((await h.api('GET', '/client/@me/record/')).json(), rest.filter((r) => r.start_time_gmt > cut), 'the range is gone, the rest stays');
  const half = await h.api('DELETE', '/client/@me/record/?start_datetime=2026-11-20%2009:00:00');
  t.match([half.statusCode, half.json().message], [400, /^Missing required parameter 'end_datetime'/], 'a bulk delete needs both ends');
  // A reset brings the world (and its recordings) back.
  await h.app.inject({ method: 'POST', url: '/__admin/reset' });
  await h.advance(1000);
  t.same((await h.api('GET', '/client/@me/record/')).json(), all, 'after a reset, the same recordings again');
});

t.test('unknown recordings and the sub-resources ccsim does not simulate', async (t) => {
  const h = await harness(SCENARIO, { inline: true });
  t.teardown(() => h.app.close());
  await h.advance(100);
  for (const uuid of ['1002-00000000000000000000000000000000', 'nonsense', '1002-XYZ']) {
    const r = await h.api('GET', `/client/@me/record/${uuid}`);
    t.match([r.statusCode, r.json()], [404, { message: `Record '${uuid}' not found` }], uuid);
  }
  const [one] = (await h.api('GET', '/client/@me/record/')).json() as Row[];
  const other = one.record_uuid.replace(/^\d+/, '1003');
  t.equal((await h.api('GET', `/client/@me/record/${other}`)).statusCode, 404, 'the right call under another extension is not its recording');
  t.equal((await h.api('GET', `/client/@me/record/${one.record_uuid.toLowerCase()}`)).statusCode, 200, 'hex digits in either case');
  for (const [method, path] of [['GET', '/client/@me/record/stats/'], ['POST', '/client/@me/record/archive/'], ['GET', '/client/@me/record/archive']] as const) {
    const r = await h.app.inject({ method, url: `${API}${path}`, headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' }, ...(method === 'POST' ? { payload: '{}' } : {}) });
    t.equal(r.statusCode, 404, `${method} ${path}`);
    t.match(r.json().message, /^ccsim does not simulate Telphin's recording (statistics|archives)/, `${method} ${path}: ${r.json().message}`);
  }
  const missing = await h.app.inject({ url: `${API}/storage/record/${one.record_uuid}` });
  t.equal(missing.statusCode, 403, 'a storage URL without its key');
});

t.test('the memory of deleted recordings is bounded by what the world keeps', async (t) => {
  const kept = new Set<string>();
  const deleted = new DeletedRecordings((id) => kept.has(id));
  let largest = 0;
  for (let i = 0; i < 5000; i++) {
    const id = `call-${i}`;
    kept.add(id);
    if (kept.size > 100) kept.delete(`call-${i - 100}`); // the world keeps the newest 100
    deleted.add(id);
    largest = Math.max(largest, deleted.size);
  }
  t.ok(largest <= 1024, `at most 1024 remembered at once (${largest}) for 5000 deleted`);
  t.ok(deleted.has('call-4999') && !deleted.has('call-0'), 'the newest kept, the let-go ones dropped');
});
