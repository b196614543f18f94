'use client';

import { useLocale, useMessages } from 'next-intl';
import { useEffect, useState } from 'react';
import { useBrowserValue } from '@/lib/client/browser-value';
import { displayLocales, isDisplayLang, type DisplayLang } from '@/lib/client/display-link';
import type { AppLocale } from '@/lib/i18n/locales';
import { loadMessages, type Messages } from '@/lib/i18n/messages';
import { WallLanguages } from './wall-lang';
import { WallNotice } from './wall-notice';

/** The wall's dark ground and text colours, with fallbacks for when app/display/wall.css has not loaded. */
export const WALL_GROUND = 'bg-[var(--wall-bg,#0b1120)] text-[var(--wall-fg,#f8fafc)]';

/** The languages the wall's link asks for (`?lang=`), if it names them. */
function linkLang(): DisplayLang | null {
  const lang = new URLSearchParams(window.location.search).get('lang');
  return isDisplayLang(lang) ? lang : null;
}

/**
 * What an app error page shows on a wall screen (app/error.tsx, app/global-error.tsx): the wall's
 * connecting notice in its dark colours, not a page of buttons nobody is there to press, and in
 * the languages of the wall's link rather than the browser's: `both` shows Chinese with the
 * English caption beneath, as the wall does. A catalogue other than the page's own is loaded;
 * until the screen's language is in, the notice is in the page's own (without a caption). The
 * wall's stylesheet (app/display/wall.css) may not have loaded when the wall's layout itself
 * failed, hence the colours' fallbacks.
 */
export function WallPageFailed() {
  const locale = useLocale() as AppLocale;
  const own = useMessages() as Messages;
  const lang = useBrowserValue(linkLang, null);
  const [main, caption] = lang ? displayLocales(lang) : [];
  const [loaded, setLoaded] = useState<Partial<Record<AppLocale, Messages>>>({});
  useEffect(() => {
    let live = true;
    for (const l of [main, caption]) {
      if (!l || l === locale) continue;
      loadMessages(l).then(
        (messages) => live && setLoaded((was) => ({ ...was, [l]: messages })),
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [main, caption, locale]);
  const messagesOf = (l: AppLocale | undefined) => (l === locale ? own : l ? loaded[l] : undefined);
  const mainMessages = messagesOf(main);
  const notice = (
    <div data-testid="wall-page-failed" lang={mainMessages ? main : undefined} className={`wall-root flex min-h-0 flex-1 flex-col ${WALL_GROUND}`}>
      <WallNotice kind="unavailable" />
    </div>
  );
  if (!main || !mainMessages) return notice;
  return (
    <WallLanguages locale={main} messages={mainMessages} caption={messagesOf(caption) ?? null} timeZone="UTC">
      {notice}
    </WallLanguages>
  );
}
