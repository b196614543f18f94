'use client';

import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useBoard } from '@/components/board/board-context';
import { eventMatches } from '@/components/board/board-search';
import { useBoardUi } from '@/components/board/board-ui';
import { Button } from '@/components/ui/button';
import { agenciesThen, EVENT_KINDS, heldWhen, kindOf, type EventKind } from '@/lib/domain/incident/event-kind';
import { TimelineFilters } from './timeline-filters';
import { TimelineItem } from './timeline-item';

const PAGE = 200;

/** Every event, newest first, filterable by agency and kind; while the board is searched, only the events of the tasks and messages found. */
export function Timeline() {
  const t = useTranslations('timeline');
  const { state, events } = useBoard();
  // The board's search (none where no board UI is provided: the default context value has no matches).
  const { matches } = useBoardUi();
  const searching = matches.tasks !== null || matches.messages !== null;
  const [agency, setAgency] = useState<string | null>(null);
  const [kinds, setKinds] = useState<ReadonlySet<EventKind>>(() => new Set(EVENT_KINDS));
  const [limit, setLimit] = useState(PAGE);

  const { filtered, found } = useMemo(() => {
    // The events of a task reassigned since belong to the agency that held it then.
    const held = agency ? heldWhen(events) : null;
    const out = [];
    // Whether the search found any event at all, whatever the filters: which of the two empty texts.
    let found = false;
    for (let i = events.length - 1; i >= 0; i--) {
      const ev = events[i];
      if (!eventMatches(ev, matches)) continue;
      found = true;
      if (!kinds.has(kindOf(ev))) continue;
      if (agency && held && !agenciesThen(ev, state, held).includes(agency)) continue;
      out.push(ev);
    }
    return { filtered: out, found };
  }, [events, kinds, agency, state, matches]);

  return (
    <section aria-label={t('title')} className="flex min-h-0 flex-1 flex-col">
      <div className="shrink-0 border-b border-slate-200 bg-slate-50 px-3 py-1.5">
        <h2 className="text-sm font-semibold">
          {t('title')} <span className="text-xs font-normal text-slate-600">{t('count', { shown: filtered.length, total: events.length })}</span>
        </h2>
        <TimelineFilters agency={agency} onAgency={setAgency} kinds={kinds} onKinds={setKinds} />
      </div>
      {/* Focusable so the list scrolls from the keyboard too. */}
      <ol data-testid="timeline" tabIndex={0} aria-label={t('title')} className="min-h-0 flex-1 divide-y divide-slate-200 overflow-y-auto focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600">
        {filtered.length === 0 && (
          <li data-testid="timeline-empty" className="px-3 py-2 text-xs text-slate-600">
            {searching && !found ? t('emptySearch') : t('empty')}
          </li>
        )}
        {filtered.slice(0, limit).map((ev) => (
          <TimelineItem key={ev.seq} event={ev} />
        ))}
        {filtered.length > limit && (
          <li className="p-2 text-center">
            <Button size="xs" onClick={() => setLimit((l) => l + PAGE)}>
              {t('more', { count: filtered.length - limit })}
            </Button>
          </li>
        )}
      </ol>
    </section>
  );
}
