import { REPLAY_LIMITS } from '../../lib/protocol/replay';
import { asciiJson } from '../ascii-json';
import type { EventStore } from '../store/types';
import type { RawJson } from './respond';

/** A page of the log as the routes send it: one ASCII JSON array of the stored event texts. */
export interface EventPage {
  /** `[e1,e2,…]`, ASCII (asciiJson). */
  bytes: Buffer;
  /** How many events it holds (fewer than asked when the log ends first). */
  count: number;
}

/** No one page takes more than this share of the budget (a few pages never push out all others). */
const MAX_PAGE_SHARE = 1 / 8;

/**
 * The bytes of full pages of the log, as the events route and the replay chunk route send them,
 * and of checkpoint states a chunk with no base sends (`checkpointState`), kept per process up to
 * a byte budget (least recently used first out; REPLAY_CACHE_MB).
 *
 * Why: a replay's background fill asks for the incident's log a thousand events at a time, and
 * every open asks again. Making a page's answer (read 1,000 texts, escape them to ASCII, join,
 * encode) held the event loop 8–12 ms per page on the 2-core machine of docs/performance.md, and a
 * person's move (its moment request) waited behind one or two of them. A kept page is written out
 * as it is.
 *
 * Only a whole page is kept: the events of one replay chunk (K of them, from a checkpoint on, as
 * the fill and the chunk route ask), every one of them stored. The log never changes what it holds
 * (SEQ1: append-only, no gaps), so those bytes are the page's for good, whoever asks and whatever
 * the head is then. A page the head is inside (a live incident's newest, asked again as it grows)
 * or at another offset is read every time: kept, each would be a near copy of another. Who may
 * read the incident is checked by the route on every request, before the page is looked up.
 */
export class EventPages {
  /** Whole pages (key: incident, first, limit) and checkpoint states (key: incident, `state`, seq), least recently used first. */
  private readonly pages = new Map<string, EventPage>();
  private bytes = 0;

  constructor(
    private readonly events: Pick<EventStore, 'readJson'>,
    private readonly maxBytes: number,
    /** Events in a whole page, the first of them at 1 + a multiple of it: K. */
    private readonly pageEvents: number = REPLAY_LIMITS.checkpointEvery,
    private readonly maxPageShare = MAX_PAGE_SHARE,
  ) {}

  /** Events from `from` (at least 1), at most `limit`: kept, or read, and kept when it is a whole page. */
  async read(incidentId: string, from: number, limit: number): Promise<EventPage> {
    const first = Math.max(1, from);
    const key = `${incidentId}\n${first}\n${limit}`;
    const kept = this.pages.get(key);
    if (kept) {
      // Most recently used: to the end of the map's order.
      this.pages.delete(key);
      this.pages.set(key, kept);
      return kept;
    }
    const json = limit > 0 ? await this.events.readJson(incidentId, first, limit) : [];
    const page: EventPage = { bytes: Buffer.from(`[${json.map(asciiJson).join(',')}]`, 'latin1'), count: json.length };
    const whole = limit === this.pageEvents && (first - 1) % this.pageEvents === 0 && json.length === limit;
    if (whole) this.keep(key, page);
    return page;
  }

  /**
   * The ASCII JSON bytes of checkpoint `seq`'s state, as a chunk with no base sends it (the replay
   * chunk route): kept, or from `text` (CheckpointCache.checkpointJson) and kept, in the same
   * budget as the pages. The state after event `seq` never changes (the log is append-only), so the
   * first open of an incident after a start, and every open after it, send the head's state (up to
   * 1.5 MB) without writing it out again. Who may read the incident is checked by the route first.
   */
  async checkpointState(incidentId: string, seq: number, text: () => Promise<string>): Promise<Buffer> {
    const key = `${incidentId}\nstate\n${seq}`;
    const kept = this.pages.get(key);
    if (kept) {
      this.pages.delete(key);
      this.pages.set(key, kept);
      return kept.bytes;
    }
    const bytes = Buffer.from(await text(), 'latin1');
    this.keep(key, { bytes, count: 0 });
    return bytes;
  }

  /** Keeps an answer's bytes within the budget (not one over its share; least recently used out). */
  private keep(key: string, page: EventPage): void {
    if (page.bytes.length > this.maxBytes * this.maxPageShare || this.pages.has(key)) return;
    this.pages.set(key, page);
    this.bytes += page.bytes.length;
    for (const [k, p] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.pages.delete(k);
      this.bytes -= p.bytes.length;
    }
  }

  /** Bytes kept now (the `portline_replay_pages_bytes` gauge, tests). */
  get size(): number {
    return this.bytes;
  }

  /** Pages and states kept now (tests). */
  get count(): number {
    return this.pages.size;
  }
}

/**
 * A page of events as an answer's last member (the events route, the chunk route): `first`, the
 * members that go first in the body (the page's length in characters, the answer being ASCII, and
 * its number of events), and `last`, the raw member itself, to be the last raw member sent. The
 * replay page keeps that member as text, cut from the end of the answer, and parses it only when a
 * moment needs those events (lib/client/replay/events-text.ts; docs/performance.md).
 */
export function eventsLast(page: EventPage): { first: { eventsLength: number; eventCount: number }; last: RawJson } {
  return { first: { eventsLength: page.bytes.length, eventCount: page.count }, last: { key: 'events', bytes: page.bytes } };
}
