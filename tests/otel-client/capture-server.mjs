#!/usr/bin/env node
// Minimal OTLP/HTTP capture server for checking send-genai-spans.mjs by hand.
//   node capture-server.mjs [--port 0] [--status 200] [--count N]
// Prints "listening PORT" on stderr, then one JSON line per request on stdout:
// {path, contentType, authorization, status, body}. Protobuf bodies are decoded
// into the OTLP/JSON shape (ids hex, 64-bit numbers as strings). Exits after
// --count requests when given.

import http from 'node:http';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: { port: { type: 'string', default: '0' }, status: { type: 'string', default: '200' },
    count: { type: 'string' } },
});

// field number -> [json name, type, repeated]; message types are schema keys.
const S = {
  Req: { 1: ['resourceSpans', 'ResourceSpans', 1] },
  ResourceSpans: { 1: ['resource', 'Resource'], 2: ['scopeSpans', 'ScopeSpans', 1], 3: ['schemaUrl', 'string'] },
  Resource: { 1: ['attributes', 'KeyValue', 1], 2: ['droppedAttributesCount', 'varint'] },
  ScopeSpans: { 1: ['scope', 'Scope'], 2: ['spans', 'Span', 1], 3: ['schemaUrl', 'string'] },
  Scope: { 1: ['name', 'string'], 2: ['version', 'string'], 3: ['attributes', 'KeyValue', 1],
    4: ['droppedAttributesCount', 'varint'] },
  Span: { 1: ['traceId', 'hex'], 2: ['spanId', 'hex'], 3: ['traceState', 'string'], 4: ['parentSpanId', 'hex'],
    16: ['flags', 'fixed32'], 5: ['name', 'string'], 6: ['kind', 'varint'], 7: ['startTimeUnixNano', 'fixed64'],
    8: ['endTimeUnixNano', 'fixed64'], 9: ['attributes', 'KeyValue', 1], 10: ['droppedAttributesCount', 'varint'],
    11: ['events', 'Event', 1], 12: ['droppedEventsCount', 'varint'], 13: ['links', 'Link', 1],
    14: ['droppedLinksCount', 'varint'], 15: ['status', 'Status'] },
  Event: { 1: ['timeUnixNano', 'fixed64'], 2: ['name', 'string'], 3: ['attributes', 'KeyValue', 1],
    4: ['droppedAttributesCount', 'varint'] },
  Link: { 1: ['traceId', 'hex'], 2: ['spanId', 'hex'], 3: ['traceState', 'string'], 4: ['attributes', 'KeyValue', 1],
    5: ['droppedAttributesCount', 'varint'], 6: ['flags', 'fixed32'] },
  Status: { 2: ['message', 'string'], 3: ['code', 'varint'] },
  KeyValue: { 1: ['key', 'string'], 2: ['value', 'AnyValue'] },
  AnyValue: { 1: ['stringValue', 'string'], 2: ['boolValue', 'bool'], 3: ['intValue', 'int64'],
    4: ['doubleValue', 'double'], 5: ['arrayValue', 'ArrayValue'], 6: ['kvlistValue', 'KvList'], 7: ['bytesValue', 'b64'] },
  ArrayValue: { 1: ['values', 'AnyValue', 1] },
  KvList: { 1: ['values', 'KeyValue', 1] },
};

function decode(buf, type) {
  const out = {};
  let p = 0;
  const varint = () => {
    let v = 0n, shift = 0n;
    for (;;) { const b = buf[p++]; v |= BigInt(b & 0x7f) << shift; if (!(b & 0x80)) return v; shift += 7n; }
  };
  while (p < buf.length) {
    const tag = Number(varint()), field = tag >> 3, wire = tag & 7;
    let raw;
    if (wire === 0) raw = varint();
    else if (wire === 1) { raw = buf.readBigUInt64LE(p); p += 8; }
    else if (wire === 5) { raw = buf.readUInt32LE(p); p += 4; }
    else if (wire === 2) { const n = Number(varint()); raw = buf.subarray(p, p + n); p += n; }
    else throw new Error(`unsupported wire type ${wire}`);
    const [name, t, rep] = S[type][field] ?? [`unknown_${field}`, 'skip'];
    let v;
    if (S[t]) v = decode(raw, t);
    else if (t === 'string') v = raw.toString('utf8');
    else if (t === 'hex') v = raw.toString('hex');
    else if (t === 'b64') v = raw.toString('base64');
    else if (t === 'bool') v = raw !== 0n;
    else if (t === 'int64') v = BigInt.asIntN(64, raw).toString();
    else if (t === 'fixed64') v = raw.toString();
    else if (t === 'double') v = Buffer.from(raw.toString(16).padStart(16, '0'), 'hex').readDoubleBE(0);
    else if (t === 'varint') v = Number(raw);
    else v = typeof raw === 'bigint' ? raw.toString() : raw;
    if (rep) (out[name] ??= []).push(v); else out[name] = v;
  }
  return out;
}

let seen = 0;
const limit = opt.count ? Number(opt.count) : Infinity;
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const ct = req.headers['content-type'] ?? '';
    let decoded;
    try {
      decoded = ct.startsWith('application/x-protobuf') ? decode(body, 'Req') : JSON.parse(body.toString('utf8'));
    } catch (e) {
      decoded = { decodeError: e.message, raw: body.toString('base64') };
    }
    const status = Number(opt.status);
    process.stdout.write(JSON.stringify({ path: req.url, contentType: ct,
      authorization: req.headers.authorization ?? null, status, body: decoded }) + '\n');
    res.writeHead(status, { 'Content-Type': status === 200 ? ct || 'application/json' : 'text/plain' });
    res.end(status === 200 ? (ct.startsWith('application/json') ? '{}' : '') : `status ${status}\n`);
    if (++seen >= limit) server.close();
  });
});
server.listen(Number(opt.port), '127.0.0.1', () => process.stderr.write(`listening ${server.address().port}\n`));
