'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { agencyOf } from '@/lib/domain/actor';
import type { Task } from '@/lib/domain/incident/state';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { Button } from '@/components/ui/button';
import { AgencyStatusControl } from './agency-status-control';
import { cx } from '@/components/ui/cx';
import { useBoard } from './board-context';
import { useBoardUi } from './board-ui';
import { PendingTaskCards } from './outbox-items';
import { probe } from './probes';
import { TaskCard } from './task-card';
import { laneTasks } from './task-sort';

export function AgencyLane({ code, participating }: { code: string; participating: boolean }) {
  const t = useTranslations('board.lane');
  const tr = useTranslations('responder.lane');
  const { state, can, principal } = useBoard();
  const { matches, newTask } = useBoardUi();
  const agencies = useAgencyDirectory();
  const all = laneTasks(state.tasks, code);
  const hits = matches.tasks;
  const active = hits ? all.active.filter((task) => hits.has(task.id)) : all.active;
  // A lane's finished tasks are sorted only when read (laneTasks): their count is all a closed list shows.
  const finished = hits ? all.finished.filter((task) => hits.has(task.id)) : null;
  const finishedCount = finished ? finished.length : all.finishedCount;
  const blocked = all.active.filter((task) => task.status === 'blocked').length;
  const canCreate = participating && can(probe.createTask(code));
  const mine = agencyOf(principal) === code;
  const titleId = `lane-title-${code}`;

  return (
    <section
      data-testid="agency-lane"
      data-agency={code}
      data-board-lane={code}
      data-mine={mine || undefined}
      tabIndex={-1}
      aria-labelledby={titleId}
      className={cx(
        'flex min-w-0 flex-col overflow-hidden rounded-md border bg-slate-50 group-data-one-row/lanes:max-h-none',
        // Others' lanes are capped to leave room for a second row; one's own, at the lanes' visible height
        // less their padding, and when taller than the others' cap it spans two rows, so the second row
        // starts beside it (lanes.tsx: LANE_CAP_REM, data-own-tall).
        mine ? 'max-h-[max(34rem,calc(var(--lanes-view,0px)_-_1.5rem))] group-data-own-tall/lanes:row-span-2' : 'max-h-[34rem]',
        '[contain-intrinsic-block-size:auto_16rem] [content-visibility:auto]',
        'focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-600',
        // Taken to from elsewhere (the close dialog's "Show"): marked for a moment (focusLane).
        'data-flash:outline-3 data-flash:outline-offset-2 data-flash:outline-amber-500',
        mine ? 'border-blue-800 ring-2 ring-blue-700' : 'border-slate-300',
      )}
    >
      <header className={cx('shrink-0 border-t-[6px] px-3 pt-2 pb-2 shadow-sm', mine ? 'bg-blue-50' : 'bg-white')} style={{ borderTopColor: agencies.color(code) }}>
        <div className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
          <h2 id={titleId} className="min-w-0 text-base leading-tight font-bold break-words">{agencies.name(code)}</h2>
          <span className="rounded bg-slate-100 px-1 text-xs font-semibold text-slate-600">{agencies.short(code)}</span>
          {mine && <span data-testid="lane-mine" className="ml-auto shrink-0 rounded bg-blue-800 px-1.5 py-px text-xs font-bold whitespace-nowrap text-white">{t('yours')}</span>}
        </div>
        <div className="mt-1.5 flex flex-wrap items-center gap-x-2 gap-y-1">
          {participating ? <AgencyStatusControl agency={code} /> : <span className="text-xs text-slate-600">{t('left')}</span>}
          <span className="ml-auto text-xs text-slate-700 tabular-nums">
            {hits && <span className="mr-1 font-bold text-slate-900">{tr('matches', { count: active.length + finishedCount })} ·</span>}
            {t('active', { count: all.active.length })}
            {blocked > 0 && <span className="ml-1 font-bold text-red-700">{t('blocked', { count: blocked })}</span>}
          </span>
        </div>
        {canCreate && (
          <Button size="xs" data-testid="new-task-button" className="mt-1.5 w-full border-dashed" onClick={() => newTask(code)}>
            {t('newTask')}
          </Button>
        )}
      </header>
      <div className="min-h-0 flex-1 space-y-2 overflow-y-auto p-2">
        <PendingTaskCards agency={code} />
        {/* Searching, with matches only among the finished (shown below): none of the unfinished, not none at all. */}
        {active.length === 0 && (
          <p data-testid="lane-empty" className="px-1 py-2 text-xs text-slate-600">
            {hits ? tr(finishedCount > 0 ? 'noActiveMatches' : 'noMatches') : t('noActive')}
          </p>
        )}
        {active.map((task) => (
          <TaskCard key={task.id} task={task} />
        ))}
        {finishedCount > 0 && (
          <FinishedTasks key={hits ? 'search' : 'all'} count={finishedCount} searching={!!hits} tasks={() => finished ?? all.finished} />
        )}
      </div>
    </section>
  );
}

/**
 * A lane's done and cancelled tasks: a closed list showing their count, whose cards are rendered
 * only once it is opened (or a search matched some: open then). A long incident's lanes hold
 * thousands of finished tasks: rendered closed, each with its menu, they were most of the live
 * board's elements and of its first render (docs/performance.md).
 */
function FinishedTasks({ count, searching, tasks }: {
  count: number;
  searching: boolean;
  /** Read only once the list is open: a lane's finished tasks are sorted on reading (laneTasks). */
  tasks: () => readonly Task[];
}) {
  const t = useTranslations('board.lane');
  const [open, setOpen] = useState(searching);
  return (
    <details open={searching} onToggle={(e) => setOpen(e.currentTarget.open)} className="rounded border border-slate-300 bg-white/60">
      <summary className="cursor-pointer px-2 py-1 text-xs font-semibold text-slate-700 focus-visible:outline-2 focus-visible:outline-blue-600">{t('finished', { count })}</summary>
      {open && (
        <div className="space-y-2 p-2">
          {tasks().map((task) => (
            <TaskCard key={task.id} task={task} />
          ))}
        </div>
      )}
    </details>
  );
}
