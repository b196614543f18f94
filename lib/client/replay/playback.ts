import { nextEventAfter, seqAtTime, tsOf, type Ticks } from './ticks';

/**
 * The replay's playback clock (issue #5, Replay: play / pause, 1×, 10×, 60×, "next event"), pure:
 * the page calls `playFrame` once per animation frame and shows what it says.
 *
 * - Numeric speeds: the incident's time runs at the speed; the moment shown is the last event at or
 *   before it, and moves on only when that time reaches a later instant.
 * - "next": the first event of the next instant, one every NEXT_EVENT_MS.
 * - A person's move while it plays (slider, step, start, jump) is kept: playback goes on from the
 *   moment moved to, as a media player does. While the slider is held it waits at the moment
 *   dragged to. (Going to the live end stops playback: the page does that, not the clock.)
 * - One frame advances at most MAX_FRAME_MS of real time: a tab hidden a while (no frames) goes on
 *   where it was, not minutes × speed later.
 */

export type PlaySpeed = number | 'next';

/** The most real time one frame advances playback by. */
export const MAX_FRAME_MS = 100;
/** With "next event": one event per this many ms. */
export const NEXT_EVENT_MS = 700;

export interface PlayClock {
  /** The incident's time playback has reached (ms since the epoch). */
  vt: number;
  /** The moment playback shows (seq). */
  seq: number;
  /** With "next event": real time since the last step (ms). */
  waited: number;
  /** The last frame's timestamp (requestAnimationFrame's), null before the first frame. */
  last: number | null;
}

export interface PlayFrame {
  /** This frame's timestamp. */
  now: number;
  speed: PlaySpeed;
  /** The moment a person moved to since the last frame, null when they did not. */
  moved: number | null;
  /** A person holds the slider. */
  held: boolean;
}

export interface PlayStep {
  clock: PlayClock;
  /** The moment to show now, null to leave the one shown. */
  go: number | null;
  /** Playback reached the end: stop. */
  done: boolean;
}

/** Playback starting at `seq`. */
export function startPlayClock(ticks: Ticks, seq: number): PlayClock {
  return { vt: tsOf(ticks, seq), seq, waited: 0, last: null };
}

export function playFrame(ticks: Ticks, clock: PlayClock, frame: PlayFrame): PlayStep {
  let { vt, seq, waited } = clock;
  const moved = frame.moved !== null;
  if (moved) {
    seq = Math.max(Math.min(1, ticks.count), Math.min(frame.moved!, ticks.count));
    vt = tsOf(ticks, seq);
    waited = 0;
  }
  // The frame a person moved in starts from their moment; a held slider does not advance.
  const real = clock.last === null || moved || frame.held ? 0 : Math.min(MAX_FRAME_MS, Math.max(0, frame.now - clock.last));
  let go: number | null = null;
  let done: boolean;
  if (frame.speed === 'next') {
    waited += real;
    if (waited >= NEXT_EVENT_MS && seq < ticks.count) {
      seq = go = nextEventAfter(ticks, seq);
      vt = tsOf(ticks, seq);
      waited = 0;
    }
    done = !frame.held && seq >= ticks.count;
  } else {
    vt += real * frame.speed;
    const at = seqAtTime(ticks, vt);
    // Only on to a later instant: after a step back onto an event of the same instant as the next
    // one, the next one is not shown again at once.
    if (at > seq && tsOf(ticks, at) > tsOf(ticks, seq)) seq = go = at;
    done = !frame.held && vt >= ticks.lastTs;
  }
  return { clock: { vt, seq, waited, last: frame.now }, go, done };
}
