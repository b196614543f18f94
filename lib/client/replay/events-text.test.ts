import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../domain/incident/events';
import { eventsOnce, EventsText, forgetParsed, PARSED_KEPT } from './events-text';
import { ReplayEngine } from './engine';

// A chunk's events held as text (SPEC REV1): parsed when read, the last PARSED_KEPT chunks read
// kept parsed; the background fill's fold parses without keeping.
const page = (from: number) => Array.from({ length: 3 }, (_, i) => ({ seq: from + i, type: 'MessagePosted' }) as unknown as IncidentEvent);

function counted(from: number) {
  const reads = { n: 0 };
  const text = new EventsText(JSON.stringify(page(from)), 3, (t) => (reads.n++, JSON.parse(t) as IncidentEvent[]));
  return { text, reads };
}

describe('EventsText', () => {
  it('REV1: parses on the first read only, and slices like an array', () => {
    const { text, reads } = counted(1);
    expect(reads.n).toBe(0);
    expect(text.length).toBe(3);
    expect(text.slice()).toEqual(page(1));
    expect(text.slice(1, 2)).toEqual([page(1)[1]]);
    expect(text.slice(-1)).toEqual([page(1)[2]]);
    expect(reads.n).toBe(1);
  });

  it('REV1: keeps the last PARSED_KEPT read parsed; the least recently read is parsed again', () => {
    const all = Array.from({ length: PARSED_KEPT + 1 }, (_, i) => counted(i * 10));
    for (const c of all.slice(0, PARSED_KEPT)) c.text.slice();
    all[0].text.slice(); // read again: now the most recent
    all[PARSED_KEPT].text.slice(); // one more: the least recently read (all[1]) goes
    all[0].text.slice();
    expect(all[0].reads.n).toBe(1);
    all[1].text.slice();
    expect(all[1].reads.n).toBe(2);
  });

  it('REV1: the fill’s fold (eventsOnce) parses without keeping; an array is passed as it is', () => {
    const { text, reads } = counted(1);
    expect(eventsOnce(text)).toEqual(page(1));
    expect(eventsOnce(text)).toEqual(page(1));
    expect(reads.n).toBe(2);
    text.slice();
    expect(eventsOnce(text)).toEqual(page(1));
    expect(reads.n).toBe(3);
    const list = page(5);
    expect(eventsOnce(list)).toBe(list);
  });

  it('a read that throws keeps nothing, and throws again on the next read', () => {
    const bad = new EventsText('[{', 1, () => {
      throw new Error('bad page');
    });
    expect(() => bad.slice()).toThrow('bad page');
    expect(() => bad.slice()).toThrow('bad page');
  });

  it('REV1: a chunk the engine lets go (a live incident grew past it) has its parsed list let go too', async () => {
    const mine = counted(1);
    const engine = new ReplayEngine(async (at) => ({ incidentId: 'i', at, state: null, messagesOmitted: 0, events: mine.text, headSeq: 3 }), 1000, 3);
    await engine.ensure(2);
    mine.text.slice();
    engine.setHead(10); // the chunk at 0 held 3 events of what are now 10: it goes
    expect(engine.size).toBe(0);
    mine.text.slice();
    expect(mine.reads.n).toBe(2);
  });

  it('REV1: past the chunks an engine keeps, the least recently used goes, its parsed list with it; asked again, it loads again', async () => {
    const texts = new Map<number, ReturnType<typeof counted>>();
    let loads = 0;
    const engine = new ReplayEngine(async (at) => {
      loads++;
      const c = counted(at + 1);
      texts.set(at, c);
      return { incidentId: 'i', at, state: null, messagesOmitted: 0, events: c.text, headSeq: 10_000 };
    }, 10, 10_000);
    await engine.ensure(5);
    texts.get(0)!.text.slice(); // shown: parsed and kept
    // Chunk 0 used again after the next ones came: the least recently used is then chunk 10.
    for (let at = 10; at < 1600; at += 10) await engine.ensure(at);
    expect(engine.cached(5)).toBeDefined();
    expect(engine.size).toBe(160);
    await engine.ensure(1600); // one past the limit: chunk 10 goes, not chunk 0
    expect(engine.size).toBe(160);
    expect(engine.cached(15)).toBeUndefined();
    expect(engine.cached(5)).toBeDefined();
    // Chunk 0 was the most recently used (the check above): 160 more and it goes too.
    for (let at = 1610; at < 1610 + 160 * 10; at += 10) await engine.ensure(at);
    expect(engine.size).toBe(160);
    expect(engine.cached(5)).toBeUndefined();
    const first = texts.get(0)!;
    first.text.slice();
    expect(first.reads.n).toBe(2); // its parse was let go with it
    const before = loads;
    expect((await engine.ensure(5)).events).not.toBe(first.text);
    expect(loads).toBe(before + 1);
    expect(engine.size).toBe(160);
  });

  it('REV1: an engine’s stop lets go of its own chunks’ parsed lists only (the page went away); forgetParsed() of every one', async () => {
    const mine = counted(1);
    const other = counted(100);
    const engine = new ReplayEngine(async (at) => ({ incidentId: 'i', at, state: null, messagesOmitted: 0, events: mine.text, headSeq: 3 }), 1000, 3);
    expect((await engine.ensure(2)).events).toBe(mine.text);
    mine.text.slice();
    other.text.slice(); // another engine's (a newer one on the same page)
    mine.text.slice();
    other.text.slice();
    expect([mine.reads.n, other.reads.n]).toEqual([1, 1]);
    engine.stop();
    mine.text.slice();
    other.text.slice();
    expect([mine.reads.n, other.reads.n]).toEqual([2, 1]);
    forgetParsed();
    other.text.slice();
    expect(other.reads.n).toBe(2);
  });
});
