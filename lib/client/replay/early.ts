import { checkpointOf, REPLAY_LIMITS, type ReplayIndex } from '../../protocol/replay';
import { getReplayChunk } from '../api/replay';
import { afterPaint } from './engine';
import type { HeldChunk } from './events-text';

/**
 * Chunks asked for before the replay engine exists, keyed by incident and checkpoint and
 * taken by the engine's loader once (`loadChunk`):
 * - on opening the page: the head's chunk (`at=head`: the head is not known before the
 *   index), the base of every chunk before it and the moment shown when following the live
 *   end; it is filed under its checkpoint once the index says where the head is;
 * - a link to ?seq=N: that moment's chunk, beside the index (keyed with K assumed to be
 *   REPLAY_LIMITS.checkpointEvery; if the server's differs, the key never matches and the
 *   engine loads as usual).
 * So both are on their way with the index, rather than the head's asked for after the first
 * render (a person's first jump waited for it). The page's HTML preloads the same URLs and the
 * index's (app/(app)/incidents/[id]/replay/page.tsx), so these requests, sent once the sign-in
 * check has let the page render, take what the browser fetched while it read the HTML. One not taken within EARLY_KEEP_MS (the
 * page went away) is dropped.
 */
interface Early {
  p: Promise<HeldChunk>;
  /**
   * The gate of the loader that took it (`loadChunk`): an answer not read yet when it is taken
   * waits for that gate too, as one the engine asked for itself would (the engine holds the head's
   * back while a moment from the moment route is on its way).
   */
  reader: Reader;
}
interface Reader {
  gate?: () => Promise<void>;
}
const early = new Map<string, Early>();

export const EARLY_KEEP_MS = 30_000;

const keyOf = (incidentId: string, at: number | 'head') => `${incidentId}:${at}`;

/** Before an early answer's body is parsed: the taker's gate, if it has been taken. */
const readerGate = (reader: Reader) => (reader.gate ? reader.gate() : Promise.resolve());

function keep(key: string, p: Promise<HeldChunk>, reader: Reader): void {
  const drop = () => {
    if (early.get(key)?.p === p) early.delete(key);
  };
  p.catch(drop);
  setTimeout(drop, EARLY_KEEP_MS);
  early.set(key, { p, reader });
}

/** Asks now for the chunk holding `seq` (K = `every`), unless it was asked for already. */
export function prefetchEarly(incidentId: string, seq: number, every: number = REPLAY_LIMITS.checkpointEvery): void {
  const at = checkpointOf(seq, every);
  const key = keyOf(incidentId, at);
  if (early.has(key)) return;
  const reader: Reader = {};
  keep(key, getReplayChunk(incidentId, at, undefined, () => readerGate(reader)), reader);
}

/**
 * A linked moment's chunk is shown before the head's is read: the head's answer (up to 1.5 MB
 * for a long incident) is read once that moment is painted (`firstMomentShown`), or after
 * HEAD_READ_WAIT_MS if it never is. Read first, as it was, it held the page's main thread
 * ~50 ms before the moment's own answer and the index (docs/performance.md, Analysis). It is
 * read in the task after the moment's frame, not when the page is first idle: right after an
 * open the page is seldom idle, and a jump made then parsed the head (10–18 ms) in the person's
 * own input task, its moment waiting behind it (docs/performance.md, Analysis, 2026-12-04).
 */
export const HEAD_READ_WAIT_MS = 1500;
const shown = new Map<string, () => void>();
/** Heads whose answer has arrived and is held back until the first moment is painted: calling it reads it now. */
const arrived = new Map<string, () => void>();
/** Per incident: lets a held-back head's answer be read now (a link past the end: prefetchHead). */
const release = new Map<string, () => void>();

/** The first moment of the incident's page is on the screen: the head's answer, held back, is read now. */
export function firstMomentShown(incidentId: string): void {
  shown.get(incidentId)?.();
}

/**
 * The head's answer, if it has arrived and is held back until the first moment is painted, is let
 * through to be read now (true): a jump made right after the first moment asks for its moment
 * based on the head, and needs it read (the replay engine's `readEarly`).
 */
export function readHeadNow(incidentId: string): boolean {
  const open = arrived.get(incidentId);
  open?.();
  return !!open;
}

/**
 * Asks now for the head's chunk, before the index says where the head is. With `afterFirstMoment`
 * (a link to a moment, whose own chunk is asked for too), its answer is read only once the first
 * moment is shown, or after HEAD_READ_WAIT_MS.
 */
export function prefetchHeadEarly(incidentId: string, opts: { afterFirstMoment?: boolean } = {}): void {
  const key = keyOf(incidentId, 'head');
  if (early.has(key)) return;
  const reader: Reader = {};
  let beforeParse = () => readerGate(reader);
  if (opts.afterFirstMoment) {
    let opened!: () => void;
    const gate = new Promise<void>((open) => (opened = open)).finally(() => {
      clearTimeout(timer);
      if (shown.get(incidentId) === onShown) shown.delete(incidentId);
      if (arrived.get(incidentId) === opened) arrived.delete(incidentId);
      if (release.get(incidentId) === opened) release.delete(incidentId);
    });
    release.set(incidentId, opened);
    const timer = setTimeout(opened, HEAD_READ_WAIT_MS);
    const onShown = () => afterPaint(opened, { idle: false });
    shown.set(incidentId, onShown);
    beforeParse = () => {
      arrived.set(incidentId, opened);
      return gate.then(() => readerGate(reader));
    };
  }
  keep(key, getReplayChunk(incidentId, 'head', undefined, beforeParse), reader);
}

/**
 * The first index of an incident arrived: the chunk asked for early under the head's checkpoint
 * (the head's, asked for as `head`, or a linked moment's in the same checkpoint) is filed there,
 * or the head's is asked for now. A live incident may have grown between the answers: a chunk
 * that does not reach the index's head (another checkpoint, or fewer events) is asked for again.
 */
export function prefetchHead(index: ReplayIndex): void {
  if (index.headSeq === 0) return;
  const at = checkpointOf(index.headSeq, index.checkpointEvery);
  const headKey = keyOf(index.incidentId, 'head');
  const key = keyOf(index.incidentId, at);
  const asked = early.get(key) ?? early.get(headKey);
  early.delete(headKey);
  // A link past the end (?seq=999999): the moment shown is the head's, the very answer held back
  // until a moment is shown. Read now, not after HEAD_READ_WAIT_MS.
  const prefix = `${index.incidentId}:`;
  if ([...early.keys()].some((k) => k.startsWith(prefix) && Number(k.slice(prefix.length)) > at)) release.get(index.incidentId)?.();
  if (!asked) return prefetchEarly(index.incidentId, index.headSeq, index.checkpointEvery);
  const { reader } = asked;
  keep(key, asked.p.then((c) => (c.at === at && c.headSeq >= index.headSeq ? c : getReplayChunk(index.incidentId, at, undefined, () => readerGate(reader)))), reader);
}

/**
 * The chunk at checkpoint `at`: the one asked for early if there is one (taken, so a
 * later call asks again), else from the server, based on `base` when given (`beforeParse`:
 * the engine's gate, see fetchJson, awaited before the body is read and before it is parsed; an
 * early one whose body is not parsed yet waits for it before its parse).
 */
export function loadChunk(incidentId: string, at: number, base?: number, beforeParse?: () => Promise<void>): Promise<HeldChunk> {
  const key = keyOf(incidentId, at);
  const e = early.get(key);
  if (!e) return getReplayChunk(incidentId, at, base, beforeParse, beforeParse);
  early.delete(key);
  e.reader.gate = beforeParse;
  return e.p.catch(() => getReplayChunk(incidentId, at, base, beforeParse, beforeParse));
}
