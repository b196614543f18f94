import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';

/**
 * "old → new": the old value muted, the new one bold. A screen reader, which the arrow says
 * nothing to, hears "from old to new" (which was before, which after).
 */
export function Change({ label, from, to }: { label?: ReactNode; from: ReactNode; to: ReactNode }) {
  const t = useTranslations('common');
  return (
    <span className="mr-2 inline-block">
      {label && <span className="text-slate-600">{label} </span>}
      <span className="sr-only">{t('srFrom')} </span>
      <span className="text-slate-600">{from}</span>
      <span aria-hidden className="mx-1 text-slate-500">→</span>
      <span className="sr-only"> {t('srTo')} </span>
      <span className="font-semibold text-slate-900">{to}</span>
    </span>
  );
}
