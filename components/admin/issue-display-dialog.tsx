'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { CreateDisplayRequest } from '@/lib/protocol/http';
import { ApiError } from '@/lib/client/api/api-error';
import { useCreateDisplay } from '@/lib/client/api/create-display';
import { useIncidents } from '@/lib/client/api/incidents';
import { displayHref } from '@/lib/client/display-link';
import { FormDialog } from '@/components/ui/form-dialog';
import { DisplayLinkDialog } from './display-link-dialog';
import { IssueDisplayFields, type DisplayDraft } from './issue-display-fields';
import { displayNameProblem } from './issue-display-problems';
import { invalidFields } from './issue-paths';

/** Name a wall screen, choose what it shows and its language; then show its link once. */
export function IssueDisplayDialog({ onClose }: { onClose: () => void }) {
  const t = useTranslations('admin.displays.issue');
  const locale = useLocale();
  const create = useCreateDisplay();
  const { data } = useIncidents();
  const incidents = useMemo(
    () => [...(data ?? [])].sort((a, b) => Number(a.phase === 'closed') - Number(b.phase === 'closed') || b.openedAt - a.openedAt),
    [data],
  );
  const [draft, setDraft] = useState<DisplayDraft>({ name: '', scope: 'incident', incidentId: '', lang: locale });
  const [problems, setProblems] = useState<Partial<Record<'name' | 'incidentId', string | null>>>({});
  const [issued, setIssued] = useState<{ name: string; link: string } | null>(null);
  // Until someone picks one, the select shows (and means) the newest open incident.
  const incidentId = draft.incidentId || incidents[0]?.id || '';

  if (issued) return <DisplayLinkDialog name={issued.name} link={issued.link} onClose={onClose} />;

  const submit = () => {
    const body = {
      name: draft.name.trim(),
      scope: draft.scope === 'active' ? ({ kind: 'active' } as const) : ({ kind: 'incident', incidentId } as const),
    };
    const bad = invalidFields(CreateDisplayRequest, body);
    const name = displayNameProblem(body.name);
    setProblems({ name: name && t(name.key, name.values), incidentId: bad.has('scope') ? t('incidentRequired') : null });
    if (bad.size > 0) return;
    create.mutate(body, {
      onSuccess: ({ display, token }) =>
        setIssued({ name: display.name, link: window.location.origin + displayHref({ token, lang: draft.lang }) }),
    });
  };

  return (
    <FormDialog
      open
      // Not closed while the link is being issued: its answer is the only time the link is shown.
      onOpenChange={(o) => !o && !create.isPending && onClose()}
      title={t('title')}
      description={t('description')}
      submitLabel={t('submit')}
      onSubmit={submit}
      busy={create.isPending}
      error={create.error instanceof ApiError ? create.error : null}
    >
      <IssueDisplayFields draft={{ ...draft, incidentId }} onChange={setDraft} incidents={incidents} problems={problems} />
    </FormDialog>
  );
}
