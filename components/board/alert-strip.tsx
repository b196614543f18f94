'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { AgencyChip } from '@/components/incidents/agency-chip';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { useBoard } from './board-context';
import { FOCUS_IDS } from './board-ui';

const RECENT_MS = 15 * 60_000;

/**
 * The latest alert of the last 15 minutes, across the whole board, until dismissed; none once the
 * incident is closed: an alert then is history (the messages and the timeline keep it), not a call
 * to act now.
 */
export function AlertStrip() {
  const t = useTranslations('board.alertStrip');
  const { state, now } = useBoard();
  const clock = useClockFormat();
  const agencies = useAgencyDirectory();
  const [dismissed, setDismissed] = useState<string | null>(null);
  const latest = state.messages.findLast((m) => m.alert);
  if (!latest || latest.id === dismissed || now - latest.ts > RECENT_MS || state.phase === 'closed') return null;
  return (
    <div role="alert" data-testid="alert-strip" className="flex shrink-0 items-center gap-3 bg-red-700 px-4 py-1.5 text-white">
      <span className="rounded bg-white px-1.5 text-xs font-black text-red-800">{t('label')}</span>
      <span className="text-sm tabular-nums">{clock.shortTime(latest.ts)}</span>
      {latest.actor.agency && <AgencyChip code={latest.actor.agency} display="short" />}
      {/* An alert to one agency says so: it is that agency's, not the whole incident's (SPEC MSG1). */}
      {latest.toAgency && (
        <span data-testid="alert-to" className="shrink-0 text-sm font-semibold">
          {t('to', { agency: agencies.name(latest.toAgency) })}
        </span>
      )}
      <span className="min-w-0 flex-1 truncate font-semibold">{latest.text}</span>
      <button
        type="button"
        onClick={() => {
          setDismissed(latest.id);
          // The strip goes, the button with it: the focus goes to the board's title, not the page's top.
          document.getElementById(FOCUS_IDS.title)?.focus();
        }}
        className="rounded text-xs underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white">
        {t('dismiss')}
      </button>
    </div>
  );
}
