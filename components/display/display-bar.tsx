'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { displayHref } from '@/lib/client/display-link';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { useNow } from '@/components/ui/use-now';
import { useDisplayInfo } from './display-context';

/** The screen's name, that it only reads, the way back to the list (all-active screens), and the time. */
export function DisplayBar() {
  const t = useTranslations();
  const { principal, token, lang } = useDisplayInfo();
  const params = useSearchParams();
  const inIncident = principal.scope.kind === 'active' && params.has('incident');
  const clock = useClockFormat();
  const now = useNow(1000);
  return (
    <header data-testid="display-bar" className="flex h-11 shrink-0 items-center gap-4 border-b border-slate-950 bg-slate-900 px-4 text-white">
      <span className="font-semibold tracking-wide">{t('app.name')}</span>
      <span data-testid="display-name" className="min-w-0 truncate text-sm text-slate-200">{principal.name}</span>
      <span className="rounded border border-slate-500 px-1.5 text-xs font-semibold text-slate-200">{t('display.readOnly')}</span>
      {inIncident && (
        <Link data-testid="display-back" href={displayHref({ token, lang })} className="rounded px-2 py-0.5 text-sm text-slate-100 underline-offset-2 hover:bg-slate-700 hover:underline">
          {t('display.back')}
        </Link>
      )}
      <span data-testid="display-clock" className="ml-auto font-mono text-lg font-bold tabular-nums">{clock.time(now)}</span>
    </header>
  );
}
