import { describe, expect, it } from 'vitest';
import { MAX_FRAME_MS, NEXT_EVENT_MS, playFrame, startPlayClock, type PlayClock, type PlaySpeed } from './playback';
import { minuteOn, type Ticks } from './ticks';

const T0 = Date.UTC(2026, 4, 12, 6, 0, 0);
const S = 1000;

/** Events at these seconds after T0 (seq 1 first). Seq 2 and 3 happened at the same instant. */
function ticksAt(seconds: number[]): Ticks {
  const ts = Float64Array.from(seconds, (s) => T0 + s * S);
  return {
    count: ts.length,
    firstTs: ts[0],
    lastTs: ts[ts.length - 1],
    ts,
    agency: new Int16Array(ts.length).fill(-1),
    agencies: [],
    type: new Int8Array(ts.length),
    types: ['MessagePosted'],
  };
}
//                      seq: 1   2   3    4    5    6     7     8     9    10    11
const ticks = ticksAt([0, 60, 60, 120, 240, 600, 1200, 1800, 2400, 3000, 3600]);

/** Runs frames 16 ms apart from the clock's last frame (or `from`) for `ms`; what playback asked to show, in order. */
function frames(
  clock: PlayClock,
  speed: PlaySpeed,
  ms: number,
  opts: { from?: number; moved?: number; held?: boolean } = {},
): { clock: PlayClock; shown: number[]; done: boolean } {
  const shown: number[] = [];
  let now = clock.last ?? opts.from ?? 0;
  const end = now + ms;
  let moved = opts.moved ?? null;
  let done = false;
  while (now < end && !done) {
    now = Math.min(end, now + 16);
    const step = playFrame(ticks, clock, { now, speed, moved, held: opts.held ?? false });
    moved = null;
    clock = step.clock;
    done = step.done;
    if (step.go !== null) shown.push(step.go);
  }
  return { clock, shown, done };
}

describe('playback clock: the moment shown follows the speed', () => {
  it('at 60× a second of frames is a minute of the incident; at 1× a second is a second', () => {
    // The first frame only notes the time: 2,016 ms of frames are 2 s of playing.
    const r = frames(startPlayClock(ticks, 4), 60, 2_016, { from: 0 });
    expect(r.shown).toEqual([5]); // 120 s + 2 min = 240 s: event 5
    expect(r.clock.vt).toBe(T0 + 240 * S);
    const slow = frames(startPlayClock(ticks, 4), 1, 2_016, { from: 0 });
    expect(slow.shown).toEqual([]);
    expect(slow.clock.vt).toBe(T0 + 122 * S);
  });

  it('ends at the last event and says so', () => {
    const r = frames(startPlayClock(ticks, 10), 60, 20_000);
    expect(r.shown).toEqual([11]);
    expect(r.done).toBe(true);
  });

  it('skips the other events of an instant, as the slider does', () => {
    expect(frames(startPlayClock(ticks, 1), 60, 1_100).shown).toEqual([3]);
  });
});

describe("playback clock: a person's move while it plays is kept, and playback goes on from there", () => {
  it('a step back shows the stepped moment, then plays on from it (not from where playback had got to)', () => {
    // Playing from event 5 (240 s) for a second: 300 s, still event 5.
    let r = frames(startPlayClock(ticks, 5), 60, 1_000, { from: 0 });
    expect(r.shown).toEqual([]);
    // The person steps back to event 4 (120 s): it stays shown until playback reaches 240 s, two seconds on.
    r = frames(r.clock, 60, 1_500, { moved: 4 });
    expect(r.shown).toEqual([]);
    expect(r.clock.seq).toBe(4);
    r = frames(r.clock, 60, 700);
    expect(r.shown).toEqual([5]);
  });

  it('a jump or "to the start" plays on from the new moment, backwards or forwards', () => {
    let r = frames(startPlayClock(ticks, 8), 60, 1_000, { from: 0 });
    r = frames(r.clock, 60, 1_100, { moved: 1 });
    expect(r.shown).toEqual([3]); // from 0 s, a minute and a bit on: the instant of events 2 and 3
    r = frames(r.clock, 60, 500, { moved: 9 }); // a jump forward, to T+00:40
    expect(r.shown).toEqual([]);
    expect(r.clock.seq).toBe(9);
    expect(r.clock.vt).toBeCloseTo(T0 + 2_400 * S + 29 * S, -4);
  });

  it('stepping back onto an event of the same instant as the next one is not undone', () => {
    // At event 3 (60 s, the same instant as 2); the person steps back to 2.
    let r = frames(startPlayClock(ticks, 3), 60, 300, { from: 0 });
    r = frames(r.clock, 60, 300, { moved: 2 });
    expect(r.shown).toEqual([]);
    expect(r.clock.seq).toBe(2);
    // Playback goes on to the next instant (120 s: event 4), past the rest of this one.
    r = frames(r.clock, 60, 1_000);
    expect(r.shown).toEqual([4]);
  });

  it('a move to the last event ends playback there', () => {
    const r = frames(startPlayClock(ticks, 2), 60, 300, { from: 0 });
    const end = frames(r.clock, 60, 100, { moved: 11 });
    expect(end.shown).toEqual([]);
    expect(end.done).toBe(true);
  });

  it('while a person holds the slider playback waits at the moment dragged to, and plays on from there once let go', () => {
    let r = frames(startPlayClock(ticks, 5), 60, 500, { from: 0 });
    // Dragged to event 7 (1200 s) and held there for three seconds.
    r = frames(r.clock, 60, 200, { moved: 6, held: true });
    r = frames(r.clock, 60, 3_000, { moved: 7, held: true });
    expect(r.shown).toEqual([]);
    expect(r.clock.seq).toBe(7);
    expect(r.clock.vt).toBe(T0 + 1_200 * S);
    // Let go: from 1200 s, ten seconds at 60× reach 1800 s (event 8).
    r = frames(r.clock, 60, 9_900);
    expect(r.shown).toEqual([]);
    r = frames(r.clock, 60, 200);
    expect(r.shown).toEqual([8]);
  });
});

describe('playback clock: a tab hidden a while does not jump ahead', () => {
  it(`one frame advances at most ${MAX_FRAME_MS} ms of real time`, () => {
    let r = frames(startPlayClock(ticks, 4), 60, 100, { from: 0 });
    const before = r.clock.vt;
    // Hidden for a minute: no frames, then one.
    const step = playFrame(ticks, r.clock, { now: r.clock.last! + 60_000, speed: 60, moved: null, held: false });
    expect(step.clock.vt - before).toBe(MAX_FRAME_MS * 60);
    expect(step.done).toBe(false);
    expect(step.go).toBeNull();
    r = frames(step.clock, 60, 1_000);
    expect(r.clock.seq).toBe(4);
  });

  it('with "next event" too: one step, not one per 700 ms it was hidden', () => {
    const c = startPlayClock(ticks, 4);
    const first = playFrame(ticks, c, { now: 0, speed: 'next', moved: null, held: false });
    const back = playFrame(ticks, first.clock, { now: 60_000, speed: 'next', moved: null, held: false });
    expect(back.go).toBeNull();
    expect(frames(back.clock, 'next', NEXT_EVENT_MS - MAX_FRAME_MS - 20).shown).toEqual([]);
  });
});

describe('playback clock: "next event"', () => {
  it(`shows one event per ${NEXT_EVENT_MS} ms, the first of the next instant after the one shown`, () => {
    const r = frames(startPlayClock(ticks, 1), 'next', NEXT_EVENT_MS * 3 + 50, { from: 0 });
    expect(r.shown).toEqual([2, 4, 5]);
  });

  it(`after a move it waits a whole ${NEXT_EVENT_MS} ms before the next event`, () => {
    let r = frames(startPlayClock(ticks, 1), 'next', NEXT_EVENT_MS - 50, { from: 0 });
    r = frames(r.clock, 'next', NEXT_EVENT_MS - 100, { moved: 8 });
    expect(r.shown).toEqual([]);
    r = frames(r.clock, 'next', 150);
    expect(r.shown).toEqual([9]);
  });

  it('ends at the last event', () => {
    const r = frames(startPlayClock(ticks, 10), 'next', NEXT_EVENT_MS * 3, { from: 0 });
    expect(r.shown).toEqual([11]);
    expect(r.done).toBe(true);
  });
});

describe('the slider\'s Page Up and Page Down (a minute on or back)', () => {
  it('goes a minute on, and over a quiet spell of more than a minute to the next event; back a minute, to the first at the start', () => {
    // seq 4 at 120 s, then 240 s: Page Up from 4 (nothing by 180 s) is 5, not 4 again.
    expect(minuteOn(ticks, 4, 1)).toBe(5);
    expect(minuteOn(ticks, 7, 1)).toBe(8); // 1200 s → 1800 s, ten minutes on
    expect(minuteOn(ticks, 1, 1)).toBe(3); // the instant of 2 and 3, one minute on
    expect(minuteOn(ticks, 11, 1)).toBe(11);
    expect(minuteOn(ticks, 5, -1)).toBe(4);
    expect(minuteOn(ticks, 2, -1)).toBe(1);
    expect(minuteOn(ticks, 1, -1)).toBe(1);
  });
});
