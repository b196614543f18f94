'use client';

import { useTranslations } from 'next-intl';
import { useLayoutEffect, useRef, useState } from 'react';
import { agencyOf } from '@/lib/domain/actor';
import { useBoard } from './board-context';
import { AgencyLane } from './agency-lane';
import { laneOrder } from './lane-order';

/**
 * One lane per agency, own agency first, in a grid that wraps to the width
 * and scrolls vertically: the page never scrolls sideways (1366×768, tablets).
 * The scrolling region takes focus itself, so it scrolls from the keyboard even
 * when its cards hold no buttons (an observer, the read-only replay).
 * Where every lane fits in one row (a wide screen: a 4K monitor at 100 %; an incident of few
 * agencies), the lanes share the region's whole width (auto-fit) and take its whole height
 * instead of their usual cap, which leaves room for a second row. The person's own lane is capped
 * by the region's visible height instead (`--lanes-view`), so on a 1080p screen their few tasks
 * show whole, not inside a lane that scrolls while the region has room below it; taller than the
 * others' cap, it spans two rows (`data-own-tall`), so the second row starts beside it, under the
 * first row's others, not below the whole of it (shorter, it would leave its column's second cell empty).
 */
export function Lanes() {
  const t = useTranslations('board');
  const { state, principal } = useBoard();
  const lanes = laneOrder(state, agencyOf(principal));
  const region = useRef<HTMLDivElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  const oneRow = useOneRow(grid, lanes.length);
  const ownTall = useOwnLaneTall(grid, lanes.length);
  useViewHeight(region);
  return (
    <div
      ref={region}
      role="region"
      aria-label={t('lanes')}
      tabIndex={0}
      className="min-h-0 min-w-0 flex-1 overflow-y-auto bg-slate-200 p-2 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600 sm:p-3"
      data-testid="lanes"
    >
      <div
        ref={grid}
        data-one-row={oneRow || undefined}
        data-own-tall={(ownTall && !oneRow) || undefined}
        className="group/lanes grid grid-cols-[repeat(auto-fit,minmax(min(100%,15rem),1fr))] items-start gap-2 data-one-row:h-full data-one-row:items-stretch sm:gap-3"
      >
        {lanes.map((code) => (
          <AgencyLane key={code} code={code} participating={state.agencies.includes(code)} />
        ))}
      </div>
    </div>
  );
}

/** The others' cap (agency-lane.tsx), in rem. */
const LANE_CAP_REM = 34;

/** Whether the person's own lane (`data-mine`) is taller than the others' cap, kept as it resizes. */
function useOwnLaneTall(ref: React.RefObject<HTMLDivElement | null>, count: number): boolean {
  const [tall, setTall] = useState(false);
  useLayoutEffect(() => {
    const own = ref.current?.querySelector<HTMLElement>(':scope > [data-mine]');
    if (!own) return setTall(false);
    return whileResized(own, () => setTall(own.offsetHeight > LANE_CAP_REM * parseFloat(getComputedStyle(document.documentElement).fontSize || '16') + 1));
  }, [ref, count]);
  return tall;
}

/** The element's visible height (padding included) as `--lanes-view` on it, kept as it resizes. */
function useViewHeight(ref: React.RefObject<HTMLDivElement | null>): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    return whileResized(el, () => el.style.setProperty('--lanes-view', `${el.clientHeight}px`));
  }, [ref]);
}

/**
 * Whether the grid's `count` children all sit in its first row: checked before the first paint
 * (no frame of capped lanes first), again when their number changes (an agency added or taken
 * out: a stretched grid's size does not change with them) and as the grid's width changes.
 */
function useOneRow(ref: React.RefObject<HTMLDivElement | null>, count: number): boolean {
  const [oneRow, setOneRow] = useState(false);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    return whileResized(el, () => {
      const first = el.firstElementChild as HTMLElement | null;
      const last = el.lastElementChild as HTMLElement | null;
      setOneRow(!!first && !!last && first.offsetTop === last.offsetTop);
    });
  }, [ref, count]);
  return oneRow;
}

/** Runs `fn` now and each time `el` resizes (where ResizeObserver exists); returns the effect's cleanup. */
function whileResized(el: HTMLElement, fn: () => void): (() => void) | undefined {
  fn();
  if (typeof ResizeObserver === 'undefined') return undefined;
  const observer = new ResizeObserver(fn);
  observer.observe(el);
  return () => observer.disconnect();
}
