'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { displayPath } from '@/lib/client/display-link';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { useNow } from '@/components/ui/use-now';
import { useDisplayInfo } from './display-context';
import { Bi } from './wall-lang';
import { WallConnection } from './wall-stale';
import { WallText } from './wall-words';

/** The screen's name, that it only reads, the way back to the overview (all-active screens), the connection and the local clock. */
export function DisplayBar() {
  const { principal, lang, theme } = useDisplayInfo();
  const params = useSearchParams();
  const inIncident = principal.scope.kind === 'active' && params.has('incident');
  return (
    <header data-testid="display-bar" className="flex shrink-0 items-center gap-[1rem] border-b border-(--wall-line) bg-(--wall-panel) px-[0.8rem] py-[0.2rem]">
      <AppName />
      <span data-testid="display-name" className="min-w-0 truncate text-[1rem] text-(--wall-muted)">
        {principal.name}
      </span>
      <span className="rounded border border-(--wall-line) px-[0.4rem] text-[0.85rem] font-semibold">
        <Bi>
          <ReadOnly />
        </Bi>
      </span>
      {inIncident && (
        <Link
          data-testid="display-back"
          href={displayPath({ lang, theme })}
          className="rounded px-[0.5rem] text-[1rem] font-semibold underline underline-offset-2 focus-visible:outline-[0.2rem] focus-visible:outline-(--wall-focus)"
        >
          <Bi>
            <Back />
          </Bi>
        </Link>
      )}
      <span className="ml-auto" />
      <WallConnection />
      <LocalClock />
    </header>
  );
}

function AppName() {
  return <span className="text-[1.1rem] font-bold tracking-wide">{useTranslations('app')('name')}</span>;
}

function ReadOnly() {
  return <>{useTranslations('display')('readOnly')}</>;
}

function Back() {
  return <>{useTranslations('display')('back')}</>;
}

/** The local time, ticking every second. */
function LocalClock() {
  const clock = useClockFormat();
  const now = useNow(1000);
  return (
    <span className="flex items-baseline gap-[0.5rem]">
      <span className="text-[0.8rem] font-semibold text-(--wall-muted) uppercase">
        <Bi>
          <WallText k="localTime" />
        </Bi>
      </span>
      <span data-testid="display-clock" className="text-[1.6rem] font-bold tabular-nums">
        {clock.time(now)}
      </span>
    </span>
  );
}
