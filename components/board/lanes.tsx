'use client';

import { agencyOf } from '@/lib/domain/actor';
import { useBoard } from './board-context';
import { AgencyLane } from './agency-lane';
import { laneOrder } from './lane-order';

/** One lane per agency; the lanes scroll sideways inside the board, never the page. */
export function Lanes() {
  const { state, principal } = useBoard();
  const lanes = laneOrder(state, agencyOf(principal));
  return (
    <div className="flex min-w-0 flex-1 gap-3 overflow-x-auto overflow-y-hidden bg-slate-200 p-3" data-testid="lanes">
      {lanes.map((code) => (
        <AgencyLane key={code} code={code} participating={state.agencies.includes(code)} />
      ))}
    </div>
  );
}
