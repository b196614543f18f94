'use client';

import { useSearchParams } from 'next/navigation';
import { Suspense, useEffect, type ReactNode } from 'react';
import { DisplayTokenProvider } from '@/lib/client/display-token';
import { AgencyListProvider } from '@/components/incidents/use-agency-directory';
import { displayLocales, displayTheme, isDisplayLang } from '@/lib/client/display-link';
import { SyncProvider } from '@/lib/client/sync-provider';
import type { AppLocale } from '@/lib/i18n/locales';
import type { Messages } from '@/lib/i18n/messages';
import { DisplayGate } from './display-gate';
import { DisplayNoticePage } from './display-notice-page';
import { useHashToken } from './use-hash-token';
import { WallErrorBoundary } from './wall-error-boundary';
import { WallLanguages } from './wall-lang';

interface Props {
  catalogues: Record<AppLocale, Messages>;
  /** The language when the link names none: the browser's (cookie or Accept-Language). */
  fallbackLocale: AppLocale;
  timeZone: string;
  children: ReactNode;
}

/**
 * A wall screen (`/display?lang=…[&theme=light]#t=<token>`): no sign-in, no idle
 * timeout. The token is taken out of the address bar once read and kept in the tab's
 * sessionStorage (useHashToken). Its socket and reads use the display token; when the
 * token is revoked, the tab forgets it and the whole screen becomes the "revoked" page
 * and stays there. `lang=both` shows Chinese with English captions at once.
 */
export function DisplayShell(props: Props) {
  return (
    <Suspense>
      <Shell {...props} />
    </Suspense>
  );
}

function Shell({ catalogues, fallbackLocale, timeZone, children }: Props) {
  const params = useSearchParams();
  const param = params.get('lang');
  const lang = isDisplayLang(param) ? param : fallbackLocale;
  const theme = displayTheme(params.get('theme'));
  const [locale, captionLocale] = displayLocales(lang);
  const [wall, revoke] = useHashToken();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  let body: ReactNode = null;
  if (wall?.kind === 'none') body = <DisplayNoticePage kind="noLink" />;
  else if (wall?.kind === 'revoked') body = <DisplayNoticePage kind="revoked" />;
  else if (wall?.kind === 'token') {
    const { token } = wall;
    body = (
      <DisplayTokenProvider token={token}>
        <AgencyListProvider>
          <SyncProvider displayToken={token} onDisplayRevoked={revoke}>
            <DisplayGate token={token} lang={lang} theme={theme} onRevoked={revoke}>
              {children}
            </DisplayGate>
          </SyncProvider>
        </AgencyListProvider>
      </DisplayTokenProvider>
    );
  }
  return (
    <WallLanguages locale={locale} messages={catalogues[locale]} caption={captionLocale ? catalogues[captionLocale] : null} timeZone={timeZone}>
      <div
        data-testid="display-screen"
        lang={locale}
        data-lang={lang}
        data-locale={locale}
        data-theme={theme}
        className="wall-root relative flex min-h-0 flex-1 flex-col overflow-hidden bg-(--wall-bg) text-(--wall-fg)"
      >
        <WallErrorBoundary>{body}</WallErrorBoundary>
      </div>
    </WallLanguages>
  );
}
