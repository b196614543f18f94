'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { useOutbox, useOutboxEntries } from '@/lib/client/outbox-provider';
import { commandTaskId, heldMadeAs, mayPassAgain, refused, type OutboxEntry } from '@/lib/client/outbox-queue';
import type { IncidentState } from '@/lib/domain/incident/state';
import type { AgencyStatus, Phase, Priority, Severity, TaskStatus } from '@/lib/domain/incident/vocabulary';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { useColon } from '@/lib/i18n/use-colon';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { useAccount } from '@/components/shell/account-context';
import { useRoleAgencyName } from '@/components/shell/user-badge';
import { Button } from '@/components/ui/button';
import { errorDetail, useErrorText } from '@/components/ui/error-message';
import { useBoard } from './board-context';
import { fieldsOf, removedAgencies } from './incident-edit';
import { compareRows, conflictAhead, currentVersion, type CompareRow } from './outbox-compare';
import { ClockIcon } from './outbox-items';

/** A field's value as people read it. */
function useShowValue() {
  const t = useTranslations();
  const format = useFormatter();
  const clock = useClockFormat();
  const agencies = useAgencyDirectory();
  return (field: CompareRow['field'], value: unknown): string => {
    // A message to no one agency is to everyone.
    if (field === 'toAgency' && value === null) return t('messages.toAll');
    if (value === undefined || value === null || value === '') return '—';
    switch (field) {
      case 'status':
        return t(`taskStatus.${value as TaskStatus}`);
      case 'agencyStatus':
        return t(`agencyStatus.${value as AgencyStatus}`);
      case 'priority':
        return t(`priority.${value as Priority}`);
      case 'phase':
        return t(`phase.${value as Phase}`);
      case 'severity':
        return t('severity.full', { level: String(value), name: t(`severity.name.${value as Severity}`) });
      case 'dueAt':
        return clock.dateTime(Number(value));
      case 'agency':
      case 'toAgency':
        return agencies.name(String(value));
      case 'agencies':
        return format.list((value as string[]).map((code) => agencies.name(code)), { type: 'conjunction' });
      case 'alert':
        return t('outbox.yes');
      default:
        return String(value);
    }
  };
}

/** What a change said in the person's own words (a message's text, a task's title), if anything, and its field. */
function ownWords(command: OutboxEntry['command']): { field: CompareRow['field']; text: string } | null {
  if ('text' in command && typeof command.text === 'string') return { field: 'text', text: command.text };
  if ('title' in command && typeof command.title === 'string') return { field: 'title', text: command.title };
  return null;
}

/**
 * One refused change and the person's choice. `state`: the incident as the board shows it, to
 * compare with; null where the incident can no longer be read (the change itself is all there is).
 */
function Decision({ entry, state }: { entry: OutboxEntry; state: IncidentState | null }) {
  const t = useTranslations('outbox');
  const outbox = useOutbox();
  const clock = useClockFormat();
  const errorText = useErrorText();
  const te = useTranslations('errors');
  const colon = useColon();
  const show = useShowValue();
  const format = useFormatter();
  const agencies = useAgencyDirectory();
  const account = useAccount();
  const madeAsName = useRoleAgencyName();
  // Made as another role or agency (an admin changed the person's while it waited): never sent, and
  // the browser's own words say why, not the server's (SPEC SYNC11).
  const madeAs = heldMadeAs(entry);
  const [busy, setBusy] = useState(false);
  // Without a board, the person's own words stand on their own; the other fields are rows, with no "now".
  const words = state ? null : ownWords(entry.command);
  const rows = compareRows(entry.command, state).filter((r) => r.field !== words?.field);
  const taskId = commandTaskId(entry.command);
  const task = taskId && state ? state.tasks[taskId] : undefined;
  // A conflict answered while the board was still catching up: "now" and "apply mine" wait for it.
  const behind = entry.state === 'conflict' && state !== null && conflictAhead(entry.error, currentVersion(entry.command, state));
  const version = entry.state === 'conflict' && state && !behind ? currentVersion(entry.command, state) : null;
  const compareNow = state !== null && !behind;
  // An incident edit carries its whole list of agencies as it was made: applied anyway, it takes
  // out any agency someone else added meanwhile, and their people lose the board (SPEC INC4, which
  // the edit dialog asks about). Said before the person chooses, by name.
  const takesOut = version !== null && state && entry.command.type === 'UpdateIncident' ? removedAgencies(entry.command, fieldsOf(state)) : [];
  const detail = errorDetail(entry.error);
  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } finally {
      setBusy(false);
    }
  };
  return (
    <li data-testid="outbox-decision" data-command-id={entry.commandId} data-state={entry.state} data-made-as-other={madeAs ? 'true' : undefined} className="rounded border border-amber-600 bg-white p-2 text-sm">
      <p className="font-semibold">
        {t(`kind.${entry.command.type}`)}
        {task && <span className="font-normal"> · {task.title}</span>}
        <span className="ml-2 text-xs font-normal text-slate-600">{t('madeAt', { time: clock.nearTime(entry.queuedAt, Date.now()) })}</span>
      </p>
      {words && <p data-testid="outbox-words" className="break-words whitespace-pre-wrap text-slate-900">{words.text}</p>}
      <p data-testid="outbox-why" className="text-xs text-amber-950">
        {entry.state === 'conflict'
          ? t('conflictWhy')
          : madeAs
            ? t('madeAsOther', { then: madeAsName(madeAs), now: madeAsName({ role: account.role, agency: account.agency }) })
            : entry.error
              ? errorText(entry.error)
              : ''}
      </p>
      {/* A conflict is told by its words and the two versions below: the server's English line would say it again. */}
      {detail && !madeAs && entry.state !== 'conflict' && (
        <p data-testid="outbox-error-detail" className="text-xs break-words text-amber-900">
          {te('detail')}{colon}<span lang="en">{detail}</span>
        </p>
      )}
      {rows.length > 0 && (
        <table className="mt-1 w-full table-fixed text-xs">
          <thead>
            <tr className="text-left text-slate-600">
              <th className="w-24 font-normal"><span className="sr-only">{t('fieldColumn')}</span></th>
              <th className="font-semibold">{t('mine')}</th>
              {compareNow && <th className="font-semibold">{t('now')}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.field} data-testid="outbox-compare-row" data-field={r.field} className="align-top">
                <th scope="row" className="pr-2 text-left font-normal text-slate-600">{t(`field.${r.field}`)}</th>
                <td data-testid="outbox-mine" className="pr-2 font-semibold break-words text-blue-900">{show(r.field, r.mine)}</td>
                {compareNow && <td data-testid="outbox-now" className="break-words">{show(r.field, r.now)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {behind && (
        <p role="status" data-testid="outbox-catching-up" className="mt-1 text-xs text-slate-700">
          {t('catchingUp')}
        </p>
      )}
      {takesOut.length > 0 && (
        <p role="note" data-testid="outbox-takes-out" className="mt-1 rounded bg-red-50 px-1.5 py-0.5 text-xs font-semibold text-red-900">
          {t('takesOut', { agencies: format.list(takesOut.map((code) => agencies.name(code)), { type: 'conjunction' }) })}
        </p>
      )}
      <div className="mt-1.5 flex flex-wrap gap-2">
        {version !== null && (
          <Button size="xs" variant="primary" data-testid="outbox-apply-mine" disabled={busy} onClick={() => void act(() => outbox?.applyAnyway(entry.commandId, version) ?? Promise.resolve())}>
            {t('applyMine')}
          </Button>
        )}
        {mayPassAgain(entry) && (
          <Button size="xs" variant="primary" data-testid="outbox-send-again" disabled={busy} onClick={() => void act(() => outbox?.sendAgain(entry.commandId) ?? Promise.resolve())}>
            {madeAs ? t('sendAsNow') : t('sendAgain')}
          </Button>
        )}
        <Button size="xs" data-testid="outbox-discard" disabled={busy} onClick={() => void act(() => outbox?.discard(entry.commandId) ?? Promise.resolve())}>
          {version !== null ? t('keepTheirs') : t('discard')}
        </Button>
      </div>
    </li>
  );
}

/**
 * Changes made offline that the server refused (someone changed the same
 * thing meanwhile, or it is no longer allowed): both versions side by side,
 * and the person decides. Nothing leaves the outbox without that decision.
 */
export function OutboxDecisions() {
  const { outbox, state } = useBoard();
  return <DecisionList entries={outbox} state={state} />;
}

/**
 * The refused changes of an incident whose board cannot open (its agency was taken out while the
 * person was offline, so the server refused them FORBIDDEN): each with what it said and why it was
 * refused, to be discarded. Without this they stayed counted in the header for ever, out of reach.
 */
export function OutboxDecisionsWithoutBoard({ incidentId }: { incidentId: string }) {
  return <DecisionList entries={useOutboxEntries(incidentId)} state={null} />;
}

function DecisionList({ entries, state }: { entries: readonly OutboxEntry[]; state: IncidentState | null }) {
  const t = useTranslations('outbox');
  const list = refused(entries);
  if (list.length === 0) return null;
  return (
    <section data-testid="outbox-decisions" aria-label={t('decisionsTitle')} className="max-h-[40vh] shrink-0 overflow-y-auto border-b border-amber-600 bg-amber-50 px-4 py-2">
      <h2 className="flex items-center gap-1.5 text-sm font-bold text-amber-950">
        <ClockIcon />
        {t('decisionsTitle')}
        <span className="font-normal">{t('decisionsHint')}</span>
      </h2>
      <ul className="mt-1.5 grid gap-2 md:grid-cols-2 xl:grid-cols-3">
        {list.map((e) => (
          <Decision key={e.commandId} entry={e} state={state} />
        ))}
      </ul>
    </section>
  );
}
