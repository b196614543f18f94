'use client';

import { useTranslations } from 'next-intl';
import type { Phase } from '@/lib/domain/incident/vocabulary';
import { cx } from '@/components/ui/cx';

const TONE: Record<Phase, string> = {
  standby: 'border-slate-400 bg-slate-100 text-slate-800',
  response: 'border-red-700 bg-red-50 text-red-900',
  containment: 'border-amber-600 bg-amber-50 text-amber-950',
  recovery: 'border-emerald-700 bg-emerald-50 text-emerald-900',
  closed: 'border-slate-500 bg-slate-600 text-white',
};

export function PhaseBadge({ phase, size = 'sm' }: { phase: Phase; size?: 'sm' | 'lg' }) {
  const t = useTranslations('phase');
  return (
    <span
      data-testid="phase-badge"
      data-phase={phase}
      className={cx(
        'inline-flex shrink-0 items-center rounded border font-semibold whitespace-nowrap',
        size === 'lg' ? 'px-2 py-0.5 text-sm' : 'px-1.5 text-xs',
        TONE[phase],
      )}
    >
      {t(phase)}
    </span>
  );
}
