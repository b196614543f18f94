'use client';

import { useTranslations } from 'next-intl';
import { useBoard } from '@/components/board/board-context';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { cx } from '@/components/ui/cx';
import { Select } from '@/components/ui/inputs';
import { EVENT_KINDS, type EventKind } from '@/lib/domain/incident/event-kind';

interface Props {
  agency: string | null;
  onAgency: (agency: string | null) => void;
  kinds: ReadonlySet<EventKind>;
  onKinds: (kinds: ReadonlySet<EventKind>) => void;
}

export function TimelineFilters({ agency, onAgency, kinds, onKinds }: Props) {
  const t = useTranslations('timeline.filters');
  const { state } = useBoard();
  const agencies = useAgencyDirectory();
  const toggle = (kind: EventKind) => {
    const next = new Set(kinds);
    if (next.has(kind)) next.delete(kind);
    else next.add(kind);
    onKinds(next);
  };
  return (
    <div className="mt-1 flex flex-wrap items-center gap-1.5" data-testid="timeline-filters">
      <Select
        aria-label={t('agency')}
        data-testid="timeline-agency-filter"
        className="h-7 w-auto max-w-40 py-0 text-xs"
        value={agency ?? ''}
        onChange={(e) => onAgency(e.target.value || null)}
      >
        <option value="">{t('allAgencies')}</option>
        {state.agencies.map((code) => (
          <option key={code} value={code}>{agencies.name(code)}</option>
        ))}
      </Select>
      <div role="group" aria-label={t('kinds')} className="flex flex-wrap gap-1">
        {EVENT_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            aria-pressed={kinds.has(kind)}
            data-testid={`timeline-kind-${kind}`}
            onClick={() => toggle(kind)}
            className={cx(
              'h-7 rounded border px-2 text-xs font-medium focus-visible:outline-2 focus-visible:outline-blue-600',
              kinds.has(kind) ? 'border-slate-800 bg-slate-800 text-white' : 'border-slate-300 bg-white text-slate-500 line-through',
            )}
          >
            {t(`kind.${kind}`)}
          </button>
        ))}
      </div>
    </div>
  );
}
