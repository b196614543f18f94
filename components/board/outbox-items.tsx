'use client';

import { useTranslations } from 'next-intl';
import { NO_ENTRIES, type IncidentPending } from '@/lib/client/incident-pending';
import { waiting, type OutboxEntry } from '@/lib/client/outbox-queue';
import type { PostMessage } from '@/lib/domain/incident/commands';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { AgencyChip } from '@/components/incidents/agency-chip';
import { cx } from '@/components/ui/cx';
import type { VirtualSlot } from '@/components/ui/virtual-list';
import { useBoard, useBoardPending } from './board-context';
import { PriorityBadge } from './task-badges';

/** A small clock: the mark of everything that waits in the outbox. */
export function ClockIcon({ className }: { className?: string }) {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className={cx('size-3.5 shrink-0', className)} fill="none" stroke="currentColor" strokeWidth="1.8">
      <circle cx="8" cy="8" r="6.2" />
      <path d="M8 4.5V8l2.4 1.6" strokeLinecap="round" />
    </svg>
  );
}

/** The outline every pending item has: dashed, amber. */
export const PENDING_LOOK = 'border-2 border-dashed border-amber-500 bg-amber-50/70';

/** This incident's pending agency statuses, phase, severity, details edit and task statuses (SPEC SYNC4). */
export function useIncidentPending(): IncidentPending {
  return useBoardPending().incident;
}

/**
 * A value that waits to be sent, shown after the server's one ("En route → Pending: On scene"):
 * dashed amber, with the clock. `data-pending` holds the value, for tests.
 */
export function PendingValue({ label, value, testId, className }: { label: string; value: string; testId?: string; className?: string }) {
  const t = useTranslations('outbox');
  return (
    <span className={cx('inline-flex shrink-0 items-center gap-1 whitespace-nowrap', className)}>
      <span aria-hidden>→</span>
      <span
        data-testid={testId}
        data-pending={value}
        className="inline-flex items-center gap-1 rounded border border-dashed border-amber-500 bg-amber-100 px-1 text-xs font-semibold text-amber-950"
      >
        <ClockIcon className="size-3" />
        {t('pendingStatus', { status: label })}
      </span>
    </span>
  );
}

/** What waits to be sent for one task (status changes, edits), oldest first; the same empty array for none. */
export function usePendingForTask(taskId: string): readonly OutboxEntry[] {
  return useBoardPending().byTask.get(taskId) ?? NO_ENTRIES;
}

/** The "pending" label on a task card: the intended status (as its menu reads it: useIncidentPending), or that an edit waits. */
export function PendingTaskLabel({ taskId, entries }: { taskId: string; entries: readonly OutboxEntry[] }) {
  const t = useTranslations();
  const status = useIncidentPending().taskStatus[taskId];
  if (entries.length === 0) return null;
  return (
    <p data-testid="task-pending" className="mt-1 flex items-center gap-1 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-950">
      <ClockIcon />
      {status ? t('outbox.pendingStatus', { status: t(`taskStatus.${status}`) }) : t('outbox.pendingChange')}
      {entries.length > 1 && <span className="ml-auto font-normal">{t('outbox.pendingCount', { count: entries.length })}</span>}
    </p>
  );
}

/** New tasks that wait to be sent, as ghost cards in their lane (not yet something to act on). */
export function PendingTaskCards({ agency }: { agency: string }) {
  const t = useTranslations('outbox');
  const { state } = useBoard();
  const queued = useBoardPending().newTasks.get(agency) ?? NO_ENTRIES;
  // Applied and folded, it is a task card now.
  const ghosts = queued.filter((e) => !state.tasks[e.command.taskId]);
  return ghosts.map((e) => {
    const c = e.command;
    return (
      <article key={e.commandId} data-testid="task-card-pending" data-task-id={c.taskId} className={cx('rounded p-2 opacity-90', PENDING_LOOK)}>
        <div className="flex items-center gap-1.5 text-xs font-semibold text-amber-950">
          <ClockIcon />
          {t('pendingNew')}
          {c.priority && <PriorityBadge priority={c.priority} />}
        </div>
        <h3 className="mt-1 line-clamp-3 text-sm leading-snug font-semibold break-words text-slate-800">{c.title}</h3>
      </article>
    );
  });
}

/** Messages that wait to be sent (not yet in the state), oldest first: shown below the sent ones. */
export function pendingMessages(outbox: readonly OutboxEntry[], messages: ReadonlyArray<{ id: string }>): OutboxEntry[] {
  const posts = waiting(outbox).filter((e) => e.command.type === 'PostMessage');
  // Usually none: then the incident's messages (thousands, on every new one) are not looked at.
  if (posts.length === 0) return posts;
  const known = new Set(messages.map((m) => m.id));
  return posts.filter((e) => !known.has((e.command as PostMessage).messageId));
}

/** One message that waits to be sent (an entry of `pendingMessages`). */
export function PendingMessageItem({ entry, slot }: { entry: OutboxEntry; slot?: VirtualSlot }) {
  const t = useTranslations();
  const clock = useClockFormat();
  const c = entry.command as PostMessage;
  return (
    <li {...slot} data-testid="message-item-pending" data-message-id={c.messageId} className={cx('rounded px-2 py-1.5 text-sm', PENDING_LOOK)}>
      <div className="flex flex-wrap items-center gap-1.5 text-xs text-amber-950">
        <ClockIcon />
        <span className="font-semibold">{t('outbox.pendingMessage')}</span>
        <span className="tabular-nums">{clock.nearTime(entry.queuedAt, Date.now())}</span>
        <span aria-hidden>→</span>
        {c.toAgency ? <AgencyChip code={c.toAgency} display="short" /> : <span>{t('messages.toAll')}</span>}
        {c.alert && <span className="rounded bg-red-700 px-1 font-black text-white">{t('messages.alert')}</span>}
      </div>
      <p className="mt-0.5 break-words whitespace-pre-wrap text-slate-800">{c.text}</p>
    </li>
  );
}
