'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { DomainError } from '@/lib/domain/errors';
import type { IncidentKind, Scenario, Severity } from '@/lib/domain/incident/vocabulary';
import { LIMITS } from '@/lib/domain/limits';
import { queryKeys } from '@/lib/client/query-keys';
import { useSendCommand } from '@/lib/client/use-command';
import { FormDialog } from '@/components/ui/form-dialog';
import { OpenIncidentFields } from './open-incident-fields';

export interface OpenIncidentDraft {
  title: string;
  description: string;
  kind: IncidentKind | null;
  scenario: Scenario;
  severity: Severity;
  location: string;
  agencies: string[];
  phase: 'standby' | 'response';
}

const EMPTY: OpenIncidentDraft = {
  title: '',
  description: '',
  kind: null,
  scenario: 'hazmat',
  severity: 'III',
  location: '',
  agencies: [],
  phase: 'response',
};

export function OpenIncidentDialog({ onClose }: { onClose: () => void }) {
  const t = useTranslations('openIncident');
  const router = useRouter();
  const qc = useQueryClient();
  const send = useSendCommand();
  const [draft, setDraft] = useState(EMPTY);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DomainError | null>(null);

  const problems = {
    title: !draft.title.trim() ? t('errors.title') : draft.title.length > LIMITS.title ? t('errors.tooLong', { max: LIMITS.title }) : null,
    kind: draft.kind === null ? t('errors.kind') : null,
    agencies: draft.agencies.length === 0 ? t('errors.agencies') : null,
  };

  const submit = async () => {
    setSubmitted(true);
    if (problems.title || problems.agencies || draft.kind === null) return;
    setBusy(true);
    const incidentId = crypto.randomUUID();
    const ack = await send(incidentId, { type: 'OpenIncident', ...draft, kind: draft.kind, title: draft.title.trim() });
    setBusy(false);
    if (!ack.ok) return setError(ack.error);
    void qc.invalidateQueries({ queryKey: queryKeys.incidents.list() });
    router.push(`/incidents/${incidentId}`);
  };

  return (
    <FormDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('title')}
      description={t('description')}
      submitLabel={t('submit')}
      onSubmit={() => void submit()}
      busy={busy}
      error={error}
      size="lg"
    >
      <OpenIncidentFields draft={draft} onChange={setDraft} problems={submitted ? problems : {}} />
    </FormDialog>
  );
}
