'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useChangedMeanwhileText } from '@/components/ui/changed-meanwhile';
import { useState } from 'react';
import type { DomainError } from '@/lib/domain/errors';
import { isActiveTask } from '@/lib/domain/incident/state';
import { LIMITS } from '@/lib/domain/limits';
import { AgencyCheckboxes } from '@/components/incidents/agency-checkboxes';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, FieldSet } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
import { TextArea, TextInput } from '@/components/ui/inputs';
import { useBoard } from './board-context';
import { applyToggles, buildIncidentPatch, fieldsOf, rebase, removedAgencies, type IncidentField, type IncidentPatch } from './incident-edit';
import { useCommandForm, useTakeIn } from './use-command-form';

/** The agencies a refusal names as still having active tasks (SPEC INC4). */
function busyIn(error: DomainError): string[] {
  const busy = error.details?.busy;
  return Array.isArray(busy) ? busy.filter((a): a is string => typeof a === 'string') : [];
}

/**
 * Title, description, location and participating agencies. Sends only what the person changed
 * relative to the values the dialog started from (agencies: the live list with their ticks and
 * unticks), so a change someone else made meanwhile is never undone (SPEC CONC1). After a
 * CONFLICT every field the person did not touch takes the incident's value now, and the dialog
 * says what changed. Taking an agency out asks first: its people lose the incident at once.
 */
export function EditIncidentDialog({ onClose }: { onClose: () => void }) {
  const t = useTranslations('board.editIncident');
  const changedText = useChangedMeanwhileText();
  const format = useFormatter();
  const directory = useAgencyDirectory();
  const { state } = useBoard();
  const form = useCommandForm(state.version);
  const live = fieldsOf(state);
  // Where the dialog started (or, after a CONFLICT, the incident it was brought up to date with).
  const [base, setBase] = useState(() => fieldsOf(state));
  const [draft, setDraft] = useState(base);
  const [changedMeanwhile, setChangedMeanwhile] = useState<IncidentField[]>([]);
  // Agencies that got active tasks since the person unticked them: ticked again, and said so.
  const [stillBusy, setStillBusy] = useState<string[]>([]);
  const [confirming, setConfirming] = useState<{ patch: IncidentPatch; removed: string[] } | null>(null);
  const [submitted, setSubmitted] = useState(false);
  // An agency with active tasks cannot leave the incident (INC4).
  const busyAgencies = new Set(Object.values(state.tasks).filter(isActiveTask).map((task) => task.agency));

  const error = form.error;
  const { catchingUp, taken } = useTakeIn(error, state.version, (refusal) => {
    if (refusal.code === 'CONFLICT') {
      const next = rebase(base, draft, live);
      setBase(next.base);
      setDraft(next.draft);
      setChangedMeanwhile(next.changed);
    } else if (refusal.code === 'INVALID_TRANSITION') {
      const busy = busyIn(refusal).filter((a) => live.agencies.includes(a));
      if (busy.length) tickAgain(busy);
    }
  });

  /** Agencies that cannot leave now (active tasks): ticked again, and said why. */
  function tickAgain(busy: string[]) {
    setDraft((d) => ({ ...d, agencies: applyToggles(d.agencies, { added: busy, removed: [] }) }));
    setStillBusy(busy);
  }

  // A conflict taken in says what changed meanwhile, once, where a refusal shows (by the buttons,
  // announced): in its place, not beside it. The server's line is left out: the fields show it.
  const conflictSaid = error?.code === 'CONFLICT' && taken && changedMeanwhile.length > 0;

  const names = (codes: string[]) => format.list(codes.map((c) => directory.name(c)), { type: 'conjunction' });
  const problems = {
    title: !draft.title.trim() ? t('titleRequired') : null,
    agencies: draft.agencies.length === 0 ? t('agenciesRequired') : null,
  };

  const send = async (patch: IncidentPatch) => {
    setConfirming(null);
    setStillBusy([]);
    if (await form.submit((expectedVersion) => ({ type: 'UpdateIncident', expectedVersion, ...patch }))) onClose();
  };

  const submit = () => {
    setSubmitted(true);
    if (problems.title || problems.agencies || catchingUp) return;
    const patch = buildIncidentPatch(base, draft, live);
    if (Object.keys(patch).length === 0) return onClose();
    const removed = removedAgencies(patch, live);
    // Unticked before it got active tasks: it cannot leave now (the server would refuse too).
    const busy = removed.filter((a) => busyAgencies.has(a));
    if (busy.length) return tickAgain(busy);
    if (removed.length) return setConfirming({ patch, removed });
    void send(patch);
  };

  const set = <K extends keyof typeof draft>(key: K, value: (typeof draft)[K]) => setDraft((d) => ({ ...d, [key]: value }));
  return (
    <>
      <FormDialog
        open
        onOpenChange={(o) => !o && onClose()}
        title={t('title')}
        submitLabel={t('submit')}
        onSubmit={submit}
        busy={form.busy || catchingUp}
        error={stillBusy.length ? null : conflictSaid ? { code: 'CONFLICT', message: '' } : form.error}
        errorText={
          conflictSaid ? changedText(changedMeanwhile.map((f) => t(`fields.${f}`))) : undefined
        }
        errorTone={conflictSaid ? 'warning' : undefined}
        size="lg"
      >
        <Field label={t('fields.title')} error={submitted ? problems.title : null} length={{ value: draft.title, max: LIMITS.title }}>
          <TextInput data-testid="edit-incident-title" value={draft.title} onChange={(e) => set('title', e.target.value)} />
        </Field>
        <Field label={t('fields.location')} length={{ value: draft.location, max: LIMITS.location }}>
          <TextInput data-testid="edit-incident-location" value={draft.location} onChange={(e) => set('location', e.target.value)} />
        </Field>
        <Field label={t('fields.description')} length={{ value: draft.description, max: LIMITS.details }}>
          <TextArea data-testid="edit-incident-description" value={draft.description} onChange={(e) => set('description', e.target.value)} />
        </Field>
        <FieldSet legend={t('fields.agencies')} error={submitted ? problems.agencies : null}>
          <AgencyCheckboxes
            value={draft.agencies}
            onChange={(codes) => set('agencies', codes)}
            locked={new Set([...busyAgencies].filter((a) => draft.agencies.includes(a)))}
            lockedHint={t('lockedHint')}
          />
          <p className="mt-1 text-xs text-slate-600">{t('lockedHint')}</p>
        </FieldSet>
        {stillBusy.length > 0 && (
          <ErrorMessage error={{ code: 'INVALID_TRANSITION', message: '' }} text={t('stillBusy', { agencies: names(stillBusy), count: stillBusy.length })} />
        )}
      </FormDialog>
      {/* Beside the form, not inside it: a submit in a portal still bubbles through the React tree. */}
      {confirming && (
        <FormDialog
          open
          onOpenChange={(o) => !o && setConfirming(null)}
          title={t('removeTitle', { agencies: names(confirming.removed), count: confirming.removed.length })}
          submitLabel={t('removeSubmit')}
          onSubmit={() => void send(confirming.patch)}
          tone="danger"
          size="sm"
        >
          {/* Nothing focusable before the buttons: Cancel gets the first focus. */}
          <p className="text-sm" data-testid="remove-agency-confirm" data-agencies={confirming.removed.join(' ')}>
            {t('removeBody', { count: confirming.removed.length })}
          </p>
        </FormDialog>
      )}
    </>
  );
}
