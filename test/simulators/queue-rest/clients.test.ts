/**
 * Requests exactly as Telphin's public clients send them (issue 18 §3; docs in
 * the research notes on xdimedrolx/telphin-go-sdk, OrlovEvgeny/telphin-sdk, SpleeT/telphin and
 * pavship/telphin-backuper): a bodiless DELETE labelled JSON or form, a multipart token request from PHP's
 * curl, credentials in the query of a bodiless POST, PHP-style arrays and Go's empty filters in query
 * strings, and the queue's extension_id the Go SDK reads. Each is taken as Telphin's server takes it.
 */
import t from 'tap';
import { API, harness, schemaErrors, type Harness } from './harness.js';

/** What Go's net/http adds to every request of the Go SDKs. */
const GO = { 'user-agent': 'Go-http-client/1.1', 'accept-encoding': 'gzip' };

/** A subscription to delete, on the smoke scenario's queue extension. */
async function subscription(h: Harness): Promise<number> {
  const r = await h.api('POST', '/extension/1000/event/', { url: 'http://127.0.0.1:1/hook', method: 'POST', event_type: 'hangup' });
  if (r.statusCode !== 201) throw new Error(r.body);
  return r.json().id;
}

t.test('an empty body is no body, whatever its Content-Type', async (t) => {
  const h = await harness('smoke');
  t.teardown(() => h.app.close());
  const bearer = `Bearer ${h.token}`;

  // xdimedrolx/telphin-go-sdk: Content-Type and Accept JSON on every request, no body and no Content-Length.
  const goJson = { ...GO, authorization: bearer, 'content-type': 'application/json', accept: 'application/json' };
  const event = await subscription(h);
  const del = await h.app.inject({ method: 'DELETE', url: `${API}/extension/1000/event/${event}`, headers: goJson });
  t.equal(del.statusCode, 204, `Go SDK: DELETE …/event/{eid} → ${del.statusCode} ${del.body}`);
  t.equal(del.body, '');
  t.equal((await h.api('GET', `/extension/1000/event/${event}`)).statusCode, 404, 'the subscription is gone');

  const phone = await h.api('POST', '/client/@me/extension/', { name: '555', type: 'phone' });
  t.equal(phone.statusCode, 201);
  const delExt = await h.app.inject({ method: 'DELETE', url: `${API}/client/@me/extension/${phone.json().id}`, headers: goJson });
  t.equal(delExt.statusCode, 204, `Go SDK: DELETE /client/@me/extension/{id} → ${delExt.statusCode} ${delExt.body}`);
  t.equal((await h.api('GET', `/client/@me/extension/${phone.json().id}`)).statusCode, 404, 'the extension is gone');

  // SpleeT/telphin (PHP, curl): the same label, a lower-case authorization header, CURLOPT_POSTFIELDS=[] (an
  // empty body with Content-Length: 0).
  const php = await subscription(h);
  const phpDel = await h.app.inject({
    method: 'DELETE',
    url: `${API}/extension/1000/event/${php}`,
    headers: { host: 'apiproxy.telphin.ru', accept: '*/*', 'content-type': 'application/json', authorization: bearer, 'content-length': '0' },
    payload: '',
  });
  t.equal(phpDel.statusCode, 204, `PHP SDK: DELETE …/event/{eid} → ${phpDel.statusCode} ${phpDel.body}`);

  // OrlovEvgeny/telphin-sdk: a form label on its bodiless DELETEs.
  const form = await subscription(h);
  const formDel = await h.app.inject({ method: 'DELETE', url: `${API}/extension/1000/event/${form}`, headers: { ...GO, authorization: bearer, 'content-type': 'application/x-www-form-urlencoded' } });
  t.equal(formDel.statusCode, 204, `another Go SDK: DELETE …/event/{eid} with a form label → ${formDel.statusCode} ${formDel.body}`);
  t.same((await h.api('GET', '/extension/1000/event/')).json(), [], 'every subscription deleted');

  // OrlovEvgeny's DeleteEventAll and AdvantShop's DeleteEvents: all of an extension's, a form label, no body.
  await subscription(h);
  await subscription(h);
  const other = await h.api('POST', '/extension/1001/event/', { url: 'http://127.0.0.1:1/hook', event_type: 'answer' });
  const all = await h.app.inject({ method: 'DELETE', url: `${API}/extension/1000/event/`, headers: { ...GO, authorization: bearer, 'content-type': 'application/x-www-form-urlencoded' } });
  t.equal(all.statusCode, 204, `DELETE …/event/ → ${all.statusCode} ${all.body}`);
  t.same((await h.api('GET', '/extension/1000/event/')).json(), [], "the extension's subscriptions are gone");
  t.same((await h.api('GET', '/extension/1001/event/')).json(), [other.json()], "another extension's stay");

  // The same label on a request that needs a body: a missing body, not a malformed one.
  const put = await h.app.inject({ method: 'PUT', url: `${API}/extension/1000/queue/`, headers: goJson });
  t.equal(put.statusCode, 400);
  t.same(schemaErrors('Error', put.json()), []);
  t.equal(put.json().message, 'The body must be object');
});

/** A multipart body as libcurl writes it for PHP's CURLOPT_POSTFIELDS = array(…). */
function curlMultipart(fields: [string, string][]): { boundary: string; body: string } {
  const boundary = '------------------------d74496d66958873e';
  const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return { boundary, body: `${parts.join('')}--${boundary}--\r\n` };
}

t.test('/oauth/token: multipart from PHP, the query of a bodiless POST, and what it does not read', async (t) => {
  const h = await harness('smoke');
  t.teardown(() => h.app.close());
  // SpleeT/telphin's refreshToken(): an array of fields, in this order, no header of its own.
  const { boundary, body } = curlMultipart([
    ['grant_type', 'client_credentials'],
    ['client_secret', 'ccsim-secret'],
    ['client_id', 'ccsim'],
  ]);
  const multipart = await h.app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { host: 'apiproxy.telphin.ru', accept: '*/*', 'content-length': String(Buffer.byteLength(body)), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
  t.equal(multipart.statusCode, 200, multipart.body);
  t.same(schemaErrors('Token', multipart.json()), []);
  // …and the PHP SDK's next request: its JSON label, a lower-case header name.
  const queue = await h.app.inject({ method: 'GET', url: `${API}/extension/1000/queue/status/`, headers: { accept: '*/*', 'content-type': 'application/json', authorization: `Bearer ${multipart.json().access_token}` } });
  t.equal(queue.statusCode, 200, 'the multipart token works');

  const wrong = curlMultipart([
    ['grant_type', 'client_credentials'],
    ['client_secret', 'nope'],
    ['client_id', 'ccsim'],
  ]);
  const refused = await h.app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': `multipart/form-data; boundary=${wrong.boundary}` }, payload: wrong.body });
  t.equal(refused.statusCode, 401);
  t.same(schemaErrors('Error', refused.json()), []);
  t.match(refused.json().message, /Invalid client_id or client_secret/);

  const query = 'client_id=ccsim&client_secret=ccsim-secret&grant_type=client_credentials';
  // OrlovEvgeny/telphin-sdk: the credentials in the query, an empty form body.
  const orlov = await h.app.inject({ method: 'POST', url: `/oauth/token?${query}`, headers: { ...GO, 'content-type': 'application/x-www-form-urlencoded', 'content-length': '0' }, payload: '' });
  t.equal(orlov.statusCode, 200, orlov.body);
  // pavship/telphin-backuper (axios 0.18): the same, with axios's own headers.
  const axios = await h.app.inject({
    method: 'POST',
    url: `/oauth/token?${query}`,
    headers: { accept: 'application/json, text/plain, */*', 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'axios/0.18.0', 'content-length': '0' },
  });
  t.equal(axios.statusCode, 200, axios.body);

  // Azz0k/TelphinParser (rest-assured): a charset on the form's type; yunistlt/OKKRiteilCRM: a scope.
  const charset = await h.app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=ISO-8859-1' }, payload: query });
  t.equal(charset.statusCode, 200, charset.body);
  const scope = await h.app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `grant_type=client_credentials&client_id=ccsim&client_secret=ccsim-secret&scope=all` });
  t.equal(scope.statusCode, 200, scope.body);

  // A body it cannot read: the message names what the token route reads, a form first.
  const csv = await h.app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'text/csv' }, payload: 'grant_type,client_credentials' });
  t.equal(csv.statusCode, 415);
  t.same(schemaErrors('Error', csv.json()), []);
  t.match(csv.json().message, /^A body of content type 'text\/csv' is not read here; send application\/x-www-form-urlencoded or multipart\/form-data or application\/json$/);
  // Whatever a client gets wrong under /oauth is Telphin's too.
  const nul = await h.app.inject({ method: 'POST', url: '/oauth/token%00', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: query });
  t.equal(nul.statusCode, 404);
  t.same(schemaErrors('Error', nul.json()), []);
  t.match(nul.json().message, /^No such resource: POST \/oauth\/token%00$/);
});

t.test('PHP-style arrays, repeats and Go\'s empty filters in query strings', async (t) => {
  const h = await harness('default');
  t.teardown(() => h.app.close());
  const ids = async (url: string) => {
    const r = await h.app.inject({ url: `${API}${url}`, headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' } });
    t.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 200)}`);
    return (r.json() as { id: number }[]).map((a) => a.id);
  };
  t.equal((await ids('/client/@me/agent/local/')).length, 12, 'the default scenario has 12 local agents');
  // SpleeT/telphin's getClAgentsList([1002, 1003]): http_build_query's extension_id[0]=…&extension_id[1]=…
  t.same(await ids('/client/@me/agent/local/?extension_id%5B0%5D=1002&extension_id%5B1%5D=1003'), [1, 2], 'extension_id%5B0%5D=…');
  t.same(await ids('/client/@me/agent/local/?extension_id[0]=1004'), [3], 'extension_id[0]=…');
  t.same(await ids('/client/@me/agent/local/?extension_id%5B%5D=1002&extension_id%5B%5D=1004'), [1, 3], 'extension_id[]=…');
  t.same(await ids('/client/@me/agent/local/?extension_id=1003&extension_id=1004'), [2, 3], 'repeated');
  t.same(await ids('/client/@me/agent/local/?extension_id=1003'), [2], 'one');
  t.same(await ids('/client/@me/extension/?type%5B0%5D=queue'), [1000, 1001], 'the extension list: type[0]=queue');
  t.same(await ids('/client/@me/extension/?type=queue&type=phone&per_page=3'), [1000, 1001, 1002], 'type repeated, per_page');

  // xdimedrolx/telphin-go-sdk writes unset filters as `key=` and unset numbers as 0: not given.
  t.equal((await ids('/client/@me/agent/local/?extension_id=')).length, 12, 'extension_id= is not given');
  t.equal((await ids('/client/@me/agent/local/?extension_id%5B0%5D=')).length, 12, 'extension_id[0]= is not given');
  const all = await ids('/client/@me/extension/');
  t.same(await ids('/client/@me/extension/?order=&page=0&per_page=0&type='), all, 'order=, page=0, per_page=0 and type= are not given');
  t.same(await ids('/client/@me/extension/?page=2&per_page=0'), all.slice(50, 100), 'per_page=0 is its default');

  // A known filter with a value it cannot read is a 400 naming it, never ignored.
  const bad: [string, RegExp][] = [
    ['/client/@me/agent/local/?extension_id%5B0%5D=abc', /query parameter 'extension_id\.0' must be integer/],
    ['/client/@me/agent/local/?extension_id%5B0%5D=1002&extension_id%5B1%5D=x', /query parameter 'extension_id\.1' must be integer/],
    ['/client/@me/agent/local/?extension_id%5Bphone%5D=1002', /query parameter 'extension_id' must be array/],
    ['/client/@me/extension/?type%5B0%5D=modem', /query parameter 'type\.0' must be one of "phone", "queue", "ivr", "fax"/],
    ['/client/@me/extension/?per_page=ten', /query parameter 'per_page' must be integer/],
    ['/client/@me/extension/?per_page=-1', /query parameter 'per_page' must be >= 1/],
    ['/client/@me/extension/?order=up', /query parameter 'order' must be one of "asc", "desc"/],
  ];
  for (const [url, message] of bad) {
    const r = await h.api('GET', url);
    t.equal(r.statusCode, 400, url);
    t.same(schemaErrors('Error', r.json()), []);
    t.match(r.json().message, message, url);
  }
  const flag = await h.api('DELETE', '/client/@me/agent/local/1?remove_from_queues%5B0%5D=maybe');
  t.equal(flag.statusCode, 400, 'remove_from_queues[0]=maybe');
  t.ok(await h.api('GET', '/client/@me/agent/local/1').then((r) => r.statusCode === 200), 'and the agent is still there');
});

t.test("GET /extension/{id}/queue/ has the queue's extension_id, as the Go SDK's Queue type reads it", async (t) => {
  const h = await harness('default');
  t.teardown(() => h.app.close());
  // OrlovEvgeny/telphin-sdk's GetQueue: a form label on the GET.
  for (const id of [1000, 1001]) {
    const r = await h.app.inject({ url: `${API}/extension/${id}/queue/`, headers: { ...GO, authorization: `Bearer ${h.token}`, 'content-type': 'application/x-www-form-urlencoded' } });
    t.equal(r.statusCode, 200);
    t.same(schemaErrors('QueueConfig', r.json()), []);
    t.equal(r.json().extension_id, id, `extension ${id}`);
  }
  const put = await h.api('PUT', '/extension/1000/queue/', { max_wait_time: 60 });
  t.equal(put.json().extension_id, 1000, 'and the PUT answers it too');
});
