'use client';

import { useTranslations } from 'next-intl';
import type { Priority, TaskStatus } from '@/lib/domain/incident/vocabulary';
import { cx } from '@/components/ui/cx';

const STATUS_TONE: Record<TaskStatus, string> = {
  open: 'bg-slate-200 text-slate-900',
  acknowledged: 'bg-blue-100 text-blue-950',
  in_progress: 'bg-indigo-700 text-white',
  blocked: 'bg-red-700 text-white',
  done: 'bg-emerald-700 text-white',
  cancelled: 'bg-slate-100 text-slate-600',
};

export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  const t = useTranslations('taskStatus');
  return <span className={cx('rounded px-1.5 py-px text-xs font-semibold whitespace-nowrap', STATUS_TONE[status])}>{t(status)}</span>;
}

const PRIORITY_TONE: Record<Priority, string> = {
  urgent: 'border-red-700 bg-red-50 text-red-800 font-bold',
  high: 'border-orange-600 bg-orange-50 text-orange-900 font-semibold',
  normal: '',
  low: 'border-slate-300 text-slate-600',
};

/** Normal priority is the default and shows nothing; the others are labelled. */
export function PriorityBadge({ priority }: { priority: Priority }) {
  const t = useTranslations('priority');
  if (priority === 'normal') return null;
  return <span className={cx('rounded border px-1 text-xs whitespace-nowrap', PRIORITY_TONE[priority])}>{t(priority)}</span>;
}
