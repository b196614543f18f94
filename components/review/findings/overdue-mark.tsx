'use client';

import { useTranslations } from 'next-intl';

/**
 * "Overdue" beside an improvement item's due day (the findings page's plan and the printed report:
 * one mark, in words, with a border that stays when it prints without its fill).
 */
export function OverdueMark() {
  const t = useTranslations('findings.plan');
  return (
    <span
      data-testid="plan-overdue"
      className="whitespace-nowrap rounded border border-current bg-amber-100 px-1.5 text-xs font-semibold text-amber-950 print:bg-transparent print:text-black"
    >
      {t('overdue')}
    </span>
  );
}
