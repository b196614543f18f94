'use client';

import { useTranslations } from 'next-intl';
import type { IncidentKind } from '@/lib/domain/incident/vocabulary';
import { cx } from '@/components/ui/cx';

/** "演练 / DRILL" (hatched amber) or "实战 / REAL" (solid red), wherever an incident appears (SPEC INC5). */
export function KindBadge({ kind, size = 'sm' }: { kind: IncidentKind; size?: 'sm' | 'lg' }) {
  const t = useTranslations('kind');
  return (
    <span
      data-testid={kind === 'drill' ? 'drill-badge' : 'real-badge'}
      data-kind={kind}
      className={cx(
        'inline-flex shrink-0 items-center rounded border-2 font-bold tracking-wide whitespace-nowrap',
        size === 'lg' ? 'px-2 py-0.5 text-sm' : 'px-1.5 text-xs',
        kind === 'drill'
          ? 'border-amber-500 bg-[repeating-linear-gradient(135deg,#fde68a_0_6px,#fcd34d_6px_12px)] text-amber-950'
          : 'border-red-800 bg-red-700 text-white',
      )}
    >
      {t(kind)}
    </span>
  );
}
