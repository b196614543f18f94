'use client';

import { useTranslations } from 'next-intl';
import { memo } from 'react';
import type { IncidentEvent } from '@/lib/domain/incident/events';
import type { IncidentState } from '@/lib/domain/incident/state';
import type { AgencyDirectory } from '@/components/incidents/use-agency-directory';
import { agenciesThen, EVENT_KINDS, kindOf, type EventKind } from '@/lib/domain/incident/event-kind';
import { cx } from '@/components/ui/cx';

const NONE: ReadonlyMap<number, string> = new Map();

/** What the replay's filters dim (they never change the state shown). */
export interface Dimming {
  agencies: ReadonlySet<string>;
  kinds: ReadonlySet<EventKind>;
}

/**
 * An event is dimmed when its kind is, or when every agency it concerns is. `held`: the agency a
 * task event's task had then, where it was reassigned since (`heldWhen`); else the state's.
 */
export function isDimmed(ev: IncidentEvent, state: Pick<IncidentState, 'tasks'> | null, dim: Dimming, held: ReadonlyMap<number, string> = NONE): boolean {
  if (dim.kinds.has(kindOf(ev))) return true;
  if (dim.agencies.size === 0) return false;
  const concerned = agenciesThen(ev, state ?? { tasks: {} }, held);
  return concerned.length > 0 && concerned.every((a) => dim.agencies.has(a));
}

/**
 * CSS that dims the filtered-out lanes, cards and wall columns in place (the
 * state shown stays the same; nothing is hidden or re-rendered).
 */
export function dimmingCss(scope: string, dim: Dimming): string {
  const rules: string[] = [];
  for (const code of dim.agencies) {
    const c = CSS.escape(code);
    rules.push(`${scope} [data-board-lane="${c}"] [data-testid="task-card"], ${scope} [data-testid="wall-column"][data-agency="${c}"] { opacity: 0.3; }`);
    rules.push(`${scope} [data-board-lane="${c}"] > header { opacity: 0.45; }`);
  }
  if (dim.kinds.has('tasks')) rules.push(`${scope} [data-testid="task-card"], ${scope} [data-testid="wall-task"] { opacity: 0.3; }`);
  if (dim.kinds.has('messages')) rules.push(`${scope} [data-testid="message-item"] { opacity: 0.3; }`);
  return rules.join('\n');
}

interface Props {
  agencies: readonly string[];
  directory: AgencyDirectory;
  dim: Dimming;
  onDim: (dim: Dimming) => void;
}

const CHIP =
  'inline-flex h-7 items-center gap-1 rounded border px-2 text-xs font-medium focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600';

/** Toggle buttons: pressed = shown; not pressed = dimmed everywhere (ticks, cards, timeline). */
/** Memoised: the moment changes on every slider move; the filters do not. */
export const ReplayFilters = memo(function ReplayFilters({ agencies, directory, dim, onDim }: Props) {
  const t = useTranslations('replay');
  const tk = useTranslations('timeline.filters.kind');
  const toggle = <T,>(set: ReadonlySet<T>, x: T): Set<T> => {
    const next = new Set(set);
    if (next.has(x)) next.delete(x);
    else next.add(x);
    return next;
  };
  const any = dim.agencies.size > 0 || dim.kinds.size > 0;
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1" data-testid="replay-filters">
      <span className="text-xs font-semibold text-slate-700">{t('filters')}</span>
      <div role="group" aria-label={t('filterAgencies')} className="flex flex-wrap gap-1">
        {agencies.map((code) => {
          const shown = !dim.agencies.has(code);
          return (
            <button
              key={code}
              type="button"
              aria-pressed={shown}
              title={directory.name(code)}
              data-testid={`replay-filter-agency-${code}`}
              onClick={() => onDim({ ...dim, agencies: toggle(dim.agencies, code) })}
              className={cx(CHIP, shown ? 'border-slate-400 bg-white text-slate-900' : 'border-slate-300 bg-slate-100 text-slate-600 line-through')}
            >
              <span aria-hidden className="inline-block size-2.5 rounded-full" style={{ backgroundColor: directory.color(code), opacity: shown ? 1 : 0.35 }} />
              {directory.short(code)}
            </button>
          );
        })}
      </div>
      <div role="group" aria-label={t('filterKinds')} className="flex flex-wrap gap-1">
        {EVENT_KINDS.map((kind) => {
          const shown = !dim.kinds.has(kind);
          return (
            <button
              key={kind}
              type="button"
              aria-pressed={shown}
              data-testid={`replay-filter-kind-${kind}`}
              onClick={() => onDim({ ...dim, kinds: toggle(dim.kinds, kind) })}
              className={cx(CHIP, shown ? 'border-slate-800 bg-slate-800 text-white' : 'border-slate-300 bg-white text-slate-500 line-through')}
            >
              {tk(kind)}
            </button>
          );
        })}
      </div>
      {any && (
        <button type="button" className="text-xs text-blue-800 underline" onClick={() => onDim({ agencies: new Set(), kinds: new Set() })}>
          {t('showAll')}
        </button>
      )}
    </div>
  );
});
