'use client';

import '@fontsource-variable/inter/wght.css';
import '@fontsource-variable/noto-sans-sc/wght.css';
import './globals.css';

import { NextIntlClientProvider } from 'next-intl';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { PageProblem } from '@/components/shell/page-problem';
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
const never = () => () => undefined;

/**
 * The root layout itself failed: this replaces the whole document (its own html and body, the
 * app's styles and fonts) and has no message provider above it. Its catalogue is loaded when it
 * is shown: imported here, both catalogues would be in every page's scripts (this component's
 * code is loaded with every page). Until it is in, or if it cannot be loaded, the page shows
 * only a reload button. A server render (no cookie to read) starts in the default language.
 */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const locale = useSyncExternalStore(never, browserLocale, () => DEFAULT_LOCALE);
  const [messages, setMessages] = useState<{ locale: AppLocale; messages: Pick<Messages, 'pageProblem'> } | null>(null);
  useEffect(() => console.error('page failed', error), [error]);
  useEffect(() => {
    let live = true;
    loadMessages(locale).then(
      (all) => live && setMessages({ locale, messages: { pageProblem: all.pageProblem } }),
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
            <PageProblem kind="failed" retry={retry} error={error} />
          </NextIntlClientProvider>
        ) : (
          <button type="button" data-testid="page-problem-reload" className="m-auto rounded border border-slate-400 bg-white px-4 py-2 text-2xl" onClick={() => window.location.reload()}>
            ↻
          </button>
        )}
      </body>
    </html>
  );
}
