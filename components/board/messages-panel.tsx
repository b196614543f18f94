'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import { cx } from '@/components/ui/cx';
import { useBoard } from './board-context';
import { useBoardUi } from './board-ui';
import { MessageComposer } from './message-composer';
import { MessageItem } from './message-item';
import { PendingMessages } from './outbox-items';
import { probe } from './probes';

/**
 * Messages, oldest at the top, scrolled to the newest; the composer below for
 * those who may post. While searching, only the matching messages. `fill`: the
 * panel has the whole pane (tabs on narrow screens).
 */
export function MessagesPanel({ fill = false }: { fill?: boolean }) {
  const t = useTranslations('messages');
  const tr = useTranslations('responder.messages');
  const { state, can, outbox } = useBoard();
  const { matches } = useBoardUi();
  const list = useRef<HTMLOListElement>(null);
  const count = state.messages.length;
  const hits = matches.messages;
  const shown = hits ? state.messages.filter((m) => hits.has(m.id)) : state.messages;
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count, shown.length, outbox.length]);
  return (
    <section aria-label={t('title')} data-testid="messages-panel" className={cx('flex flex-col', fill ? 'min-h-0 flex-1' : 'max-h-[50%] min-h-48 shrink-0 border-b border-slate-300')}>
      <h2 className="flex shrink-0 items-center gap-2 border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-sm font-semibold">
        {t('title')}
        <span className="text-xs font-normal text-slate-600">{hits ? tr('matches', { shown: shown.length, total: count }) : t('count', { count })}</span>
      </h2>
      {/* Focusable so the list scrolls from the keyboard too. */}
      <ol ref={list} tabIndex={0} aria-label={t('title')} className="min-h-0 flex-1 space-y-1.5 overflow-y-auto p-2 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600">
        {shown.length === 0 && (hits || !outbox.some((e) => e.command.type === 'PostMessage')) && <li className="px-1 text-xs text-slate-600">{hits ? tr('noMatches') : t('empty')}</li>}
        {shown.map((m) => (
          <MessageItem key={m.id} message={m} />
        ))}
        {!hits && <PendingMessages />}
      </ol>
      {can(probe.postMessage()) && <MessageComposer />}
    </section>
  );
}
