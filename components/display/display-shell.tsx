'use client';

import { NextIntlClientProvider } from 'next-intl';
import { useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { DisplayTokenProvider } from '@/lib/client/display-token';
import { isDisplayLang } from '@/lib/client/display-link';
import { SyncProvider } from '@/lib/client/sync-provider';
import type { AppLocale } from '@/lib/i18n/locales';
import type { Messages } from '@/lib/i18n/messages';
import { DisplayGate } from './display-gate';
import { DisplayNoticePage } from './display-notice-page';
import { useDisplayLocale } from './use-display-locale';
import { useHashToken } from './use-hash-token';

interface Props {
  catalogues: Record<AppLocale, Messages>;
  /** The language when the link names none: the browser's (cookie or Accept-Language). */
  fallbackLocale: AppLocale;
  timeZone: string;
  children: ReactNode;
}

/**
 * A wall screen (`/display?lang=…#t=<token>`): no sign-in, no idle timeout. Its
 * socket and reads use the display token; when the token is revoked, the whole
 * screen becomes the "revoked" page and stays there.
 */
export function DisplayShell(props: Props) {
  return (
    <Suspense>
      <Shell {...props} />
    </Suspense>
  );
}

function Shell({ catalogues, fallbackLocale, timeZone, children }: Props) {
  const param = useSearchParams().get('lang');
  const lang = isDisplayLang(param) ? param : fallbackLocale;
  const locale = useDisplayLocale(lang);
  const token = useHashToken();
  const [revoked, setRevoked] = useState(false);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  let body: ReactNode = null;
  if (token === null) body = <DisplayNoticePage kind="noLink" />;
  else if (revoked) body = <DisplayNoticePage kind="revoked" />;
  else if (token)
    body = (
      <DisplayTokenProvider token={token}>
        <SyncProvider displayToken={token} onDisplayRevoked={() => setRevoked(true)}>
          <DisplayGate token={token} lang={lang} onRevoked={() => setRevoked(true)}>
            {children}
          </DisplayGate>
        </SyncProvider>
      </DisplayTokenProvider>
    );
  return (
    <NextIntlClientProvider locale={locale} messages={catalogues[locale]} timeZone={timeZone}>
      <div data-testid="display-screen" data-lang={lang} data-locale={locale} className="flex min-h-0 flex-1 flex-col">
        {body}
      </div>
    </NextIntlClientProvider>
  );
}
