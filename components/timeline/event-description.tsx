'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { assertNever } from '@/lib/domain/errors';
import type { IncidentEvent } from '@/lib/domain/incident/events';
import { useBoard } from '@/components/board/board-context';
import { useBoardUi } from '@/components/board/board-ui';
import { Highlight } from '@/components/board/highlight';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { Change } from './change';
import { IncidentUpdatedText, TaskEditedText } from './event-edits';

/**
 * What an event changed, in words, with old → new values; the words of the board's search marked in
 * what people wrote (titles, messages, reasons), as on the cards: the timeline shows the history of
 * what the search found, and where the word is in an entry the mark shows it (a task found by its
 * details, location or agency has entries without one).
 */
export function EventDescription({ event }: { event: IncidentEvent }) {
  const t = useTranslations();
  const { state } = useBoard();
  const { terms } = useBoardUi();
  const mark = (text: string) => <Highlight text={text} terms={terms} />;
  const agencies = useAgencyDirectory();
  const sev = (s: string) => t('severity.full', { level: s, name: t(`severity.name.${s as 'I'}`) });
  const taskTitle = (id: string) => mark(state.tasks[id]?.title ?? t('timeline.unknownTask'));
  const line = 'mt-0.5 leading-snug break-words';

  switch (event.type) {
    case 'IncidentOpened': {
      const p = event.payload;
      return (
        <p className={line}>
          <span className="font-semibold">{t('timeline.ev.opened')}</span> {t(`kind.${p.kind}`)} · {t(`scenario.${p.scenario}`)} · {sev(p.severity)} · {t(`phase.${p.phase}`)}
        </p>
      );
    }
    case 'IncidentUpdated':
      return <IncidentUpdatedText payload={event.payload} className={line} />;
    case 'PhaseChanged':
      return (
        <p className={line}>
          <Change label={t('timeline.ev.phase')} from={t(`phase.${event.payload.from}`)} to={t(`phase.${event.payload.to}`)} />
        </p>
      );
    case 'SeverityChanged':
      return (
        <p className={line}>
          <Change label={t('timeline.ev.severity')} from={sev(event.payload.from)} to={sev(event.payload.to)} />
          {event.payload.reason && <Reason text={mark(event.payload.reason)} />}
        </p>
      );
    case 'TaskCreated': {
      const p = event.payload;
      return (
        <p className={line}>
          {t('timeline.ev.taskCreated', { agency: agencies.name(p.agency) })} <q className="font-semibold">{mark(p.title)}</q>
          {p.priority !== 'normal' && <span> · {t(`priority.${p.priority}`)}</span>}
          {p.assignee && <span> · {t('timeline.ev.assignee', { name: p.assignee })}</span>}
        </p>
      );
    }
    case 'TaskEdited':
      return <TaskEditedText payload={event.payload} title={taskTitle(event.payload.taskId)} className={line} />;
    case 'TaskReassigned': {
      const p = event.payload;
      const none = t('task.unassigned');
      return (
        <p className={line}>
          {t('timeline.ev.taskReassigned')} <q className="font-semibold">{taskTitle(p.taskId)}</q>{' '}
          {p.agency.from !== p.agency.to && <Change from={agencies.name(p.agency.from)} to={agencies.name(p.agency.to)} />}
          {p.assignee.from !== p.assignee.to && <Change label={t('task.assignee')} from={p.assignee.from ?? none} to={p.assignee.to ?? none} />}
        </p>
      );
    }
    case 'TaskStatusChanged': {
      const p = event.payload;
      return (
        <p className={line}>
          <q className="font-semibold">{taskTitle(p.taskId)}</q> <Change from={t(`taskStatus.${p.from}`)} to={t(`taskStatus.${p.to}`)} />
          {/* Done with a note (what was done, a photo reference): a note, not a reason. */}
          {p.reason && <Reason text={mark(p.reason)} note={p.to === 'done'} />}
        </p>
      );
    }
    case 'MessagePosted': {
      const p = event.payload;
      return (
        <p className={line}>
          {p.alert && <span className="mr-1 rounded bg-red-700 px-1 text-xs font-black text-white">{t('messages.alert')}</span>}
          <span className="text-slate-600">{p.toAgency ? t('timeline.ev.messageTo', { agency: agencies.name(p.toAgency) }) : t('timeline.ev.messageAll')}</span>{' '}
          <span className={p.alert ? 'font-bold text-red-900' : undefined}>{mark(p.text)}</span>
        </p>
      );
    }
    case 'AgencyStatusChanged': {
      const p = event.payload;
      const none = t('agencyStatus.none');
      return (
        <p className={line}>
          <Change
            label={t('timeline.ev.agencyStatus', { agency: agencies.name(p.agency) })}
            from={p.from ? t(`agencyStatus.${p.from}`) : none}
            to={p.to ? t(`agencyStatus.${p.to}`) : none}
          />
        </p>
      );
    }
    default:
      return assertNever(event);
  }
}

function Reason({ text, note = false }: { text: ReactNode; note?: boolean }) {
  const t = useTranslations('timeline.ev');
  return (
    <span className="block text-xs text-slate-700">
      {note ? t('note') : t('reason')} {text}
    </span>
  );
}
