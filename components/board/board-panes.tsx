'use client';

import * as Tabs from '@radix-ui/react-tabs';
import { useTranslations } from 'next-intl';
import { Timeline } from '@/components/timeline/timeline';
import { cx } from '@/components/ui/cx';
import { useBoard } from './board-context';
import { useBoardUi, type Pane } from './board-ui';
import { Lanes } from './lanes';
import { MessagesPanel } from './messages-panel';

const TAB =
  'flex h-10 items-center gap-1.5 border-b-[3px] px-4 text-sm font-semibold whitespace-nowrap text-slate-700 ' +
  'data-[state=active]:border-blue-700 data-[state=active]:text-blue-900 border-transparent hover:bg-slate-100 ' +
  'focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600';

/** On narrow screens (tablets): lanes, messages and the timeline as tabs, one at a time, full width. */
export function BoardPanes() {
  const t = useTranslations('responder.panes');
  const { state } = useBoard();
  const { pane, showPane, matches } = useBoardUi();
  const count = (all: number, hits: ReadonlySet<string> | null) => (hits ? `${hits.size}/${all}` : String(all));
  const alerts = state.messages.some((m) => m.alert);
  return (
    <Tabs.Root value={pane} onValueChange={(v) => showPane(v as Pane)} className="flex min-h-0 flex-1 flex-col">
      <Tabs.List aria-label={t('label')} data-testid="board-panes" className="flex shrink-0 border-b border-slate-300 bg-white px-2">
        <Tabs.Trigger value="tasks" data-testid="pane-tasks" className={TAB}>
          {t('tasks')} <span className="text-xs font-normal tabular-nums">{count(Object.keys(state.tasks).length, matches.tasks)}</span>
        </Tabs.Trigger>
        <Tabs.Trigger value="messages" data-testid="pane-messages" className={TAB}>
          {t('messages')}
          <span className={cx('rounded px-1 text-xs tabular-nums', alerts ? 'bg-red-700 font-bold text-white' : 'font-normal')}>
            {count(state.messages.length, matches.messages)}
            {/* Not by its colour alone (WCAG 1.4.1): a mark, and words for a screen reader. */}
            {alerts && (
              <>
                <span aria-hidden className="ml-0.5">!</span>
                <span className="sr-only"> {t('hasAlerts')}</span>
              </>
            )}
          </span>
        </Tabs.Trigger>
        <Tabs.Trigger value="timeline" data-testid="pane-timeline" className={TAB}>
          {t('timeline')}
        </Tabs.Trigger>
      </Tabs.List>
      <Tabs.Content value="tasks" className="flex min-h-0 flex-1 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600">
        <Lanes />
      </Tabs.Content>
      <Tabs.Content value="messages" className="flex min-h-0 flex-1 flex-col bg-white focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600">
        <MessagesPanel fill />
      </Tabs.Content>
      <Tabs.Content value="timeline" className="flex min-h-0 flex-1 flex-col bg-white focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600">
        <Timeline />
      </Tabs.Content>
    </Tabs.Root>
  );
}
