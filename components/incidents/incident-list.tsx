'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { overviewOrder } from '@/lib/domain/incident/summary';
import { useReadAgainOnReconnect } from '@/lib/client/use-follow-agencies';
import { ApiError } from '@/lib/client/api/api-error';
import { useIncidents } from '@/lib/client/api/incidents';
import { queryKeys } from '@/lib/client/query-keys';
import { useListHint } from '@/lib/client/use-list-hint';
import { ErrorMessage } from '@/components/ui/error-message';
import { Spinner } from '@/components/ui/spinner';
import { useNow } from '@/components/ui/use-now';
import { IncidentSection } from './incident-section';
import { OpenIncidentButton } from './open-incident-button';

/** All incidents this person may read, open ones first (real before drills, the most severe first); refreshed whenever any incident changes. */
export function IncidentList() {
  const t = useTranslations('incidents');
  const tc = useTranslations('common');
  const qc = useQueryClient();
  const incidents = useIncidents({ refetchOnMount: 'always' });
  const now = useNow(30_000);
  // Read again a moment after an incident changed (coalesced, jittered: useListHint).
  useListHint(() => {
    void qc.invalidateQueries({ queryKey: queryKeys.incidents.list() });
  });
  // Hints are heard only while the list is on screen and the socket is up: back from a board
  // (read again as it mounts: useIncidents' `refetchOnMount`), or from a break (a restart, a
  // dropped network), it is read again at once (SPEC SYNC3, INC5), not shown as it was up to 30 s
  // old (a new incident missing, a closed one still active).
  useReadAgainOnReconnect(queryKeys.incidents.list());

  const all = [...(incidents.data ?? [])].sort((a, b) => b.openedAt - a.openedAt);
  // Real incidents before drills, the most severe first (as a wall's overview, SPEC INC5): a real
  // Level I incident is never below a drill day's drills.
  const open = overviewOrder(all.filter((i) => i.phase !== 'closed'));
  const closed = all.filter((i) => i.phase === 'closed');

  return (
    <div className="flex-1 overflow-y-auto">
      <div className="mx-auto max-w-[1800px] space-y-6 px-4 py-4">
        <div className="flex items-center gap-3">
          <h1 className="text-xl font-semibold">{t('title')}</h1>
          <OpenIncidentButton />
        </div>
        {incidents.isPending && <Spinner label={tc('loading')} />}
        {incidents.error && (
          <ErrorMessage error={incidents.error instanceof ApiError ? incidents.error : { code: 'NETWORK', message: String(incidents.error) }} reading />
        )}
        {incidents.data && (
          <>
            <IncidentSection title={t('openSection', { count: open.length })} incidents={open} now={now} empty={t('emptyOpen')} />
            <IncidentSection title={t('closedSection', { count: closed.length })} incidents={closed} now={now} empty={t('emptyClosed')} />
          </>
        )}
      </div>
    </div>
  );
}
