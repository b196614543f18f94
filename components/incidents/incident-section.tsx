'use client';

import { useTranslations } from 'next-intl';
import type { IncidentSummary } from '@/lib/domain/incident/summary';
import { IncidentRow, ROW_GRID } from './incident-row';
import { cx } from '@/components/ui/cx';

interface Props {
  title: string;
  incidents: IncidentSummary[];
  now: number;
  empty: string;
}

export function IncidentSection({ title, incidents, now, empty }: Props) {
  const t = useTranslations('incidents.columns');
  return (
    <section aria-label={title}>
      <h2 className="mb-2 text-sm font-semibold tracking-wide text-slate-700 uppercase">{title}</h2>
      <div className="overflow-x-auto rounded-md border border-slate-300 bg-white">
        <div className="min-w-[1100px]">
          {/* Each row names its columns to a screen reader (IncidentRow): this row is for the eye. */}
          <div aria-hidden className={cx(ROW_GRID, 'border-b border-slate-300 bg-slate-50 py-2 text-xs font-semibold text-slate-600')}>
            <span>{t('kind')}</span>
            <span>{t('title')}</span>
            <span>{t('scenario')}</span>
            <span>{t('severity')}</span>
            <span>{t('phase')}</span>
            <span>{t('agencies')}</span>
            <span>{t('tasks')}</span>
            <span>{t('opened')}</span>
          </div>
          {incidents.length === 0 ? (
            <p className="px-4 py-6 text-sm text-slate-600">{empty}</p>
          ) : (
            <ul>
              {incidents.map((incident) => (
                <li key={incident.id} className="border-b border-slate-200 last:border-b-0">
                  <IncidentRow incident={incident} now={now} />
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
