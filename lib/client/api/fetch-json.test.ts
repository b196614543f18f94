import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { NO_ANSWER_MS } from '../within';
import { BODY_WAIT_MAX_MS, fetchJson, heardFrom, parseJson } from './fetch-json';
import { COPY_HEADER } from '../offline/sw-routes';

afterEach(() => vi.unstubAllGlobals());

/** A response whose body arrives in two parts: the second when the test calls `finish`. */
function slowBody(first: string, rest: string) {
  let finish!: () => void;
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(enc.encode(first));
      finish = () => {
        c.enqueue(enc.encode(rest));
        c.close();
      };
    },
  });
  vi.stubGlobal('fetch', async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }));
  return () => finish();
}

const Answer = z.object({ ok: z.literal(true), n: z.number() });

describe('fetchJson', () => {
  it('REV1: a background load’s gate (beforeParse) is awaited once the whole body has arrived, and the body is parsed only after it opens', async () => {
    const finish = slowBody('{"ok":true,', '"n":1}');
    const calls: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    let done = false;
    const p = fetchJson('/x', { schema: Answer, beforeParse: () => (calls.push('gate'), gate) }).then((v) => ((done = true), v));
    await new Promise((r) => setTimeout(r, 30));
    // Headers are here, the body is not: the gate is not asked yet.
    expect(calls).toEqual([]);
    finish();
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toEqual(['gate']);
    expect(done).toBe(false);
    open();
    expect(await p).toEqual({ ok: true, n: 1 });
  });

  it('REV1: with beforeBody, the body is not read until that gate opens (it waits in the network’s buffers), then beforeParse is awaited as before', async () => {
    const calls: string[] = [];
    const enc = new TextEncoder();
    let reads = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(c) {
          reads++;
          c.enqueue(enc.encode('{"ok":true,"n":2}'));
          c.close();
        },
      },
      { highWaterMark: 0 },
    );
    vi.stubGlobal('fetch', async () => new Response(body, { status: 200 }));
    let open!: () => void;
    const bodyGate = new Promise<void>((r) => (open = r));
    const p = fetchJson('/x', {
      schema: Answer,
      beforeBody: () => (calls.push('body gate'), bodyGate),
      beforeParse: async () => void calls.push('parse gate'),
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toEqual(['body gate']);
    expect(reads).toBe(0);
    open();
    expect(await p).toEqual({ ok: true, n: 2 });
    expect(reads).toBe(1);
    expect(calls).toEqual(['body gate', 'parse gate']);
  });

  it('REV1: a beforeBody gate that stays shut holds the body at most BODY_WAIT_MAX_MS (an unread body holds its connection)', async () => {
    slowBody('{"ok":true,', '"n":3}')();
    const t0 = performance.now();
    const v = await fetchJson('/x', { schema: Answer, beforeBody: () => new Promise<void>(() => undefined) });
    expect(v).toEqual({ ok: true, n: 3 });
    const waited = performance.now() - t0;
    console.log(`a body gate that never opens: read after ${Math.round(waited)} ms (cap ${BODY_WAIT_MAX_MS} ms)`);
    expect(waited).toBeGreaterThanOrEqual(BODY_WAIT_MAX_MS - 20);
    // No longer than the cap, with room for a busy machine (the gate never opens).
    expect(waited).toBeLessThan(BODY_WAIT_MAX_MS + 1500);
  });

  it('a body that is not JSON, or not the expected shape, is a typed BAD_RESPONSE', async () => {
    slowBody('not json', '')();
    await expect(fetchJson('/x', { schema: Answer })).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    slowBody('{"ok":true,', '"n":"one"}')();
    await expect(fetchJson('/x', { schema: Answer })).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
});

// SPEC SYNC8, over a real socket: a server that answers as a black-holed network would (it takes
// the request, then says nothing, or stops half-way through a body). The bound is shortened to
// BOUND_MS here; the product's is NO_ANSWER_MS.
describe('SYNC8: a read with no answer ends', () => {
  const BOUND_MS = 300;
  const open = new Set<ServerResponse>();
  let server: Server;
  let base = '';
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  beforeAll(async () => {
    server = createServer((req, res) => {
      open.add(res);
      res.on('close', () => open.delete(res));
      const route = new URL(req.url ?? '/', 'http://x').pathname;
      const json = { 'content-type': 'application/json' };
      if (route === '/silent') return; // the request is taken; nothing ever comes back
      if (route === '/half') {
        res.writeHead(200, json);
        res.write('{"ok":true,'); // and then nothing more
        return;
      }
      if (route === '/trickle') {
        // A slow but live link: the whole body takes three bounds, never one without a part.
        res.writeHead(200, json);
        const parts = ['{"ok"', ':true', ',"n"', ':', '7', '}'];
        const next = () => {
          const part = parts.shift();
          if (part === undefined) return void res.end();
          res.write(part);
          setTimeout(next, BOUND_MS / 2);
        };
        return next();
      }
      if (route === '/late-write') {
        // A write answered after twice the bound (an import's upload and its append).
        req.resume();
        return void setTimeout(() => res.writeHead(200, json).end('{"ok":true,"n":8}'), BOUND_MS * 2);
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const res of open) res.destroy();
    await new Promise((r) => server.close(r));
  });

  it('NO_ANSWER_MS is ten seconds, the bound of a socket request too (IncidentFeed)', () => {
    expect(NO_ANSWER_MS).toBe(10_000);
  });

  it('SYNC8: a read whose answer never begins is ended after the bound as TIMEOUT (status 0, which queries try again)', async () => {
    const t0 = performance.now();
    const err = await fetchJson(`${base}/silent`, { schema: Answer, noAnswerMs: BOUND_MS }).catch((e: unknown) => e);
    const waited = performance.now() - t0;
    console.log(`SYNC8 a read with no answer ended after ${waited.toFixed(0)} ms (bound ${BOUND_MS} ms)`);
    expect(err).toMatchObject({ name: 'ApiError', status: 0, code: 'TIMEOUT' });
    expect(waited).toBeGreaterThanOrEqual(BOUND_MS - 20);
    expect(waited).toBeLessThan(BOUND_MS + 2000);
    await pause(50);
    expect(open.size).toBe(0); // the browser's side of the request was ended, not left open
  });

  it('SYNC8: a body that stops half-way is ended after the bound as TIMEOUT, not taken as a bad answer', async () => {
    const t0 = performance.now();
    const err = await fetchJson(`${base}/half`, { schema: Answer, noAnswerMs: BOUND_MS }).catch((e: unknown) => e);
    const waited = performance.now() - t0;
    console.log(`SYNC8 a body that stopped ended after ${waited.toFixed(0)} ms (bound ${BOUND_MS} ms)`);
    expect(err).toMatchObject({ status: 0, code: 'TIMEOUT' });
    expect(waited).toBeLessThan(BOUND_MS + 2000);
    await pause(50);
    expect(open.size).toBe(0);
  });

  it('SYNC8: an answer that keeps coming is read whole, however long it takes in all', async () => {
    const t0 = performance.now();
    expect(await fetchJson(`${base}/trickle`, { schema: Answer, noAnswerMs: BOUND_MS })).toEqual({ ok: true, n: 7 });
    expect(performance.now() - t0).toBeGreaterThan(BOUND_MS * 2);
  });

  it('SYNC8: a write waits for its answer to begin past the bound', async () => {
    expect(await fetchJson(`${base}/late-write`, { method: 'POST', body: {}, schema: Answer, noAnswerMs: BOUND_MS })).toEqual({ ok: true, n: 8 });
  });

  it('SYNC8: a request its caller ends is NETWORK, not TIMEOUT', async () => {
    const abort = new AbortController();
    const p = fetchJson(`${base}/silent`, { schema: Answer, noAnswerMs: BOUND_MS, signal: abort.signal }).catch((e: unknown) => e);
    await pause(50);
    abort.abort();
    expect(await p).toMatchObject({ status: 0, code: 'NETWORK' });
    const half = fetchJson(`${base}/half`, { schema: Answer, noAnswerMs: BOUND_MS, signal: abort.signal }).catch((e: unknown) => e);
    expect(await half).toMatchObject({ code: 'NETWORK' }); // already ended: not sent at all
  });
});

describe("which answers count as the server heard (SPEC SYNC12's 'offline since')", () => {
  const res = (headers: Record<string, string> = {}) => new Response('', { headers });
  it("the protocol's envelope, success or refusal, unless it is the service worker's copy", () => {
    expect(heardFrom(res(), { ok: true, plans: [] })).toBe(true);
    expect(heardFrom(res(), { ok: false, error: { code: 'STORE_UNAVAILABLE', message: 'x' } })).toBe(true);
    expect(heardFrom(res({ [COPY_HEADER]: '1' }), { ok: true })).toBe(false);
  });
  it("not a proxy's page (nginx's 502 while no process is up) nor a captive portal's, nor other JSON", () => {
    expect(heardFrom(res({ 'content-type': 'text/html' }), parseJson('<html><body>502 Bad Gateway</body></html>'))).toBe(false);
    expect(heardFrom(res(), parseJson('{"status":"captive"}'))).toBe(false);
    expect(heardFrom(res(), parseJson(null))).toBe(false);
  });
});
