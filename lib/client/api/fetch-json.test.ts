import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { BODY_WAIT_MAX_MS, fetchJson } from './fetch-json';

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
