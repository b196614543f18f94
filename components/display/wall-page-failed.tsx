'use client';

import { NextIntlClientProvider, useLocale } from 'next-intl';
import { useEffect, useState } from 'react';
import { useBrowserValue } from '@/lib/client/browser-value';
import { displayLocales, isDisplayLang } from '@/lib/client/display-link';
import type { AppLocale } from '@/lib/i18n/locales';
import { loadMessages, type Messages } from '@/lib/i18n/messages';
import { WallNotice } from './wall-notice';

/** The language the wall's link asks for (`?lang=`; `both` shows Chinese first), if any. */
function linkLocale(): AppLocale | null {
  const lang = new URLSearchParams(window.location.search).get('lang');
  return isDisplayLang(lang) ? displayLocales(lang)[0] : null;
}

/**
 * What an app error page shows on a wall screen (app/error.tsx, app/global-error.tsx): the wall's
 * connecting notice in its dark colours, not a page of buttons nobody is there to press, and in
 * the language of the wall's link rather than the browser's (its catalogue is loaded when it
 * differs; until then the page's own). The wall's stylesheet (app/display/wall.css) may not have
 * loaded when the wall's layout itself failed, hence the colours' fallbacks.
 */
export function WallPageFailed() {
  const locale = useLocale();
  const wanted = useBrowserValue(linkLocale, null);
  const [other, setOther] = useState<{ locale: AppLocale; messages: Messages } | null>(null);
  useEffect(() => {
    if (!wanted || wanted === locale) return;
    let live = true;
    loadMessages(wanted).then(
      (messages) => live && setOther({ locale: wanted, messages }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [wanted, locale]);
  const notice = (
    <div data-testid="wall-page-failed" className="wall-root flex min-h-0 flex-1 flex-col bg-[var(--wall-bg,#0b1120)] text-[var(--wall-fg,#f8fafc)]">
      <WallNotice kind="unavailable" />
    </div>
  );
  if (!other || other.locale !== wanted || wanted === locale) return notice;
  return (
    <NextIntlClientProvider locale={other.locale} messages={other.messages} timeZone="UTC">
      <div lang={other.locale} className="flex min-h-0 flex-1 flex-col">
        {notice}
      </div>
    </NextIntlClientProvider>
  );
}
