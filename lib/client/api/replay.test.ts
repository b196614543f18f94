import { afterEach, describe, expect, it, vi } from 'vitest';
import { getEventsPage, getReplayChunk, getReplayIndex } from './replay';
import { EventsText } from '../replay/events-text';
import { ApiError } from './api-error';
import { eventsLastBody } from './testing';

// The client's check of a chunk's envelope (SPEC REV1): the events are kept as the text the server
// sent, and checked for seq and type only, and for their number, when a moment first reads them.
function answer(body: unknown) {
  vi.stubGlobal('fetch', async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }));
}
/** An answer as the server writes one with a page of events last (its length and count first). */
function answerEventsLast(body: { events: unknown } & Record<string, unknown>, edit: (text: string) => string = (t) => t) {
  vi.stubGlobal('fetch', async () => new Response(edit(eventsLastBody(body)), { status: 200, headers: { 'content-type': 'application/json' } }));
}

const event = (seq: number) => ({ seq, ts: 1_700_000_000_000 + seq, type: 'MessagePosted', incidentId: 'i', id: `e${seq}`, payload: { messageId: `m${seq}`, text: 'hi "there", \\ {"events":[]}', toAgency: null, alert: false } });
const chunk = (events: unknown) => ({ incidentId: 'i', at: 1000, state: { id: 'i', seq: 1000, tasks: {}, note: ',"events":[' }, messagesOmitted: 0, headSeq: 5000, events });

afterEach(() => vi.unstubAllGlobals());

describe('getReplayChunk', () => {
  it('REV1: keeps the events as sent, as text, and parses them when first read', async () => {
    const events = Array.from({ length: 1000 }, (_, i) => event(1001 + i));
    answerEventsLast(chunk(events));
    const c = await getReplayChunk('i', 1000);
    expect(c.events).toBeInstanceOf(EventsText);
    expect(c.events.length).toBe(1000);
    expect(c.events.slice()).toEqual(events);
    expect(c.events.slice(10, 12)).toEqual(events.slice(10, 12));
    expect(c.at).toBe(1000);
    expect(c.state).toEqual({ id: 'i', seq: 1000, tasks: {}, note: ',"events":[' });
    expect(c).not.toHaveProperty('eventsLength');
    expect(c).not.toHaveProperty('eventCount');
  });

  it('REV1: an event without a numeric seq, events that are not a list, or fewer than said, are a BAD_RESPONSE when read', async () => {
    const bad: unknown[] = [[event(1001), { ...event(1002), seq: '1002' }], { 0: event(1001) }, [null]];
    for (const events of bad) {
      answerEventsLast(chunk(events));
      const c = await getReplayChunk('i', 1000);
      expect(() => c.events.slice()).toThrow(ApiError);
      expect(() => c.events.slice()).toThrow(expect.objectContaining({ code: 'BAD_RESPONSE' }));
    }
    answerEventsLast(chunk([event(1001), event(1002)]), (t) => t.replace('"eventCount":2', '"eventCount":3'));
    const short = await getReplayChunk('i', 1000);
    expect(() => short.events.slice()).toThrow(expect.objectContaining({ code: 'BAD_RESPONSE' }));
  });

  it('an answer whose events are not where its length says, or with no length, is a BAD_RESPONSE', async () => {
    answerEventsLast(chunk([event(1001)]), (t) => t.replace(/"eventsLength":(\d+)/, (_, n: string) => `"eventsLength":${Number(n) + 1}`));
    await expect(getReplayChunk('i', 1000)).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    answer({ ok: true, ...chunk([event(1001)]), eventCount: 1 });
    await expect(getReplayChunk('i', 1000)).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('an error answer is read whole, as from any route', async () => {
    answer({ ok: false, error: { code: 'FORBIDDEN', message: 'no' } });
    await expect(getReplayChunk('i', 1000)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('getEventsPage', () => {
  it('keeps its events as text the same way', async () => {
    answerEventsLast({ headSeq: 9, events: [event(7)] });
    const page = await getEventsPage('i', 7, 1);
    expect(page.headSeq).toBe(9);
    expect(page.events.slice()).toEqual([event(7)]);
    answerEventsLast({ headSeq: 9, events: [{ seq: 7 }] });
    const bad = await getEventsPage('i', 7, 1);
    expect(() => bad.events.slice()).toThrow(expect.objectContaining({ code: 'BAD_RESPONSE' }));
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
