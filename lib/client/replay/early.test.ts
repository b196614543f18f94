import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReplayIndex } from '../../protocol/replay';
import { eventsLastBody } from '../api/testing';
import { firstMomentShown, HEAD_READ_WAIT_MS, loadChunk, prefetchEarly, prefetchHead, prefetchHeadEarly, readHeadNow } from './early';

// What the replay page asks for before its engine exists (SPEC REV1): the head's chunk at once
// (at=head), filed under its checkpoint when the index arrives, and taken by the engine once.
// fetch is stubbed: the server's answers are tested in server/replay.test.ts.
let asked: string[] = [];
function server(headSeq: () => number) {
  asked = [];
  vi.stubGlobal('fetch', async (url: string) => {
    asked.push(url.replace(/^.*\/replay/, ''));
    const q = new URL(url, 'http://x').searchParams;
    const head = headSeq();
    const at = q.get('at') === 'head' ? Math.floor(head / 1000) * 1000 : Number(q.get('at'));
    const body = { incidentId: 'i', at, state: at === 0 ? null : { id: 'i', seq: at }, messagesOmitted: 0, headSeq: head, events: [] };
    return new Response(eventsLastBody(body), { status: 200, headers: { 'content-type': 'application/json' } });
  });
}
const index = (incidentId: string, headSeq: number) => ({ incidentId, headSeq, from: 0, checkpointEvery: 1000 }) as ReplayIndex;

/**
 * A page opened by a link to moment 1500 of an incident whose head is 4321: the moment's chunk and
 * the head's asked for early, the head's held back beside the moment, both taken by the engine.
 * `moment` is the moment's own answer (read at once); `head` the head's, with `seen.read` once it is read.
 */
async function linkedMoment(id: string) {
  prefetchEarly(id, 1500);
  prefetchHeadEarly(id, { afterFirstMoment: true });
  prefetchHead(index(id, 4321));
  const seen = { read: false };
  const head = loadChunk(id, 4000).then((c) => ((seen.read = true), c));
  const moment = await loadChunk(id, 1000);
  return { head, moment, seen };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('replay chunks asked for early', () => {
  it('REV1: the head is asked for before the index; the engine then takes it under its checkpoint, once', async () => {
    server(() => 4321);
    prefetchHeadEarly('a');
    prefetchHeadEarly('a');
    expect(asked).toEqual(['/chunk?at=head']);
    prefetchHead(index('a', 4321));
    const c = await loadChunk('a', 4000);
    expect(c.at).toBe(4000);
    expect(asked).toEqual(['/chunk?at=head']);
    // Taken: the next load asks the server (with its base).
    await loadChunk('a', 4000, 2000);
    expect(asked).toEqual(['/chunk?at=head', '/chunk?at=4000&base=2000']);
  });

  it('REV1: a head that grew between the two answers is asked for again under the index head’s checkpoint', async () => {
    let head = 4990;
    server(() => head);
    prefetchHeadEarly('b');
    head = 5010; // the index comes after two more events, past the next checkpoint
    prefetchHead(index('b', 5010));
    expect((await loadChunk('b', 5000)).at).toBe(5000);
    expect(asked).toEqual(['/chunk?at=head', '/chunk?at=5000']);
    // Same checkpoint but the chunk stops short of the index's head: asked again too.
    head = 6100;
    prefetchHeadEarly('c');
    head = 6200;
    prefetchHead(index('c', 6200));
    expect((await loadChunk('c', 6000)).headSeq).toBe(6200);
    expect(asked.slice(2)).toEqual(['/chunk?at=head', '/chunk?at=6000']);
    // A linked moment in the head's checkpoint, asked for before the incident grew: checked the same way.
    head = 7100;
    prefetchEarly('f', 7050);
    head = 7200;
    prefetchHead(index('f', 7200));
    expect((await loadChunk('f', 7000)).headSeq).toBe(7200);
    expect(asked.slice(4)).toEqual(['/chunk?at=7000', '/chunk?at=7000']);
  });

  it('REV1: without an early head, the index asks for it; a moment asked for early is taken like the head', async () => {
    server(() => 2500);
    prefetchEarly('d', 1234);
    prefetchHead(index('d', 2500));
    expect(asked).toEqual(['/chunk?at=1000', '/chunk?at=2000']);
    await loadChunk('d', 1000);
    await loadChunk('d', 2000);
    expect(asked).toHaveLength(2);
    // An empty incident has no head chunk to ask for.
    prefetchHead(index('e', 0));
    expect(asked).toHaveLength(2);
  });

  it('REV1: beside a linked moment, the head’s answer is read once that moment is shown, not before', async () => {
    server(() => 4321);
    const { head, moment, seen } = await linkedMoment('g');
    expect(asked).toEqual(['/chunk?at=1000', '/chunk?at=head']);
    // The moment's own answer is read at once.
    expect(moment.at).toBe(1000);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.read).toBe(false);
    firstMomentShown('g');
    expect((await head).at).toBe(4000);
    expect(asked).toHaveLength(2);
  });

  it('REV1: the head held back beside a linked moment is read in the task after that moment\'s frame, even on a page that is never idle', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.stubGlobal('requestAnimationFrame', (fn: () => void) => setTimeout(fn, 16));
    vi.stubGlobal('requestIdleCallback', () => 0); // never idle
    server(() => 4321);
    const { head, seen } = await linkedMoment('n');
    await vi.advanceTimersByTimeAsync(30);
    expect(seen.read).toBe(false); // not before the moment is shown
    firstMomentShown('n');
    await vi.advanceTimersByTimeAsync(20); // its frame, then the next task
    expect(seen.read).toBe(true);
    expect((await head).at).toBe(4000);
  });

  it('REV1: on a hidden page (no frames), the head held back beside a linked moment is read 100 ms after that moment is shown', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.stubGlobal('requestAnimationFrame', () => 0); // never painted
    server(() => 4321);
    const { head, seen } = await linkedMoment('p');
    firstMomentShown('p');
    await vi.advanceTimersByTimeAsync(90);
    expect(seen.read).toBe(false);
    await vi.advanceTimersByTimeAsync(20);
    expect(seen.read).toBe(true);
    expect((await head).at).toBe(4000);
  });

  it('REV1: a head held back beside a linked moment is read at once when asked for (readHeadNow), once its answer is here', async () => {
    let arrive!: () => void;
    const arrived = new Promise<void>((r) => (arrive = r));
    server(() => 4321);
    const answer = globalThis.fetch;
    vi.stubGlobal('fetch', async (url: string) => (url.includes('at=head') ? arrived.then(() => answer(url)) : answer(url)));
    const { head, seen } = await linkedMoment('m');
    // Not here yet: nothing to read now.
    expect(readHeadNow('m')).toBe(false);
    arrive();
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.read).toBe(false);
    // Here, held back (the first moment is not painted): let through.
    expect(readHeadNow('m')).toBe(true);
    expect((await head).at).toBe(4000);
    expect(readHeadNow('m')).toBe(false);
    expect(asked).toEqual(['/chunk?at=1000', '/chunk?at=head']);
  });

  it('REV1: an early answer not read yet when the engine takes it waits for the engine’s gate too', async () => {
    server(() => 3100);
    prefetchEarly('k', 1500);
    prefetchHeadEarly('k');
    prefetchHead(index('k', 3100));
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const calls: string[] = [];
    let read = false;
    const head = loadChunk('k', 3000, undefined, () => (calls.push('head'), gate)).then((c) => ((read = true), c));
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toEqual(['head']);
    expect(read).toBe(false);
    open();
    expect((await head).at).toBe(3000);
    // The moment's early chunk, taken with an open gate, is read at once; nothing was asked twice.
    expect((await loadChunk('k', 1000, undefined, () => Promise.resolve())).at).toBe(1000);
    expect(asked).toEqual(['/chunk?at=1000', '/chunk?at=head']);
  });

  it('REV1: a link past the end: the head held back beside it is read as soon as the index says so, not after HEAD_READ_WAIT_MS', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    server(() => 3000);
    prefetchEarly('p', 999_999);
    prefetchHeadEarly('p', { afterFirstMoment: true });
    prefetchHead(index('p', 3000));
    let read = false;
    const head = loadChunk('p', 3000).then((c) => ((read = true), c));
    await vi.advanceTimersByTimeAsync(10);
    expect(read).toBe(true);
    expect((await head).at).toBe(3000);
  });

  it('REV1: a held-back head’s answer is read after HEAD_READ_WAIT_MS if no moment is ever shown', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    server(() => 2100);
    prefetchHeadEarly('h', { afterFirstMoment: true });
    prefetchHead(index('h', 2100));
    let read = false;
    const head = loadChunk('h', 2000).then((c) => ((read = true), c));
    await vi.advanceTimersByTimeAsync(HEAD_READ_WAIT_MS - 10);
    expect(read).toBe(false);
    await vi.advanceTimersByTimeAsync(20);
    expect((await head).at).toBe(2000);
  });
});
