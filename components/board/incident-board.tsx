'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useIncident } from '@/lib/client/use-incident';
import type { Principal } from '@/lib/domain/actor';
import { isTransient, type DomainError } from '@/lib/domain/errors';
import { canReadIncident } from '@/lib/domain/permissions';
import type { IncidentEvent } from '@/lib/domain/incident/events';
import type { IncidentState } from '@/lib/domain/incident/state';
import { useActor } from '@/components/shell/account-context';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { ErrorMessage } from '@/components/ui/error-message';
import { Spinner } from '@/components/ui/spinner';
import { AlertStrip } from './alert-strip';
import { BoardProvider } from './board-context';
import { BoardHeader } from './board-header';
import { BoardPanes } from './board-panes';
import { BoardToolbar } from './board-toolbar';
import { BoardUiProvider } from './board-ui';
import { Lanes } from './lanes';
import { BoardSide } from './board-side';
import { OutboxDecisions, OutboxDecisionsWithoutBoard } from './outbox-decisions';
import { ShortcutHelpDialog } from './shortcut-help-dialog';
import { StatusBanner } from './status-banner';
import { TaskFormDialog } from './task-form-dialog';
import { TaskMenuDialog } from './task-menu';
import { useBoardUiValue } from './use-board-ui-value';
import { useBoardValue } from './use-board-value';
import { useNewWorkNotices } from './use-new-work-notices';

/** The signed-in person's board of one incident. */
export function IncidentBoard({ incidentId }: { incidentId: string }) {
  const actor = useActor();
  return <IncidentBoardView incidentId={incidentId} principal={actor} backHref="/incidents" keepFor={actor.userId} />;
}

interface ViewProps {
  incidentId: string;
  /** Who looks: controls they may not use are not rendered (authorize()); a wall screen gets none. */
  principal: Principal;
  /** Where "back to incidents" leads while the board cannot load; null for none. */
  backHref: string | null;
  /** The signed-in account whose device keeps the incident for a load while offline (SPEC SYNC12). */
  keepFor?: string;
}

/** The incident board: lanes per agency, messages and the live timeline beside them. */
export function IncidentBoardView({ incidentId, principal, backHref, keepFor }: ViewProps) {
  const t = useTranslations();
  const { state, events, headSeq, appliedSeq, loading, error, heardAt } = useIncident(incidentId, keepFor);
  const agencies = useAgencyDirectory();
  // The person's agency was taken out of the incident (SPEC AUTH5, INC4): the event that did it is
  // the last their socket gets, so no refusal comes; without this the board stayed, looking live.
  const takenOut = state !== null && !canReadIncident(principal, state);

  if (!state || takenOut) {
    // A long incident's log comes a page at a time; the board shows once it has all of it (SPEC SYNC5).
    const label = headSeq > 0 ? t('board.loadingProgress', { applied: appliedSeq, head: headSeq }) : t('board.loading');
    return (
      <>
        <div className="mx-auto mt-12 w-full max-w-lg space-y-3 px-4">
          {takenOut ? (
            <ErrorMessage error={{ code: 'FORBIDDEN', message: '' }} text={t('board.takenOut', { agency: 'agency' in principal && principal.agency ? agencies.name(principal.agency) : '' })} />
          ) : error ? (
            <ErrorMessage error={error} reading />
          ) : (
            loading && <Spinner label={label} />
          )}
          {backHref && (
            <Link href={backHref} className="text-sm text-blue-800 underline">
              {t('board.backToList')}
            </Link>
          )}
        </div>
        {/* Refused (not a connection's trouble, where the board still comes and offers "apply mine anyway"). */}
        {((error && !isTransient(error.code)) || takenOut) && (
          <div className="mx-auto mt-6 w-full max-w-5xl px-4">
            <OutboxDecisionsWithoutBoard incidentId={incidentId} />
          </div>
        )}
      </>
    );
  }
  return <LoadedBoard state={state} events={events} principal={principal} headSeq={headSeq} error={error} heardAt={heardAt} />;
}

interface LoadedProps {
  state: IncidentState;
  events: IncidentEvent[];
  principal: Principal;
  headSeq: number;
  /** Why the feed could not read what is new, while the board keeps what it shows (SPEC SYNC3). */
  error: DomainError | null;
  /** When the feed last showed the server's head. */
  heardAt: number | null;
}

function LoadedBoard({ state, events, principal, headSeq, error, heardAt }: LoadedProps) {
  const board = useBoardValue(state, events, principal);
  const { ui, creating, closeCreating, taskDialog, closeTaskDialog, helpOpen, closeHelp } = useBoardUiValue(board);
  useNewWorkNotices(state, events, principal, headSeq);
  return (
    <BoardProvider value={board}>
      <BoardUiProvider value={ui}>
        <div data-testid="incident-board" data-incident-id={state.id} data-phase={state.phase} data-layout={ui.wide ? 'wide' : 'tabs'} className="flex min-h-0 min-w-0 flex-1 flex-col">
          <BoardHeader />
          <StatusBanner error={error} heardAt={heardAt} />
          <OutboxDecisions />
          <AlertStrip />
          {ui.interactive && <BoardToolbar />}
          {ui.wide ? (
            <div className="flex min-h-0 flex-1">
              <Lanes />
              <aside className="flex w-[340px] shrink-0 flex-col border-l border-slate-300 bg-white 2xl:w-[440px]">
                <BoardSide />
              </aside>
            </div>
          ) : (
            <BoardPanes />
          )}
        </div>
        {creating && <TaskFormDialog agency={creating} onClose={closeCreating} />}
        {taskDialog && <TaskMenuDialog key={`${taskDialog.taskId}:${taskDialog.dialog.kind}`} taskId={taskDialog.taskId} dialog={taskDialog.dialog} onClose={closeTaskDialog} />}
        {ui.interactive && <ShortcutHelpDialog open={helpOpen} onClose={closeHelp} />}
      </BoardUiProvider>
    </BoardProvider>
  );
}
