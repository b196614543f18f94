'use client';

import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import type { OutboxEntry } from '@/lib/client/outbox-queue';
import type { Message } from '@/lib/domain/incident/state';
import { cx } from '@/components/ui/cx';
import { VirtualList } from '@/components/ui/virtual-list';
import { useBoard } from './board-context';
import { useBoardUi } from './board-ui';
import { MessageComposer } from './message-composer';
import { MessageItem } from './message-item';
import { PendingMessageItem, pendingMessages } from './outbox-items';
import { probe } from './probes';

/** A sent message, or one waiting in the outbox (after the sent ones). */
type Row = Message | OutboxEntry;
const isPending = (r: Row): r is OutboxEntry => 'commandId' in r;

/**
 * Messages, oldest at the top, scrolled to the newest, then those waiting in the
 * outbox; the composer below for those who may post. While searching, only the
 * matching messages. Only the messages in view are laid out (VirtualList): a long
 * incident has thousands, and each new one would otherwise lay out them all.
 * `fill`: the panel fills its box (the live board's side split, a tab on narrow screens); without
 * it (the replay's side) it takes what its messages need, up to half. `omitted`: older
 * messages the state leaves out (a replay chunk keeps the newest), counted and noted.
 */
export function MessagesPanel({ fill = false, omitted = 0 }: { fill?: boolean; omitted?: number }) {
  const t = useTranslations('messages');
  const tr = useTranslations('responder.messages');
  const { state, can, outbox } = useBoard();
  const { matches: { messages: hits } } = useBoardUi();
  const count = state.messages.length;
  const shown = useMemo(() => (hits ? state.messages.filter((m) => hits.has(m.id)) : state.messages), [hits, state.messages]);
  // The messages themselves, not a wrapper per message: this runs on every new message (and
  // every replay move), and a long incident has thousands.
  const rows = useMemo((): readonly Row[] => {
    const pending = hits ? [] : pendingMessages(outbox, state.messages);
    return pending.length === 0 ? shown : [...shown, ...pending];
  }, [shown, hits, outbox, state.messages]);
  return (
    <section aria-label={t('title')} data-testid="messages-panel" className={cx('flex flex-col', fill ? 'min-h-0 flex-1' : 'max-h-[50%] min-h-48 shrink-0 border-b border-slate-300')}>
      <h2 className="flex shrink-0 items-center gap-2 border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-sm font-semibold">
        {t('title')}
        <span className="text-xs font-normal text-slate-600">{hits ? tr('matches', { shown: shown.length, total: count }) : t('count', { count: count + omitted })}</span>
      </h2>
      <OmittedNote count={omitted} />
      {/* Focusable so the list scrolls from the keyboard too. */}
      <VirtualList
        items={rows}
        itemKey={(r) => (isPending(r) ? `pending:${r.commandId}` : r.id)}
        estimate={64}
        gap={6}
        padding={8}
        stickToEnd
        aria-label={t('title')}
        data-testid="messages-list"
        className="flex-1 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600"
        empty={<li className="px-3 py-2 text-xs text-slate-600">{hits ? tr('noMatches') : t('empty')}</li>}
      >
        {(r, slot) => (isPending(r) ? <PendingMessageItem key={r.commandId} entry={r} slot={slot} /> : <MessageItem key={r.id} message={r} slot={slot} />)}
      </VirtualList>
      {can(probe.postMessage()) && <MessageComposer />}
    </section>
  );
}

function OmittedNote({ count }: { count: number }) {
  const t = useTranslations('replay');
  if (count === 0) return null;
  return <p className="shrink-0 border-b border-slate-200 bg-slate-50 px-3 py-1 text-xs text-slate-600">{t('olderMessages', { count })}</p>;
}
