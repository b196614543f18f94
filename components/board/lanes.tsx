'use client';

import { useTranslations } from 'next-intl';
import { agencyOf } from '@/lib/domain/actor';
import { useBoard } from './board-context';
import { AgencyLane } from './agency-lane';
import { laneOrder } from './lane-order';

/**
 * One lane per agency, own agency first, in a grid that wraps to the width
 * and scrolls vertically: the page never scrolls sideways (1366×768, tablets).
 * The scrolling region takes focus itself, so it scrolls from the keyboard even
 * when its cards hold no buttons (an observer, the read-only replay).
 */
export function Lanes() {
  const t = useTranslations('board');
  const { state, principal } = useBoard();
  const lanes = laneOrder(state, agencyOf(principal));
  return (
    <div
      role="region"
      aria-label={t('lanes')}
      tabIndex={0}
      className="min-h-0 min-w-0 flex-1 overflow-y-auto bg-slate-200 p-2 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600 sm:p-3"
      data-testid="lanes"
    >
      <div className="grid grid-cols-[repeat(auto-fill,minmax(min(100%,15rem),1fr))] items-start gap-2 sm:gap-3">
        {lanes.map((code) => (
          <AgencyLane key={code} code={code} participating={state.agencies.includes(code)} />
        ))}
      </div>
    </div>
  );
}
