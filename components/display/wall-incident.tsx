'use client';

import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useIncident } from '@/lib/client/use-incident';
import type { IncidentEvent } from '@/lib/domain/incident/events';
import type { IncidentState, Message } from '@/lib/domain/incident/state';
import { formatElapsed, formatElapsedSeconds } from '@/lib/i18n/elapsed';
import { sameLocalDay, useClockFormat } from '@/lib/i18n/use-clock-format';
import { wallLanes } from '@/components/board/lane-order';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { cx } from '@/components/ui/cx';
import { useNow } from '@/components/ui/use-now';
import { PagedList, type PagedItem } from './paged-list';
import { WallColumn } from './wall-column';
import { WallEventLine } from './wall-event-line';
import { AlertIcon } from './wall-icons';
import { Bi, WallNearTime } from './wall-lang';
import { WallNotice, wallDrawn } from './wall-notice';
import { WallBehindOverlay, WallCatchingUpOverlay } from './wall-stale';
import { AlertTo, KindWord, PhaseWord, Recipient, SeverityName, WallText } from './wall-words';

/** An alert younger than this pulses. */
const FRESH_ALERT_MS = 15 * 60_000;
/** How many of the latest events and messages are candidates for their panels (the panels show what fits). */
const RECENT = 40;

/** One incident on the wall: header, alert banner, a column per agency, latest messages and events. */
export function WallIncident({ incidentId }: { incidentId: string }) {
  const { state, events, error, headSeq, appliedSeq, heardAt } = useIncident(incidentId);
  if (!state) return <WallNotice kind={error ? 'unavailable' : 'connecting'} progress={{ applied: appliedSeq, head: headSeq }} />;
  return (
    <>
      <LoadedWall state={state} events={events} />
      {/* What it shows stays, but not as live when it could not read what is new (SPEC SYNC3). */}
      <WallBehindOverlay error={error} heardAt={heardAt} />
      <WallCatchingUpOverlay heardAt={heardAt} failed={error !== null} />
    </>
  );
}

function LoadedWall({ state, events }: { state: IncidentState; events: IncidentEvent[] }) {
  const now = useNow(15_000);
  useEffect(wallDrawn, []);
  return <WallIncidentView state={state} events={events} now={now} />;
}

/** The wall's view of one incident state at `now` (live, or a moment in replay: issue #5). */
export function WallIncidentView({ state, events, now, frozen = false }: { state: IncidentState; events: IncidentEvent[]; now: number; frozen?: boolean }) {
  const lanes = useMemo(() => wallLanes(state), [state]);
  const agencies = useAgencyDirectory();
  const names = useFittingNames(lanes.map((code) => agencies.name(code)).join('\n'));
  const alert = state.messages.findLast((m) => m.alert) ?? null;
  return (
    <div data-testid="wall-incident" data-incident-id={state.id} data-seq={state.seq} data-phase={state.phase} className="flex min-h-0 flex-1 flex-col gap-[0.5rem] p-[0.6rem] pt-[0.4rem]">
      <WallHeader state={state} stoppedAt={frozen ? now : null} />
      {alert && <AlertBanner alert={alert} now={now} />}
      {/* One grid row for every column's name, one for their statuses, one for their counts and one
          for their cards (each column a subgrid of all four): each starts on one line across the
          wall, however many lines a name or a status takes. The grid fills a box of its own
          (absolute): in a flexed box its height would not be definite while its rows are sized,
          and the headers' row would take the room the cards need. */}
      <div className="relative min-h-0 flex-[1_1_0]">
        <div ref={names} data-testid="wall-columns" className="absolute inset-0 grid auto-cols-[minmax(0,1fr)] grid-flow-col grid-rows-[auto_auto_auto_minmax(0,1fr)] gap-x-[0.45rem]">
          {lanes.map((code) => (
            <WallColumn key={code} state={state} code={code} now={now} />
          ))}
        </div>
      </div>
      <div className="flex h-[25%] shrink-0 gap-[0.5rem]">
        <MessagesPanel state={state} now={now} />
        <TimelinePanel state={state} events={events} />
      </div>
    </div>
  );
}

/**
 * What a fit to an element's place depends on besides its text: the place's width, and the fonts (a
 * font that arrives late lays the text out again); a new key when one of them changes. A fit is
 * measured when its text or this key changes, not on every render (the replay's wall view renders on
 * every slider move).
 */
function useLayoutKey(ref: RefObject<HTMLElement | null>): string {
  const [layout, setLayout] = useState('');
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    let live = true;
    const ro = new ResizeObserver(() => setLayout(String(el.clientWidth)));
    ro.observe(el);
    void document.fonts?.ready.then(() => live && setLayout(`${el.clientWidth} fonts`));
    return () => {
      live = false;
      ro.disconnect();
    };
  }, []);
  return layout;
}

/** The wall title's sizes, largest first: one line, smaller, then two lines at the smallest. */
const TITLE_SIZES = ['line-clamp-1 text-[2.1rem]', 'line-clamp-1 text-[1.7rem]', 'line-clamp-1 text-[1.45rem]', 'line-clamp-2 text-[1.45rem]'];

/**
 * The largest size at which the whole title fits its place in the header, measured before the
 * frame is painted (again for a new title or a new width). A bilingual title ("集装箱码头危险品泄漏
 * Hazmat leak, yard block C3") takes a smaller size rather than losing its end: read from across the
 * room, the end of a title (the berth, the block) is often what tells two incidents apart. A title
 * that fits no size (up to 200 characters) ends with "…" on its second line.
 */
function useFittingTitle(title: string) {
  const ref = useRef<HTMLHeadingElement>(null);
  const [step, setStep] = useState(0);
  const layout = useLayoutKey(ref);
  const fitted = useRef({ title: '', layout: '' });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // A new title or place starts again from the largest size (one step at a time after that).
    if (fitted.current.title !== title || fitted.current.layout !== layout) {
      fitted.current = { title, layout };
      if (step !== 0) return setStep(0);
    }
    if (step < TITLE_SIZES.length - 1 && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)) setStep(step + 1);
  }, [title, layout, step]);
  return { ref, size: TITLE_SIZES[step] };
}

/** The agency names' scale is not taken below this: smaller, a name is no longer read from across the room. */
const NAME_FIT_FLOOR = 0.8;

/**
 * The agency names' common scale on the wall (`--wall-name-fit` on the columns' grid, app/display/wall.css):
 * the largest, up to 1, at which every name's line (on a bilingual wall the Chinese name and its English
 * caption each) fits its column on one line. Where that would be under NAME_FIT_FLOOR the names keep their
 * full size and wrap, as before. One scale for all: names side by side are of one size, and the row of
 * names is as tall as its tallest name anyway (wall-column.tsx). An English wall at 1080p ("Public
 * Security Police") gets a line back for its cards in every column. Measured, like the title, for new
 * names, a new width and late fonts, not on every render (the replay's wall renders on every move).
 */
function useFittingNames(names: string) {
  const ref = useRef<HTMLDivElement>(null);
  const layout = useLayoutKey(ref);
  useLayoutEffect(() => {
    const grid = ref.current;
    if (!grid) return;
    grid.style.setProperty('--wall-name-fit', '1');
    const fit = namesFit(grid);
    grid.style.setProperty('--wall-name-fit', String(fit));
    grid.dataset.nameFit = String(fit);
  }, [names, layout]);
  return ref;
}

/** The scale for the names in `grid`, measured at their full size (see useFittingNames). */
function namesFit(grid: HTMLElement): number {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return 1;
  let fit = 1;
  for (const line of grid.querySelectorAll<HTMLElement>('[data-name-line]')) {
    const name = line.closest('h2');
    // In a narrow column the code floats beside the name's first line (wall-column.tsx): that line
    // has the name's width less the code's.
    const badge = name?.previousElementSibling;
    const first = name?.querySelector('[data-name-line]') === line;
    const beside = first && badge instanceof HTMLElement && badge.offsetWidth > 0 ? badge.offsetWidth + parseFloat(getComputedStyle(badge).marginLeft) : 0;
    const width = (name?.clientWidth ?? 0) - beside;
    const style = getComputedStyle(line);
    ctx.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const natural = ctx.measureText(line.textContent ?? '').width;
    if (width > 0 && natural > 0) fit = Math.min(fit, width / natural);
  }
  // Two hundredths under, for the canvas's measure against the layout's (rounding, kerning).
  fit = Math.floor(fit * 100) / 100 - 0.02;
  return fit >= 0.98 ? 1 : fit >= NAME_FIT_FLOOR ? fit : 1;
}

/** `stoppedAt`: the elapsed clock stands at this instant (replay) instead of ticking. */
function WallHeader({ state, stoppedAt = null }: { state: IncidentState; stoppedAt?: number | null }) {
  const title = useFittingTitle(state.title);
  return (
    <header data-testid="wall-header" className="flex shrink-0 items-center gap-[1.2rem] rounded-[0.4rem] bg-(--wall-panel) px-[0.8rem] py-[0.45rem]">
      <KindBadge kind={state.kind} />
      <div className="min-w-0 flex-1">
        <h1 ref={title.ref} data-testid="wall-title" className={cx('leading-tight font-bold break-words', title.size)}>
          {state.title}
        </h1>
        {state.location && <p className="truncate text-[1rem] text-(--wall-muted)">{state.location}</p>}
      </div>
      <Field label="severity">
        <SeverityChip severity={state.severity} />
      </Field>
      <Field label="phase">
        <span data-testid="wall-phase" data-phase={state.phase} className="text-[1.5rem] font-bold">
          <Bi>
            <PhaseWord phase={state.phase} />
          </Bi>
        </span>
      </Field>
      <Field label="elapsed">
        <Elapsed openedAt={state.openedAt} closedAt={state.closedAt ?? stoppedAt} />
      </Field>
    </header>
  );
}

function Field({ label, children }: { label: 'severity' | 'phase' | 'elapsed'; children: ReactNode }) {
  return (
    <div className="flex shrink-0 flex-col items-start">
      <span className="text-[0.8rem] font-semibold tracking-wide text-(--wall-muted) uppercase">
        <Bi>
          <WallText k={label} />
        </Bi>
      </span>
      {children}
    </div>
  );
}

/** "演练 / DRILL" hatched amber, or "实战 / REAL" solid red: big enough to read across the room. */
export function KindBadge({ kind, size = 'lg' }: { kind: IncidentState['kind']; size?: 'md' | 'lg' }) {
  return (
    <span
      data-testid={kind === 'drill' ? 'drill-badge' : 'real-badge'}
      data-kind={kind}
      className={cx(
        'inline-flex shrink-0 items-center rounded-[0.35rem] border-[0.2rem] font-black tracking-wider whitespace-nowrap',
        size === 'lg' ? 'px-[0.7rem] py-[0.2rem] text-[2rem]' : 'px-[0.45rem] text-[1.3rem]',
        kind === 'drill'
          ? 'border-amber-400 bg-[repeating-linear-gradient(135deg,#fde68a_0_0.6rem,#fbbf24_0.6rem_1.2rem)] text-black'
          : 'border-red-300 bg-red-700 text-white',
      )}
    >
      <KindWord kind={kind} />
    </span>
  );
}

const SEVERITY_TONE = {
  I: 'bg-red-700 text-white',
  II: 'bg-orange-500 text-black',
  III: 'bg-yellow-300 text-black',
  IV: 'bg-blue-700 text-white',
} as const;

/** "III 较大": the Chinese warning colour with the level and its name. */
export function SeverityChip({ severity, size = 'lg' }: { severity: IncidentState['severity']; size?: 'md' | 'lg' }) {
  return (
    <span
      data-testid="wall-severity"
      data-severity={severity}
      className={cx('inline-flex items-baseline gap-[0.4rem] rounded-[0.3rem] px-[0.5rem] font-bold whitespace-nowrap', size === 'lg' ? 'text-[1.5rem]' : 'text-[1.05rem]', SEVERITY_TONE[severity])}
    >
      <span>{severity}</span>
      <span>
        <Bi>
          <SeverityName severity={severity} />
        </Bi>
      </span>
    </span>
  );
}

/** T+hh:mm:ss, ticking every second (stops when the incident closed). */
export function Elapsed({ openedAt, closedAt, className = 'text-[2rem]' }: { openedAt: number; closedAt: number | null; className?: string }) {
  const now = useNow(1000);
  return (
    <span data-testid="wall-elapsed" className={cx('font-bold tabular-nums', className)}>
      T+{formatElapsedSeconds(openedAt, closedAt ?? now)}
    </span>
  );
}

function AlertBanner({ alert, now }: { alert: Message; now: number }) {
  const agencies = useAgencyDirectory();
  const fresh = now - alert.ts < FRESH_ALERT_MS;
  return (
    <div
      role="alert"
      data-testid="wall-alert"
      data-message-id={alert.id}
      className={cx('flex shrink-0 items-center gap-[0.9rem] rounded-[0.4rem] border-[0.2rem] border-white bg-red-700 px-[0.9rem] py-[0.35rem] text-white', fresh && 'wall-alert-fresh')}
    >
      <span className="flex shrink-0 items-center gap-[0.4rem] rounded bg-white px-[0.5rem] text-[1.5rem] font-black text-red-800">
        <AlertIcon />
        <Bi>
          <WallText k="alert" />
        </Bi>
      </span>
      {/* Its date too when it is from another day than the screen's now (a day-long incident's alert of yesterday evening). */}
      <span data-testid="wall-alert-time" className="shrink-0 text-[1.3rem] font-bold tabular-nums">
        <WallNearTime at={alert.ts} now={now} />
      </span>
      {alert.actor.agency && <span className="shrink-0 text-[1.3rem] font-bold">{agencies.short(alert.actor.agency)}</span>}
      {alert.toAgency && (
        <span className="text-[1.3rem] font-bold">
          <AlertTo code={alert.toAgency} testId="wall-alert-to" />
        </span>
      )}
      <span className="line-clamp-2 min-w-0 flex-1 text-[1.5rem] leading-snug font-bold break-words">{alert.text}</span>
    </div>
  );
}

function Panel({ title, testId, children }: { title: 'messages' | 'timeline'; testId: string; children: ReactNode }) {
  return (
    <section data-testid={testId} className="flex min-w-0 flex-1 flex-col rounded-[0.4rem] border border-(--wall-line) bg-(--wall-panel) px-[0.6rem] py-[0.35rem]">
      <h2 className="mb-[0.25rem] shrink-0 text-[1rem] font-bold tracking-wide text-(--wall-muted) uppercase">
        <Bi>
          <WallText k={title} />
        </Bi>
      </h2>
      {children}
    </section>
  );
}

function MessagesPanel({ state, now }: { state: IncidentState; now: number }) {
  const clock = useClockFormat();
  const agencies = useAgencyDirectory();
  const items: PagedItem[] = state.messages
    .slice(-RECENT)
    .reverse()
    .map((m) => ({
      key: m.id,
      group: null,
      render: (measuring) => (
        <article
          data-testid={measuring ? undefined : 'wall-message'}
          data-alert={m.alert || undefined}
          className={cx('border-l-[0.3rem] pl-[0.5rem] text-[1rem] leading-snug', m.alert ? 'border-red-500' : 'border-(--wall-line)')}
        >
          <p className="flex items-baseline gap-[0.5rem] text-[0.85rem] text-(--wall-muted)">
            {/* Yesterday evening's message carries its date (a day-long incident), as the alert's time does. */}
            <span className="tabular-nums">{sameLocalDay(m.ts, now) ? clock.time(m.ts) : <WallNearTime at={m.ts} now={now} />}</span>
            <span className="font-bold text-(--wall-fg)">{m.actor.agency ? agencies.short(m.actor.agency) : m.actor.name}</span>
            <span className="min-w-0 truncate">
              <Bi>
                <Recipient agency={m.toAgency} />
              </Bi>
            </span>
          </p>
          <p className="line-clamp-2 break-words">
            {m.alert && (
              <span className="mr-[0.3rem] inline-flex items-center gap-[0.2rem] rounded bg-red-700 px-[0.3rem] text-[0.85rem] font-black text-white">
                <AlertIcon />
                <Bi>
                  <WallText k="alert" />
                </Bi>
              </span>
            )}
            <span className={m.alert ? 'font-bold' : undefined}>{m.text}</span>
          </p>
        </article>
      ),
    }));
  return (
    <Panel title="messages" testId="wall-messages">
      <PagedList
        mode="fit"
        items={items}
        empty={
          <p className="text-[0.95rem] text-(--wall-muted)">
            <Bi>
              <WallText k="noMessages" />
            </Bi>
          </p>
        }
      />
    </Panel>
  );
}

function TimelinePanel({ state, events }: { state: IncidentState; events: IncidentEvent[] }) {
  const clock = useClockFormat();
  const agencies = useAgencyDirectory();
  // Events past the seq this screen first showed arrived live: they light up briefly.
  const firstSeq = useRef(state.seq);
  const items: PagedItem[] = events
    .slice(-RECENT)
    .reverse()
    .map((ev) => {
      const fresh = ev.seq > firstSeq.current;
      return {
        key: String(ev.seq),
        group: null,
        render: (measuring) => (
          <p
            data-testid={measuring ? undefined : 'wall-event'}
            data-seq={ev.seq}
            data-new={fresh || undefined}
            className={cx('line-clamp-2 rounded-[0.2rem] px-[0.3rem] text-[1rem] leading-snug break-words', fresh && !measuring && 'wall-arrive')}
          >
            <span className="mr-[0.5rem] text-[0.85rem] text-(--wall-muted) tabular-nums">
              {clock.time(ev.ts)} T+{formatElapsed(state.openedAt, ev.ts)}
            </span>
            {ev.actor.agency && <span className="mr-[0.4rem] font-bold">{agencies.short(ev.actor.agency)}</span>}
            <WallEventLine event={ev} state={state} />
          </p>
        ),
      };
    });
  return (
    <Panel title="timeline" testId="wall-timeline">
      <PagedList mode="fit" items={items} />
    </Panel>
  );
}
