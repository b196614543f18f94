'use client';

import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { agencyOf } from '@/lib/domain/actor';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { Button } from '@/components/ui/button';
import { AgencyStatusControl } from './agency-status-control';
import { useBoard } from './board-context';
import { probe } from './probes';
import { TaskCard } from './task-card';
import { TaskFormDialog } from './task-form-dialog';
import { splitTasks } from './task-sort';

export function AgencyLane({ code, participating }: { code: string; participating: boolean }) {
  const t = useTranslations('board.lane');
  const { state, can, principal } = useBoard();
  const agencies = useAgencyDirectory();
  const [creating, setCreating] = useState(false);
  const { active, finished } = useMemo(
    () => splitTasks(Object.values(state.tasks).filter((task) => task.agency === code)),
    [state.tasks, code],
  );
  const blocked = active.filter((task) => task.status === 'blocked').length;
  const canCreate = participating && can(probe.createTask(code));

  return (
    <section
      data-testid="agency-lane"
      data-agency={code}
      aria-label={agencies.name(code)}
      className="flex max-w-[360px] min-w-[264px] flex-1 basis-0 flex-col overflow-hidden rounded-md border border-slate-300 bg-slate-50"
    >
      <header className="shrink-0 border-t-[6px] bg-white px-3 pt-2 pb-2 shadow-sm" style={{ borderTopColor: agencies.color(code) }}>
        <div className="flex items-center gap-2">
          <h2 className="min-w-0 truncate text-base font-bold">{agencies.name(code)}</h2>
          <span className="rounded bg-slate-100 px-1 text-xs font-semibold text-slate-600">{agencies.short(code)}</span>
          {agencyOf(principal) === code && <span className="text-xs font-semibold text-blue-800">{t('yours')}</span>}
        </div>
        <div className="mt-1.5 flex items-center gap-2">
          {participating ? <AgencyStatusControl agency={code} /> : <span className="text-xs text-slate-600">{t('left')}</span>}
          <span className="ml-auto text-xs text-slate-700 tabular-nums">
            {t('active', { count: active.length })}
            {blocked > 0 && <span className="ml-1 font-bold text-red-700">{t('blocked', { count: blocked })}</span>}
          </span>
        </div>
        {canCreate && (
          <Button size="xs" data-testid="new-task-button" className="mt-1.5 w-full border-dashed" onClick={() => setCreating(true)}>
            {t('newTask')}
          </Button>
        )}
      </header>
      <div className="min-h-0 flex-1 space-y-2 overflow-y-auto p-2">
        {active.length === 0 && <p className="px-1 py-2 text-xs text-slate-600">{t('noActive')}</p>}
        {active.map((task) => (
          <TaskCard key={task.id} task={task} />
        ))}
        {finished.length > 0 && (
          <details className="rounded border border-slate-300 bg-white/60">
            <summary className="cursor-pointer px-2 py-1 text-xs font-semibold text-slate-700">{t('finished', { count: finished.length })}</summary>
            <div className="space-y-2 p-2">
              {finished.map((task) => (
                <TaskCard key={task.id} task={task} />
              ))}
            </div>
          </details>
        )}
      </div>
      {creating && <TaskFormDialog agency={code} onClose={() => setCreating(false)} />}
    </section>
  );
}
