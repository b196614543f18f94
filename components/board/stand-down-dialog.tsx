'use client';

import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { FormDialog } from '@/components/ui/form-dialog';
import { unfinishedWork } from '@/lib/domain/incident/agency-work';
import { useBoard } from './board-context';
import { useCommandForm } from './use-command-form';

interface Props {
  agency: string;
  /** The status the agency keeps if the person thinks again (the pending one when a change waits in the outbox). */
  keep: string;
  onClose: () => void;
}

/**
 * Asks before an agency stands down while it still holds unfinished tasks (SPEC AGS1): how many,
 * how many of them blocked, and that they are better handed over (reassigned) or finished or
 * cancelled first. It does not stop it: standing down is the agency's call, made deliberately.
 * The safe answer (keep the status) has the focus as it opens; the counts are its description,
 * read out with its title.
 */
export function StandDownDialog({ agency, keep, onClose }: Props) {
  const t = useTranslations('board.standDown');
  const { state } = useBoard();
  const agencies = useAgencyDirectory();
  const form = useCommandForm(state.version);
  // Live: a task finished or handed over meanwhile (by this agency's people elsewhere) counts down here.
  const work = useMemo(() => unfinishedWork(Object.values(state.tasks), agency), [state.tasks, agency]);
  const name = agencies.name(agency);
  const submit = async () => {
    if (await form.submit(() => ({ type: 'SetAgencyStatus', agency, status: 'standing_down' }))) onClose();
  };
  return (
    <FormDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('title')}
      description={
        <span data-testid="stand-down-unfinished" data-active={work.active} data-blocked={work.blocked}>
          {work.blocked > 0 ? t('unfinishedBlocked', { agency: name, active: work.active, blocked: work.blocked }) : t('unfinished', { agency: name, active: work.active })}
        </span>
      }
      submitLabel={t('submit')}
      cancelLabel={t('keep', { status: keep })}
      onSubmit={() => void submit()}
      busy={form.busy}
      error={form.error}
      tone="danger"
      size="sm"
    >
      <p className="rounded border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950">{t('hint')}</p>
    </FormDialog>
  );
}
