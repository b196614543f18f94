import { afterEach, describe, expect, it, vi } from 'vitest';
import { getEventsPage, getReplayChunk, getReplayIndex } from './replay';
import { ApiError } from './api-error';

// The client's check of a chunk's envelope (SPEC REV1): the events are checked for seq and type
// only, and passed on as the server sent them.
function answer(body: unknown) {
  vi.stubGlobal('fetch', async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }));
}

const event = (seq: number) => ({ seq, ts: 1_700_000_000_000 + seq, type: 'MessagePosted', incidentId: 'i', id: `e${seq}`, payload: { messageId: `m${seq}`, text: 'hi', toAgency: null, alert: false } });
const chunk = (events: unknown) => ({ ok: true, incidentId: 'i', at: 1000, state: { id: 'i', seq: 1000, tasks: {} }, messagesOmitted: 0, events, headSeq: 5000 });

afterEach(() => vi.unstubAllGlobals());

describe('getReplayChunk', () => {
  it('passes the events on as sent', async () => {
    const events = Array.from({ length: 1000 }, (_, i) => event(1001 + i));
    answer(chunk(events));
    const c = await getReplayChunk('i', 1000);
    expect(c.events).toEqual(events);
    expect(c.at).toBe(1000);
  });

  it('refuses an event without a numeric seq (BAD_RESPONSE)', async () => {
    answer(chunk([event(1001), { ...event(1002), seq: '1002' }]));
    const err = await getReplayChunk('i', 1000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('BAD_RESPONSE');
  });

  it('refuses events that are not a list, or an event that is not an object', async () => {
    answer(chunk({ 0: event(1001) }));
    await expect(getReplayChunk('i', 1000)).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    answer(chunk([null]));
    await expect(getReplayChunk('i', 1000)).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
});

describe('getEventsPage', () => {
  it('checks its events the same way', async () => {
    answer({ ok: true, events: [event(7)], headSeq: 9 });
    expect((await getEventsPage('i', 7, 1)).events).toEqual([event(7)]);
    answer({ ok: true, events: [{ seq: 7 }], headSeq: 9 });
    await expect(getEventsPage('i', 7, 1)).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
});

describe('getReplayIndex', () => {
  const index = (ticks: Record<string, unknown>) => ({
    ok: true, incidentId: 'i', headSeq: 3, from: 0, checkpointEvery: 1000, firstTs: 1, lastTs: 9,
    ticks: { agencies: ['fire'], types: ['MessagePosted'], dt: [0, 4, 4], agency: [0, -1, 0], type: [0, 0, 0], ...ticks },
  });

  it('passes the columns on as sent', async () => {
    answer(index({}));
    const i = await getReplayIndex('i');
    expect(i.ticks).toEqual({ agencies: ['fire'], types: ['MessagePosted'], dt: [0, 4, 4], agency: [0, -1, 0], type: [0, 0, 0] });
  });

  it('refuses a column that is not a list of numbers (BAD_RESPONSE)', async () => {
    for (const bad of [{ dt: [0, '4', 4] }, { agency: { 0: 0 } }, { type: [0, null] }, { dt: undefined }]) {
      answer(index(bad));
      await expect(getReplayIndex('i')).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    }
  });
});
