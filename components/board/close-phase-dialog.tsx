'use client';

import { useTranslations } from 'next-intl';
import { useMemo, useRef } from 'react';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { FormDialog } from '@/components/ui/form-dialog';
import { unfinishedWork, type UnfinishedWork } from '@/lib/domain/incident/agency-work';
import { isActiveTask, type IncidentState } from '@/lib/domain/incident/state';
import { useBoard } from './board-context';
import { focusLane } from './board-focus';
import { useBoardUi } from './board-ui';
import { useIncidentPending } from './outbox-items';
import { useCommandForm } from './use-command-form';

/** Per agency, its tasks still open, acknowledged, in progress or blocked (and how many of them blocked), in the incident's agency order. */
function unfinishedByAgency(state: Pick<IncidentState, 'tasks' | 'agencies'>): Array<{ agency: string } & UnfinishedWork> {
  const tasks = Object.values(state.tasks);
  const holding = [...new Set(tasks.filter(isActiveTask).map((t) => t.agency))];
  const order = [...state.agencies, ...holding.filter((a) => !state.agencies.includes(a))];
  return order.flatMap((agency) => {
    const work = unfinishedWork(tasks, agency);
    return work.active > 0 ? [{ agency, ...work }] : [];
  });
}

/**
 * Closing is final (SPEC INC2): the dialog says what is still unfinished, agency by agency, so a
 * commander does not close over work that is still going on without seeing it, and takes them to
 * an agency's lane to see it (closing nothing). Those tasks stay as they are in the record (its
 * metrics count them as not finished).
 */
export function ClosePhaseDialog({ onClose }: { onClose: () => void }) {
  const t = useTranslations('board.closeDialog');
  const { state } = useBoard();
  const agencies = useAgencyDirectory();
  const form = useCommandForm(state.version);
  // A close already waits in the outbox (queued from another tab meanwhile): a second would only be refused.
  const closePending = useIncidentPending().phase === 'closed';
  const unfinished = useMemo(() => unfinishedByAgency(state), [state]);
  const total = unfinished.reduce((s, u) => s + u.active, 0);
  const ui = useBoardUi();
  // The lane the commander chose to go to: it takes the focus as the dialog goes (not the phase menu).
  const goingTo = useRef<string | null>(null);
  const showLane = (agency: string) => {
    goingTo.current = agency;
    ui.showPane('tasks'); // on a narrow screen, the lanes' tab
    onClose();
  };
  const submit = async () => {
    if (closePending) return onClose();
    if (await form.submit((expectedVersion) => ({ type: 'ChangePhase', expectedVersion, phase: 'closed' }))) onClose();
  };
  return (
    <FormDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('title')}
      submitLabel={t('submit')}
      onSubmit={() => void submit()}
      busy={form.busy}
      error={form.error}
      tone="danger"
      size="sm"
      closeFocus={() => goingTo.current !== null && focusLane(goingTo.current)}
    >
      <p className="text-sm">{t('body', { title: state.title })}</p>
      {total > 0 && (
        <div data-testid="close-unfinished" className="mt-3 rounded border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          <p className="font-semibold">{t('unfinished', { count: total })}</p>
          <ul className="mt-1 space-y-0.5">
            {unfinished.map((u) => (
              <li key={u.agency} data-agency={u.agency} className="flex items-baseline gap-3">
                <span className="min-w-0 break-words">{agencies.name(u.agency)}</span>
                <span className="ml-auto tabular-nums whitespace-nowrap">{u.blocked > 0 ? t('activeBlocked', { active: u.active, blocked: u.blocked }) : t('active', { active: u.active })}</span>
                <button
                  type="button"
                  data-testid="close-show-lane"
                  aria-label={t('showLaneOf', { agency: agencies.name(u.agency) })}
                  onClick={() => showLane(u.agency)}
                  className="shrink-0 rounded text-xs font-semibold text-blue-800 underline focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600"
                >
                  {t('showLane')}
                </button>
              </li>
            ))}
          </ul>
          <p className="mt-1 text-xs">{t('unfinishedStay')}</p>
        </div>
      )}
    </FormDialog>
  );
}
