'use client';

import { useTranslations } from 'next-intl';
import type { Message } from '@/lib/domain/incident/state';
import { formatElapsed } from '@/lib/i18n/elapsed';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { AgencyChip } from '@/components/incidents/agency-chip';
import { cx } from '@/components/ui/cx';
import type { VirtualSlot } from '@/components/ui/virtual-list';
import { useBoard } from './board-context';
import { useBoardUi } from './board-ui';
import { Highlight } from './highlight';

/** One message; an alert is red, bold and labelled so it cannot be missed. */
export function MessageItem({ message, slot }: { message: Message; slot?: VirtualSlot }) {
  const t = useTranslations();
  const { state } = useBoard();
  const { terms } = useBoardUi();
  const clock = useClockFormat();
  return (
    <li
      {...slot}
      data-testid="message-item"
      data-message-id={message.id}
      data-alert={message.alert || undefined}
      className={cx(
        'rounded border px-2 py-1.5 text-sm',
        message.alert ? 'border-red-900 bg-red-700 text-white shadow-md' : 'border-slate-200 bg-white',
      )}
    >
      <div className={cx('flex flex-wrap items-center gap-1.5 text-xs', message.alert ? 'text-red-50' : 'text-slate-600')}>
        {message.alert && <span className="rounded bg-white px-1 font-black text-red-800">{t('messages.alert')}</span>}
        <span className="tabular-nums">{clock.shortTime(message.ts)}</span>
        <span className="tabular-nums">{t('common.elapsed', { elapsed: formatElapsed(state.openedAt, message.ts) })}</span>
        {message.actor.agency && <AgencyChip code={message.actor.agency} display="short" />}
        <span className={cx('font-semibold', message.alert ? 'text-white' : 'text-slate-900')}>{message.actor.name}</span>
        <span aria-hidden>→</span>
        <span className="sr-only">{t('messages.srTo')}</span>
        {message.toAgency ? <AgencyChip code={message.toAgency} display="short" /> : <span>{t('messages.toAll')}</span>}
      </div>
      <p className={cx('mt-0.5 break-words whitespace-pre-wrap', message.alert && 'text-base font-bold')}><Highlight text={message.text} terms={terms} /></p>
    </li>
  );
}
