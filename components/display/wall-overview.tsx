'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { displayPath } from '@/lib/client/display-link';
import { leftWork } from '@/lib/domain/incident/agency-work';
import { overdueCount, overviewOrder, overviewRows, type IncidentSummary } from '@/lib/domain/incident/summary';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { cx } from '@/components/ui/cx';
import { useNow } from '@/components/ui/use-now';
import { useDisplayInfo } from './display-context';
import { WallBehindOverlay } from './wall-stale';
import { Elapsed, KindBadge, SeverityChip } from './wall-incident';
import { AlertIcon, BlockedIcon, ClockIcon } from './wall-icons';
import { Bi, useBilingual, WallNearTime } from './wall-lang';
import { AgencyName, AgencyStatusWord, AlertTo, PhaseWord, WallText } from './wall-words';
import { PAGE_MS, PageIndicator, usePageTurn } from './paged-list';
import { wallDrawn } from './wall-notice';

/** Columns of the overview grid for n incidents: one big card, two side by side, then a grid. */
function gridCols(n: number): string {
  if (n <= 1) return 'grid-cols-1';
  if (n <= 4) return 'grid-cols-2';
  return 'grid-cols-3';
}

type Density = 'lg' | 'md' | 'sm';

/** Fewer incidents, bigger type: one incident fills the screen. */
const DENSITY: Record<Density, { title: string; meta: string; row: string; table: string; head: string }> = {
  lg: { title: 'text-[2.4rem]', meta: 'text-[1.5rem]', row: 'py-[0.45rem]', table: 'text-[1.7rem]', head: 'text-[1.1rem]' },
  md: { title: 'text-[1.6rem]', meta: 'text-[1.1rem]', row: 'py-[0.15rem]', table: 'text-[1.1rem]', head: 'text-[0.85rem]' },
  sm: { title: 'text-[1.3rem]', meta: 'text-[0.95rem]', row: 'py-[0.05rem]', table: 'text-[0.95rem]', head: 'text-[0.75rem]' },
};

/** Cards on one page of the overview at most (three rows of three): past it, a card's rows no longer fit. */
export const OVERVIEW_PER_PAGE = 9;

/**
 * The overview's pages for n incidents (SPEC AUTH7): as few as pages of OVERVIEW_PER_PAGE need, with
 * the incidents shared evenly among them, and the rows of three one page needs (the same on every
 * page, so a card keeps its size as they turn). Twelve make two pages of six in two rows, each card
 * half as tall again as with nine (more of its agencies shown), not a page of nine and a page of
 * three that leaves two thirds of the screen empty.
 */
export function overviewPages(n: number): { pages: number; perPage: number; rows: number } {
  const pages = Math.max(1, Math.ceil(n / OVERVIEW_PER_PAGE));
  const perPage = Math.ceil(n / pages);
  return { pages, perPage, rows: Math.ceil(perPage / 3) };
}
/** How long after a person's last move over the cards (pointer, focus, key) the page stays. */
const OVERVIEW_HOLD_MS = 2 * PAGE_MS;

/**
 * An all-active screen: every incident that is not closed, real ones first, then the most severe,
 * then the newest (`overviewOrder`), each a way into its wall view. Up to nine fill the screen;
 * more (drills left open, a busy day) come on pages (`overviewPages`: as few as pages of nine need,
 * shared evenly) turned every PAGE_MS, with a "1/3" box beside the heading, so no card is squeezed
 * below what it must show (its severity, phase and agencies). A person pointing at or tabbing through the cards
 * holds the page, until OVERVIEW_HOLD_MS after their last move (a pointer left on the screen does
 * not stop it for good).
 */
export function WallOverview() {
  const { incidents: listed, listFailure, listReadAt } = useDisplayInfo();
  const incidents = useMemo(() => overviewOrder(listed), [listed]);
  const now = useNow(15_000);
  // Until when a person's pointer or keys hold the page (their last move and a while after it).
  const heldUntil = useRef(0);
  useEffect(wallDrawn, []);
  const hold = () => void (heldUntil.current = Date.now() + OVERVIEW_HOLD_MS);
  const { pages, perPage, rows } = overviewPages(incidents.length);
  const index = usePageTurn(pages, PAGE_MS, heldUntil);
  const shown = incidents.slice(index * perPage, (index + 1) * perPage);
  const paged = pages > 1;
  return (
    <>
      <div data-testid="wall-overview" className="flex min-h-0 flex-1 flex-col gap-[0.5rem] p-[0.6rem] pt-[0.4rem]">
        <div className="flex shrink-0 items-center justify-between gap-[1rem]">
          <h1 className="text-[1.8rem] font-bold">
            <Bi>
              <Count n={incidents.length} />
            </Bi>
          </h1>
          {paged && <PageIndicator index={index} count={pages} />}
        </div>
        {incidents.length === 0 ? (
          <p data-testid="display-empty" className="flex flex-1 items-center justify-center rounded-[0.4rem] bg-(--wall-panel) text-[2rem] text-(--wall-muted)">
            <Bi stack>
              <Empty />
            </Bi>
          </p>
        ) : (
          <ul
            data-testid="display-incidents"
            onPointerMove={hold}
            onPointerLeave={() => void (heldUntil.current = 0)}
            onFocus={hold}
            onKeyDown={hold}
            // Every page the same rows, the last one too: a card keeps its size as the pages turn.
            className={cx('grid min-h-0 flex-1 gap-[0.6rem]', paged ? (rows === 2 ? 'grid-rows-2' : 'grid-rows-3') : 'auto-rows-fr', gridCols(incidents.length))}
          >
            {shown.map((incident) => (
              <li key={incident.id} className="min-h-0">
                <OverviewCard incident={incident} now={now} density={incidents.length === 1 ? 'lg' : incidents.length <= 4 ? 'md' : 'sm'} />
              </li>
            ))}
          </ul>
        )}
      </div>
      {/* The list it shows stays, but not as live when its reads fail (SPEC SYNC3), as an incident's wall says. */}
      <WallBehindOverlay error={listFailure} heardAt={listReadAt} />
    </>
  );
}

function Count({ n }: { n: number }) {
  return <>{useTranslations('display')('allActiveCount', { count: n })}</>;
}

function Empty() {
  return <>{useTranslations('display')('empty')}</>;
}

/**
 * How many of the card's agency rows fit above its bottom edge (with room for the "+N more" line
 * when not all do). Measured after every render (an alert line that appears, a longer status,
 * takes room without the card changing size) and when the card's size changes. All fit until
 * measured. Rows left out keep their place (invisible), so what is measured does not depend on it.
 */
function useRowsThatFit(card: RefObject<HTMLElement | null>, rows: number): number {
  const [fit, setFit] = useState(rows);
  const [, setSize] = useState('');
  useLayoutEffect(() => {
    const el = card.current;
    if (!el) return;
    // Only a trigger: a new size renders again, and the measuring below runs.
    const ro = new ResizeObserver(() => setSize(`${el.clientWidth}x${el.clientHeight}`));
    ro.observe(el);
    return () => ro.disconnect();
  }, [card]);
  useLayoutEffect(() => {
    const el = card.current;
    if (!el) return;
    const trs = [...el.querySelectorAll<HTMLElement>('[data-overview-row]')];
    const more = el.querySelector<HTMLElement>('[data-overview-more]');
    const bottom = el.getBoundingClientRect().bottom - parseFloat(getComputedStyle(el).paddingBottom);
    const fits = (limit: number) => trs.filter((tr) => tr.getBoundingClientRect().bottom <= limit + 0.5).length;
    const all = fits(bottom);
    const next = all === trs.length ? all : fits(bottom - (more?.offsetHeight ?? 0));
    setFit((prev) => (prev === next ? prev : next));
  });
  return Math.min(fit, rows);
}

/**
 * An incident's card on the overview. Its agency table shows the rows that fit the card; when not
 * all do (many incidents, many agencies: three rows of cards at 1080p), those that need an eye come
 * first (overviewRows) and a "+N more" line says how many are not shown, instead of the last rows
 * being cut off without a word.
 */
function OverviewCard({ incident, now, density }: { incident: IncidentSummary; now: number; density: Density }) {
  const d = DENSITY[density];
  const bilingual = useBilingual();
  const { lang, theme } = useDisplayInfo();
  const agencies = useAgencyDirectory();
  const alert = incident.latestAlert;
  const cardRef = useRef<HTMLAnchorElement>(null);
  const fit = useRowsThatFit(cardRef, incident.byAgency.length);
  const cut = fit < incident.byAgency.length;
  const { rows, hiddenUrgent } = overviewRows(incident.byAgency, fit, now);
  return (
    <Link
      ref={cardRef}
      data-agencies={incident.byAgency.length}
      href={displayPath({ lang, theme, incidentId: incident.id })}
      data-testid="display-incident"
      data-incident-id={incident.id}
      data-kind={incident.kind}
      className="relative flex h-full flex-col gap-[0.45rem] overflow-hidden rounded-[0.4rem] border border-(--wall-line) bg-(--wall-panel) p-[0.7rem] focus-visible:outline-[0.25rem] focus-visible:outline-(--wall-focus)"
    >
      <div className="flex items-center gap-[0.8rem]">
        <KindBadge kind={incident.kind} size={density === 'lg' ? 'lg' : 'md'} />
        <h2 className={cx('line-clamp-1 min-w-0 flex-1 leading-tight font-bold break-all', d.title)}>{incident.title}</h2>
        <Elapsed openedAt={incident.openedAt} closedAt={incident.closedAt} className={d.title} />
      </div>
      <div className={cx('flex items-center gap-[0.8rem]', d.meta)}>
        <SeverityChip severity={incident.severity} size={density === 'lg' ? 'lg' : 'md'} />
        <span data-testid="wall-phase" data-phase={incident.phase} className="rounded border border-(--wall-line) px-[0.45rem] font-bold">
          <Bi>
            <PhaseWord phase={incident.phase} />
          </Bi>
        </span>
        <span className="min-w-0 truncate text-(--wall-muted)">{incident.location}</span>
      </div>
      {/* Many incidents (small cards): "no alerts" gives its line to an agency row instead. */}
      {(alert || density !== 'sm') && (
      <div data-testid="overview-alert" className={cx('flex gap-[0.6rem]', density === 'sm' ? 'items-center' : 'items-start', 'rounded-[0.3rem] px-[0.5rem] py-[0.15rem]', d.meta, alert ? 'bg-red-700 font-bold text-white' : 'border border-(--wall-line) text-(--wall-muted)')}>
        {alert ? (
          <>
            <span className="flex shrink-0 items-center gap-[0.3rem] font-black">
              <AlertIcon />
              <Bi>
                <WallText k="overview.latestAlert" />
              </Bi>
            </span>
            <span data-testid="overview-alert-time" className="shrink-0 tabular-nums"><WallNearTime at={alert.ts} now={now} /></span>
            {alert.agency && <span className="shrink-0">{agencies.short(alert.agency)}</span>}
            {alert.toAgency && <AlertTo code={alert.toAgency} testId="overview-alert-to" short={density !== 'lg'} />}
            {/* Up to four cards, two lines before it is cut: what to do comes after what happened ("…: evacuate row 14 now").
                With more (small cards) one line, so that an agency row is not given up for half an alert. */}
            <span data-testid="overview-alert-text" className={cx('min-w-0', density === 'sm' ? 'truncate' : 'line-clamp-2 break-words')}>
              {alert.text}
            </span>
          </>
        ) : (
          <Bi>
            <WallText k="overview.noAlert" />
          </Bi>
        )}
      </div>
      )}
      <table className={cx('w-full min-h-0 table-fixed border-collapse leading-tight', d.table)}>
        <thead>
          <tr className={cx('text-left text-(--wall-muted)', d.head)}>
            <th scope="col" className="w-[34%] pr-[0.6rem] pb-[0.15rem] font-semibold"><Bi><WallText k="overview.agency" /></Bi></th>
            <th scope="col" className="w-[30%] pr-[0.6rem] pb-[0.15rem] font-semibold"><Bi><WallText k="overview.status" /></Bi></th>
            <th scope="col" className="pb-[0.15rem] text-right font-semibold"><Bi><WallText k="overview.active" /></Bi></th>
            <th scope="col" className="pb-[0.15rem] text-right font-semibold"><Bi><WallText k="overview.blocked" /></Bi></th>
            <th scope="col" className="pb-[0.15rem] text-right font-semibold"><Bi><WallText k="overview.overdue" /></Bi></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const overdue = overdueCount(row.dueAt, now);
            // Standing down with tasks unfinished (SPEC AGS1): the status in amber; how many is the row's active count beside it.
            const left = leftWork(row.status, row.open + row.blocked);
            // A row past what fits keeps its place (it is measured) but is not shown.
            const hidden = i >= fit;
            return (
              <tr
                key={row.agency}
                data-overview-row
                data-testid={hidden ? undefined : 'overview-agency'}
                data-agency={row.agency}
                data-active={row.open + row.blocked}
                data-blocked={row.blocked}
                data-overdue={overdue}
                data-left-work={left}
                aria-hidden={hidden || undefined}
                className={cx('border-t border-(--wall-line)', hidden && 'invisible')}
              >
                {/* A gap after the two text columns: a name cut short does not run into the status after it. */}
                <td className={cx('truncate pr-[0.6rem] font-bold', d.row)}>
                  <span aria-hidden className="mr-[0.35rem] inline-block size-[0.7rem] rounded-sm" style={{ backgroundColor: agencies.color(row.agency) }} />
                  {/* Nine cards on a bilingual wall: the English caption is the agency's code ("消防救援 FIRE",
                      as the wall's timeline and columns write it) rather than a name cut after a few letters. */}
                  {density === 'sm' && bilingual ? (
                    <>
                      <span lang="zh-CN">
                        <AgencyName code={row.agency} />
                      </span>{' '}
                      <span lang="en" className="wall-en">
                        {agencies.short(row.agency)}
                      </span>
                    </>
                  ) : (
                    <Bi>
                      <AgencyName code={row.agency} />
                    </Bi>
                  )}
                </td>
                <td className={cx('truncate pr-[0.6rem]', d.row)}>
                  <span
                    data-testid={left > 0 && !hidden ? 'overview-left-work' : undefined}
                    className={cx(left > 0 && 'rounded bg-amber-400 px-[0.35rem] font-bold text-black')}
                  >
                    <Bi>
                      <AgencyStatusWord status={row.status} />
                    </Bi>
                  </span>
                </td>
                <td className={cx('text-right font-bold tabular-nums', d.row)}>{row.open + row.blocked}</td>
                <td className={cx('text-right tabular-nums', d.row)}>
                  <Flag n={row.blocked} tone="red" icon={<BlockedIcon />} />
                </td>
                <td className={cx('text-right tabular-nums', d.row)}>
                  <Flag n={overdue} tone="amber" icon={<ClockIcon />} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p
        data-overview-more
        data-testid={cut ? 'overview-more' : undefined}
        data-count={incident.byAgency.length - fit}
        className={cx('absolute inset-x-[0.7rem] bottom-[0.5rem] bg-(--wall-panel) font-bold text-(--wall-muted)', d.head, !cut && 'invisible')}
      >
        <Bi>
          <WallText
            k={hiddenUrgent > 0 ? 'overview.moreUrgent' : 'overview.more'}
            values={{ count: Math.max(1, incident.byAgency.length - fit), urgent: hiddenUrgent }}
          />
        </Bi>
      </p>
    </Link>
  );
}

/** A count that stands out, with its shape, when it is not zero. */
function Flag({ n, tone, icon }: { n: number; tone: 'red' | 'amber'; icon: ReactNode }) {
  if (n === 0) return <span className="font-bold">0</span>;
  return (
    <span className={cx('inline-flex items-center gap-[0.25rem] rounded px-[0.35rem] font-black', tone === 'red' ? 'bg-red-700 text-white' : 'bg-amber-400 text-black')}>
      {icon}
      {n}
    </span>
  );
}
