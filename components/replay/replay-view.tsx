'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { flushSync } from 'react-dom';
import { tsOf, type Ticks } from '@/lib/client/replay/ticks';
import { playFrame, startPlayClock } from '@/lib/client/replay/playback';
import { jumpEnds, jumpTarget, readsAsOffset, saysDate, spansDays, type JumpMode } from '@/lib/client/replay/jump';
import { firstMomentShown, prefetchEarly, prefetchHeadEarly } from '@/lib/client/replay/early';
import { useReplayIndex, useReplayMoment, useTicks, type RehearsalMoment } from '@/lib/client/replay/use-replay';
import { markReplay } from '@/lib/client/replay/marks';
import { boundSeq, linkedMomentNote, type LinkNote } from '@/lib/client/replay/linked-moment';
import { ErrorCode } from '@/lib/domain/errors';
import type { IncidentState } from '@/lib/domain/incident/state';
import { formatElapsedSeconds, parseSeq } from '@/lib/i18n/elapsed';
import { authorizeReview } from '@/lib/domain/permissions';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { useShownAfter } from '@/lib/client/use-shown-after';
import { useActor } from '@/components/shell/account-context';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { ReviewNav, reviewHref } from '@/components/review/review-nav';
import type { EventKind } from '@/lib/domain/incident/event-kind';
import { Button, buttonClass } from '@/components/ui/button';
import { cx } from '@/components/ui/cx';
import { ErrorMessage, toErrorLike } from '@/components/ui/error-message';
import { Select, TextInput } from '@/components/ui/inputs';
import { Spinner } from '@/components/ui/spinner';
import { ReplayBoard, useReplayBoard } from './replay-board';
import { dimmingCss, ReplayFilters, type Dimming } from './replay-filters';
import { ReplaySlider } from './replay-slider';
import { PauseIcon, PlayIcon, StepBackIcon, StepForwardIcon, ToStartIcon } from './replay-icons';
import { ReplayWall } from './replay-wall';

const ADD_FINDING = buttonClass({ variant: 'primary', size: 'sm' });

export const SPEEDS = [1, 10, 60, 'next'] as const;
export type Speed = (typeof SPEEDS)[number];
/**
 * The "loading this moment" note shows only for a wait longer than this: a jump whose chunk
 * comes in tens of ms would otherwise flash it, and its coming and going laid the header (and
 * the board under it) out twice more on every such jump.
 */
const LOADING_NOTE_AFTER_MS = 250;
/** A moment refused so is not offered again (the incident gone, or no longer the person's to read). */
const FINAL_READ: ReadonlySet<string> = new Set([ErrorCode.NOT_FOUND, ErrorCode.FORBIDDEN, ErrorCode.UNAUTHENTICATED]);

/**
 * The replay page (issue #5, SPEC REV1): a slider over the incident's span, the
 * board / wall at the chosen moment, the moment in the URL (?seq=N).
 */
export function ReplayView({ incidentId }: { incidentId: string }) {
  const t = useTranslations('replay');
  const tb = useTranslations('board');
  const tc = useTranslations('common');
  const params = useSearchParams();
  // The moment a link asks for (?seq=N), clamped to the incident's events below (`seq`) once the head is known.
  const asked0 = parseSeq(params.get('seq') ?? '');
  // The index, the head's chunk and (for a link to a moment) that moment's chunk load side by side;
  // the head's answer is then read once that moment is shown (`firstMomentShown`).
  useState(() => {
    if (typeof window === 'undefined') return;
    if (asked0 !== null) prefetchEarly(incidentId, asked0);
    prefetchHeadEarly(incidentId, { afterFirstMoment: asked0 !== null });
  });
  const [asked, setAsked] = useState<number | null>(asked0);
  // The link's ?seq= as the page was opened (the page writes its own moment into the URL after),
  // and whether its note is still up: a link whose moment cannot be shown as asked (past the
  // last event, 0, not a number) says so until the person moves or dismisses it (linkedMomentNote).
  const [linkSeq] = useState(() => params.get('seq'));
  const [linkNoteOpen, setLinkNoteOpen] = useState(true);
  const [follow, setFollow] = useState(asked0 === null);
  const [view, setView] = useState<'board' | 'wall'>(params.get('view') === 'wall' ? 'wall' : 'board');
  // Following the live end polls the index; a closed incident's head does not move, so it stops.
  const [closedAtHead, setClosedAtHead] = useState(false);
  const index = useReplayIndex(incidentId, follow && !closedAtHead);
  const ticks = useTicks(index.data);
  const head = index.data?.headSeq ?? 0;
  const seq = follow || asked === null ? head : boundSeq(asked, head);
  const [moment, ask, otherMoment, retryMoment] = useReplayMoment(incidentId, index.data?.checkpointEvery, head, seq);
  // Once seen closed at its head, it stays so: no command changes a closed incident (SPEC INC2).
  const closedNow = moment.state?.phase === 'closed' && moment.seq === head;
  useEffect(() => {
    if (closedNow) setClosedAtHead(true);
  }, [closedNow]);

  // The moment in the URL, replaced (no history entries, no scroll, no server round trip). Not
  // before the index has come: until then the moment is not known (`seq` is 0), and a link to a
  // moment on a slow link, or whose index failed, would be left saying seq=0 (SPEC REV1).
  const indexKnown = index.data !== undefined;
  // A one-off: once the person has moved (or dismissed it) it is null and costs nothing more.
  const linkNote = useMemo(() => (linkNoteOpen && indexKnown ? linkedMomentNote(linkSeq, head) : null), [linkNoteOpen, indexKnown, linkSeq, head]);
  const dismissLinkNote = useCallback(() => setLinkNoteOpen(false), []);
  useEffect(() => {
    if (!indexKnown) return;
    const id = setTimeout(() => {
      const url = new URL(window.location.href);
      if (follow) url.searchParams.delete('seq');
      else url.searchParams.set('seq', String(seq));
      if (view === 'wall') url.searchParams.set('view', 'wall');
      else url.searchParams.delete('view');
      if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url);
    }, 250);
    return () => clearTimeout(id);
  }, [seq, follow, view, indexKnown]);

  const goTo = useCallback(
    (s: number) => {
      ask(s);
      setFollow(false);
      setAsked(s);
      // The note named the moment the link opened: after a move it is no longer the one shown.
      setLinkNoteOpen(false);
    },
    [ask],
  );

  // The index failing while it is held (a poll while following, the server away a moment) is
  // tried again by its query; only one never had keeps the page from showing.
  const error = (index.data ? null : index.error) ?? moment.error;
  if (error) {
    const e = toErrorLike(error);
    const body = (
      <div className="mx-auto mt-8 w-full max-w-lg space-y-3 px-4">
        <ErrorMessage error={e} reading />
        <div className="flex items-center gap-4">
          {/* A moment that failed (the store or the network away a moment): asked again where the person was. */}
          {error === moment.error && !FINAL_READ.has(e.code) && (
            <Button data-testid="replay-retry" onClick={retryMoment}>
              {tc('retry')}
            </Button>
          )}
          <Link data-testid="replay-back-to-list" href="/incidents" className="text-sm text-blue-800 underline">
            {tb('backToList')}
          </Link>
        </div>
      </div>
    );
    // An incident that does not exist (a mistyped or old link) has no pages to offer tabs for.
    return e.code === 'NOT_FOUND' ? <div className="flex min-h-0 flex-1 flex-col">{body}</div> : <Frame incidentId={incidentId}>{body}</Frame>;
  }
  if (!ticks || (head > 0 && !moment.state)) {
    return (
      <Frame incidentId={incidentId}>
        <div className="mx-auto mt-12 w-full max-w-lg px-4">
          <Spinner label={t('loading')} />
        </div>
      </Frame>
    );
  }
  if (head === 0 || !moment.state) {
    return (
      <Frame incidentId={incidentId}>
        <p className="mx-auto mt-12 text-sm text-slate-700">{t('empty')}</p>
      </Frame>
    );
  }
  return (
    <Frame incidentId={incidentId}>
      <Loaded
        incidentId={incidentId}
        ticks={ticks}
        seq={seq}
        ended={closedAtHead}
        goTo={goTo}
        follow={follow}
        onFollow={() => {
          setFollow(true);
          setLinkNoteOpen(false);
        }}
        view={view}
        onView={setView}
        state={moment.state}
        shownSeq={moment.seq}
        loading={moment.loading}
        events={moment.events}
        omitted={moment.messagesOmitted}
        otherMoment={otherMoment}
        linkNote={linkNote}
        onDismissLinkNote={dismissLinkNote}
      />
    </Frame>
  );
}

function Frame({ incidentId, children }: { incidentId: string; children: React.ReactNode }) {
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ReviewNav incidentId={incidentId} />
      {children}
    </div>
  );
}

interface LoadedProps {
  incidentId: string;
  ticks: Ticks;
  seq: number;
  /** A closed incident: its record has an end, not a live end to follow. */
  ended: boolean;
  goTo: (seq: number) => void;
  follow: boolean;
  onFollow: () => void;
  view: 'board' | 'wall';
  onView: (v: 'board' | 'wall') => void;
  state: IncidentState;
  shownSeq: number;
  loading: boolean;
  events: import('@/lib/domain/incident/events').IncidentEvent[];
  omitted: number;
  otherMoment: () => RehearsalMoment | null;
  /** The link's moment could not be shown as asked: what is shown instead (null once moved or dismissed). */
  linkNote: LinkNote | null;
  onDismissLinkNote: () => void;
}

/** How often the rehearsal looks for another moment held (every 200 ms while the page is idle) before it gives up. */
const REHEARSAL_TRIES = 15;
/**
 * The rehearsal waits for the page to be idle at most this long: right after an open the page is
 * seldom idle (the head's chunk, the neighbours' answers), and in the benchmark an idle wait of up
 * to a second left one first move in ten, made 600 ms after the open, unrehearsed.
 */
const REHEARSAL_WAIT_MS = 250;
/**
 * Rehearsals per page, each in its own idle task: after one, a person's first move still ran the
 * board's code two to three times slower than a few moves later (V8 had not optimised it yet);
 * after three, p50 62 → 44 ms on an AMD EPYC (docs/performance.md, Analysis, 2026-12-04 09:45).
 */
const REHEARSAL_ROUNDS = 3;

function Loaded({ incidentId, ticks, seq, ended, goTo, follow, onFollow, view, onView, state, shownSeq, loading, events, omitted, otherMoment, linkNote, onDismissLinkNote }: LoadedProps) {
  const t = useTranslations('replay');
  const actor = useActor();
  const directory = useAgencyDirectory();
  const clock = useClockFormat();
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<Speed>(60);
  const [dim, setDim] = useState<Dimming>(() => ({ agencies: new Set<string>(), kinds: new Set<EventKind>() }));
  const seqRef = useRef(seq);
  seqRef.current = seq;
  const speedRef = useRef(speed);
  speedRef.current = speed;
  /** The moment a person moved to since playback's last frame (lib/client/replay/playback.ts). */
  const movedRef = useRef<number | null>(null);
  /** A person holds the slider: playback waits at the moment they drag to. */
  const heldRef = useRef(false);
  /** Stops playback's frames at once (before the render that pauses it). */
  const stopFrames = useRef<() => void>(() => {});
  // The rehearsal: see the effect below. Its first step moves the controls only (as a person's move
  // does in its own input event, while the moment loads), its second the board too.
  const [rehearsal, setRehearsal] = useState<(RehearsalMoment & { board: boolean }) | null>(null);
  const rehearsedBoard = rehearsal?.board ? rehearsal : null;
  const board = useReplayBoard(rehearsedBoard?.state ?? state, rehearsedBoard?.events ?? events, actor);
  /** The moment the controls show: the one asked for, but for the rehearsal's moment while it runs. */
  const at = rehearsal?.seq ?? seq;
  const slowLoad = useShownAfter(loading, LOADING_NOTE_AFTER_MS);

  // Playback (lib/client/replay/playback.ts): a frame at a time, the moment from the clock. A
  // person's move while it plays is kept and playback goes on from it; a held slider holds it.
  useEffect(() => {
    if (!playing) return;
    movedRef.current = null;
    let clock = startPlayClock(ticks, seqRef.current);
    let raf = 0;
    let stopped = false;
    const frame = (now: number) => {
      if (stopped) return;
      const moved = movedRef.current;
      movedRef.current = null;
      const step = playFrame(ticks, clock, { now, speed: speedRef.current, moved, held: heldRef.current });
      clock = step.clock;
      if (step.go !== null) goTo(step.go);
      if (step.done) return setPlaying(false);
      raf = requestAnimationFrame(frame);
    };
    raf = requestAnimationFrame(frame);
    const stop = () => {
      stopped = true;
      cancelAnimationFrame(raf);
    };
    stopFrames.current = stop;
    return stop;
  }, [playing, ticks, goTo]);

  // The rehearsal, right after a page opens: the first move after the page opened took three to four times
  // as long as the next ones (its board ~70 ms to render and lay out against ~25), as the
  // browser had run none of the code that changes a board yet (it compiles and optimises it on
  // first use). So once the first moment is shown and the page is idle, the controls and then the
  // board are rendered at another moment the engine holds and back again, in one task
  // (REHEARSAL_ROUNDS times, each in its own idle task): the page paints none of it, and the
  // person's first move is then nearly as fast as the later ones. Not when the person has moved
  // already (that move did it), nor with the focus in the board or on the slider, nor with a
  // selection in the page's replay (its text changes and back), nor once the person has pressed,
  // touched or scrolled anything: an unseen render of another moment unmounts what that moment
  // lacks and may be shorter, and a list the person opened or where they scrolled to would be
  // lost. `data-rehearsal` says when it is over (tests read the board then).
  const rehearsed = useRef(false);
  const rounds = useRef(0);
  const firstShown = useRef(shownSeq);
  const [rehearsalOver, setRehearsalOver] = useState(false);
  const endRehearsal = useCallback(() => {
    rehearsed.current = true;
    setRehearsalOver(true);
  }, []);
  if (shownSeq !== firstShown.current) rehearsed.current = true;
  useEffect(() => {
    if (rehearsed.current) return;
    const events = ['pointerdown', 'keydown', 'wheel'] as const;
    const acted = () => {
      endRehearsal();
      for (const e of events) window.removeEventListener(e, acted, true);
    };
    for (const e of events) window.addEventListener(e, acted, { capture: true, passive: true });
    return () => {
      for (const e of events) window.removeEventListener(e, acted, true);
    };
  }, [endRehearsal]);
  useEffect(() => {
    if (rehearsed.current || loading) return;
    // Opened on the wall view: the board's code is warmed by nothing here, and a person's press
    // to switch to the board ends the rehearsal anyway.
    if (view !== 'board' || typeof requestIdleCallback !== 'function') return endRehearsal();
    let tries = 0;
    let idle = 0;
    let timer = 0;
    const attempt = () => {
      // Not with the focus in the board or on the slider, nor a selection in the replay: either could be lost.
      const within = (n: Node | null | undefined, selector: string) => !!(n instanceof Element ? n : n?.parentElement)?.closest(selector);
      if (
        rehearsed.current ||
        seqRef.current !== shownSeq ||
        within(document.activeElement, '[data-testid="replay-board"], [data-testid="replay-slider-box"]') ||
        within(document.getSelection()?.anchorNode, '[data-testid="replay"]')
      )
        return;
      const other = otherMoment();
      if (!other) {
        if (++tries < REHEARSAL_TRIES) timer = window.setTimeout(schedule, 200);
        else endRehearsal();
        return;
      }
      const t0 = performance.now();
      flushSync(() => setRehearsal({ ...other, board: false }));
      flushSync(() => setRehearsal({ ...other, board: true }));
      flushSync(() => setRehearsal(null));
      markReplay('replay-rehearsed', { seq: other.seq, ms: performance.now() - t0 });
      if (++rounds.current >= REHEARSAL_ROUNDS) endRehearsal();
      else schedule();
    };
    const schedule = () => {
      idle = requestIdleCallback(attempt, { timeout: REHEARSAL_WAIT_MS });
    };
    schedule();
    return () => {
      cancelIdleCallback(idle);
      clearTimeout(timer);
    };
  }, [loading, shownSeq, view, otherMoment, endRehearsal]);

  // A mark per rendered moment, for the benchmark and for anyone profiling.
  useLayoutEffect(() => {
    markReplay('replay-rendered', { seq: shownSeq });
    firstMomentShown(incidentId);
  }, [shownSeq, incidentId]);

  const css = useMemo(() => dimmingCss('[data-testid="replay"]', dim), [dim]);
  // Not only the agencies in the incident at this moment: those that acted in it at any time (the
  // index's), and those holding its tasks now, so that one that joins later (or was taken out) can
  // be dimmed at any moment; and a dimmed one keeps its chip.
  const filterAgencies = useMemo(() => {
    const out = [...state.agencies];
    const add = (code: string) => void (out.includes(code) || out.push(code));
    for (const task of Object.values(state.tasks)) add(task.agency);
    for (const code of [...ticks.agencies, ...dim.agencies]) add(code);
    return out;
  }, [state.agencies, state.tasks, ticks.agencies, dim.agencies]);
  const momentTs = tsOf(ticks, at);
  const findingHref = `${reviewHref(incidentId, 'findings')}?atSeq=${at}`;
  const mayAddFinding = authorizeReview(actor, 'AddFinding') === null;
  /** A person's move (slider, step, start, jump): kept while playing, which goes on from there. */
  const move = useCallback(
    (s: number) => {
      movedRef.current = s;
      goTo(s);
    },
    [goTo],
  );
  const onHold = useCallback((held: boolean) => {
    heldRef.current = held;
  }, []);
  const togglePlay = () => {
    if (playing) stopFrames.current();
    else if (seq >= ticks.count) goTo(1);
    setPlaying(!playing);
  };
  /** "Live end" stops playback and follows the live end. */
  const followLive = () => {
    stopFrames.current();
    setPlaying(false);
    onFollow();
  };

  return (
    <div data-testid="replay" data-seq={seq} data-rendered-seq={shownSeq} data-rehearsal={rehearsalOver || shownSeq !== firstShown.current ? 'over' : 'pending'} data-head={ticks.count} data-loading={loading || undefined} className="flex min-h-0 flex-1 flex-col">
      {css && <style>{css}</style>}
      <div data-testid="replay-controls" className="relative shrink-0 space-y-1.5 border-b border-slate-300 bg-white px-4 py-2">
        {/* Over the board's top edge, not in the controls' rows: at 1366 px their first row has no
            room left, and a note that wrapped it moved the slider and laid the board out again (the
            link's note, gone on the first move, would have laid the board out on that move).
            Stacked, so the two never cover each other. First, as the rows' spacing goes below
            every child but the last. */}
        {(slowLoad || linkNote) && (
          <div className="pointer-events-none absolute top-full left-1/2 z-20 mt-1 flex w-max max-w-[calc(100%-2rem)] -translate-x-1/2 flex-col items-center gap-1">
            {slowLoad && (
              <p role="status" data-testid="replay-loading-note" className="rounded bg-slate-800 px-2 py-1 text-xs font-medium text-white shadow">
                {t('loadingMoment')}
              </p>
            )}
            {linkNote && <LinkNotice note={linkNote} onDismiss={onDismissLinkNote} />}
          </div>
        )}
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5">
          <div className="flex items-center gap-1">
            <Button size="sm" variant="ghost" aria-label={t('start')} title={t('start')} data-testid="replay-start" onClick={() => move(1)}>
              <ToStartIcon />
            </Button>
            <Button size="sm" aria-label={t('stepBack')} title={t('stepBack')} data-testid="replay-step-back" disabled={at <= 1} onClick={() => move(Math.max(1, seq - 1))}>
              <StepBackIcon />
            </Button>
            <Button size="sm" variant="primary" className="w-24" data-testid="replay-play" aria-pressed={playing} onClick={togglePlay}>
              {playing ? <PauseIcon /> : <PlayIcon />} {playing ? t('pause') : t('play')}
            </Button>
            <Button size="sm" aria-label={t('stepForward')} title={t('stepForward')} data-testid="replay-step-forward" disabled={at >= ticks.count} onClick={() => move(Math.min(ticks.count, seq + 1))}>
              <StepForwardIcon />
            </Button>
          </div>
          <div role="group" aria-label={t('speed')} className="flex items-center overflow-hidden rounded border border-slate-400">
            {SPEEDS.map((s) => (
              <button
                key={s}
                type="button"
                aria-pressed={speed === s}
                aria-label={s === 'next' ? t('speedNextLabel') : t('speedLabel', { speed: s })}
                data-testid={`replay-speed-${s}`}
                onClick={() => setSpeed(s)}
                className={cx(
                  'h-8 border-l border-slate-300 px-2.5 text-sm font-medium first:border-l-0 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600',
                  speed === s ? 'bg-slate-800 text-white' : 'bg-white text-slate-800 hover:bg-slate-100',
                )}
              >
                {s === 'next' ? t('speedNext') : t('speedShort', { speed: s })}
              </button>
            ))}
          </div>
          <p className="flex items-baseline gap-2 text-sm tabular-nums" aria-live="off">
            <time data-testid="replay-clock" dateTime={new Date(momentTs).toISOString()} className="font-mono text-base font-bold">
              {clock.time(momentTs)}
            </time>
            <span data-testid="replay-offset" className="font-mono font-semibold text-slate-800">T+{formatElapsedSeconds(ticks.firstTs, momentTs)}</span>
            <span data-testid="replay-moment" className="text-xs text-slate-600">{t('moment', { seq: at, head: ticks.count })}</span>
          </p>
          <span className="ml-auto" />
          <Button
            size="sm"
            data-testid="replay-follow"
            // A closed incident's record has an end, not a live one to follow: the button goes there.
            aria-pressed={ended ? undefined : follow}
            title={ended ? undefined : t('followLive')}
            onClick={followLive}
            className={cx(follow && !ended && 'border-emerald-700 bg-emerald-50 text-emerald-900')}
          >
            <span aria-hidden className={cx('inline-block size-2 rounded-full', follow && !ended ? 'bg-emerald-600' : 'bg-slate-400')} />
            {ended ? (seq >= ticks.count ? t('atEnd') : t('toEnd')) : follow ? t('following') : t('liveEnd')}
          </Button>
          {mayAddFinding && (
            <Link
              href={findingHref}
              // Not prefetched: its href changes with every moment, and each prefetch is a server
              // render that competed with the moment's own chunk request (and its answer with the
              // moment's render) on every slider move.
              prefetch={false}
              data-testid="replay-add-finding"
              className={ADD_FINDING}
            >
              {t('addFinding')}
            </Link>
          )}
        </div>
        <ReplaySlider ticks={ticks} seq={at} onSeq={move} onHold={onHold} agencies={directory} dimAgencies={dim.agencies} dimKinds={dim.kinds} />
        <div className="flex flex-wrap items-center gap-x-4 gap-y-1.5">
          <JumpForm ticks={ticks} onSeq={move} />
          <div role="group" aria-label={t('view')} className="flex items-center overflow-hidden rounded border border-slate-400">
            {(['board', 'wall'] as const).map((v) => (
              <button
                key={v}
                type="button"
                aria-pressed={view === v}
                data-testid={`replay-view-${v}`}
                onClick={() => onView(v)}
                className={cx(
                  'h-7 border-l border-slate-300 px-2.5 text-xs font-medium first:border-l-0 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600',
                  view === v ? 'bg-slate-800 text-white' : 'bg-white text-slate-800 hover:bg-slate-100',
                )}
              >
                {v === 'board' ? t('viewBoard') : t('viewWall')}
              </button>
            ))}
          </div>
          <ReplayFilters agencies={filterAgencies} directory={directory} dim={dim} onDim={setDim} />
        </div>
      </div>
      {view === 'board' ? <ReplayBoard board={board} dim={dim} omittedMessages={omitted} /> : <ReplayWall state={state} events={events} />}
    </div>
  );
}

/**
 * A link's moment the page could not show as asked (SPEC REV1: past the last event, 0, not an event
 * number), and what it shows instead, with the numbers; up until the person moves (step, slider,
 * jump, start, play, live end) or presses Dismiss. Memoised: the rehearsal renders the controls
 * again, this note unchanged.
 */
const LinkNotice = memo(function LinkNotice({ note, onDismiss }: { note: LinkNote; onDismiss: () => void }) {
  const t = useTranslations('replay');
  const tc = useTranslations('common');
  // Its words come a frame after the region: a live region added together with its words is not
  // read (useLengthNote says the same of the length's).
  const [said, setSaid] = useState(false);
  useEffect(() => {
    const frame = requestAnimationFrame(() => setSaid(true));
    return () => cancelAnimationFrame(frame);
  }, []);
  // Dismissed, the button goes: the focus goes to the slider (the arrows move from the moment shown),
  // not to the page's start.
  const dismiss = () => {
    document.querySelector<HTMLElement>('[data-testid="replay-slider"]')?.focus();
    onDismiss();
  };
  const text =
    note.kind === 'pastEnd'
      ? t('linkPastEnd', { asked: note.asked, head: note.head })
      : note.kind === 'beforeStart'
        ? t('linkBeforeStart', { asked: note.asked })
        : t('linkNotANumber', { text: note.text });
  return (
    <div
      role="status"
      data-testid="replay-link-note"
      data-kind={note.kind}
      className="pointer-events-auto flex max-w-2xl items-start gap-2 rounded border border-l-4 border-amber-600 bg-amber-50 px-3 py-1.5 text-sm text-amber-950 shadow"
    >
      <span aria-hidden className="shrink-0">
        ⚠
      </span>
      <p className="min-w-0 flex-1 font-medium">{said ? text : null}</p>
      <button
        type="button"
        data-testid="replay-link-note-dismiss"
        onClick={dismiss}
        className="shrink-0 rounded text-xs underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-current"
      >
        {tc('dismiss')}
      </button>
    </div>
  );
});

/**
 * Jump to a clock time (the browser's time zone, like the board), with its date before it on an
 * incident longer than a day, or a T+ offset (lib/client/replay/jump.ts). When the incident spans
 * more than one calendar day, the clock mode's hint shows the date form and "outside" names both
 * ends with their dates (as it does when a date was typed); for a T+ offset it names them in T+.
 * The box grows with what is typed.
 */
const JumpForm = memo(function JumpForm({ ticks, onSeq }: { ticks: Ticks; onSeq: (seq: number) => void }) {
  const t = useTranslations('replay');
  const clock = useClockFormat();
  const [mode, setMode] = useState<JumpMode>('offset');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const days = spansDays(ticks);
  const dated = days && mode === 'clock';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const target = jumpTarget(ticks, text, mode);
    if (target === 'invalid') return setProblem(t(dated || saysDate(text) ? 'jumpInvalidDated' : 'jumpInvalid'));
    if (target === 'outside') {
      // In the units it was typed in: a T+ offset's bounds as T+, a clock time's as clock times.
      if (readsAsOffset(text, mode))
        return setProblem(t('jumpOutside', { from: `T+${formatElapsedSeconds(ticks.firstTs, ticks.firstTs)}`, to: `T+${formatElapsedSeconds(ticks.firstTs, ticks.lastTs)}` }));
      const ends = jumpEnds(ticks);
      return setProblem(
        t('jumpOutside', days || saysDate(text) ? { from: clock.dateTime(ends.from), to: clock.dateTime(ends.to) } : { from: clock.time(ticks.firstTs), to: clock.time(ticks.lastTs) }),
      );
    }
    setProblem(null);
    onSeq(target);
  };
  return (
    <form onSubmit={submit} className="relative flex items-center gap-1.5" data-testid="replay-jump" noValidate>
      <label className="shrink-0 text-xs font-semibold whitespace-nowrap text-slate-700" htmlFor="replay-jump-text">
        {t('jump')}
      </label>
      <Select aria-label={t('jumpMode')} data-testid="replay-jump-mode" className="h-7 w-auto py-0 text-xs" value={mode} onChange={(e) => {
          setMode(e.target.value as JumpMode);
          setProblem(null);
        }}>
        <option value="offset">{t('jumpOffset')}</option>
        <option value="clock">{t('jumpClock')}</option>
      </Select>
      <TextInput
        id="replay-jump-text"
        data-testid="replay-jump-text"
        // As wide as what is typed (a date and a time fit whole), between the two hints' widths.
        className={cx('h-7 w-auto text-xs field-sizing-content max-w-56', dated ? 'min-w-40' : 'min-w-28')}
        placeholder={t(dated ? 'jumpPlaceholderDated' : 'jumpPlaceholder')}
        value={text}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? 'replay-jump-problem' : undefined}
        // The problem was of what was typed: being corrected, it goes (it covers the board's edge).
        onChange={(e) => {
          setText(e.target.value);
          setProblem(null);
        }}
      />
      <Button size="xs" type="submit" data-testid="replay-jump-go">
        {t('jumpGo')}
      </Button>
      {/* Under the field, over the board's edge, not beside the Go button: there it pushed the row's
          other controls (board or wall, the agencies to dim) aside while the time was being corrected. */}
      {problem && (
        <span
          id="replay-jump-problem"
          role="alert"
          className="absolute top-full left-0 z-30 mt-1 w-max max-w-[min(28rem,calc(100vw-2rem))] rounded border border-red-700 bg-red-50 px-2 py-1 text-xs text-red-900 shadow"
        >
          {problem}
        </span>
      )}
    </form>
  );
});
