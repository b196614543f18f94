'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ApiError } from '@/lib/client/api/api-error';
import { useAddImprovement } from '@/lib/client/api/review-write';
import { newId } from '@/lib/client/new-id';
import type { IncidentState } from '@/lib/domain/incident/state';
import { LIMITS } from '@/lib/domain/limits';
import { PlanDate, type Finding } from '@/lib/protocol/review';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { Field } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
import { Select, TextArea, TextInput } from '@/components/ui/inputs';
import type { TaskHolders } from '@/lib/domain/incident/event-kind';
import { attemptIds, defaultDueDate, excerpt, findingAgency } from './finding-helpers';
import { localDay } from '@/lib/i18n/local-date';

/** Add an item to the improvement plan: what to change, who owns it, by when; from a finding or on its own. */
export function ImprovementDialog(props: {
  incidentId: string;
  state: IncidentState;
  /** Who held each task when (a finding's task's agency is the one at its moment). */
  holders: TaskHolders;
  findings: Finding[];
  initialFindingId: string | null;
  onClose: () => void;
}) {
  const { incidentId, state, findings, onClose } = props;
  const t = useTranslations('findings');
  const agencies = useAgencyDirectory();
  const add = useAddImprovement(incidentId);
  // One id per content sent: a retry is not added twice, an edit after it is not a duplicate (attemptIds).
  const [ids] = useState(() => attemptIds(newId));
  const initial = findings.find((f) => f.id === props.initialFindingId) ?? null;
  const [findingId, setFindingId] = useState(initial?.id ?? '');
  const [action, setAction] = useState('');
  const [agency, setAgency] = useState((initial && findingAgency(initial, state, props.holders)) ?? '');
  const [dueDate, setDueDate] = useState(defaultDueDate);
  const [invalid, setInvalid] = useState<Set<string>>(new Set());
  // Any configured agency may own an item; the incident's own come first.
  const codes = [...state.agencies, ...agencies.list.map((a) => a.code).filter((c) => !state.agencies.includes(c))];

  const submit = () => {
    const bad = new Set<string>();
    if (action.trim() === '' || action.length > LIMITS.improvementAction) bad.add('action');
    if (agency === '') bad.add('agency');
    if (!PlanDate.safeParse(dueDate).success) bad.add('dueDate');
    setInvalid(bad);
    if (bad.size > 0) return;
    const content = { findingId: findingId || null, action: action.trim(), agency, dueDate };
    add.mutate({ id: ids.idFor(content), ...content }, { onSuccess: onClose });
  };

  return (
    <FormDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('plan.formTitle')}
      submitLabel={t('plan.submit')}
      onSubmit={submit}
      busy={add.isPending}
      error={add.error instanceof ApiError ? add.error : null}
    >
      <Field label={t('plan.finding')} hint={t('plan.findingHint')}>
        <Select data-testid="improvement-finding" value={findingId} onChange={(e) => setFindingId(e.target.value)}>
          <option value="">{t('plan.noFinding')}</option>
          {/* A withdrawn finding no longer stands: nothing new is planned from it. */}
          {findings.filter((f) => !f.withdrawn || f.id === initial?.id).map((f) => (
            <option key={f.id} value={f.id}>
              {t(`verdict.${f.verdict}`)} · {excerpt(f.text, 70)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t('plan.action')} error={invalid.has('action') ? t('plan.invalidAction') : null} length={{ value: action, max: LIMITS.improvementAction }}>
        <TextArea data-testid="improvement-action" rows={3} value={action} onChange={(e) => setAction(e.target.value)} />
      </Field>
      <div className="grid grid-cols-2 gap-4">
        <Field label={t('plan.agency')} error={invalid.has('agency') ? t('plan.invalidAgency') : null}>
          <Select data-testid="improvement-agency" value={agency} onChange={(e) => setAgency(e.target.value)}>
            <option value="">{t('ref.pick')}</option>
            {codes.map((code) => (
              <option key={code} value={code}>
                {agencies.name(code)}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label={t('plan.due')}
          error={invalid.has('dueDate') ? t('plan.invalidDue') : null}
          // Said, not refused: an item may be written down after its day (a plan typed up late).
          hint={PlanDate.safeParse(dueDate).success && dueDate < localDay(new Date()) ? t('plan.duePassed') : undefined}
        >
          <TextInput data-testid="improvement-due" type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
        </Field>
      </div>
    </FormDialog>
  );
}
