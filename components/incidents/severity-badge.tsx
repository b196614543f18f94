'use client';

import { useTranslations } from 'next-intl';
import type { Severity } from '@/lib/domain/incident/vocabulary';
import { cx } from '@/components/ui/cx';

/** Chinese warning colours: I red, II orange, III yellow, IV blue; always with the words. */
const TONE: Record<Severity, string> = {
  I: 'bg-red-700 text-white border-red-900',
  II: 'bg-orange-500 text-black border-orange-700',
  III: 'bg-yellow-300 text-black border-yellow-600',
  IV: 'bg-blue-700 text-white border-blue-900',
};

/** "III 较大" */
export function SeverityBadge({ severity, size = 'sm' }: { severity: Severity; size?: 'sm' | 'lg' }) {
  const t = useTranslations('severity');
  return (
    <span
      data-testid="severity-badge"
      data-severity={severity}
      title={t('label')}
      className={cx(
        'inline-flex shrink-0 items-center gap-1 rounded border font-semibold whitespace-nowrap',
        size === 'lg' ? 'px-2 py-0.5 text-sm' : 'px-1.5 text-xs',
        TONE[severity],
      )}
    >
      <span className="font-bold">{severity}</span>
      <span>{t(`name.${severity}`)}</span>
    </span>
  );
}
