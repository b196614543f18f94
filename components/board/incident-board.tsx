'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useIncident } from '@/lib/client/use-incident';
import type { Principal } from '@/lib/domain/actor';
import type { IncidentEvent } from '@/lib/domain/incident/events';
import type { IncidentState } from '@/lib/domain/incident/state';
import { useActor } from '@/components/shell/account-context';
import { ErrorMessage } from '@/components/ui/error-message';
import { Spinner } from '@/components/ui/spinner';
import { Timeline } from '@/components/timeline/timeline';
import { AlertStrip } from './alert-strip';
import { BoardProvider } from './board-context';
import { BoardHeader } from './board-header';
import { Lanes } from './lanes';
import { MessagesPanel } from './messages-panel';
import { StatusBanner } from './status-banner';
import { useBoardValue } from './use-board-value';

/** The signed-in person's board of one incident. */
export function IncidentBoard({ incidentId }: { incidentId: string }) {
  const actor = useActor();
  return <IncidentBoardView incidentId={incidentId} principal={actor} backHref="/incidents" />;
}

interface ViewProps {
  incidentId: string;
  /** Who looks: controls they may not use are not rendered (authorize()); a wall screen gets none. */
  principal: Principal;
  /** Where "back to incidents" leads while the board cannot load; null for none. */
  backHref: string | null;
}

/** The incident board: lanes per agency, messages and the live timeline beside them. */
export function IncidentBoardView({ incidentId, principal, backHref }: ViewProps) {
  const t = useTranslations();
  const { state, events, loading, error } = useIncident(incidentId);

  if (!state) {
    return (
      <div className="mx-auto mt-12 w-full max-w-lg space-y-3 px-4">
        {error ? <ErrorMessage error={error} /> : loading && <Spinner label={t('board.loading')} />}
        {backHref && (
          <Link href={backHref} className="text-sm text-blue-800 underline">
            {t('board.backToList')}
          </Link>
        )}
      </div>
    );
  }
  return <LoadedBoard state={state} events={events} principal={principal} />;
}

function LoadedBoard({ state, events, principal }: { state: IncidentState; events: IncidentEvent[]; principal: Principal }) {
  const board = useBoardValue(state, events, principal);
  return (
    <BoardProvider value={board}>
      <div data-testid="incident-board" data-incident-id={state.id} data-phase={state.phase} className="flex min-h-0 flex-1 flex-col">
        <BoardHeader />
        <StatusBanner />
        <AlertStrip />
        <div className="flex min-h-0 flex-1">
          <Lanes />
          <aside className="flex w-[360px] shrink-0 flex-col border-l border-slate-300 bg-white 2xl:w-[440px]">
            <MessagesPanel />
            <Timeline />
          </aside>
        </div>
      </div>
    </BoardProvider>
  );
}
