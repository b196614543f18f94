'use client';

import { useTranslations } from 'next-intl';
import { listedCounts, type IncidentSummary } from '@/lib/domain/incident/summary';
import { cx } from '@/components/ui/cx';

/** "5 active · 1 blocked · 3/8 done", as the board's lanes count them (listedCounts). */
export function TaskCounts({ tasks }: { tasks: IncidentSummary['tasks'] }) {
  const t = useTranslations('incidents.taskCounts');
  const { active, blocked, done, of } = listedCounts(tasks);
  return (
    <span className="flex flex-col text-xs leading-tight tabular-nums" data-testid="task-counts">
      <span>
        {t('open', { count: active })}
        {' · '}
        <span className={cx(blocked > 0 && 'font-bold text-red-700')}>{t('blocked', { count: blocked })}</span>
      </span>
      <span className="text-slate-600">{t('done', { done, total: of })}</span>
    </span>
  );
}
