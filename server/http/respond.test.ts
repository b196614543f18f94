import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson } from './respond';

/** Text past ASCII: Chinese, an emoji (a surrogate pair), separators, and ASCII that JSON escapes itself. */
const SAMPLES = [
  '海关已核对舱单，等待化验结果',
  'emoji 🚢 beyond U+FFFF, a lone high surrogate \ud800 and low \udc00',
  'line\u2028separator\u2029paragraph, DEL \u007f, tilde ~, NUL \u0000, quote " and backslash \\',
  'Ünïcödé, café, 边检 — “quotes” ‘single’',
  '',
];

describe('sendJson over HTTP', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    server = createServer((_req, res) => sendJson(res, 200, { ok: true, title: SAMPLES[0] }, {}, { key: 'events', items: SAMPLES.map((s) => JSON.stringify({ text: s })) }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends an ASCII body whose content-length is its size, which parses to the value sent', async () => {
    const res = await fetch(url);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    expect(bytes.every((b) => b < 0x7f)).toBe(true);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual({ ok: true, title: SAMPLES[0], events: SAMPLES.map((s) => ({ text: s })) });
  });
});
