import type { Agency } from '../domain/agencies';
import { assertNever } from '../domain/errors';
import type { IncidentEvent } from '../domain/incident/events';
import type { IncidentState } from '../domain/incident/state';

/**
 * A loose view of a next-intl translator (createTranslator on the server,
 * useTranslations() in the browser): the words come from messages/*.json only.
 */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

export interface DescribeContext {
  t: Translate;
  /** The agency's name in the chosen language (the code when unknown). */
  agencyName: (code: string) => string;
  /** Formats a due time (ms) for TaskEdited. */
  dateTime: (ms: number) => string;
  /** The language's colon after a label: '：' in Chinese, ': ' in English (default). */
  colon?: string;
}

export { colonOf } from '../i18n/locales';

/** Agency names in one language from a directory (the code itself when the directory lacks it). */
export function agencyNamer(agencies: readonly Agency[], locale: string): (code: string) => string {
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  return (code) => {
    const a = byCode.get(code);
    return a ? (locale === 'en' ? a.nameEn : a.nameZh) : code;
  };
}

/**
 * One line of plain text saying what an event changed, in the words of the
 * board's timeline (components/timeline/event-description.tsx): the CSV
 * timeline and the ICS 214 activity log (SPEC REV5). `before` is the state just
 * before the event (task titles come from it).
 */
export function describeEvent(ev: IncidentEvent, before: IncidentState | null, c: DescribeContext): string {
  const { t } = c;
  const colon = c.colon ?? ': ';
  const q = (s: string) => `“${s}”`;
  const change = (from: string, to: string, label?: string) => `${label ? `${label} ` : ''}${from} → ${to}`;
  const sev = (s: string) => t('severity.full', { level: s, name: t(`severity.name.${s}`) });
  const title = (id: string) => before?.tasks[id]?.title ?? t('timeline.unknownTask');
  /** A reason; for a task marked done, its note (what was done, a photo reference). */
  const reason = (r: string | null, key: 'reason' | 'note' = 'reason') => (r ? ` (${t(`timeline.ev.${key}`)} ${r})` : '');
  const parts = (xs: Array<string | false | null | undefined>, sep = '; ') => xs.filter(Boolean).join(sep);

  switch (ev.type) {
    case 'IncidentOpened': {
      const p = ev.payload;
      return `${t('timeline.ev.opened')}${colon}${q(p.title)} · ${t(`kind.${p.kind}`)} · ${t(`scenario.${p.scenario}`)} · ${sev(p.severity)} · ${t(`phase.${p.phase}`)}`;
    }
    case 'IncidentUpdated': {
      const p = ev.payload;
      const added = p.agencies ? p.agencies.to.filter((a) => !p.agencies?.from.includes(a)) : [];
      const removed = p.agencies ? p.agencies.from.filter((a) => !p.agencies?.to.includes(a)) : [];
      return `${t('timeline.ev.incidentUpdated')}${colon}${parts([
        p.title && change(p.title.from, p.title.to, t('timeline.ev.title')),
        p.location && change(p.location.from || '—', p.location.to || '—', t('timeline.ev.location')),
        p.description && t('timeline.ev.descriptionChanged'),
        added.length > 0 && t('timeline.ev.agenciesAdded', { names: added.map(c.agencyName).join(', ') }),
        removed.length > 0 && t('timeline.ev.agenciesRemoved', { names: removed.map(c.agencyName).join(', ') }),
      ])}`;
    }
    case 'PhaseChanged':
      return change(t(`phase.${ev.payload.from}`), t(`phase.${ev.payload.to}`), t('timeline.ev.phase'));
    case 'SeverityChanged':
      return change(sev(ev.payload.from), sev(ev.payload.to), t('timeline.ev.severity')) + reason(ev.payload.reason);
    case 'TaskCreated': {
      const p = ev.payload;
      return parts([
        `${t('timeline.ev.taskCreated', { agency: c.agencyName(p.agency) })} ${q(p.title)}`,
        p.priority !== 'normal' && t(`priority.${p.priority}`),
        p.assignee && t('timeline.ev.assignee', { name: p.assignee }),
        // Joined as they are: the title and the name are kept as typed ("Seal berth 3; evacuate").
      ], ' · ');
    }
    case 'TaskEdited': {
      const p = ev.payload;
      const due = (ms: number | null) => (ms === null ? t('timeline.ev.noDue') : c.dateTime(ms));
      return `${t('timeline.ev.taskEdited')} ${q(title(p.taskId))}${colon}${parts([
        p.title && change(p.title.from, p.title.to, t('timeline.ev.title')),
        p.priority && change(t(`priority.${p.priority.from}`), t(`priority.${p.priority.to}`), t('taskForm.fields.priority')),
        p.dueAt && change(due(p.dueAt.from), due(p.dueAt.to), t('task.due')),
        p.location && change(p.location.from || '—', p.location.to || '—', t('task.location')),
        p.details && t('timeline.ev.detailsChanged'),
      ])}`;
    }
    case 'TaskReassigned': {
      const p = ev.payload;
      const none = t('task.unassigned');
      return `${t('timeline.ev.taskReassigned')} ${q(title(p.taskId))}${colon}${parts([
        p.agency.from !== p.agency.to && change(c.agencyName(p.agency.from), c.agencyName(p.agency.to)),
        p.assignee.from !== p.assignee.to && change(p.assignee.from ?? none, p.assignee.to ?? none, t('task.assignee')),
      ])}`;
    }
    case 'TaskStatusChanged': {
      const p = ev.payload;
      return `${q(title(p.taskId))} ${change(t(`taskStatus.${p.from}`), t(`taskStatus.${p.to}`))}${reason(p.reason, p.to === 'done' ? 'note' : 'reason')}`;
    }
    case 'MessagePosted': {
      const p = ev.payload;
      const to = p.toAgency ? t('timeline.ev.messageTo', { agency: c.agencyName(p.toAgency) }) : t('timeline.ev.messageAll');
      return `${p.alert ? `[${t('messages.alert')}] ` : ''}${to}${to.endsWith('：') ? '' : ' '}${p.text}`;
    }
    case 'AgencyStatusChanged': {
      const p = ev.payload;
      const none = t('agencyStatus.none');
      return change(
        p.from ? t(`agencyStatus.${p.from}`) : none,
        p.to ? t(`agencyStatus.${p.to}`) : none,
        t('timeline.ev.agencyStatus', { agency: c.agencyName(p.agency) }),
      );
    }
    default:
      return assertNever(ev);
  }
}
