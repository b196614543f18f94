'use client';

// First: the wall's notice below imports modules that build zod schemas, and this file may be
// evaluated before app/providers.tsx (which sets zod up for our CSP).
import '@/lib/client/zod-config';
import '@fontsource-variable/inter/wght.css';
import '@fontsource-variable/noto-sans-sc/wght.css';
import './globals.css';

import { NextIntlClientProvider } from 'next-intl';
import { useEffect, useState } from 'react';
import { WALL_GROUND, WallPageFailed } from '@/components/display/wall-page-failed';
import { useOnWallScreen, useWallRecovery } from '@/components/display/wall-recovery';
import { PageProblem } from '@/components/shell/page-problem';
import { useBrowserValue } from '@/lib/client/browser-value';
import { DEFAULT_LOCALE, isAppLocale, LOCALE_COOKIE, negotiateLocale, type AppLocale } from '@/lib/i18n/locales';
import { loadMessages, type Messages } from '@/lib/i18n/messages';

/** The language the page was in: the switcher's cookie, else the document's, else the browser's. */
function browserLocale(): AppLocale {
  const cookie = document.cookie
    .split('; ')
    .find((c) => c.startsWith(`${LOCALE_COOKIE}=`))
    ?.slice(LOCALE_COOKIE.length + 1);
  if (isAppLocale(cookie)) return cookie;
  const lang = document.documentElement.lang;
  return isAppLocale(lang) ? lang : negotiateLocale(navigator.languages.join(','));
}

/**
 * The root layout itself failed: this replaces the whole document (its own html and body, the
 * app's styles and fonts) and has no message provider above it. Its catalogue is loaded when it
 * is shown: imported here, both catalogues would be in every page's scripts (this component's
 * code is loaded with every page). Until it is in, or if it cannot be loaded, the page shows
 * only a reload button (on a wall, its dark ground). A server render (no cookie to read) starts
 * in the default language. On a wall screen it shows the wall's notice and tries again by itself
 * (SPEC SYNC3), as app/error.tsx does.
 */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const locale = useBrowserValue(browserLocale, DEFAULT_LOCALE);
  const [messages, setMessages] = useState<{ locale: AppLocale; messages: Pick<Messages, 'pageProblem' | 'display'> } | null>(null);
  const onWall = useOnWallScreen();
  useEffect(() => {
    if (!onWall) console.error('page failed', error);
  }, [onWall, error]);
  useWallRecovery(onWall, error, retry);
  useEffect(() => {
    let live = true;
    loadMessages(locale).then(
      (all) => live && setMessages({ locale, messages: { pageProblem: all.pageProblem, display: all.display } }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [locale]);
  return (
    <html lang={locale}>
      <body className="flex h-dvh flex-col overflow-hidden">
        {messages ? (
          <NextIntlClientProvider locale={messages.locale} messages={messages.messages} timeZone="UTC">
            {onWall ? <WallPageFailed /> : <PageProblem kind="failed" retry={retry} error={error} />}
          </NextIntlClientProvider>
        ) : onWall ? (
          // The wall's dark ground while its words load, not a white flash on the screen.
          <div aria-hidden className={`flex-1 ${WALL_GROUND}`} />
        ) : (
          <button type="button" data-testid="page-problem-reload" className="m-auto rounded border border-slate-400 bg-white px-4 py-2 text-2xl" onClick={() => window.location.reload()}>
            ↻
          </button>
        )}
      </body>
    </html>
  );
}
