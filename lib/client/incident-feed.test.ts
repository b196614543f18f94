import { describe, expect, it, vi } from 'vitest';
import { INCIDENT_ID, opened, sequence, taskCreated } from '../domain/incident/fixtures';
import { ErrorCode } from '../domain/errors';
import type { EventBody } from '../domain/incident/events';
import { HTTP_READ_AFTER_MS, HTTP_READ_EVERY_MS, httpReads, IncidentFeed, PAGE_FIRST, rejoinDelay, type HttpEventsPage } from './incident-feed';
import { replay as replayOf } from '../domain/incident/evolve';
import type { PortlineSocket } from './socket';

/** A socket stand-in whose join and fetch answers come from a list; `fire` delivers a server event. */
function fakeSocket(answers: unknown[], { connected = true } = {}) {
  const joins: unknown[] = [];
  const requests: string[] = [];
  /** When each request was sent (Date.now()). */
  const sentAt: number[] = [];
  const handlers = new Map<string, (msg: unknown) => void>();
  const socket = {
    connected,
    on: (event: string, fn: (msg: unknown) => void) => (handlers.set(event, fn), socket),
    off: () => socket,
    emit: () => socket,
    timeout: () => socket,
    emitWithAck: async (event: string, payload: unknown) => {
      joins.push(payload);
      requests.push(event);
      sentAt.push(Date.now());
      return answers.shift();
    },
  };
  const fire = (event: string, msg?: unknown) => handlers.get(event)?.(msg);
  /** The socket connects (true) or drops (false), with its event. */
  const connect = (up: boolean) => {
    socket.connected = up;
    fire(up ? 'connect' : 'disconnect');
  };
  return { socket: socket as unknown as PortlineSocket, joins, requests, sentAt, fire, connect };
}

describe('IncidentFeed', () => {
  it('SYNC3: after a transient failure it joins again by itself, with backoff, from its last seq', async () => {
    vi.useFakeTimers();
    try {
      const events = sequence([opened()]);
      const { socket, joins } = fakeSocket([
        { ok: false, error: { code: ErrorCode.STORE_UNAVAILABLE, message: 'away' } },
        { ok: true, events, headSeq: 1 },
      ]);
      const seen: number[] = [];
      const feed = new IncidentFeed(socket, INCIDENT_ID, (snap) => seen.push(snap.state?.seq ?? 0));
      feed.start();
      await vi.advanceTimersByTimeAsync(0);
      expect(joins).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(rejoinDelay(0));
      expect(joins).toEqual([
        { incidentId: INCIDENT_ID, sinceSeq: 0, limit: PAGE_FIRST },
        { incidentId: INCIDENT_ID, sinceSeq: 0, limit: PAGE_FIRST },
      ]);
      expect(feed.seq).toBe(1);
      feed.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('SYNC3: a refusal is not retried, and the backoff stops growing at 30 s', async () => {
    const { socket, joins } = fakeSocket([{ ok: false, error: { code: ErrorCode.FORBIDDEN, message: 'no' } }]);
    vi.useFakeTimers();
    try {
      const feed = new IncidentFeed(socket, INCIDENT_ID, () => undefined);
      feed.start();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(joins).toHaveLength(1);
      feed.stop();
    } finally {
      vi.useRealTimers();
    }
    expect([0, 1, 2, 10].map(rejoinDelay)).toEqual([1000, 2000, 4000, 30_000]);
  });

  it('AUTH5/SYNC3: a feed behind when its agency is taken out is refused its catch-up (FORBIDDEN), stays where it was without retrying, and catches up on a hint once the agency is back', async () => {
    const all = sequence([opened(), taskCreated('t1'), { type: 'IncidentUpdated', payload: { agencies: { from: ['fire', 'customs', 'port'], to: ['fire', 'port'] } } }, taskCreated('t2')]);
    const added: EventBody = { type: 'IncidentUpdated', payload: { agencies: { from: ['fire', 'port'], to: ['fire', 'port', 'customs'] } } };
    const { socket, requests, fire } = fakeSocket([
      { ok: true, events: all.slice(0, 1), headSeq: 3 }, // joined one page behind the removal
      { ok: false, error: { code: ErrorCode.FORBIDDEN, message: 'Your agency does not take part in this incident.' } }, // the catch-up: customs is out by now
      { ok: true, events: [...all.slice(1), ...sequence([added], { startSeq: 5 })], headSeq: 5 }, // the join after customs is back
    ]);
    vi.useFakeTimers();
    try {
      const feed = new IncidentFeed(socket, INCIDENT_ID, () => undefined);
      feed.start();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(requests).toEqual(['incident:join', 'incident:fetch']);
      expect({ seq: feed.seq, error: feed.snapshot.error?.code, loading: feed.snapshot.loading }).toEqual({ seq: 1, error: ErrorCode.FORBIDDEN, loading: false });

      fire('incidents:changed', { incidentId: INCIDENT_ID, seq: 5 }); // customs added back: the list hint is past the feed
      await vi.advanceTimersByTimeAsync(0);
      expect(requests).toEqual(['incident:join', 'incident:fetch', 'incident:join']);
      expect({ seq: feed.seq, error: feed.snapshot.error, loading: feed.snapshot.loading }).toEqual({ seq: 5, error: null, loading: false });
      feed.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  /** An answer the test gives when it chooses (the socket stand-in returns it from emitWithAck). */
  const later = () => {
    let give!: (answer: unknown) => void;
    const answer = new Promise<unknown>((resolve) => (give = resolve));
    return { answer, give };
  };

  it('SYNC1/AUTH5: a list hint that comes while the join is answered does not join a second time', async () => {
    const log = sequence([opened(), taskCreated('t1'), taskCreated('t2')]);
    const join = later();
    const { socket, requests, fire } = fakeSocket([join.answer]);
    const feed = new IncidentFeed(socket, INCIDENT_ID, () => undefined);
    feed.start();
    await Promise.resolve();
    // A busy incident: its list hint arrives before the (long) join's answer.
    fire('incidents:changed', { incidentId: INCIDENT_ID, seq: 3 });
    join.give({ ok: true, events: log, headSeq: 3 });
    await vi.waitFor(() => expect(feed.seq).toBe(3));
    await new Promise((r) => setTimeout(r, 10));
    // Before, the hint joined again: the incident's first page read twice.
    expect(requests).toEqual(['incident:join']);
    feed.stop();
  });

  it('AUTH5: a list hint that comes while a catch-up is under way, which is then refused, joins again once it ends', async () => {
    const all = sequence([opened(), taskCreated('t1'), { type: 'IncidentUpdated', payload: { agencies: { from: ['fire', 'customs', 'port'], to: ['fire', 'port'] } } }, taskCreated('t2')]);
    const added: EventBody = { type: 'IncidentUpdated', payload: { agencies: { from: ['fire', 'port'], to: ['fire', 'port', 'customs'] } } };
    const fetch = later();
    const { socket, requests, fire } = fakeSocket([
      { ok: true, events: all.slice(0, 1), headSeq: 3 }, // joined one page behind the removal
      fetch.answer, // the catch-up, answered after customs was added back
      { ok: true, events: [...all.slice(1), ...sequence([added], { startSeq: 5 })], headSeq: 5 },
    ]);
    const feed = new IncidentFeed(socket, INCIDENT_ID, () => undefined);
    feed.start();
    await vi.waitFor(() => expect(requests).toEqual(['incident:join', 'incident:fetch']));
    // Customs added back while the catch-up is still out: its hint arrives before the refusal.
    fire('incidents:changed', { incidentId: INCIDENT_ID, seq: 5 });
    fetch.give({ ok: false, error: { code: ErrorCode.FORBIDDEN, message: 'Your agency does not take part in this incident.' } });
    // Before, the hint was dropped (a fetch was under way) and the feed stayed refused at seq 1.
    await vi.waitFor(() => expect({ seq: feed.seq, error: feed.snapshot.error }).toEqual({ seq: 5, error: null }));
    expect(requests).toEqual(['incident:join', 'incident:fetch', 'incident:join']);
    feed.stop();
  });

  /** A log of `n` events (an opening, then tasks), and what each published snapshot showed. */
  const longLog = (n: number) => sequence([opened(), ...Array.from({ length: n - 1 }, (_, i) => taskCreated(`t${i}`))]);
  const shownOf = (snap: import('./incident-feed').FeedSnapshot) => ({ seq: snap.state?.seq ?? null, applied: snap.appliedSeq, head: snap.headSeq, error: snap.error?.code ?? null });

  it('SYNC5: the first load shows no state until it has every page up to the head, only its progress', async () => {
    const log = longLog(25);
    const { socket, requests } = fakeSocket([
      { ok: true, events: log.slice(0, 10), headSeq: 25 },
      { ok: true, events: log.slice(10, 20), headSeq: 25 },
      { ok: true, events: log.slice(20), headSeq: 25 },
    ]);
    const shown: Array<ReturnType<typeof shownOf>> = [];
    const feed = new IncidentFeed(socket, INCIDENT_ID, (snap) => shown.push(shownOf(snap)));
    feed.start();
    await vi.waitFor(() => expect(feed.snapshot.loading).toBe(false));
    expect(requests).toEqual(['incident:join', 'incident:fetch', 'incident:fetch']);
    expect(shown).toEqual([
      { seq: null, applied: 10, head: 25, error: null },
      { seq: null, applied: 20, head: 25, error: null },
      { seq: null, applied: 25, head: 25, error: null },
      { seq: 25, applied: 25, head: 25, error: null },
    ]);
    feed.stop();
  });

  it('SYNC5/SYNC9: a first join with no answer shows why; the next join that answers shows the progress again (loading), not a blank', async () => {
    vi.useFakeTimers();
    try {
      const log = longLog(25);
      const { socket } = fakeSocket([
        { ok: false, error: { code: ErrorCode.TIMEOUT, message: 'No answer from the server.' } },
        { ok: true, events: log.slice(0, 10), headSeq: 25 },
        { ok: true, events: log.slice(10), headSeq: 25 },
      ]);
      const seen: Array<{ loading: boolean; error: string | null; applied: number }> = [];
      const feed = new IncidentFeed(socket, INCIDENT_ID, (snap) => seen.push({ loading: snap.loading, error: snap.error?.code ?? null, applied: snap.appliedSeq }));
      feed.start();
      await vi.advanceTimersByTimeAsync(rejoinDelay(0));
      expect(feed.seq).toBe(25);
      // What the board shows (incident-board.tsx): the error, then the spinner with its progress (loading), then the board.
      expect(seen).toEqual([
        { loading: false, error: ErrorCode.TIMEOUT, applied: 0 },
        { loading: true, error: null, applied: 10 },
        { loading: true, error: null, applied: 25 },
        { loading: false, error: null, applied: 25 },
      ]);
      feed.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('SYNC10: a join answered with a page not of the protocol’s shape applies none of it and shows BAD_RESPONSE, not tried again by itself', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.useFakeTimers();
    try {
      const log = longLog(3);
      const { socket, joins } = fakeSocket([{ ok: true, events: [log[0], { ...log[1], type: 'TaskTeleported' }, log[2]], headSeq: 3 }]);
      const feed = new IncidentFeed(socket, INCIDENT_ID, () => undefined);
      feed.start();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(joins).toHaveLength(1);
      expect(feed.seq).toBe(0);
      expect(feed.snapshot).toMatchObject({ state: null, loading: false, error: { code: ErrorCode.BAD_RESPONSE } });
      feed.stop();
    } finally {
      vi.useRealTimers();
      vi.restoreAllMocks();
    }
  });

  it('SYNC3/SYNC10: on a wall (retryRefusedMs) a refused catch-up keeps the state shown with the error, and is tried again after that wait until it passes', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.useFakeTimers();
    try {
      const log = longLog(3);
      const { socket, joins, fire } = fakeSocket([
        { ok: true, events: log.slice(0, 1), headSeq: 1 },
        { ok: true, events: [{ ...log[1], type: 'TaskTeleported' }, log[2]], headSeq: 3 },
        { ok: false, error: { code: ErrorCode.NOT_FOUND, message: 'gone a moment' } },
        { ok: true, events: log.slice(1), headSeq: 3 },
      ]);
      const shown: { seq: number; error: string | null }[] = [];
      const feed = new IncidentFeed(socket, INCIDENT_ID, (snap) => shown.push({ seq: snap.state?.seq ?? 0, error: snap.error?.code ?? null }), undefined, undefined, 30_000);
      feed.start();
      await vi.advanceTimersByTimeAsync(0);
      expect(feed.seq).toBe(1);
      fire('incidents:changed', { incidentId: INCIDENT_ID, seq: 3 });
      await vi.advanceTimersByTimeAsync(0);
      // The state shown stays, with the refusal beside it (a wall says it is not up to date).
      expect(shown.at(-1)).toEqual({ seq: 1, error: ErrorCode.BAD_RESPONSE });
      await vi.advanceTimersByTimeAsync(29_000);
      expect(joins).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(joins).toHaveLength(3);
      expect(shown.at(-1)).toEqual({ seq: 1, error: ErrorCode.NOT_FOUND });
      await vi.advanceTimersByTimeAsync(30_000);
      expect(joins).toHaveLength(4);
      expect(joins.at(-1)).toEqual({ incidentId: INCIDENT_ID, sinceSeq: 1, limit: PAGE_FIRST });
      expect(shown.at(-1)).toEqual({ seq: 3, error: null });
      await vi.advanceTimersByTimeAsync(120_000);
      expect(joins).toHaveLength(4);
      feed.stop();
    } finally {
      vi.useRealTimers();
      vi.restoreAllMocks();
    }
  });

  it('SYNC10: a live push not of the protocol’s shape applies nothing; the feed joins again from its seq and applies what the join answers', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const log = longLog(3);
      const { socket, joins, fire } = fakeSocket([
        { ok: true, events: log.slice(0, 1), headSeq: 1 },
        { ok: true, events: log.slice(1), headSeq: 3 },
      ]);
      const feed = new IncidentFeed(socket, INCIDENT_ID, () => undefined);
      feed.start();
      await vi.waitFor(() => expect(feed.seq).toBe(1));
      // Another incident's bad push is none of this feed's business; this one's is read again.
      fire('incident:events', { incidentId: 'another', events: [{ seq: 'x' }] });
      fire('incident:events', { incidentId: INCIDENT_ID, events: [{ ...log[1], seq: '2' }, log[2]] });
      expect(feed.seq).toBe(1);
      await vi.waitFor(() => expect(feed.seq).toBe(3));
      expect(joins).toEqual([
        { incidentId: INCIDENT_ID, sinceSeq: 0, limit: PAGE_FIRST },
        { incidentId: INCIDENT_ID, sinceSeq: 1, limit: PAGE_FIRST },
      ]);
      expect(feed.snapshot.error).toBeNull();
      // Only this incident's push is checked (and found wanting); another incident's is not read at all.
      expect(warn).toHaveBeenCalledTimes(1);
      feed.stop();
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('SYNC6: a catch-up answered RATE_LIMITED waits the server’s retryAfterMs and goes on, showing progress, never the error', async () => {
    const log = longLog(25);
    const limited = { ok: false, error: { code: ErrorCode.RATE_LIMITED, message: 'slow down', details: { retryAfterMs: 120, limit: 'reads' } } };
    const { socket, requests, sentAt } = fakeSocket([
      limited, // the join itself
      { ok: true, events: log.slice(0, 10), headSeq: 25 },
      limited,
      { ok: true, events: log.slice(10, 20), headSeq: 25 },
      limited,
      { ok: true, events: log.slice(20), headSeq: 25 },
    ]);
    const shown: Array<ReturnType<typeof shownOf>> = [];
    const feed = new IncidentFeed(socket, INCIDENT_ID, (snap) => shown.push(shownOf(snap)));
    feed.start();
    await vi.waitFor(() => expect(feed.snapshot.loading).toBe(false), { timeout: 3000 });
    expect(requests).toEqual(['incident:join', 'incident:join', 'incident:fetch', 'incident:fetch', 'incident:fetch', 'incident:fetch']);
    // Each request after a RATE_LIMITED one came after the server's wait.
    for (const i of [1, 3, 5]) expect(sentAt[i] - sentAt[i - 1]).toBeGreaterThanOrEqual(110);
    expect(shown.every((s) => s.error === null)).toBe(true);
    expect(shown.at(-1)).toEqual({ seq: 25, applied: 25, head: 25, error: null });
    expect(feed.snapshot.state).toEqual(replayOf(log));
    feed.stop();

    // Too many incidents joined at once is no pace: the error is shown (and retried with the backoff, SYNC3).
    const full = fakeSocket([{ ok: false, error: { code: ErrorCode.RATE_LIMITED, message: 'leave one first', details: { retryAfterMs: 1000, limit: 'joined' } } }]);
    const errors: Array<string | undefined> = [];
    const refused = new IncidentFeed(full.socket, INCIDENT_ID, (snap) => errors.push(snap.error?.code));
    refused.start();
    await vi.waitFor(() => expect(errors).toEqual([ErrorCode.RATE_LIMITED]));
    refused.stop();
  });

  it('SYNC5: a board already shown keeps its state while a rejoin catches up, then shows the head; a first load that fails shows the error, not the partial state', async () => {
    const log = longLog(25);
    const before = { state: replayOf(log.slice(0, 5)), events: log.slice(0, 5), headSeq: 5, loading: false, error: null, appliedSeq: 5, heardAt: null };
    const { socket } = fakeSocket([
      { ok: true, events: log.slice(5, 15), headSeq: 25 },
      { ok: true, events: log.slice(15), headSeq: 25 },
    ]);
    const shown: Array<ReturnType<typeof shownOf>> = [];
    const feed = new IncidentFeed(socket, INCIDENT_ID, (snap) => shown.push(shownOf(snap)), before);
    feed.start();
    await vi.waitFor(() => expect(feed.snapshot.loading).toBe(false));
    expect(shown).toEqual([{ seq: 25, applied: 25, head: 25, error: null }]);
    feed.stop();

    const failing = fakeSocket([
      { ok: true, events: log.slice(0, 10), headSeq: 25 },
      { ok: false, error: { code: ErrorCode.FORBIDDEN, message: 'no' } },
    ]);
    const seen: Array<ReturnType<typeof shownOf>> = [];
    const first = new IncidentFeed(failing.socket, INCIDENT_ID, (snap) => seen.push(shownOf(snap)));
    first.start();
    await vi.waitFor(() => expect(first.snapshot.error).not.toBeNull());
    expect(seen).toEqual([
      { seq: null, applied: 10, head: 25, error: null },
      { seq: null, applied: 10, head: 25, error: ErrorCode.FORBIDDEN },
    ]);
    first.stop();
  });

  /** An HTTP reader whose pages come from a list (undefined: no network), and the seqs it was asked from. */
  function fakeHttp(pages: unknown[]) {
    const asked: number[] = [];
    const http: HttpEventsPage = async (_id, fromSeq) => {
      asked.push(fromSeq);
      const page = pages.shift();
      return (page ?? { ok: false, error: { code: ErrorCode.TIMEOUT, message: 'Failed to fetch' } }) as Awaited<ReturnType<HttpEventsPage>>;
    };
    return { http, asked };
  }

  it('SYNC7: a page whose socket cannot connect reads the log over HTTP after 3 s and every 15 s; once it connects it joins from there and reads no more over HTTP', async () => {
    vi.useFakeTimers();
    try {
      const log = longLog(25);
      const { socket, requests, joins, connect } = fakeSocket([{ ok: true, events: [], headSeq: 25 }], { connected: false });
      const { http, asked } = fakeHttp([
        { ok: true, events: log.slice(0, 10), headSeq: 20 },
        { ok: true, events: log.slice(10, 20), headSeq: 20 },
        { ok: true, events: [], headSeq: 20 }, // 15 s later: nothing new
        undefined, // 15 s later: no network
        { ok: true, events: log.slice(20, 25), headSeq: 25 }, // 15 s later: five more
      ]);
      const shown: Array<ReturnType<typeof shownOf>> = [];
      const feed = new IncidentFeed(socket, INCIDENT_ID, (snap) => shown.push(shownOf(snap)), undefined, http);
      feed.start();
      await vi.advanceTimersByTimeAsync(HTTP_READ_AFTER_MS - 1);
      expect(asked).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      // The whole log to its head, shown once it is there (SYNC5), as a join's pages are.
      expect(asked).toEqual([1, 11]);
      expect(shown).toEqual([
        { seq: null, applied: 10, head: 20, error: null },
        { seq: null, applied: 20, head: 20, error: null },
        { seq: 20, applied: 20, head: 20, error: null },
      ]);
      expect(feed.snapshot.state).toEqual(replayOf(log.slice(0, 20)));
      // The "not live" notices give the time of the last read that reached the head.
      expect(httpReads.get()).toBe(Date.now());
      await vi.advanceTimersByTimeAsync(HTTP_READ_EVERY_MS);
      expect(asked).toEqual([1, 11, 21]);
      const lastRead = Date.now();
      expect(httpReads.get()).toBe(lastRead);
      await vi.advanceTimersByTimeAsync(HTTP_READ_EVERY_MS);
      // No network: nothing changes on the page, no error shown (the header says the connection is down).
      expect(asked).toEqual([1, 11, 21, 21]);
      expect(shown.at(-1)).toEqual({ seq: 20, applied: 20, head: 20, error: null });
      expect(httpReads.get()).toBe(lastRead);
      await vi.advanceTimersByTimeAsync(HTTP_READ_EVERY_MS);
      expect(asked).toEqual([1, 11, 21, 21, 21]);
      expect(shown.at(-1)).toEqual({ seq: 25, applied: 25, head: 25, error: null });

      connect(true);
      await vi.advanceTimersByTimeAsync(0);
      expect(requests).toEqual(['incident:join']);
      expect(joins).toEqual([{ incidentId: INCIDENT_ID, sinceSeq: 25, limit: PAGE_FIRST }]);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(asked).toHaveLength(5);
      expect(feed.snapshot.state).toEqual(replayOf(log));

      // The socket drops: after 3 s the feed reads over HTTP again, from where it is.
      connect(false);
      await vi.advanceTimersByTimeAsync(HTTP_READ_AFTER_MS);
      expect(asked).toEqual([1, 11, 21, 21, 21, 26]);
      feed.stop();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(asked).toHaveLength(6);
    } finally {
      vi.useRealTimers();
    }
  });

  it('SYNC7: a refusal read over HTTP is shown, as a join\'s is; a feed without an HTTP reader (Node) only waits for its socket', async () => {
    vi.useFakeTimers();
    try {
      const { socket } = fakeSocket([], { connected: false });
      const { http } = fakeHttp([{ ok: false, error: { code: ErrorCode.FORBIDDEN, message: 'Your agency does not take part in this incident.' } }]);
      const shown: Array<ReturnType<typeof shownOf>> = [];
      const feed = new IncidentFeed(socket, INCIDENT_ID, (snap) => shown.push(shownOf(snap)), undefined, http);
      feed.start();
      await vi.advanceTimersByTimeAsync(HTTP_READ_AFTER_MS);
      expect(shown).toEqual([{ seq: null, applied: 0, head: 0, error: ErrorCode.FORBIDDEN }]);
      feed.stop();

      const bare = fakeSocket([], { connected: false });
      const plain = new IncidentFeed(bare.socket, INCIDENT_ID, () => undefined);
      plain.start();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(bare.requests).toEqual([]);
      plain.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('SYNC7: a read over HTTP that hangs is ended after 10 s, and at once when the socket connects: the catch-up goes on over the socket', async () => {
    vi.useFakeTimers();
    try {
      const log = longLog(25);
      const { socket, requests, connect } = fakeSocket(
        [
          { ok: true, events: log.slice(0, 10), headSeq: 25 }, // the join
          { ok: true, events: log.slice(10), headSeq: 25 }, // its catch-up, over the socket
        ],
        { connected: false },
      );
      // A network that takes requests and never answers: only the signal ends them.
      const ended: number[] = [];
      const http: HttpEventsPage = (_id, _from, signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            ended.push(Date.now());
            resolve({ ok: false, error: { code: ErrorCode.TIMEOUT, message: 'aborted' } });
          });
        });
      const shown: Array<ReturnType<typeof shownOf>> = [];
      const feed = new IncidentFeed(socket, INCIDENT_ID, (snap) => shown.push(shownOf(snap)), undefined, http);
      const t0 = Date.now();
      feed.start();
      await vi.advanceTimersByTimeAsync(HTTP_READ_AFTER_MS + 10_000);
      expect(ended.map((t) => t - t0)).toEqual([HTTP_READ_AFTER_MS + 10_000]);
      expect(shown).toEqual([]); // no network: nothing shown, no error

      await vi.advanceTimersByTimeAsync(HTTP_READ_EVERY_MS - 10_000 + 1_000); // the next read, hanging
      connect(true);
      await vi.advanceTimersByTimeAsync(0);
      // Before, the join's catch-up waited for the hung read (the feed was fetching), and the board held.
      expect(ended).toHaveLength(2);
      expect(requests).toEqual(['incident:join', 'incident:fetch']);
      expect(shown.at(-1)).toEqual({ seq: 25, applied: 25, head: 25, error: null });
      expect(feed.snapshot.state).toEqual(replayOf(log));
      feed.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  /** Reads over HTTP of `log` on a link that brings an event every `msPerEvent`; `limits` records what each asked. */
  function linkOf(log: ReturnType<typeof longLog>, msPerEvent: number, limits: number[]): HttpEventsPage {
    return (_id, from, signal, limit) => {
      limits.push(limit);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve({ ok: true, events: log.slice(from - 1, from - 1 + limit), headSeq: log.length }), Math.max(1, limit * msPerEvent));
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve({ ok: false, error: { code: ErrorCode.TIMEOUT, message: 'aborted' } });
        });
      });
    };
  }

  it('SYNC9: a first read asks for a quarter of a full page; a fast link asks for full pages from the second on', async () => {
    vi.useFakeTimers();
    try {
      const log = longLog(2_500);
      const limits: number[] = [];
      const feed = new IncidentFeed(fakeSocket([], { connected: false }).socket, INCIDENT_ID, () => {}, undefined, linkOf(log, 0.001, limits));
      feed.start();
      await vi.advanceTimersByTimeAsync(HTTP_READ_AFTER_MS + 100);
      expect(limits).toEqual([PAGE_FIRST, 1000, 1000, 1000]);
      expect(PAGE_FIRST).toBe(250);
      expect(feed.seq).toBe(2_500);
      feed.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('SYNC9: reads over HTTP are sized to the link: a quarter after one with no answer in 10 s, then what came in 2.5 s at the last full answer\'s pace', async () => {
    vi.useFakeTimers();
    try {
      const log = longLog(600);
      const { socket } = fakeSocket([], { connected: false });
      // A link that brings 20 events a second: even the first read's quarter page (250) would take 12.5 s.
      const limits: number[] = [];
      const http = linkOf(log, 50, limits);
      const feed = new IncidentFeed(socket, INCIDENT_ID, () => {}, undefined, http);
      feed.start();
      await vi.advanceTimersByTimeAsync(HTTP_READ_AFTER_MS + HTTP_READ_EVERY_MS + 60_000);
      // 250 ended at 10 s; 62 came in 3.1 s, so 50 (2.5 s at that pace), and so on to the head
      // (then a read every 15 s while the socket stays down, SYNC7).
      expect(limits.slice(0, 5)).toEqual([250, 62, 50, 50, 50]);
      expect(feed.seq).toBe(600);
      expect(feed.snapshot.state).toEqual(replayOf(log));
      feed.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('SYNC12: heardAt is when the server last showed the state to be its head: none until the join answers, moved by a join and a live event, a resumed copy’s own until the server answers', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const log = sequence([opened(), taskCreated('t1'), taskCreated('t2')]);
      const { socket, fire } = fakeSocket([{ ok: true, events: log.slice(0, 2), headSeq: 2 }]);
      const seen: Array<number | null> = [];
      const feed = new IncidentFeed(socket, INCIDENT_ID, (snap) => seen.push(snap.heardAt));
      feed.start();
      await vi.advanceTimersByTimeAsync(0);
      expect(seen.at(-1)).toBe(1_000_000);
      await vi.advanceTimersByTimeAsync(5_000);
      fire('incident:events', { incidentId: INCIDENT_ID, events: [log[2]] });
      expect(seen.at(-1)).toBe(1_005_000);
      feed.stop();

      // A copy the device kept, resumed: its own time until the server answers; a join finding
      // nothing new shows it is the head, now.
      const kept = { state: replayOf(log), events: log, headSeq: 3, loading: false, error: null, appliedSeq: 3, heardAt: 42 };
      const back = fakeSocket([{ ok: true, events: [], headSeq: 3 }]);
      const resumed: Array<number | null> = [];
      const again = new IncidentFeed(back.socket, INCIDENT_ID, (snap) => resumed.push(snap.heardAt), kept);
      expect(again.seq).toBe(3);
      expect(again.snapshot.heardAt).toBe(42);
      again.start();
      // Asked, not answered yet: still the copy's own time.
      expect(again.snapshot.heardAt).toBe(42);
      await vi.advanceTimersByTimeAsync(0);
      expect(resumed).toEqual([1_005_000]);
      again.stop();

      // A catch-up that fails midway (the join's first page in, the next read refused): behind the
      // head, so not heard as it.
      const partial = fakeSocket([
        { ok: true, events: log.slice(0, 1), headSeq: 3 },
        { ok: false, error: { code: ErrorCode.STORE_UNAVAILABLE, message: 'away' } },
      ]);
      const behind: Array<{ seq: number; heardAt: number | null }> = [];
      const third = new IncidentFeed(partial.socket, INCIDENT_ID, (snap) => behind.push({ seq: snap.appliedSeq, heardAt: snap.heardAt }));
      third.start();
      await vi.advanceTimersByTimeAsync(0);
      expect(behind.length).toBeGreaterThan(0);
      expect(behind.every((b) => b.heardAt === null)).toBe(true);
      third.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a wall\'s feed (SYNC13)', () => {
  it('folds every event into the state but keeps only the newest events, however long the log', async () => {
    const body: EventBody[] = [opened(['port', 'fire'])];
    for (let i = 0; i < 2_999; i++) body.push(taskCreated(`t${i}`, 'fire'));
    const events = sequence(body);
    const { socket, fire } = fakeSocket([{ ok: true, events: events.slice(0, 1_000), headSeq: 3_000 }, { ok: true, events: events.slice(1_000, 2_000), headSeq: 3_000 }, { ok: true, events: events.slice(2_000, 2_500), headSeq: 3_000 }]);
    let last: { count: number; first: number; seq: number; tasks: number } | null = null;
    const feed = new IncidentFeed(socket, INCIDENT_ID, (snap) => (last = { count: snap.events.length, first: snap.events[0]?.seq ?? 0, seq: snap.state?.seq ?? 0, tasks: Object.keys(snap.state?.tasks ?? {}).length }), undefined, undefined, undefined, 500);
    feed.start();
    await vi.waitFor(() => expect(feed.seq).toBe(2_500));
    // The rest live, one event at a time.
    for (const ev of events.slice(2_500)) fire('incident:events', { incidentId: INCIDENT_ID, events: [ev] });
    expect(feed.seq).toBe(3_000);
    expect(last).toMatchObject({ seq: 3_000, tasks: 2_999 });
    expect(last!.count).toBeGreaterThanOrEqual(500);
    expect(last!.count).toBeLessThanOrEqual(1_000);
    expect(last!.first).toBe(3_000 - last!.count + 1);
    feed.stop();

    // A board's feed keeps them all.
    const all = fakeSocket([{ ok: true, events: events.slice(0, 1_000), headSeq: 1_000 }]);
    const board = new IncidentFeed(all.socket, INCIDENT_ID, () => undefined);
    board.start();
    await vi.waitFor(() => expect(board.seq).toBe(1_000));
    expect(board.snapshot.events).toHaveLength(1_000);
    board.stop();
  });
});
