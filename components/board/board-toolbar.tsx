'use client';

import { useTranslations } from 'next-intl';
import type { KeyboardEvent } from 'react';
import { Button } from '@/components/ui/button';
import { cx } from '@/components/ui/cx';
import { useAlertSound } from './alert-sound';
import { focusFirstTask } from './board-focus';
import { FOCUS_IDS, useBoardUi } from './board-ui';
import { Kbd } from './kbd';
import { useColon } from '@/lib/i18n/use-colon';

/** Search over tasks and messages, the alert-sound switch and the shortcut help. */
export function BoardToolbar() {
  const t = useTranslations('responder.toolbar');
  const colon = useColon();
  const { query, setQuery, matches, openHelp } = useBoardUi();
  const [sound, setSound] = useAlertSound();
  const searching = matches.tasks !== null;

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      if (query) setQuery('');
      else e.currentTarget.blur();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      focusFirstTask();
    }
  };

  return (
    <div role="search" aria-label={t('label')} data-testid="board-toolbar" className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-300 bg-white px-4 py-1.5">
      <div className="relative flex min-w-56 flex-1 items-center sm:max-w-md">
        <label htmlFor={FOCUS_IDS.search} className="sr-only">
          {t('search')}
        </label>
        <svg aria-hidden viewBox="0 0 20 20" className="pointer-events-none absolute left-2.5 size-4 text-slate-500" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round">
          <circle cx="8.5" cy="8.5" r="5.5" />
          <path d="M13 13l4.5 4.5" />
        </svg>
        <input
          id={FOCUS_IDS.search}
          data-testid="board-search"
          aria-keyshortcuts="/"
          type="search"
          autoComplete="off"
          placeholder={t('searchPlaceholder')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKey}
          className="h-8 w-full rounded border border-slate-400 bg-white pr-16 pl-7 text-sm placeholder:text-slate-500 focus:border-blue-700 focus:outline-2 focus:outline-blue-600/40 [&::-webkit-search-cancel-button]:hidden"
        />
        {query ? (
          <button
            type="button"
            data-testid="board-search-clear"
            onClick={() => {
              setQuery('');
              // The button goes with the query: the focus back to the box, not the page's top.
              document.getElementById(FOCUS_IDS.search)?.focus();
            }}
            className="absolute right-1.5 rounded px-1.5 text-xs text-slate-700 underline hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600"
          >
            {t('clear')}
          </button>
        ) : (
          <Kbd className="pointer-events-none absolute right-2">/</Kbd>
        )}
      </div>
      <p aria-live="polite" data-testid="search-count" className={cx('text-sm tabular-nums', searching ? 'font-semibold text-slate-900' : 'sr-only')}>
        {searching && t('matches', { tasks: matches.tasks?.size ?? 0, messages: matches.messages?.size ?? 0 })}
      </p>
      <span className="ml-auto" />
      <Button
        size="sm"
        variant="ghost"
        data-testid="alert-sound-toggle"
        aria-pressed={sound}
        onClick={() => setSound(!sound)}
        className={cx(sound && 'border-slate-400 bg-slate-100')}
      >
        <BellIcon off={!sound} />
        {t('sound')}{colon}{sound ? t('soundOn') : t('soundOff')}
      </Button>
      <Button size="sm" variant="ghost" data-testid="shortcut-help-button" onClick={openHelp} aria-keyshortcuts="?">
        {t('shortcuts')} <Kbd>?</Kbd>
      </Button>
    </div>
  );
}

/** A bell, struck through when off (drawn: no emoji font is needed). */
function BellIcon({ off }: { off: boolean }) {
  return (
    <svg aria-hidden viewBox="0 0 20 20" className="size-4" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round">
      <path d="M5 14V9a5 5 0 0 1 10 0v5l1.5 1.5h-13L5 14Z" />
      <path d="M8.5 17.5a1.5 1.5 0 0 0 3 0" />
      {off && <path d="M3 3l14 14" />}
    </svg>
  );
}
