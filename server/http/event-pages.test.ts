import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../lib/domain/incident/events';
import { appendLongIncident, buildLongIncident, type LongIncident } from '../demo/long-incident';
import type { Store } from '../store/types';
import { tempStore, type TempStore } from '../testing/temp-store';
import { EventPages } from './event-pages';

const HOUR = 3_600_000;

/**
 * The full pages of the log a process keeps ready to send (server/http/event-pages.ts), on a real
 * SQLite store: the same events as the store's, in ASCII; a full page read once; a page that is
 * not full (the head inside it) read each time, so a live incident's new events are in the next.
 */
describe('EventPages', () => {
  let temp: TempStore;
  let store: Store;
  let log: LongIncident;
  /** Another incident, all 3,000 events stored from the start (the budget test needs three whole pages, whatever ran before it). */
  let whole: LongIncident;

  beforeAll(async () => {
    temp = await tempStore('portline-event-pages-');
    store = temp.store;
    log = buildLongIncident({ incidentId: randomUUID(), events: 3000, start: Date.now() - 5 * HOUR, spanMs: 4 * HOUR, seed: 7 });
    // The first 2,500 now; the rest in the last test (the incident goes on).
    await appendLongIncident(store, { ...log, events: log.events.slice(0, 2500) });
    whole = buildLongIncident({ incidentId: randomUUID(), events: 3000, start: Date.now() - 5 * HOUR, spanMs: 4 * HOUR, seed: 8 });
    await appendLongIncident(store, whole);
  });

  afterAll(async () => {
    await temp?.cleanup();
  });

  /** The store's events, counting the reads. */
  function counting() {
    const reads: Array<[number, number]> = [];
    return { reads, events: { readJson: (id: string, from: number, limit: number) => (reads.push([from, limit]), store.events.readJson(id, from, limit)) } };
  }

  const parse = (bytes: Buffer) => JSON.parse(bytes.toString('latin1')) as IncidentEvent[];

  it('sends the stored events of a page in ASCII, Chinese text escaped, the same values', async () => {
    const pages = new EventPages(store.events, 64 * 1024 * 1024);
    const page = await pages.read(log.incidentId, 1001, 1000);
    expect(page.count).toBe(1000);
    expect(page.bytes.every((b) => b < 0x80)).toBe(true);
    const stored = await store.events.read(log.incidentId, 1001, 1000);
    expect(parse(page.bytes)).toEqual(stored);
    // The seeded log speaks both languages: the escapes were needed.
    expect(stored.some((e) => /[\u4e00-\u9fff]/.test(JSON.stringify(e)))).toBe(true);
    // From 0 is from 1, as the store reads it.
    expect(parse((await pages.read(log.incidentId, 0, 150)).bytes).map((e) => e.seq)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
  });

  it('reads a full page from the store once; every later ask gets the same bytes', async () => {
    const { reads, events } = counting();
    const pages = new EventPages(events, 64 * 1024 * 1024);
    const first = await pages.read(log.incidentId, 1, 1000);
    const again = await pages.read(log.incidentId, 1, 1000);
    expect(again.bytes).toBe(first.bytes);
    expect(reads).toEqual([[1, 1000]]);
    expect(pages.count).toBe(1);
    expect(pages.size).toBe(first.bytes.length);
  });

  it('keeps no page the head is inside, nor a short one or one at another offset, so an incident that goes on sends its new events', async () => {
    const { reads, events } = counting();
    const pages = new EventPages(events, 64 * 1024 * 1024);
    const tail = await pages.read(log.incidentId, 2001, 1000);
    expect(tail.count).toBe(500);
    // Nor the chunk route's page of the head's chunk (fewer than K events asked: all there).
    await pages.read(log.incidentId, 2001, 500);
    // Short pages (a moment's few events, a live board's catch-up), and pages not from a checkpoint.
    await pages.read(log.incidentId, 1, 20);
    await pages.read(log.incidentId, 2, 1000);
    expect(pages.count).toBe(0);
    await appendLongIncident(store, { ...log, events: log.events.slice(2500) });
    const full = await pages.read(log.incidentId, 2001, 1000);
    expect(full.count).toBe(1000);
    expect(parse(full.bytes).map((e) => e.seq)).toEqual(log.events.slice(2000, 3000).map((e) => e.seq));
    expect(reads).toEqual([
      [2001, 1000],
      [2001, 500],
      [1, 20],
      [2, 1000],
      [2001, 1000],
    ]);
    expect(pages.count).toBe(1);
  });

  it('keeps at most its budget: the least recently used page goes first; no page over its share of it', async () => {
    const size = (await new EventPages(store.events, 64 * 1024 * 1024).read(whole.incidentId, 1, 1000)).bytes.length;
    const { reads, events } = counting();
    // Room for two pages of 1,000 events (each about `size`), not three.
    const budget = Math.round(size * 2.5);
    const pages = new EventPages(events, budget, 1000, 1);
    const page = (k: number) => pages.read(whole.incidentId, 1 + 1000 * k, 1000);
    await page(0);
    await page(1);
    await page(0); // 0 is now the most recently used
    await page(2); // 1 goes
    expect(pages.count).toBe(2);
    expect(pages.size).toBeLessThanOrEqual(budget);
    reads.length = 0;
    await page(0);
    await page(2);
    expect(reads).toEqual([]);
    await page(1);
    expect(reads).toEqual([[1001, 1000]]);

    // With the default share (an eighth), a page of 1,000 events is too big for that budget; one of 200 is not.
    const big = new EventPages(store.events, budget);
    await big.read(whole.incidentId, 1, 1000);
    expect(big.count).toBe(0);
    const small = new EventPages(store.events, budget, 200);
    await small.read(whole.incidentId, 201, 200);
    expect(small.count).toBe(1);

    const none = counting();
    const off = new EventPages(none.events, 0);
    await off.read(whole.incidentId, 1, 1000);
    await off.read(whole.incidentId, 1, 1000);
    expect(none.reads.length).toBe(2);
    expect(off.count).toBe(0);
  });

  it('keeps a checkpoint state’s bytes, made once, in the same budget as the pages', async () => {
    const { reads, events } = counting();
    const size = (await new EventPages(store.events, 64 * 1024 * 1024).read(whole.incidentId, 1, 1000)).bytes.length;
    const pages = new EventPages(events, Math.round(size * 2.5), 1000, 1);
    let made = 0;
    const text = JSON.stringify({ seq: 1000, filler: 'x'.repeat(size) });
    const state = () => pages.checkpointState(whole.incidentId, 1000, async () => (made++, text));
    expect((await state()).toString('latin1')).toBe(text);
    expect((await state()).toString('latin1')).toBe(text);
    expect(made).toBe(1);
    expect(pages.count).toBe(1);
    // Two pages after it: the state, least recently used, goes.
    await pages.read(whole.incidentId, 1, 1000);
    await pages.read(whole.incidentId, 1001, 1000);
    expect(pages.count).toBe(2);
    expect(reads).toHaveLength(2);
    await state();
    expect(made).toBe(2);
    // Another incident's state, or another checkpoint's, is another entry.
    await pages.checkpointState('other', 1000, async () => (made++, '{}'));
    expect(made).toBe(3);
  });
});
