import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asciiJson } from '../ascii-json';
import { sendJson } from './respond';
import { NON_ASCII_SAMPLES as SAMPLES } from '../testing/text-samples';

describe('sendJson over HTTP', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    const items = SAMPLES.map((s) => JSON.stringify({ text: s }));
    // The array as its texts, or as the bytes of a kept page (server/http/event-pages.ts).
    const bytes = Buffer.from(`[${items.map(asciiJson).join(',')}]`, 'latin1');
    // A state stored as ASCII JSON (a checkpoint's), spliced in beside the events.
    const state = Buffer.from(asciiJson(JSON.stringify({ seq: 7, tasks: { a: { title: SAMPLES[1] } } })), 'latin1');
    server = createServer((req, res) =>
      sendJson(
        res,
        200,
        { ok: true, title: SAMPLES[0] },
        {},
        req.url === '/bytes' ? { key: 'events', bytes } : req.url === '/two' ? [{ key: 'state', bytes: state }, { key: 'events', items }] : { key: 'events', items },
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each(['', 'bytes'])('sends an ASCII body whose content-length is its size, which parses to the value sent (%s)', async (path) => {
    const res = await fetch(url + path);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    expect(bytes.every((b) => b < 0x7f)).toBe(true);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual({ ok: true, title: SAMPLES[0], events: SAMPLES.map((s) => ({ text: s })) });
  });

  it('splices several members in, each as sent: a stored state and the events', async () => {
    const res = await fetch(url + 'two');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    expect(bytes.every((b) => b < 0x7f)).toBe(true);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual({ ok: true, title: SAMPLES[0], state: { seq: 7, tasks: { a: { title: SAMPLES[1] } } }, events: SAMPLES.map((s) => ({ text: s })) });
  });
});
