#!/usr/bin/env node
// Prints the headers that sign one request to ccsim's Huawei CC-CMS view with Huawei Cloud API Gateway's
// SDK-HMAC-SHA256 (the algorithm of the APIG SDK, huaweicloudsdkcore/signer): Content-Type, Host and
// X-Sdk-Date, all three signed, and the Authorization header. Send exactly these headers and exactly
// the body given here (the signature covers its bytes). Plain Node, no dependencies, so it runs from a
// fresh clone:
//
//   node scripts/huawei-sign.mjs POST /rest/cmsapp/v1/openapi/agentgroup/agentbyworkno \
//     '{"queryParam":{"ccId":1,"vdn":1,"agentId":101}}' --date 20261120T090000Z
//
// It signs; it does not send. ccsim checks the signature only with the scenario's
// `apis.huawei.verify_signature: true` (the form, the access key and the time always).
import { createHash, createHmac } from 'node:crypto';
import { parseArgs } from 'node:util';

const USAGE = `usage: node scripts/huawei-sign.mjs METHOD PATH [BODY] [options]
  PATH                 the path, with its query string if any (/rest/cmsapp/v1/openapi/…)
  BODY                 the request body, byte for byte as it is sent (default: none)
  --date YYYYMMDDTHHMMSSZ  the signature's time (default: now, UTC)
  --ak KEY             the access key (default: ccsim-ak, the scenario default)
  --sk SECRET          the secret key (default: ccsim-sk)
  --host HOST[:PORT]   the Host header the request carries (default: localhost:8080)
  --content-type TYPE  the Content-Type header (default: application/json)
`;

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      date: { type: 'string' },
      ak: { type: 'string', default: 'ccsim-ak' },
      sk: { type: 'string', default: 'ccsim-sk' },
      host: { type: 'string', default: 'localhost:8080' },
      'content-type': { type: 'string', default: 'application/json' },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (err) {
  process.stderr.write(`${err.message}\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = parsed;
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (positionals.length < 2 || positionals.length > 3) {
  process.stderr.write(USAGE);
  process.exit(2);
}
const [method, target, body = ''] = positionals;
const date = values.date ?? new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
if (!/^\d{8}T\d{6}Z$/.test(date)) {
  process.stderr.write(`--date must be YYYYMMDDTHHMMSSZ (UTC), not '${date}'\n`);
  process.exit(2);
}
if (!target.startsWith('/')) {
  process.stderr.write(`PATH must start with '/', not '${target}'\n`);
  process.exit(2);
}

// RFC 3986: everything but the unreserved characters is percent-encoded, upper-case hex (Python's quote(s, safe='~')).
const encode = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256 = (s) => createHash('sha256').update(s, 'utf8').digest('hex');

const [path, query = ''] = target.split('?');
const segments = decodeURIComponent(path).split('/').map(encode).join('/');
const uri = segments.endsWith('/') ? segments : `${segments}/`;
const pairs = query
  .split('&')
  .filter((p) => p !== '')
  .map((p) => {
    const i = p.indexOf('=');
    return i < 0 ? [decodeURIComponent(p), ''] : [decodeURIComponent(p.slice(0, i)), decodeURIComponent(p.slice(i + 1))];
  })
  .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1));
const canonicalQuery = pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');

const headers = { 'content-type': values['content-type'].trim(), host: values.host.trim(), 'x-sdk-date': date };
const signed = Object.keys(headers).sort();
const canonicalHeaders = signed.map((name) => `${name}:${headers[name]}\n`).join('');
const canonical = [method.toUpperCase(), uri, canonicalQuery, canonicalHeaders, signed.join(';'), sha256(body)].join('\n');
const stringToSign = `SDK-HMAC-SHA256\n${date}\n${sha256(canonical)}`;
const signature = createHmac('sha256', values.sk).update(stringToSign, 'utf8').digest('hex');

process.stdout.write(
  [
    `Content-Type: ${headers['content-type']}`,
    `Host: ${headers.host}`,
    `X-Sdk-Date: ${date}`,
    `Authorization: SDK-HMAC-SHA256 Access=${values.ak}, SignedHeaders=${signed.join(';')}, Signature=${signature}`,
    '',
  ].join('\n'),
);
