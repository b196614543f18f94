import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asciiJson } from '../ascii-json';
import { sendFile, sendJson } from './respond';
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

describe('REV5: sendFile names a download whatever its name holds', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    // A lone high surrogate, and a lone low one: half of 𠀀 each.
    const names: Record<string, string> = { '/pair': '危险品𠀀.csv', '/high': `${'A'.repeat(59)}\uD840-2026-03-08.csv`, '/low': 'x\uDC00y.csv' };
    server = createServer((req, res) => {
      sendFile(res, { contentType: 'text/csv', filename: names[req.url ?? ''], content: 'a,b\n' }).catch(() => {
        res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('a whole name as UTF-8; a lone surrogate as U+FFFD instead of a 500', async () => {
    const disposition = async (path: string) => {
      const res = await fetch(url + path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toBe('a,b\n');
      return res.headers.get('content-disposition') ?? '';
    };
    expect(await disposition('/pair')).toBe(`attachment; filename="_.csv"; filename*=UTF-8''${encodeURIComponent('危险品𠀀.csv')}`);
    expect(await disposition('/high')).toContain(`filename*=UTF-8''${'A'.repeat(59)}%EF%BF%BD-2026-03-08.csv`);
    expect(await disposition('/low')).toContain("filename*=UTF-8''x%EF%BF%BDy.csv");
  });
});
