'use client';

import { useTranslations } from 'next-intl';
import { useConnectionState } from '@/lib/client/sync-provider';
import { cx } from '@/components/ui/cx';

const DOT = {
  connecting: 'bg-amber-400',
  live: 'bg-emerald-500',
  reconnecting: 'bg-amber-400 animate-pulse',
  offline: 'bg-red-500',
} as const;

/** Live / reconnecting / offline, in words and colour. */
export function ConnectionState({ tone = 'dark' }: { tone?: 'dark' | 'light' }) {
  const t = useTranslations('connection');
  const state = useConnectionState();
  return (
    <span
      data-testid="connection-state"
      data-state={state}
      role="status"
      className={cx(
        'inline-flex shrink-0 items-center gap-1.5 rounded px-2 py-0.5 text-xs font-semibold whitespace-nowrap',
        tone === 'dark' ? 'text-slate-100' : 'border border-slate-300 bg-white text-slate-800',
        state === 'offline' && (tone === 'dark' ? 'bg-red-800 text-white' : 'border-red-700 bg-red-50 text-red-900'),
      )}
    >
      <span aria-hidden className={cx('size-2.5 shrink-0 rounded-full', DOT[state])} />
      {t(state)}
    </span>
  );
}
