'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import type { EventOf } from '@/lib/domain/incident/events';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { Change } from './change';

/** Title, location, description and agencies of the incident, old → new. */
export function IncidentUpdatedText({ payload: p, className }: { payload: EventOf<'IncidentUpdated'>['payload']; className: string }) {
  const t = useTranslations('timeline.ev');
  // Names as the language lists them ("Fire and Rescue and Maritime", "消防救援和海事").
  const format = useFormatter();
  const agencies = useAgencyDirectory();
  const added = p.agencies ? p.agencies.to.filter((a) => !p.agencies?.from.includes(a)) : [];
  const removed = p.agencies ? p.agencies.from.filter((a) => !p.agencies?.to.includes(a)) : [];
  return (
    <p className={className}>
      <span className="mr-2 font-semibold">{t('incidentUpdated')}</span>
      {p.title && <Change label={t('title')} from={p.title.from} to={p.title.to} />}
      {p.location && <Change label={t('location')} from={p.location.from || '—'} to={p.location.to || '—'} />}
      {p.description && <span className="mr-2">{t('descriptionChanged')}</span>}
      {added.length > 0 && <span className="mr-2">{t('agenciesAdded', { names: format.list(added.map(agencies.name), { type: 'conjunction' }) })}</span>}
      {removed.length > 0 && <span className="mr-2">{t('agenciesRemoved', { names: format.list(removed.map(agencies.name), { type: 'conjunction' }) })}</span>}
    </p>
  );
}

/** A task's edited fields, old → new. */
export function TaskEditedText({ payload: p, title, className }: { payload: EventOf<'TaskEdited'>['payload']; title: ReactNode; className: string }) {
  const t = useTranslations();
  const clock = useClockFormat();
  const due = (ms: number | null) => (ms === null ? t('timeline.ev.noDue') : clock.dateTime(ms));
  return (
    <p className={className}>
      {t('timeline.ev.taskEdited')} <q className="mr-1 font-semibold">{title}</q>
      {p.title && <Change label={t('timeline.ev.title')} from={p.title.from} to={p.title.to} />}
      {p.priority && <Change label={t('taskForm.fields.priority')} from={t(`priority.${p.priority.from}`)} to={t(`priority.${p.priority.to}`)} />}
      {p.dueAt && <Change label={t('task.due')} from={due(p.dueAt.from)} to={due(p.dueAt.to)} />}
      {p.location && <Change label={t('task.location')} from={p.location.from || '—'} to={p.location.to || '—'} />}
      {p.details && <span className="mr-2">{t('timeline.ev.detailsChanged')}</span>}
    </p>
  );
}
