'use client';

import { useTranslations } from 'next-intl';
import { ConnectionState } from '@/components/shell/connection-state';
import { useNow } from '@/components/ui/use-now';
import { useDisplayInfo } from './display-context';
import { DisplayIncidentCard } from './display-incident-card';

/** An all-active screen: every incident that is not closed, newest first, each a way into its board. */
export function DisplayIncidentList() {
  const t = useTranslations('display');
  const { incidents } = useDisplayInfo();
  const now = useNow(15_000);
  return (
    <div className="flex-1 overflow-y-auto bg-slate-100">
      <div className="mx-auto max-w-[2400px] space-y-4 px-6 py-5">
        <div className="flex items-center gap-3">
          <h1 className="text-2xl font-bold">{t('allActiveCount', { count: incidents.length })}</h1>
          <ConnectionState tone="light" />
        </div>
        {incidents.length === 0 ? (
          <p className="rounded-md border border-slate-300 bg-white px-6 py-10 text-center text-xl text-slate-600" data-testid="display-empty">
            {t('empty')}
          </p>
        ) : (
          <ul className="grid grid-cols-1 gap-4 lg:grid-cols-2 2xl:grid-cols-3" data-testid="display-incidents">
            {incidents.map((incident) => (
              <li key={incident.id}>
                <DisplayIncidentCard incident={incident} now={now} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
