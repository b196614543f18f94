'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ErrorCode, type DomainError } from '@/lib/domain/errors';
import type { IncidentKind, Scenario, Severity } from '@/lib/domain/incident/vocabulary';
import { LIMITS } from '@/lib/domain/limits';
import { newId } from '@/lib/client/new-id';
import { queryKeys } from '@/lib/client/query-keys';
import { useSendCommand } from '@/lib/client/use-command';
import { FormDialog } from '@/components/ui/form-dialog';
import { OpenIncidentFields } from './open-incident-fields';

export interface OpenIncidentDraft {
  title: string;
  description: string;
  /** Neither has a default: both are recorded for good (no command changes them). */
  kind: IncidentKind | null;
  scenario: Scenario | null;
  severity: Severity;
  location: string;
  agencies: string[];
  phase: 'standby' | 'response';
}

const EMPTY: OpenIncidentDraft = {
  title: '',
  description: '',
  kind: null,
  scenario: null,
  severity: 'III',
  location: '',
  agencies: [],
  phase: 'response',
};

/**
 * One opening of the dialog is one incident: its incident id and its command id are made once,
 * when the dialog opens, and every press of "Open" sends the same pair (SPEC IDEM1). After a
 * timeout (the command may have been applied, its answer lost) a second press is the same
 * command: answered `duplicate: true` if the first got through, and the page goes to that board
 * as on success. After a refusal (BAD_REQUEST, FORBIDDEN, …) nothing was written and the server
 * keeps only the ids of applied commands, so the corrected retry keeps the pair too: it is
 * decided afresh, and if an earlier unanswered press of this dialog was in fact applied it is
 * still answered as that duplicate, never turned into a second incident. Only opening the dialog
 * again starts a new incident.
 *
 * OpenIncident is sent directly rather than through the outbox (lib/client/use-command.ts): an
 * incident that does not exist yet has no board to show it pending on.
 */
export function OpenIncidentDialog({ onClose }: { onClose: () => void }) {
  const t = useTranslations('openIncident');
  const router = useRouter();
  const qc = useQueryClient();
  const send = useSendCommand();
  const [ids] = useState(() => ({ incidentId: newId(), commandId: newId() }));
  const [draft, setDraft] = useState(EMPTY);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DomainError | null>(null);

  const problems = {
    // As sent: trimmed (a pasted title's trailing newline is not counted).
    title: !draft.title.trim() ? t('errors.title') : draft.title.trim().length > LIMITS.title ? t('errors.tooLong', { max: LIMITS.title }) : null,
    kind: draft.kind === null ? t('errors.kind') : null,
    scenario: draft.scenario === null ? t('errors.scenario') : null,
    agencies: draft.agencies.length === 0 ? t('errors.agencies') : null,
  };

  const submit = async () => {
    setSubmitted(true);
    if (problems.title || problems.agencies || draft.kind === null || draft.scenario === null) return;
    setBusy(true);
    setError(null);
    const command = { type: 'OpenIncident' as const, ...draft, kind: draft.kind, scenario: draft.scenario, title: draft.title.trim() };
    const ack = await send(ids.incidentId, command, { commandId: ids.commandId });
    setBusy(false);
    if (!ack.ok) return setError(ack.error);
    // Applied now, or by an earlier press whose answer was lost (`duplicate`): the same incident.
    void qc.invalidateQueries({ queryKey: queryKeys.incidents.list() });
    router.push(`/incidents/${ids.incidentId}`);
  };

  const close = () => {
    // Closed after an unanswered press: the incident may exist after all; the list asks again.
    if (error?.code === ErrorCode.TIMEOUT) void qc.invalidateQueries({ queryKey: queryKeys.incidents.list() });
    onClose();
  };

  return (
    <FormDialog
      open
      // Not while the incident is being opened: its answer takes the person to the new board, and
      // a dialog closed meanwhile left a second one open (or typed in) to be jumped away from.
      onOpenChange={(o) => !o && !busy && close()}
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
