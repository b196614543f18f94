'use client';

import { useTranslations } from 'next-intl';
import { useOutboxDurable } from '@/lib/client/outbox-provider';

/**
 * Beside the connection indicator, for as long as the page is open: this browser could not open
 * IndexedDB (a private window, a locked-down browser, a full disk), or a write to it failed later
 * (a full disk: lib/client/outbox.ts, `durable`), so the outbox keeps unsent changes in this page
 * only and a reload would lose them (lib/client/outbox-store.ts). Nothing where the outbox is
 * durable, which is the usual case.
 */
export function OutboxNotDurable() {
  const t = useTranslations('connection');
  if (useOutboxDurable()) return null;
  return (
    <span
      data-testid="outbox-not-durable"
      role="status"
      title={t('notDurableWhy')}
      className="inline-flex max-w-64 min-w-0 shrink items-start gap-1.5 rounded bg-amber-300 px-2 py-0.5 text-xs leading-tight font-semibold text-slate-950"
    >
      <span aria-hidden className="shrink-0">
        ⚠
      </span>
      <span>{t('notDurable')}</span>
    </span>
  );
}
