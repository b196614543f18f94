'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { leftWork, standDownAsks, unfinishedWork } from '@/lib/domain/incident/agency-work';
import { AGENCY_STATUSES, type AgencyStatus } from '@/lib/domain/incident/vocabulary';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { cx } from '@/components/ui/cx';
import { Menu } from '@/components/ui/menu';
import { useBoard } from './board-context';
import { PendingValue, useIncidentPending } from './outbox-items';
import { probe } from './probes';
import { StandDownDialog } from './stand-down-dialog';
import { laneTasks } from './task-sort';

const TONE: Record<AgencyStatus | 'none', string> = {
  none: 'border-slate-400 bg-white text-slate-600',
  notified: 'border-amber-600 bg-amber-50 text-amber-950',
  en_route: 'border-blue-700 bg-blue-50 text-blue-950',
  // White on emerald-600 was 3.65:1 (WCAG AA asks 4.5:1 for this 12 px text); on emerald-700 (#007a55), 5.4:1.
  on_scene: 'border-emerald-800 bg-emerald-700 text-white',
  standing_down: 'border-slate-500 bg-slate-200 text-slate-800',
};
/** Standing down with tasks still unfinished (SPEC AGS1): the wall's amber, not the grey of an agency done. */
const LEFT_WORK = 'border-amber-700 bg-amber-400 text-black';

/**
 * The agency's status in the incident; a menu to change it for its liaison or a commander (AUTH3).
 * A change still in the outbox is shown after it ("En route → Pending: On scene", SPEC SYNC4),
 * and the menu does not offer it again. Standing down while the agency still holds unfinished tasks
 * asks first (StandDownDialog, SPEC AGS1); any other choice applies at once.
 */
export function AgencyStatusControl({ agency }: { agency: string }) {
  const t = useTranslations('agencyStatus');
  const { state, can, run } = useBoard();
  const clock = useClockFormat();
  const current = state.agencyStatus[agency];
  const status = current?.status ?? 'none';
  // Standing down leaving tasks unfinished (SPEC AGS1): said in words as the wall says it, and amber.
  // Counted as the lane counts them (laneTasks: grouped once per change of the tasks, for every lane).
  const left = leftWork(current?.status, laneTasks(state.tasks, agency).active.length);
  const label = left > 0 ? t('standingDownLeft', { count: left }) : current ? t(current.status) : t('none');
  const since = current ? t('since', { time: clock.shortTime(current.at) }) : undefined;
  const pending = useIncidentPending().agencyStatus[agency];
  const [askStandDown, setAskStandDown] = useState(false);
  const chip = cx('h-6 shrink-0 rounded border px-1.5 text-xs font-semibold', left > 0 ? LEFT_WORK : TONE[status]);
  // Beside the chip, not in it: the lane's row wraps it (and the task count) in a narrow lane (15 rem).
  const pendingValue = pending && <PendingValue label={t(pending)} value={pending} testId="agency-status-pending" />;

  if (!can(probe.setAgencyStatus(agency, 'on_scene'))) {
    return (
      <>
        <span data-testid="agency-status" data-status={status} data-left-work={left} data-pending={pending} title={since} className={cx(chip, 'inline-flex items-center')}>
          {label}
        </span>
        {pendingValue}
      </>
    );
  }
  return (
    <>
      <Menu
        align="start"
        trigger={
          <button
            type="button"
            data-testid="agency-status"
            data-status={status}
            data-left-work={left}
            data-pending={pending}
            title={since}
            aria-label={pending ? t('changePending', { status: label, pending: t(pending) }) : t('change', { status: label })}
            className={cx(chip, 'inline-flex items-center gap-1 hover:brightness-95 focus-visible:outline-2 focus-visible:outline-blue-600')}
          >
            {label}
            <span aria-hidden>▾</span>
          </button>
        }
        // From the status it will have once what is pending is applied (the server takes them in order).
        items={AGENCY_STATUSES.filter((s) => s !== (pending ?? current?.status)).map((s) => ({
          key: s,
          label: t(s),
          testId: `agency-status-option-${s}`,
          onSelect: () => {
            // Counted as the person chooses, from the tasks the board shows now.
            if (standDownAsks(s, unfinishedWork(Object.values(state.tasks), agency))) return setAskStandDown(true);
            void run({ type: 'SetAgencyStatus', agency, status: s });
          },
        }))}
      />
      {pendingValue}
      {askStandDown && <StandDownDialog agency={agency} keep={t(pending ?? status)} onClose={() => setAskStandDown(false)} />}
    </>
  );
}
