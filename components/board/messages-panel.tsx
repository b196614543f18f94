'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import { useBoard } from './board-context';
import { MessageComposer } from './message-composer';
import { MessageItem } from './message-item';
import { probe } from './probes';

/** Messages, oldest at the top, scrolled to the newest; the composer below for those who may post. */
export function MessagesPanel() {
  const t = useTranslations('messages');
  const { state, can } = useBoard();
  const list = useRef<HTMLOListElement>(null);
  const count = state.messages.length;
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count]);
  return (
    <section aria-label={t('title')} data-testid="messages-panel" className="flex max-h-[50%] min-h-48 shrink-0 flex-col border-b border-slate-300">
      <h2 className="flex shrink-0 items-center gap-2 border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-sm font-semibold">
        {t('title')}
        <span className="text-xs font-normal text-slate-600">{t('count', { count })}</span>
      </h2>
      <ol ref={list} className="min-h-0 flex-1 space-y-1.5 overflow-y-auto p-2">
        {count === 0 && <li className="px-1 text-xs text-slate-600">{t('empty')}</li>}
        {state.messages.map((m) => (
          <MessageItem key={m.id} message={m} />
        ))}
      </ol>
      {can(probe.postMessage()) && <MessageComposer />}
    </section>
  );
}
