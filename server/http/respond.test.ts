import { createServer, type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asciiJson } from '../ascii-json';
import { loadConfig, type Config } from '../config';
import { answerClientError, readJson, sendFile, sendJson } from './respond';
import { securityHeaders } from './security-headers';
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

describe("AUTH11: answerClientError (a request Node's parser refuses) carries the security headers", () => {
  /** Sends `raw` to a server whose parser errors go to answerClientError; the raw answer, split. */
  async function refusal(config: Config, raw: string) {
    const server = createServer((_req, res) => res.end('not reached'));
    server.on('clientError', (err, socket) => answerClientError(err, socket, config));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const text = await new Promise<string>((resolve, reject) => {
        const sock = net.connect((server.address() as AddressInfo).port, '127.0.0.1', () => sock.write(raw));
        let got = '';
        sock.on('data', (d) => (got += d.toString('utf8')));
        sock.on('end', () => resolve(got));
        sock.on('error', reject);
      });
      const [head, body] = [text.slice(0, text.indexOf('\r\n\r\n')), text.slice(text.indexOf('\r\n\r\n') + 4)];
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      return { statusLine, headers, body: JSON.parse(body) as { ok: false; error: { code: string } } };
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  const env = (vars: Record<string, string>) => ({ NODE_ENV: 'test', ...vars }) as NodeJS.ProcessEnv;
  const plain = loadConfig(env({}), ['--no-next']);
  const https = loadConfig(env({ PUBLIC_URL: 'https://portline.example' }), ['--no-next']);
  const cases = [
    { name: 'not HTTP: 400', raw: 'NOT HTTP AT ALL\r\n\r\n', status: 400, code: 'BAD_REQUEST' },
    { name: 'headers over 16 KiB: 431', raw: `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, status: 431, code: 'PAYLOAD_TOO_LARGE' },
  ];

  it.each(cases)('$name: the same security headers as every other answer (CSP, nosniff, frame, referrer and permissions policies)', async ({ raw, status, code }) => {
    const r = await refusal(plain, raw);
    expect(r.statusLine).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(r.body.error.code).toBe(code);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['connection']).toBe('close');
    const expected = securityHeaders(plain, {});
    expect(Object.keys(expected)).toEqual(expect.arrayContaining(['content-security-policy', 'x-frame-options', 'referrer-policy']));
    for (const [name, value] of Object.entries(expected)) expect(r.headers[name], name).toBe(value);
    expect(r.headers['strict-transport-security']).toBeUndefined();
  });

  it('with an https PUBLIC_URL, HSTS too, and the CSP names PUBLIC_URL\'s websocket origin', async () => {
    const r = await refusal(https, 'NOT HTTP AT ALL\r\n\r\n');
    for (const [name, value] of Object.entries(securityHeaders(https, {}))) expect(r.headers[name], name).toBe(value);
    expect(r.headers['strict-transport-security']).toBe('max-age=15552000');
    expect(r.headers['content-security-policy']).toContain("connect-src 'self' wss://portline.example");
  });
});

describe('readJson: a request whose client went away', () => {
  it('settles (rejects) when the client hung up before its body was read, as while the route awaited the store', async () => {
    let settled: Promise<unknown> | null = null;
    const server = createServer((req, res) => {
      // The route's awaits (the session read) before it asks for the body: the client leaves meanwhile.
      req.once('close', () => {
        settled = readJson(req, 32 * 1024).then(
          () => 'resolved',
          (err: Error) => `rejected: ${err.message}`,
        );
        void settled.finally(() => res.destroy());
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const sock = net.connect(port, '127.0.0.1', () => sock.write('POST /x HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":'));
      await new Promise((r) => setTimeout(r, 100));
      sock.destroy();
      await new Promise<void>((resolve, reject) => {
        const t0 = Date.now();
        const wait = () => (settled ? resolve() : Date.now() - t0 > 3000 ? reject(new Error('no read began')) : setTimeout(wait, 20));
        wait();
      });
      const outcome = await Promise.race([settled!, new Promise((r) => setTimeout(() => r('still waiting after 3 s'), 3000))]);
      expect(outcome).toMatch(/^rejected: /);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
