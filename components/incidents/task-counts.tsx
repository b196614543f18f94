'use client';

import { useTranslations } from 'next-intl';
import type { IncidentSummary } from '@/lib/domain/incident/summary';
import { cx } from '@/components/ui/cx';

/** "4 open · 1 blocked · 3/8 done" */
export function TaskCounts({ tasks }: { tasks: IncidentSummary['tasks'] }) {
  const t = useTranslations('incidents.taskCounts');
  return (
    <span className="flex flex-col text-xs leading-tight tabular-nums">
      <span>
        {t('open', { count: tasks.open })}
        {' · '}
        <span className={cx(tasks.blocked > 0 && 'font-bold text-red-700')}>{t('blocked', { count: tasks.blocked })}</span>
      </span>
      <span className="text-slate-600">{t('done', { done: tasks.done, total: tasks.total })}</span>
    </span>
  );
}
